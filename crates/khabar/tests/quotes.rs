//! The quotes layer: the canonical example exactly, and text that must
//! never break it (unbalanced and nested marks, a 1 MB quotation, a cue at
//! the very end), with a property test that every span slices the text.

use khabar::quotes::QuoteKind::{self, Direct, Indirect, Mixed};
use khabar::{Analysis, Pipeline, Published, RawArticle};
use proptest::prelude::*;

const SEED: &str = include_str!("../../../examples/sana-putin-pezeshkian.txt");

fn analyze(text: &str, published: Option<&str>) -> Analysis {
    thread_local! {
        static PIPELINE: Pipeline = Pipeline::builder().build();
    }
    PIPELINE.with(|p| {
        p.analyze(RawArticle {
            id: "q".into(),
            published: published.map(|d| Published::parse(d).unwrap()),
            text: text.into(),
            ..Default::default()
        })
    })
}

/// `(kind, cue, speaker entity, speaker surface, content)` of one quote.
type Row<'a> = (
    QuoteKind,
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
);

fn quotes(analysis: &Analysis) -> Vec<Row<'_>> {
    let text = analysis.article.text.as_str();
    analysis
        .quotes
        .iter()
        .map(|q| {
            (
                q.kind,
                q.cue.slice(text).unwrap(),
                q.speaker.entity.as_deref(),
                q.speaker.span.map(|s| s.slice(text).unwrap()),
                q.span.slice(text).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_seed_attributes_every_statement() {
    let analysis = analyze(SEED, Some("2024-12-02"));
    let expected: Vec<(QuoteKind, &str, &str, Option<&str>, &str)> = vec![
        (
            Direct,
            "وقالت",
            "org:kremlin",
            Some("الرئاسة الروسية"),
            "تم التركيز بشكل رئيسي خلال المحادثة الهاتفية على الوضع المتفاقم في سورية وجرى تقييم العدوان واسع النطاق الذي تقوم به الجماعات الإرهابية على أنه يهدف إلى تقويض سيادة الدولة السورية واستقرارها السياسي والاجتماعي والاقتصادي",
        ),
        (
            Direct,
            "وأضافت",
            "org:kremlin",
            Some("الرئاسة"),
            "تم الإعراب عن الدعم غير المشروط للإجراءات التي تتخذها السلطات الشرعية في سورية لاستعادة النظام والسلامة للبلاد، وتم التأكيد على أهمية تنسيق الجهود ضمن صيغة أستانا بمشاركة تركيا",
        ),
        (
            Indirect,
            "ولفتت",
            "org:kremlin",
            Some("الرئاسة الروسية"),
            "تمت مناقشة القضايا الراهنة المتعلقة بتطوير التعاون الروسي الإيراني في مختلف المجالات بما في ذلك الأخذ بعين الاعتبار الاتفاقيات التي تم التوصل إليها في الـ 23 من تشرين الأول الماضي",
        ),
        (
            Direct,
            "قال",
            "person:vladimir-putin",
            Some("الرئيس بوتين"),
            "نعتقد بأن أصحاب القرار الذين يقفون وراء التطورات الجارية في شمال سورية ليسوا الإرهابيين وإنما مناصروهم والمتضامنون معهم وفي مثل هذا الوضع تؤكد روسيا عزمها للتفاعل والتعاون مع إيران في مساعدة الحكومة الرسمية والقانونية بسورية والتصدي للجماعات الإرهابية",
        ),
        (
            Direct,
            "وأضاف",
            "person:vladimir-putin",
            None,
            "موسكو ستوظف كل القدرات والقنوات الدبلوماسية المتاحة لاحتواء الوضع ومنع انتشار الإرهاب في المنطقة",
        ),
        (
            Direct,
            "موضحاً",
            "person:vladimir-putin",
            None,
            "بالإضافة إلى التشاور مع مجلس الأمن الدولي اقترحنا عقد اجتماع طارئ بصيغة أستانا خلال الأسبوع الجاري لمراجعة التطورات في سورية",
        ),
        (
            Direct,
            "قال",
            "person:masoud-pezeshkian",
            Some("الرئيس الإيراني"),
            "فيما أسهم تفعيل وقف إطلاق النار داخل لبنان في فتح نافذة أمل للسلام بالمنطقة إلا أن تحركات الجماعات الإرهابية في شمال سورية بدعم ومساندة الكيان الصهيوني وضعت المنطقة في حالة تأهب من جديد",
        ),
        (
            Direct,
            "وأضاف",
            "person:masoud-pezeshkian",
            None,
            "عودة الإرهابيين إلى سورية إضافة إلى تهديد أمنها واستقرارها ستعرض أمن المنطقة لخطر جسيم",
        ),
        (
            Direct,
            "مؤكداً",
            "person:masoud-pezeshkian",
            None,
            "أننا نعتقد بأن الأحداث الأخيرة هي جزء من المخطط الخطير لأمريكا والكيان الصهيوني من أجل تعطيل الجغرافيا السياسية في المنطقة لمصلحة الصهاينة والذي سيفشل بالوحدة والتعاون بين الدول الإقليمية",
        ),
        (
            Mixed,
            "وأشاد",
            "person:masoud-pezeshkian",
            Some("بزشكيان"),
            "بدور روسيا القيّم في “الحفاظ على السلام والاستقرار الإقليميين ودعم وحدة الأراضي السورية”",
        ),
        (
            Direct,
            "مؤكداً",
            "person:masoud-pezeshkian",
            None,
            "استعداد بلاده لأي تعاون معها",
        ),
    ];
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(kind, cue, entity, surface, content)| (kind, cue, Some(entity), surface, content))
        .collect();
    assert_eq!(quotes(&analysis), expected);
}

#[test]
fn speakers_from_the_text_when_no_entity_covers_them() {
    let text = "وقال المتحدث باسم الوزارة خالد سعيد إن المحادثات مستمرة.\n\
                وأضاف أن الجولة المقبلة ستعقد الأسبوع المقبل.\n\
                ونقلت وكالة رويترز عن مسؤول رفيع أن الاتفاق قريب.";
    let analysis = analyze(text, None);
    let speakers: Vec<(&str, Option<&str>, &str)> = analysis
        .quotes
        .iter()
        .map(|q| {
            let surface = q.speaker.span.map(|s| s.slice(text).unwrap());
            (
                q.speaker.name.as_str(),
                surface,
                q.span.slice(text).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        speakers,
        [
            (
                "المتحدث باسم الوزارة خالد سعيد",
                Some("المتحدث باسم الوزارة خالد سعيد"),
                "المحادثات مستمرة"
            ),
            (
                "المتحدث باسم الوزارة خالد سعيد",
                None,
                "الجولة المقبلة ستعقد الأسبوع المقبل"
            ),
            ("مسؤول رفيع", Some("مسؤول رفيع"), "الاتفاق قريب"),
        ]
    );
}

/// Asserts the `(speaker name, content)` of each quote of a text.
fn assert_speakers(text: &str, expected: &[(&str, &str)]) {
    let analysis = analyze(text, None);
    let found: Vec<(&str, &str)> = analysis
        .quotes
        .iter()
        .map(|q| (q.speaker.name.as_str(), q.span.slice(text).unwrap()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn names_after_an_adjunct_and_members_of_a_body() {
    let text = "قالت الشرطة إن انتحاريا هاجم الأكاديمية.\n\
                وقال مسؤول بالشرطة إن المهاجم كان يرتدي زي الشرطة.\n\
                وقال نائب السفير الأميركي في الأمم المتحدة جوناثان كوهين إن القرار ضروري.\n\
                وأضاف أن المجلس سيصوت.\n\
                وأكد المستشار من الصنف الأول للسجون رضا زغدود في تصريح أن التحقيق مستمر.\n\
                وقال رئيس الفريق في اللواء الخامس حرس حدود، ملازم أول سلطان شمسان، إن الألغام كثيرة.\n\
                وبحسب بيان لرئاسة أمن الدولة، فإن التصنيف تم بالشراكة مع واشنطن.";
    assert_speakers(
        text,
        &[
            ("الشرطة", "انتحاريا هاجم الأكاديمية"),
            ("مسؤول بالشرطة", "المهاجم كان يرتدي زي الشرطة"),
            ("جوناثان كوهين", "القرار ضروري"),
            ("جوناثان كوهين", "المجلس سيصوت"),
            ("رضا زغدود", "التحقيق مستمر"),
            // Not `حرس حدود`: a comma closes a name only before إن/أن.
            ("رئيس الفريق", "الألغام كثيرة"),
            // The issuer is no known source: the document speaks.
            ("بيان لرئاسة أمن الدولة", "التصنيف تم بالشراكة مع واشنطن"),
        ],
    );
}

#[test]
fn descriptions_and_first_names_refer_back() {
    let text = "وقال جيراردو مارتينو إن ميسي سيعود.\n\
                وتابع مدرب برشلونة السابق أن المنتخب جاهز.\n\
                وأضاف وزير الداخلية أن الأمن مستتب.\n\
                وأضاف العميد القبلي أن الجبهة هادئة.\n\
                حصلت المصورة السعودية نجلاء الخليفة، على الميدالية.\n\
                وأوضحت المصورة نجلاء أن المسابقة كبيرة.";
    assert_speakers(
        text,
        &[
            ("جيراردو مارتينو", "ميسي سيعود"),
            ("جيراردو مارتينو", "المنتخب جاهز"),
            // An office may have a new holder; a rank goes with a last name.
            ("وزير الداخلية", "الأمن مستتب"),
            ("العميد القبلي", "الجبهة هادئة"),
            // A title and a first name: the full name it came with.
            ("نجلاء الخليفة", "المسابقة كبيرة"),
        ],
    );
}

#[test]
fn a_statement_relayed_with_qawluhu_is_its_sources() {
    let text = "وتابع البيان عن وزير الدولة لشؤون التراث مايكل إيليس قوله إن القرار تاريخي.";
    assert_speakers(
        text,
        &[("وزير الدولة لشؤون التراث مايكل إيليس", "القرار تاريخي")],
    );
}

#[test]
fn a_quote_after_its_cue_and_one_before_it() {
    let text = "قال الوزير: «سنواصل العمل».\n\"لن نتراجع\"، قال الوزير.";
    let found: Vec<(QuoteKind, &str)> = analyze(text, None)
        .quotes
        .iter()
        .map(|q| (q.kind, q.span.slice(text).unwrap()))
        .collect();
    assert_eq!(found, [(Direct, "سنواصل العمل"), (Direct, "لن نتراجع")]);
}

#[test]
fn unbalanced_marks_end_with_the_paragraph() {
    let text = "وقال الوزير: \"سنواصل العمل حتى النهاية\nوأكد أن الحكومة \"مستمرة\" في عملها.";
    let found: Vec<(QuoteKind, &str)> = analyze(text, None)
        .quotes
        .iter()
        .map(|q| (q.kind, q.span.slice(text).unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (Direct, "سنواصل العمل حتى النهاية"),
            (Mixed, "الحكومة \"مستمرة\" في عملها")
        ]
    );
}

#[test]
fn nested_marks_stay_inside_the_quote() {
    let text = "وقال الرئيس: «نحن نرفض ما يسمى \"الحل\" المقترح».";
    let found: Vec<&str> = analyze(text, None)
        .quotes
        .iter()
        .map(|q| q.span.slice(text).unwrap())
        .collect();
    assert_eq!(found, ["نحن نرفض ما يسمى \"الحل\" المقترح"]);
}

#[test]
fn a_quote_over_paragraphs() {
    let text = "وقال الوزير: «الأولوية للأمن.\n«والاقتصاد بعده».";
    let found: Vec<&str> = analyze(text, None)
        .quotes
        .iter()
        .map(|q| q.span.slice(text).unwrap())
        .collect();
    assert_eq!(found, ["الأولوية للأمن.\n«والاقتصاد بعده"]);
}

#[test]
fn a_megabyte_quotation_is_one_quote() {
    let words = "كلمة ".repeat(120_000);
    let text = format!("وقال الوزير: \"{words}\".");
    assert!(text.len() > 1_000_000);
    let analysis = analyze(&text, None);
    assert_eq!(analysis.quotes.len(), 1);
    assert_eq!(analysis.quotes[0].span.slice(&text), Some(words.trim_end()));
}

#[test]
fn a_cue_at_the_end_of_the_text() {
    for text in [
        "وقال",
        "وقال الوزير",
        "وقال الوزير إن",
        "وقال:",
        "مؤكدا",
        "بحسب",
        "وقال \"",
        "«",
    ] {
        let analysis = analyze(text, None);
        assert!(analysis.quotes.is_empty(), "{text}: {:?}", analysis.quotes);
    }
}

#[test]
fn the_layer_can_be_switched_off() {
    let pipeline = Pipeline::builder().quotes(false).build();
    let analysis = pipeline.analyze(RawArticle {
        id: "q".into(),
        text: SEED.into(),
        ..Default::default()
    });
    assert!(analysis.quotes.is_empty());
}

/// Cues, complementizers, marks and names in every order.
const PIECES: &[&str] = &[
    "وقال",
    "قالت",
    "وأضاف",
    "مؤكدا",
    "مشيرا إلى",
    "بحسب",
    "وفقا لـ",
    "نقلا عن",
    "في بيان",
    "الرئيس بوتين",
    "الرئاسة الروسية",
    "مصادر أمنية",
    "أن",
    "إن",
    "بأن",
    "إلى أنه",
    ":",
    "\"",
    "“",
    "”",
    "«",
    "»",
    "„",
    "،",
    ".",
    "\n",
    " ",
    "كلمة",
    "الوزير",
    "وأشاد",
    "بـ",
    "الذي",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn every_quote_cue_and_speaker_span_slices_the_text(
        pieces in prop::collection::vec(prop::sample::select(PIECES), 0..80)
    ) {
        let text = pieces.join(" ");
        let analysis = analyze(&text, None);
        for q in &analysis.quotes {
            prop_assert!(q.span.slice(&text).is_some_and(|s| !s.trim().is_empty()), "{q:?}");
            prop_assert!(q.cue.slice(&text).is_some_and(|s| !s.is_empty()), "{q:?}");
            if let Some(span) = q.speaker.span {
                prop_assert!(span.slice(&text).is_some_and(|s| !s.is_empty()), "{q:?}");
            }
        }
        let json = serde_json::to_value(khabar::ArticleJson::new(&analysis, Default::default())).unwrap();
        prop_assert!(khabar::schema::check_spans(&json).is_ok(), "{:?}", khabar::schema::check_spans(&json));
    }
}
