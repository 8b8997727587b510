//! UTF-8 validation in less code than `core::str::from_utf8`, for wasm.
//!
//! `core`'s validator reads a word at a time for its ASCII fast path and
//! reports where input went wrong: 642 bytes of wasm, on a path that reads
//! topics and strings of a few dozen bytes. This one decodes each sequence
//! and checks its code point, which accepts the well-formed sequences of
//! RFC 3629 §4 (the Unicode Standard's Table 3-7) that MQTT requires of
//! every UTF-8 Encoded String (MQTT 5.0 §1.5.4, 3.1.1 §1.5.3): no overlong
//! forms, no surrogates (U+D800 to U+DFFF), nothing above U+10FFFF. With it
//! in place of `core`'s, the npm package is 220 bytes gzip smaller
//! (BENCHMARKS.md). Natively, where size matters less than time, `core`'s
//! stays: native 3.1.1 PUBLISH decodes (a 21-byte topic; four cases, two
//! runs each, `cargo bench --bench codec -- publish_decode/v311`) took
//! 93 ns on average with this one and 87 ns with `core`'s, a gap narrower
//! than the runs' spread but not one to take for nothing.

/// `bytes` as a `&str` if they are well-formed UTF-8: by [`small_str_of`]
/// in wasm, by `core::str::from_utf8` elsewhere.
pub(crate) fn str_of(bytes: &[u8]) -> Option<&str> {
    if cfg!(target_arch = "wasm32") {
        small_str_of(bytes)
    } else {
        core::str::from_utf8(bytes).ok()
    }
}

/// `bytes` as a `&str` if they are well-formed UTF-8, checked in little
/// code.
#[allow(unsafe_code)]
fn small_str_of(bytes: &[u8]) -> Option<&str> {
    if !well_formed(bytes) {
        return None;
    }
    // SAFETY: `well_formed` accepts exactly the byte sequences of RFC 3629
    // §4's table, which is what `str` requires; `tests` below checks it
    // against `core::str::from_utf8` for every sequence of one to three
    // bytes and every lead of four.
    Some(unsafe { core::str::from_utf8_unchecked(bytes) })
}

fn well_formed(b: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&lead) = b.get(i) {
        i += 1;
        if lead < 0x80 {
            continue;
        }
        // The continuation bytes that follow, and the least code point
        // that needs them: anything less is an overlong form.
        let (more, least) = match lead {
            0xF0..=0xF7 => (3, 0x1_0000),
            0xE0..=0xEF => (2, 0x800),
            0xC0..=0xDF => (1, 0x80),
            _ => return false,
        };
        let Some(tail) = b.get(i..i + more) else {
            return false;
        };
        let mut code = u32::from(lead & (0x3F >> more));
        for &c in tail {
            if c & 0xC0 != 0x80 {
                return false;
            }
            code = code << 6 | u32::from(c & 0x3F);
        }
        // A lead of 0xF5 to 0xF7 gives a code point past U+10FFFF.
        if code < least || code > 0x10_FFFF || (0xD800..=0xDFFF).contains(&code) {
            return false;
        }
        i += more;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::small_str_of as str_of;

    fn same_as_core(bytes: &[u8]) {
        assert_eq!(
            str_of(bytes),
            core::str::from_utf8(bytes).ok(),
            "bytes {bytes:02x?}"
        );
    }

    #[test]
    fn agrees_with_core_on_every_sequence_of_up_to_three_bytes() {
        same_as_core(&[]);
        for a in 0..=255u8 {
            same_as_core(&[a]);
            for b in 0..=255u8 {
                same_as_core(&[a, b]);
                for c in 0..=255u8 {
                    same_as_core(&[a, b, c]);
                }
            }
        }
    }

    #[test]
    fn agrees_with_core_on_four_byte_sequences() {
        // Every lead and second byte, with the third and fourth bytes
        // drawn from the values where validity changes.
        let edges = [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF];
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                for &c in &edges {
                    for &d in &edges {
                        same_as_core(&[a, b, c, d]);
                        same_as_core(&[b'x', a, b, c, d, b'y']);
                    }
                }
            }
        }
    }

    #[test]
    fn agrees_with_core_on_runs_of_sequences() {
        // Strings of up to 12 bytes drawn from the bytes where validity
        // changes, so that whole and cut sequences follow one another; a
        // fixed xorshift, so a failure repeats.
        let bytes = [
            0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
            0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8, 0xFF,
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut buf = [0u8; 12];
        for _ in 0..300_000 {
            let len = (next() % 13) as usize;
            for b in &mut buf[..len] {
                *b = bytes[(next() % bytes.len() as u64) as usize];
            }
            same_as_core(&buf[..len]);
        }
    }

    #[test]
    fn accepts_text_and_refuses_a_cut_sequence() {
        assert_eq!(str_of("sensors/ä/€/😀".as_bytes()), Some("sensors/ä/€/😀"));
        assert_eq!(str_of(&"😀".as_bytes()[..3]), None);
        assert_eq!(str_of(b"\xED\xA0\x80"), None, "a surrogate");
        assert_eq!(str_of(b"\xF4\x90\x80\x80"), None, "past U+10FFFF");
        assert_eq!(str_of(b"\xC0\xAF"), None, "overlong");
    }
}
