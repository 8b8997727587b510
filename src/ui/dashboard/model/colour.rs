//! Colours in dashboard documents: `#rrggbb` only, so a colour from an
//! imported file is always safe to put in a `style` attribute, and a
//! default palette for chart series that name none.

/// Whether `s` is a colour as documents write them: `#` and six hex digits
/// (either case).
pub fn is_colour(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7 && b[0] == b'#' && b[1..].iter().all(u8::is_ascii_hexdigit)
}

/// Series colours used in turn when a series names none (readable on a
/// light and a dark background).
pub const PALETTE: [&str; 8] = [
    "#1565c0", "#ef6c00", "#2e7d32", "#c62828", "#6a1b9a", "#00838f", "#ad1457", "#5d4037",
];

/// The colour of the `index`th series: its own, or the palette's.
pub fn series_colour(index: usize, own: Option<&str>) -> &str {
    own.unwrap_or(PALETTE[index % PALETTE.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_six_digit_hex_colours() {
        assert!(is_colour("#2e7d32"));
        assert!(is_colour("#ABCDEF"));
        for bad in [
            "",
            "#",
            "2e7d32",
            "#2e7d3",
            "#2e7d321",
            "#2e7d3g",
            "red",
            "#fff",
            "#2e7d32;x",
            "url(x)",
        ] {
            assert!(!is_colour(bad), "{bad:?}");
        }
        assert!(PALETTE.iter().all(|c| is_colour(c)));
    }

    #[test]
    fn series_fall_back_to_the_palette() {
        assert_eq!(series_colour(0, None), PALETTE[0]);
        assert_eq!(series_colour(9, None), PALETTE[1]);
        assert_eq!(series_colour(0, Some("#000000")), "#000000");
    }
}
