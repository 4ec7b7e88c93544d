//! Bytes of a web page or feed to text: the byte order mark, then the
//! charset the transport declared, then the one the document declares, then
//! UTF-8 if the bytes are valid UTF-8, then a guess (chardetng).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// How far into a document its declared charset is looked for (the HTML
/// standard's prescan reads 1,024 bytes; XML declarations come first).
const PRESCAN_BYTES: usize = 1024;

/// Decodes `bytes`, replacing malformed sequences with U+FFFD. `declared`
/// is a charset from outside the document (an HTTP `Content-Type`).
pub fn decode<'a>(bytes: &'a [u8], declared: Option<&str>) -> (Cow<'a, str>, &'static Encoding) {
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, &bytes[bom..]),
        None => (detect(bytes, declared), bytes),
    };
    let (text, _) = encoding.decode_without_bom_handling(body);
    (text, encoding)
}

fn detect(bytes: &[u8], declared: Option<&str>) -> &'static Encoding {
    if let Some(encoding) = declared.and_then(|label| Encoding::for_label(label.trim().as_bytes()))
    {
        return encoding;
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return encoding;
    }
    if let Some(encoding) = prescan(&bytes[..bytes.len().min(PRESCAN_BYTES)]) {
        // A document that can declare its charset in ASCII is not UTF-16.
        if encoding == UTF_16LE || encoding == UTF_16BE {
            return UTF_8;
        }
        // A page declaring UTF-8 that is not UTF-8 was mislabelled: guess.
        if encoding != UTF_8 || std::str::from_utf8(bytes).is_ok() {
            return encoding;
        }
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// UTF-16 without a byte order mark: ASCII markup leaves every other byte
/// zero.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES) & !1];
    if head.len() < 8 {
        return None;
    }
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let pairs = head.len() / 2;
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 > pairs * 3 && even * 10 < pairs {
        Some(UTF_16LE)
    } else if even * 10 > pairs * 3 && odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The charset a document declares near its start: `<meta charset=...>`,
/// `<meta http-equiv content="...; charset=...">` or `<?xml ... encoding="...">`.
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    for key in [&b"charset"[..], &b"encoding"[..]] {
        let mut from = 0;
        while let Some(at) = find(&lower[from..], key) {
            let mut i = from + at + key.len();
            from = i;
            while lower.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
                i += 1;
            }
            if lower.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while lower
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
            {
                i += 1;
            }
            let end = lower[i..]
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || b"-_:.".contains(b)))
                .map_or(lower.len(), |n| i + n);
            if let Some(encoding) = Encoding::for_label(&lower[i..end]) {
                // The HTML standard reads x-user-defined as windows-1252.
                return Some(if encoding.name() == "x-user-defined" {
                    WINDOWS_1252
                } else {
                    encoding
                });
            }
        }
    }
    None
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "<p>قال الرئيس</p>";

    #[test]
    fn windows_1256_declared_in_a_meta_tag() {
        let page = format!("<html><head><meta charset=\"windows-1256\"></head><body>{ARABIC}");
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
        let (text, encoding) = decode(&bytes, None);
        assert_eq!(encoding.name(), "windows-1256");
        assert!(text.ends_with(ARABIC));
    }

    #[test]
    fn windows_1256_undeclared_is_guessed() {
        let page = format!("<html><body>{ARABIC} في العاصمة السورية دمشق اليوم");
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
        let (text, encoding) = decode(&bytes, None);
        assert_eq!(encoding.name(), "windows-1256");
        assert_eq!(text, page);
    }

    #[test]
    fn utf16_with_and_without_a_byte_order_mark() {
        let page = format!("<html><body>{ARABIC}</body></html>");
        let le: Vec<u8> = page.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = page.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut with_bom = vec![0xff, 0xfe];
        with_bom.extend_from_slice(&le);
        assert_eq!(decode(&with_bom, None).0, page);
        assert_eq!(decode(&le, None).1.name(), "UTF-16LE");
        assert_eq!(decode(&be, None).0, page);
    }

    #[test]
    fn the_transport_charset_wins_over_the_document() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(ARABIC);
        let page = [b"<meta charset=utf-8>".as_slice(), &bytes].concat();
        assert_eq!(decode(&page, Some("cp1256")).1.name(), "windows-1256");
    }
}
