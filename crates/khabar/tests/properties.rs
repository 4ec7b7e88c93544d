//! Invariants over arbitrary text: spans slice, normalization is idempotent,
//! segments concatenate back to their token, layers are ordered.

use khabar::entities::Romanizer;
use khabar::text::normalize::{fold_char, fold_for_search, Normalized};
use khabar::{ArticleJson, OutputOptions, Pipeline, RawArticle};
use proptest::prelude::*;

/// Pieces of real wire copy and the characters that break naive code.
const PIECES: &[&str] = &[
    "موسكو-سانا\n",
    "(CNN)--",
    "دبي، الإمارات (CNN) – ",
    "بريدة 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس\n",
    "// انتهى //",
    "\n20:26 ت م NNNN\n",
    "لمتابعة أخبار سانا على تلغرام https://t.me/x",
    "سبق ـ أبها:",
    "وقال: “نعم. لا”.",
    "«",
    "»",
    "\"",
    "الرئيس",
    "وبسورية",
    "للرئيس",
    "١٤٣٦",
    "3.5",
    "10,000",
    "د.",
    "هـ.",
    "\u{0640}",
    "\u{064E}",
    "\u{0651}",
    "\u{0653}",
    "\u{0654}",
    "\u{200F}",
    "\u{202B}",
    "\u{FEFF}",
    "\u{FEFB}",
    "\u{0301}",
    "e",
    "\u{00A0}",
    "\n",
    " ",
    ".",
    "؟",
    "!",
    "..",
    "#وسم_عربي",
    "#أمير_قطر",
    "حاكم مصرف لبنان",
    " المركزي",
    "أ ف ب",
    "مستشفى الملك فهد",
    "@user",
    "😀",
    "\u{0000}",
    "\r\n",
    "Next Previous ",
    "عين اليوم – كابول\n",
    "ا",
    "ب",
    "ة",
    "ى",
    "ـ",
    "-",
    "(",
    ")",
    ":",
    "۱",
    "نيسان",
    "مطار ",
    "جزيرة ",
    "حي ",
    "الإسباني ",
    "بورنهولم",
    "والله تعالى",
    "محمد صلى",
    "منظمة ",
    "ريال ",
    "رمسيس الثاني",
    "التنظيم الإرهابي",
    "المنظمة الدولية",
    "نادي ",
    "حكومة ",
    "إدارة ",
    "ولاية ",
    "محافظة ",
    "قضاء ",
    "سوسة",
    "الجيزة",
    "الرئيس الأمريكي ",
    "دونالد ترامب",
];

fn text_strategy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<char>().prop_map(|c| c.to_string()),
        ],
        0..60,
    )
    .prop_map(|pieces| pieces.concat())
}

fn analyze(text: &str) -> khabar::Analysis {
    thread_local! {
        static PIPELINE: Pipeline = Pipeline::builder().build();
    }
    PIPELINE.with(|p| {
        p.analyze(RawArticle {
            id: "p".into(),
            text: text.into(),
            ..Default::default()
        })
    })
}

/// The pipeline with a toy NER model that tags the pieces' words as names,
/// so that the rules on the model's names run too.
fn analyze_with_model(text: &str) -> khabar::Analysis {
    use khabar::ner::{read_conll, NerModel, TrainOptions, WordClusters};
    use khabar::text::tokenize::Tokenizer;
    thread_local! {
        static PIPELINE: Pipeline = {
            let train = read_conll(
                "في O\nمطار O\nبورنهولم B-LOC\nقال O\nالله B-PERS\nتعالى I-PERS\n. O\n\n\
                 أبريل O\n( O\nنيسان B-ORG\n) O\nريال B-ORG\nمنظمة B-ORG\nحي O\nرمسيس B-PERS\n\
                 الثاني I-PERS\nالإسباني O\nمحمد B-PERS\nصلى I-PERS\nنادي O\nالرئيس B-PERS\n",
            )
            .unwrap();
            let model = NerModel::train(
                &train,
                &Tokenizer::new(),
                WordClusters::default(),
                &TrainOptions { epochs: 3, runs: 1 },
                |_, _, _, _| {},
            );
            Pipeline::builder().ner_model(model).build()
        };
    }
    PIPELINE.with(|p| {
        p.analyze(RawArticle {
            id: "p".into(),
            text: text.into(),
            ..Default::default()
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn with_a_model_every_span_slices_the_text_and_no_mention_is_empty(text in text_strategy()) {
        let analysis = analyze_with_model(&text);
        let json = serde_json::to_value(ArticleJson::new(&analysis, OutputOptions { tokens: false })).unwrap();
        prop_assert!(khabar::schema::check_spans(&json).is_ok(), "{:?}", khabar::schema::check_spans(&json));
        for entity in &analysis.entities {
            for mention in &entity.mentions {
                prop_assert!(!mention.span.is_empty(), "{} in {:?}", entity.id, text);
            }
        }
    }

    #[test]
    fn every_span_of_every_layer_slices_the_text(text in text_strategy()) {
        let analysis = analyze(&text);
        let json = serde_json::to_value(ArticleJson::new(&analysis, OutputOptions { tokens: true })).unwrap();
        prop_assert!(khabar::schema::check_spans(&json).is_ok(), "{:?}", khabar::schema::check_spans(&json));
    }

    #[test]
    fn every_entity_mention_covers_text(text in text_strategy()) {
        let analysis = analyze(&text);
        for entity in &analysis.entities {
            for mention in &entity.mentions {
                prop_assert!(!mention.span.is_empty(), "{} in {:?}", entity.id, text);
            }
        }
    }

    #[test]
    fn search_folds_map_letter_by_letter_keeping_offsets(text in text_strategy()) {
        let normalized = Normalized::new(&text);
        let folded = fold_for_search(normalized.as_str());
        prop_assert_eq!(folded.len(), normalized.as_str().len());
        let expected: String = normalized.as_str().chars().map(fold_char).collect();
        prop_assert_eq!(folded, expected);
    }

    #[test]
    fn normalization_is_idempotent(text in text_strategy()) {
        let once = Normalized::new(&text);
        let twice = Normalized::new(once.as_str());
        prop_assert_eq!(once.as_str(), twice.as_str());
    }

    #[test]
    fn tokens_are_ordered_and_segments_concatenate(text in text_strategy()) {
        let analysis = analyze(&text);
        let normalized = analysis.normalized.as_str();
        let mut previous_end = 0;
        for token in &analysis.tokens {
            prop_assert!(token.span.start() >= previous_end);
            prop_assert!(!token.span.is_empty());
            previous_end = token.span.end();
            let joined: String = token.segments(normalized).into_iter().map(|(_, s)| s).collect();
            prop_assert_eq!(joined, token.text(normalized));
        }
        let mut previous_end = 0;
        for sentence in &analysis.sentences {
            prop_assert!(sentence.span.start() >= previous_end && !sentence.tokens.is_empty());
            previous_end = sentence.span.end();
        }
    }
}

/// Arabic letters and the words the romanizer treats apart, for names.
const NAME_PIECES: &[&str] = &[
    "ال", "عبد", "الله", "آل", "بن", " ", "ا", "أ", "إ", "آ", "ء", "ئ", "ؤ", "ب", "ت", "ث", "ج",
    "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ك", "ل", "م",
    "ن", "ه", "و", "ي", "ى", "ة", "پ", "گ", "\u{064E}", "\u{0651}", "ـ", "é", "x", "7", "-", "'",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn romanized_names_are_ascii_letters_spaces_hyphens_and_apostrophes(
        pieces in prop::collection::vec(
            prop_oneof![
                6 => prop::sample::select(NAME_PIECES).prop_map(str::to_string),
                1 => any::<char>().prop_map(|c| c.to_string()),
            ],
            0..30,
        )
    ) {
        thread_local! {
            static ROMANIZER: Romanizer = Romanizer::from_lexicon();
        }
        let name = pieces.concat();
        let latin = ROMANIZER.with(|r| r.romanize(&name));
        prop_assert!(
            latin.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '\'')),
            "{name:?} → {latin:?}"
        );
        prop_assert_eq!(latin.trim(), latin.as_str());
    }
}
