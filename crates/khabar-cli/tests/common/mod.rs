//! Finding the shared corpora, which are never committed: tests that need
//! them skip with a message when they are absent.

use std::path::PathBuf;

use khabar::RawArticle;
use khabar_io::JsonlReader;

/// `../shared` beside the checkout, or `$KHABAR_SHARED`.
fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("KHABAR_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    dir.join("corpus").is_dir().then_some(dir)
}

/// A corpus file, or `None` (with a note on stderr) when the data is absent.
pub fn corpus(name: &str) -> Option<PathBuf> {
    let Some(dir) = shared_dir() else {
        eprintln!("skipped: ../shared is absent (set KHABAR_SHARED to its path)");
        return None;
    };
    let path = dir.join("corpus").join(name);
    if path.is_file() {
        Some(path)
    } else {
        eprintln!("skipped: {} is absent", path.display());
        None
    }
}

/// Streams the articles of a corpus file, panicking on unreadable records.
pub fn articles(path: &std::path::Path) -> impl Iterator<Item = RawArticle> {
    let input = khabar_io::open(path).expect("open corpus");
    JsonlReader::new(input, path).map(|record| record.expect("a readable record").article)
}
