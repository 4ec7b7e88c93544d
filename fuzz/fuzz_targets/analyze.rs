//! Any bytes through what `khabar analyze` does: read as a text file and as
//! JSONL, analyze, serialize, and check every span against the text.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use khabar::{ArticleJson, OutputOptions, Pipeline, RawArticle};
use khabar_io::{JsonlReader, TextDefaults};
use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::builder().build())
}

fn check(article: RawArticle) {
    let analysis = pipeline().analyze(article);
    let json = serde_json::to_value(ArticleJson::new(&analysis, OutputOptions { tokens: true })).unwrap();
    if let Err(e) = khabar::schema::check_spans(&json) {
        panic!("bad span: {e}");
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(article) = khabar_io::read_text(data, Path::new("fuzz.txt"), &TextDefaults::default()) {
        check(article);
    }
    for record in JsonlReader::new(data, Path::new("fuzz.jsonl")).flatten() {
        check(record.article);
    }
});
