//! Time expressions as a table: surface, type and value against a fixed
//! publication date, in every month-name system.

use khabar::times::TimeType::{self, *};
use khabar::{Pipeline, Published, RawArticle};

fn times(text: &str, published: Option<&str>) -> Vec<(String, TimeType, String)> {
    let article = RawArticle {
        id: "t".into(),
        text: text.into(),
        published: published.map(|p| Published::parse(p).unwrap()),
        ..Default::default()
    };
    let analysis = Pipeline::builder().build().analyze(article);
    analysis
        .times
        .iter()
        .map(|t| {
            (
                t.span.slice(text).unwrap().to_string(),
                t.kind,
                t.value.clone(),
            )
        })
        .collect()
}

/// An expected expression: surface, type, value.
type Expected = (&'static str, TimeType, &'static str);

/// `(sentence, expected expressions)` against Monday 2 December 2024.
const CASES: &[(&str, &[Expected])] = &[
    (
        "وقالت الرئاسة في بيان اليوم إن الاجتماع انتهى.",
        &[("اليوم", Date, "2024-12-02")],
    ),
    (
        "وصل الوفد أمس وسيغادر غداً.",
        &[("أمس", Date, "2024-12-01"), ("غداً", Date, "2024-12-03")],
    ),
    ("وقع الحادث أول أمس.", &[("أول أمس", Date, "2024-11-30")]),
    (
        "الاتفاقيات التي تم التوصل إليها في الـ 23 من تشرين الأول الماضي.",
        &[("الـ 23 من تشرين الأول الماضي", Date, "2024-10-23")],
    ),
    (
        "اقترحنا عقد اجتماع خلال الأسبوع الجاري.",
        &[("الأسبوع الجاري", Date, "2024-W49")],
    ),
    (
        "زار الرئيس باريس في 10 أيار/مايو 2016.",
        &[("10 أيار/مايو 2016", Date, "2016-05-10")],
    ),
    (
        "ويعقد المؤتمر في 5 جانفي 2017 بتونس.",
        &[("5 جانفي 2017", Date, "2017-01-05")],
    ),
    (
        "انطلقت الدورة يوم 25 أفريل 2017.",
        &[("يوم 25 أفريل 2017", Date, "2017-04-25")],
    ),
    (
        "وصدر القرار في ١٠/٨/٢٠١٥ بالإجماع.",
        &[("١٠/٨/٢٠١٥", Date, "2015-08-10")],
    ),
    (
        "صدر بتاريخ 3 / 11 / 1436هـ القرار.",
        &[("3 / 11 / 1436هـ", Date, "2015-08-18")],
    ),
    (
        "في 25 شوال 1436 هـ افتتح المعرض.",
        &[("25 شوال 1436 هـ", Date, "2015-08-10")],
    ),
    (
        "وصل الوفد الثلاثاء الماضي.",
        &[("الثلاثاء الماضي", Date, "2024-11-26")],
    ),
    (
        "يصل الوفد يوم الخميس المقبل.",
        &[("يوم الخميس المقبل", Date, "2024-12-05")],
    ),
    (
        "وقالت الوزارة الأحد إن الهجوم فشل.",
        &[("الأحد", Date, "2024-12-01")],
    ),
    (
        "وقع الانفجار صباح اليوم.",
        &[("صباح اليوم", Time, "2024-12-02TMO")],
    ),
    (
        "اجتمع المجلس مساء أمس.",
        &[("مساء أمس", Time, "2024-12-01TEV")],
    ),
    (
        "يبدأ الحفل الساعة الثالثة عصراً.",
        &[("الساعة الثالثة عصراً", Time, "2024-12-02T15:00")],
    ),
    (
        "انطلقت الرحلة في 14:30 من المطار.",
        &[("14:30", Time, "2024-12-02T14:30")],
    ),
    ("استمرت الحرب ثلاث سنوات.", &[("ثلاث سنوات", Duration, "P3Y")]),
    (
        "أمهل الجيش المسلحين 48 ساعة.",
        &[("48 ساعة", Duration, "PT48H")],
    ),
    (
        "يعيش في المدينة منذ ثلاثة أيام.",
        &[("ثلاثة أيام", Duration, "P3D")],
    ),
    ("وصل قبل أسبوعين.", &[("قبل أسبوعين", Duration, "P2W")]),
    (
        "تأسست الشركة قبل خمسة وتسعين عاما.",
        &[("قبل خمسة وتسعين عاما", Date, "1929")],
    ),
    ("تصدر النشرة يومياً.", &[("يومياً", Set, "P1D")]),
    ("يجتمع المجلس كل أسبوع.", &[("كل أسبوع", Set, "P1W")]),
    (
        "ارتفع الإنتاج عام 2016 ثم تراجع العام الماضي.",
        &[("عام 2016", Date, "2016"), ("العام الماضي", Date, "2023")],
    ),
    (
        "يعمل الفريق حاليا على الخطة التي ستعلن قريبا.",
        &[
            ("حاليا", Date, "PRESENT_REF"),
            ("قريبا", Date, "FUTURE_REF"),
        ],
    ),
    (
        "انتشرت الموسيقى في الخمسينيات من القرن العشرين.",
        &[("الخمسينيات من القرن العشرين", Date, "195")],
    ),
    ("شهد صيف 2017 موجة حر.", &[("صيف 2017", Date, "2017-SU")]),
    ("وقال الطفل البالغ 12 عاما إنه خاف.", &[]),
    ("دعا الربيع العربي إلى التغيير.", &[]),
];

#[test]
fn table_of_time_expressions() {
    for (sentence, expected) in CASES {
        let found = times(sentence, Some("2024-12-02"));
        let expected: Vec<(String, TimeType, String)> = expected
            .iter()
            .map(|(s, k, v)| (s.to_string(), *k, v.to_string()))
            .collect();
        assert_eq!(found, expected, "{sentence}");
    }
}

#[test]
fn relative_expressions_stay_relative_without_a_publication_date() {
    let found = times("وصل الوفد أمس ويغادر الأسبوع المقبل في 5 مايو.", None);
    assert_eq!(
        found,
        [
            ("أمس".to_string(), Date, "PAST_REF".to_string()),
            ("الأسبوع المقبل".to_string(), Date, "FUTURE_REF".to_string()),
            ("5 مايو".to_string(), Date, "XXXX-05-05".to_string()),
        ]
    );
}

#[test]
fn absurd_dates_are_rejected_or_kept_unresolved() {
    for text in [
        "في 32 شباط 2016",
        "في عام 99999",
        "في 1 محرم 0 هـ",
        "في 31/2/2015",
        "في 30 ذو الحجة 99999 هـ",
        "الساعة 99:99",
    ] {
        for (surface, _, value) in times(text, Some("2024-12-02")) {
            assert!(
                !value.contains("99999") && !value.contains("-02-31") && !value.contains("-02-32"),
                "{text}: {surface} = {value}"
            );
        }
    }
}

#[test]
fn the_seed_s_dates() {
    let seed = include_str!("../../../examples/sana-putin-pezeshkian.txt");
    let found = times(seed, Some("2024-12-02"));
    assert_eq!(
        found,
        [
            ("اليوم".to_string(), Date, "2024-12-02".to_string()),
            (
                "الـ 23 من تشرين الأول الماضي".to_string(),
                Date,
                "2024-10-23".to_string()
            ),
            ("الأسبوع الجاري".to_string(), Date, "2024-W49".to_string()),
        ]
    );
}

#[test]
fn spa_dateline_dates_and_time_stamp() {
    let text = "بريدة 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس\nيواصل مهرجان تمور بريدة فعالياته.\n// انتهى //\n20:26 ت م NNNN\n";
    let found = times(text, Some("2015-08-10 20:27:03"));
    assert_eq!(
        found,
        [
            (
                "25 شوال 1436 هـ".to_string(),
                Date,
                "2015-08-10".to_string()
            ),
            (
                "10 اغسطس 2015 م".to_string(),
                Date,
                "2015-08-10".to_string()
            ),
            (
                "20:26 ت م".to_string(),
                Time,
                "2015-08-10T20:26".to_string()
            ),
        ]
    );
}
