//! Every dateline form the agencies use, as a table.

use khabar::{Pipeline, RawArticle};

/// `(first line, place, agency name, date surface)`.
const CASES: &[(&str, Option<&str>, &str, Option<&str>)] = &[
    ("موسكو-سانا", Some("موسكو"), "SANA", None),
    ("دمشق - سانا", Some("دمشق"), "SANA", None),
    ("رام الله - وفا", Some("رام الله"), "WAFA", None),
    ("الدوحة - قنا", Some("الدوحة"), "QNA", None),
    ("القاهرة - أ ش أ", Some("القاهرة"), "MENA", None),
    ("عمان - بترا", Some("عمان"), "Petra", None),
    ("الكويت - كونا", Some("الكويت"), "KUNA", None),
    ("أبوظبي - وام", Some("أبوظبي"), "WAM", None),
    ("بيروت - رويترز", Some("بيروت"), "Reuters", None),
    (
        "بريدة 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس",
        Some("بريدة"),
        "SPA",
        Some("25 شوال 1436 هـ الموافق 10 اغسطس 2015 م"),
    ),
    (
        "واشنطن، الولايات المتحدة الأمريكية (CNN) -- قال",
        Some("واشنطن، الولايات المتحدة الأمريكية"),
        "CNN",
        None,
    ),
    ("(CNN)-- قال", None, "CNN", None),
    (
        "هراري 15 - 7 ( اف ب ) - قال",
        Some("هراري"),
        "AFP",
        Some("15 - 7"),
    ),
    ("(أ ف ب) - قال", None, "AFP", None),
    ("(د ب أ) - قال", None, "dpa", None),
    ("عين اليوم – كابول", Some("كابول"), "Ain Alyoum", None),
    (
        "سبق ـ أبها: رعى أمير منطقة عسير",
        Some("أبها"),
        "Sabq",
        None,
    ),
    ("عوض الفهمي- سبق- أضم: أعلنت", Some("أضم"), "Sabq", None),
    (
        "الرياض 25 شوال 1436 هـ واس",
        Some("الرياض"),
        "SPA",
        Some("25 شوال 1436 هـ"),
    ),
];

#[test]
fn a_hijri_only_dateline_has_its_gregorian_value() {
    let text = "الرياض 25 شوال 1436 هـ واس\nأكد الوزير أن الاجتماع كان مثمرا.";
    let analysis = Pipeline::builder().build().analyze(RawArticle {
        id: "t".into(),
        text: text.into(),
        ..Default::default()
    });
    let date = analysis.structure.dateline.and_then(|d| d.date).unwrap();
    assert_eq!(date.value.map(|d| d.iso()).as_deref(), Some("2015-08-10"));
}

#[test]
fn table_of_dateline_forms() {
    let pipeline = Pipeline::builder().build();
    for &(line, place, agency, date) in CASES {
        let text = format!("{line}\nأكد الوزير أن الاجتماع كان مثمرا.");
        let analysis = pipeline.analyze(RawArticle {
            id: "t".into(),
            text: text.clone(),
            ..Default::default()
        });
        let dateline = analysis
            .structure
            .dateline
            .clone()
            .unwrap_or_else(|| panic!("no dateline in {line}"));
        let slice = |span: khabar::Span| span.slice(&text).unwrap();
        assert_eq!(dateline.place.map(slice), place, "{line}");
        assert_eq!(
            dateline.agency.as_ref().map(|a| a.name),
            Some(agency),
            "{line}"
        );
        assert_eq!(
            dateline.date.as_ref().map(|d| slice(d.span)),
            date,
            "{line}"
        );
        let first_sentence = analysis.sentences.first().expect("a sentence").span;
        assert!(
            first_sentence.start() >= dateline.span.end(),
            "{line}: the dateline is left in a sentence"
        );
    }
}

#[test]
fn story_sentences_are_not_datelines() {
    let pipeline = Pipeline::builder().build();
    for text in [
        "ذكرت وكالة الأنباء السعودية (واس) أن مجلس الوزراء كلف اللجنة.",
        "دعت منظمة البلدان المصدرة للنفط (أوبك)، الثلاثاء، شركات الإنتاج.",
        "قال الرئيس إن الأناضول منطقة مهمة.",
        "عمر إبراهيم – متابعات",
    ] {
        let analysis = pipeline.analyze(RawArticle {
            id: "t".into(),
            text: text.into(),
            ..Default::default()
        });
        assert!(analysis.structure.dateline.is_none(), "{text}");
    }
}
