//! Boilerplate lines: text that belongs to the page or the wire, not to the
//! story. Each rule reads one normalized line and names a kind.

use serde::Serialize;

/// What a boilerplate span is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BoilerplateKind {
    /// "Follow us on Telegram", app and newsletter promotions, share widgets.
    SocialPromo,
    /// `// انتهى //`, `// يتبع //`.
    EndMarker,
    /// A wire time stamp: `20:26 ت م`.
    Timestamp,
    /// An author line.
    Byline,
    PhotoCredit,
    /// "Read also" and "more" links.
    ReadAlso,
    /// A source credit: `نقلا عن ...`, `فرانس24/ أ ف ب`.
    Credit,
    /// "Articles reflect the views of their authors".
    Disclaimer,
    /// A line of dashes or underscores.
    Separator,
    /// Page navigation left in the text: `Next Previous`.
    Navigation,
    /// A line of topic tags: `سمات افغانستان انتحاري كابول هجوم`.
    Tags,
}

/// Lines longer than this are story text whatever words they contain.
const SHORT_LINE: usize = 240;

/// Imperatives and second-person openings only: `تابع` (he followed up),
/// `انضم` (he joined) and `شاركوا` (they took part) open story sentences.
const PROMO_STARTS: [&str; 11] = [
    "لمتابعة",
    "تابعونا",
    "تابعوا",
    "يمكنكم",
    "للاشتراك",
    "اشتركوا",
    "انضموا",
    "حمل تطبيق",
    "حملوا تطبيق",
    "لتحميل تطبيق",
    "للمزيد من الأخبار",
];
const PROMO_CHANNELS: [&str; 15] = [
    "تلغرام",
    "تليغرام",
    "تلجرام",
    "تويتر",
    "فيسبوك",
    "فيس بوك",
    "إنستغرام",
    "انستغرام",
    "يوتيوب",
    "واتساب",
    "Telegram",
    "t.me/",
    "تطبيق",
    "إشعارات",
    "النشرة البريدية",
];
const READ_ALSO_STARTS: [&str; 12] = [
    "اقرأ أيضا",
    "إقرأ أيضا",
    "اقرأ ايضا",
    "اقرأ المزيد",
    "اقرأ أيضاً",
    "شاهد أيضا",
    "شاهد ايضا",
    "للمزيد:",
    "ذات صلة",
    "مواضيع ذات صلة",
    "...المزيد",
    "اقرأ:",
];
const PHOTO_STARTS: [&str; 9] = [
    "تصوير",
    "(تصوير",
    "الصورة:",
    "الصورة من",
    "مصدر الصورة",
    "صورة أرشيفية",
    "(صورة أرشيفية",
    "صورة:",
    "Getty",
];
const BYLINE_STARTS: [&str; 7] = [
    "بقلم",
    "كتب:",
    "كتبت:",
    "إعداد:",
    "اعداد:",
    "تحرير:",
    "كتب -",
];
const CREDIT_STARTS: [&str; 4] = ["نقلا عن", "نقلاعن", "المصدر:", "المصدر :"];
const TAGS_STARTS: [&str; 4] = ["سمات ", "الوسوم:", "كلمات مفتاحية:", "الكلمات الدلالية:"];
const END_MARKERS: [&str; 4] = ["انتهى", "إنتهى", "يتبع", "انتهى الخبر"];
const WIRE_ZONES: [&str; 5] = ["ت م", "ت غ", "تم", "ت.م", "GMT"];

/// The kind of a whole normalized line that is boilerplate, if it is.
pub fn classify_line(line: &str) -> Option<BoilerplateKind> {
    let line = line.trim();
    if line.is_empty() || line.len() > SHORT_LINE * 2 {
        return None;
    }
    let short = line.len() <= SHORT_LINE;
    let bare = line.trim_start_matches(['*', '-', ' ', '•']);
    let starts = |list: &[&str]| list.iter().any(|p| bare.starts_with(p));
    if is_end_marker(line) {
        Some(BoilerplateKind::EndMarker)
    } else if is_wire_timestamp(line) {
        Some(BoilerplateKind::Timestamp)
    } else if is_separator(line) {
        Some(BoilerplateKind::Separator)
    } else if short && starts(&PROMO_STARTS) && PROMO_CHANNELS.iter().any(|c| line.contains(c)) {
        Some(BoilerplateKind::SocialPromo)
    } else if short && starts(&READ_ALSO_STARTS) {
        Some(BoilerplateKind::ReadAlso)
    } else if line.len() < 120 && starts(&PHOTO_STARTS) {
        Some(BoilerplateKind::PhotoCredit)
    } else if line.len() < 80 && starts(&BYLINE_STARTS) {
        Some(BoilerplateKind::Byline)
    } else if line.len() < 100 && starts(&CREDIT_STARTS) {
        Some(BoilerplateKind::Credit)
    } else if line.len() < 160 && starts(&TAGS_STARTS) && !line.contains('.') {
        Some(BoilerplateKind::Tags)
    } else if short && line.contains("تمثل رأي") {
        Some(BoilerplateKind::Disclaimer)
    } else {
        None
    }
}

/// `// انتهى //`, `//انتهى//`, or the word alone on its line.
fn is_end_marker(line: &str) -> bool {
    let inner = line.trim_matches(|c: char| c == '/' || c.is_whitespace());
    END_MARKERS.contains(&inner)
}

/// A mark closing a line of story text (an end marker, a time stamp, a
/// run of tags after the last sentence): the byte offset where it starts
/// and its kind.
pub fn trailing_mark(line: &str) -> Option<(usize, BoilerplateKind)> {
    let trimmed = line.trim_end();
    // A tag run never ends in a full stop; most story lines do.
    if let Some(stop) = trimmed
        .strip_suffix('.')
        .is_none()
        .then(|| trimmed.rfind(". "))
        .flatten()
    {
        let tail = &trimmed[stop + 2..];
        if classify_line(tail) == Some(BoilerplateKind::Tags) {
            return Some((stop + 2, BoilerplateKind::Tags));
        }
    }
    if let Some(body) = trimmed.strip_suffix("//") {
        let open = body.rfind("//")?;
        return is_end_marker(&trimmed[open..]).then_some((open, BoilerplateKind::EndMarker));
    }
    // A time stamp is the last two to four words: `20:26 ت م [NNNN]`.
    let mut start = trimmed.len();
    for words in 1..=4 {
        start = trimmed[..start]
            .trim_end()
            .rfind(' ')
            .map_or(0, |space| space + 1);
        if words >= 2 && is_wire_timestamp(&trimmed[start..]) {
            return Some((start, BoilerplateKind::Timestamp));
        }
        if start == 0 {
            break;
        }
        start -= 1;
    }
    None
}

/// `20:26 ت م`: a clock time and a wire time-zone mark, then perhaps the
/// teleprinter end-of-message `NNNN`.
fn is_wire_timestamp(line: &str) -> bool {
    let line = line
        .trim_end()
        .strip_suffix("NNNN")
        .unwrap_or(line)
        .trim_end();
    let Some((clock, zone)) = line.split_once(' ') else {
        return false;
    };
    let Some((h, m)) = clock.split_once(':') else {
        return false;
    };
    let digits = |s: &str, range: std::ops::RangeInclusive<usize>| {
        range.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    digits(h, 1..=2) && digits(m, 2..=2) && WIRE_ZONES.contains(&zone.trim())
}

fn is_separator(line: &str) -> bool {
    line.chars().count() >= 3
        && line
            .chars()
            .all(|c| matches!(c, '-' | '_' | '=' | '*' | '•' | '~' | ' '))
}

/// Page widgets some crawls glue before the story text of a line.
pub const LEADING_WIDGETS: [(&str, BoilerplateKind); 2] = [
    ("Next Previous", BoilerplateKind::Navigation),
    (
        "شارك من خلال تويتر فيسبوك جوجل بلس اكتب رأيك",
        BoilerplateKind::SocialPromo,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use BoilerplateKind::*;

    #[test]
    fn table_of_line_kinds() {
        let cases = [
            ("لمتابعة أخبار سانا على تلغرام https://t.me/SyrianArabNewsAgen", Some(SocialPromo)),
            ("// انتهى //", Some(EndMarker)),
            ("//انتهى//", Some(EndMarker)),
            ("// يتبع //", Some(EndMarker)),
            ("20:26 ت م", Some(Timestamp)),
            ("------------------", Some(Separator)),
            ("اقرأ أيضا: الحكومة تعلن", Some(ReadAlso)),
            ("*نقلا عن الرؤية الإماراتية", Some(Credit)),
            ("** جميع المقالات المنشورة تمثل رأي كتابها", Some(Disclaimer)),
            (
                "يمكنكم استلام إشعارات بأهم الموضوعات بعد تنزيل أحدث إصدار من تطبيق بي بي سي عربي على جهازكم.",
                Some(SocialPromo),
            ),
            ("قال الرئيس إن تويتر منصة مهمة.", None),
            ("انضم النجم الفرنسي للساخرين في صورة نشرها على إنستغرام", None),
            ("20:26 قال", None),
            ("سمات افغانستان انتحاري كابول هجوم", Some(Tags)),
            ("سمات الشخصية القيادية كثيرة.", None),
            ("انتهى الاجتماع دون اتفاق.", None),
        ];
        for (line, expected) in cases {
            assert_eq!(classify_line(line), expected, "{line}");
        }
    }

    #[test]
    fn wire_marks_after_story_text() {
        let line = "واختتم الاجتماع. // انتهى //";
        assert_eq!(
            trailing_mark(line),
            Some((line.find("//").unwrap(), EndMarker))
        );
        let line = "// يتبع // 11:02 ت م";
        assert_eq!(
            trailing_mark(line),
            Some((line.find("11").unwrap(), Timestamp))
        );
        assert_eq!(trailing_mark("// يتبع //"), Some((0, EndMarker)));
        assert_eq!(trailing_mark("لا شيء هنا"), None);
        let line = "إن ثمانية قتلوا. سمات افغانستان انتحاري كابول هجوم";
        assert_eq!(
            trailing_mark(line),
            Some((line.find("سمات").unwrap(), Tags))
        );
        assert_eq!(classify_line("11:53 ت م NNNN"), Some(Timestamp));
    }
}
