//! Error texts built without `core::fmt`.
//!
//! `write!` and `format!` link the formatting machinery (argument tables,
//! padding, integer formatting per type) and make every `Display` impl a
//! function of its own; in the npm package that was several kilobytes for
//! texts only an error shows. The error types build their texts here
//! instead, by appending pieces to a string. Their `Display` impls write
//! that same text, so Rust callers and the JavaScript API show the same
//! messages, and the browser layers never call `Display`.

use alloc::string::String;

/// An error text being built.
pub(crate) struct Text(String);

impl Text {
    /// Appends `s`.
    pub(crate) fn s(&mut self, s: &str) -> &mut Self {
        self.0.push_str(s);
        self
    }

    /// Appends `n` in decimal, as `{}` does.
    pub(crate) fn n(&mut self, n: u64) -> &mut Self {
        self.digits(n, 10, 1)
    }

    /// Appends `n` as `0x` and at least two lowercase hexadecimal digits,
    /// as `{:#04x}` does.
    pub(crate) fn hex(&mut self, n: u32) -> &mut Self {
        self.s("0x").digits(n.into(), 16, 2)
    }

    /// Appends `n` as `0b` and at least four binary digits, as `{:#06b}`
    /// does.
    pub(crate) fn bin(&mut self, n: u8) -> &mut Self {
        self.s("0b").digits(n.into(), 2, 4)
    }

    /// Appends the text of `d`.
    pub(crate) fn d(&mut self, d: &impl Describe) -> &mut Self {
        d.describe(self);
        self
    }

    fn digits(&mut self, mut n: u64, base: u64, min: usize) -> &mut Self {
        // 64 binary digits is the longest a u64 gets.
        let mut buf = [0u8; 64];
        let mut start = buf.len();
        while n > 0 || buf.len() - start < min {
            start -= 1;
            buf[start] = b"0123456789abcdef"[(n % base) as usize];
            n /= base;
        }
        for &b in &buf[start..] {
            self.0.push(char::from(b));
        }
        self
    }
}

/// The `i`th of the texts in `list`, each ended by `\n`.
///
/// An enum's texts as one string and a `match` on the variant for `i` (or
/// the variant's own number): as a `match` to each text, an enum's names
/// were a table of a pointer and a length per text in the wasm, or for
/// sparse codes a jump table with an arm per text. Not for hot paths: it
/// scans `list` up to the text.
pub(crate) const fn pick(list: &'static str, mut i: usize) -> &'static str {
    let b = list.as_bytes();
    let mut start = 0;
    let mut end = 0;
    while end < b.len() {
        if b[end] == b'\n' {
            if i == 0 {
                break;
            }
            i -= 1;
            start = end + 1;
        }
        end += 1;
    }
    list.split_at(end).0.split_at(start).1
}

/// The text in `list` (see [`pick`]) of the code `code`, whose place in
/// `codes` is its text's place in `list`.
pub(crate) const fn pick_code(list: &'static str, codes: &[u8], code: u8) -> &'static str {
    let mut i = 0;
    while i < codes.len() && codes[i] != code {
        i += 1;
    }
    pick(list, i)
}

/// `n` in decimal, as `n.to_string()` writes it.
#[cfg(any(feature = "js", test))]
pub(crate) fn decimal(n: u64) -> String {
    let mut t = Text(String::new());
    t.n(n);
    t.0
}

/// A value with an error text.
pub(crate) trait Describe {
    /// Appends the text to `t`.
    fn describe(&self, t: &mut Text);

    /// The text on its own.
    fn text(&self) -> String {
        let mut t = Text(String::new());
        self.describe(&mut t);
        t.0
    }
}

/// `Display` for types that implement [`Describe`]: the same text.
macro_rules! display_by_describe {
    ($($t:ty),+ $(,)?) => {
        $(
            impl core::fmt::Display for $t {
                fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                    f.write_str(&$crate::text::Describe::text(self))
                }
            }
        )+
    };
}
pub(crate) use display_by_describe;

#[cfg(test)]
mod tests {
    use super::*;

    struct Num(u64, u32, u8);

    impl Describe for Num {
        fn describe(&self, t: &mut Text) {
            t.n(self.0).s(" ").hex(self.1).s(" ").bin(self.2);
        }
    }

    #[test]
    fn numbers_as_core_fmt_writes_them() {
        for (n, h, b) in [
            (0, 0, 0),
            (7, 0x0f, 0b1),
            (65_535, 0xa1, 0b1010),
            (u64::MAX, 0x1_0000, 0xff),
        ] {
            assert_eq!(Num(n, h, b).text(), alloc::format!("{n} {h:#04x} {b:#06b}"));
            assert_eq!(decimal(n), alloc::format!("{n}"));
        }
    }

    #[test]
    fn picks_each_text() {
        const LIST: &str = "one\n\nthree\n";
        assert_eq!([0, 1, 2].map(|i| pick(LIST, i)), ["one", "", "three"]);
        assert_eq!(pick_code(LIST, &[7, 0, 0x80], 0x80), "three");
    }
}
