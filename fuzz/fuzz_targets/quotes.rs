//! Any text through the whole pipeline, quotes layer included: every quote,
//! cue and speaker span slices the text, and quotes come in cue order.
#![no_main]

use std::sync::OnceLock;

use khabar::{Pipeline, RawArticle};
use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::builder().build())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let analysis = pipeline().analyze(RawArticle {
        id: "fuzz".into(),
        text: text.clone(),
        ..Default::default()
    });
    assert!(analysis.quotes.windows(2).all(|w| w[0].cue < w[1].cue));
    for quote in &analysis.quotes {
        assert!(quote.span.slice(&text).is_some_and(|s| !s.is_empty()));
        assert!(quote.cue.slice(&text).is_some_and(|s| !s.is_empty()));
        if let Some(span) = quote.speaker.span {
            assert!(span.slice(&text).is_some_and(|s| !s.is_empty()));
        }
    }
});
