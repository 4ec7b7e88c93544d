//! Any text through the entity matcher, with any date for the office
//! holders: every mention slices the text, mentions are in order, and every
//! entity has one.
#![no_main]

use std::sync::OnceLock;

use khabar::calendar::Date;
use khabar::entities::EntityTagger;
use khabar::text::normalize::{fold_for_search, Normalized};
use khabar::text::tokenize::Tokenizer;
use libfuzzer_sys::fuzz_target;

fn tools() -> &'static (Tokenizer, EntityTagger) {
    static TOOLS: OnceLock<(Tokenizer, EntityTagger)> = OnceLock::new();
    TOOLS.get_or_init(|| {
        let tokenizer = Tokenizer::new();
        let tagger = EntityTagger::new(&tokenizer);
        (tokenizer, tagger)
    })
}

fuzz_target!(|data: &[u8]| {
    let (tokenizer, tagger) = tools();
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
    for entity in tagger.tag(&normalized, &folded, &runs, date) {
        assert!(!entity.mentions.is_empty(), "{} has no mention", entity.id);
        assert!(entity.mentions.windows(2).all(|w| w[0].span < w[1].span));
        for mention in &entity.mentions {
            assert!(mention.span.slice(&text).is_some_and(|s| !s.is_empty()));
        }
    }
});
