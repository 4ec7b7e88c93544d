//! Any text through the entity matcher, with any date for the office
//! holders, without and with a (toy) NER model: every mention slices the
//! text, mentions are in order, and every entity has one.
#![no_main]

use std::sync::OnceLock;

use khabar::calendar::Date;
use khabar::entities::EntityTagger;
use khabar::ner::{read_conll, NerModel, TrainOptions, WordClusters};
use khabar::text::normalize::{fold_for_search, Normalized};
use khabar::text::tokenize::Tokenizer;
use libfuzzer_sys::fuzz_target;

/// Names of the kinds the layer's rules on a model's names look at:
/// places after place nouns and nisbas, set phrases, months, generic heads.
const TOY_TRAINING: &str =
    "في O\nمطار O\nبورنهولم B-LOC\nقال O\nالله B-PERS\nتعالى I-PERS\n. O\n\n\
    أبريل O\n( O\nنيسان B-ORG\n) O\nريال B-ORG\nمنظمة B-ORG\nحي O\nرمسيس B-PERS\n\
    الثاني I-PERS\nالإسباني O\nبدرو B-PERS\nرودريغيز I-PERS\nنادي O\nجنوى B-ORG\n";

fn tools() -> &'static (Tokenizer, [EntityTagger; 2]) {
    static TOOLS: OnceLock<(Tokenizer, [EntityTagger; 2])> = OnceLock::new();
    TOOLS.get_or_init(|| {
        let tokenizer = Tokenizer::new();
        let train = read_conll(TOY_TRAINING).expect("toy training data");
        let options = TrainOptions { epochs: 3, runs: 1 };
        let model = NerModel::train(
            &train,
            &tokenizer,
            WordClusters::default(),
            &options,
            |_, _, _, _| {},
        );
        let taggers = [
            EntityTagger::new(&tokenizer),
            EntityTagger::new(&tokenizer).with_model(model),
        ];
        (tokenizer, taggers)
    })
}

fuzz_target!(|data: &[u8]| {
    let (tokenizer, taggers) = tools();
    let (date, text) = match data {
        [y, m, d, rest @ ..] => (Date::new(1990 + i32::from(*y % 50), *m % 13, *d % 32), rest),
        _ => (None, data),
    };
    let text = String::from_utf8_lossy(text);
    let normalized = Normalized::new(&text);
    let tokens = tokenizer.tokenize(&normalized);
    // Lines as runs, as sentences are in the pipeline.
    let runs: Vec<&[khabar::text::tokenize::Token]> = tokens
        .chunk_by(|a, b| !text[a.span.end()..b.span.start()].contains('\n'))
        .collect();
    let folded = fold_for_search(normalized.as_str());
    for entity in taggers
        .iter()
        .flat_map(|t| t.tag(&normalized, &folded, &runs, date))
    {
        assert!(!entity.mentions.is_empty(), "{} has no mention", entity.id);
        assert!(entity.mentions.windows(2).all(|w| w[0].span < w[1].span));
        for mention in &entity.mentions {
            assert!(mention.span.slice(&text).is_some_and(|s| !s.is_empty()));
        }
    }
});
