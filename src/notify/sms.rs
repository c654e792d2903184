//! SMS length as carriers bill it: GSM-7 when every character is in the GSM 03.38 alphabet (160 per
//! message, 153 per part; extension characters count twice), else UCS-2 (70, or 67 per part, in
//! UTF-16 units).

/// The GSM 03.38 basic alphabet.
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{1b}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Characters reached through the escape to the extension table (two septets each).
const GSM7_EXTENSION: &str = "^{}\\[~]|€\u{c}";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

/// The encoding `text` needs and how many SMS parts it takes.
pub fn segments(text: &str) -> (Encoding, usize) {
    let gsm_units: Option<usize> = text
        .chars()
        .map(|c| {
            if GSM7_BASIC.contains(c) {
                Some(1)
            } else if GSM7_EXTENSION.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .sum();
    let (encoding, units, single, part) = match gsm_units {
        Some(units) => (Encoding::Gsm7, units, 160, 153),
        None => (Encoding::Ucs2, text.encode_utf16().count(), 70, 67),
    };
    let parts = if units <= single { 1 } else { units.div_ceil(part) };
    (encoding, parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_parts_per_encoding() {
        assert_eq!(segments(&"a".repeat(160)), (Encoding::Gsm7, 1));
        assert_eq!(segments(&"a".repeat(161)), (Encoding::Gsm7, 2));
        assert_eq!(segments(&"€".repeat(80)), (Encoding::Gsm7, 1), "extension characters count twice");
        assert_eq!(segments(&"€".repeat(81)), (Encoding::Gsm7, 2));
        assert_eq!(segments(&"я".repeat(70)), (Encoding::Ucs2, 1));
        assert_eq!(segments(&"я".repeat(71)), (Encoding::Ucs2, 2));
        assert_eq!(segments(&"é".repeat(160)), (Encoding::Gsm7, 1), "é is in the GSM alphabet");
        assert_eq!(segments(&"ł".repeat(10)), (Encoding::Ucs2, 1), "ł is not");
    }
}
