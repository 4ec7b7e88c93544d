//! Invariants every embedded lexicon file keeps, checked by its tests.

use crate::text::normalize::Normalized;

/// Keys are sorted by bytes, unique, and already in normalized spelling
/// (so that lookups over the normalized view can find them).
pub fn assert_sorted_unique_normalized(file: &str, keys: &[&str]) {
    let mut sorted = keys.to_vec();
    sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
    sorted.dedup();
    assert_eq!(keys, sorted, "{file} must be sorted by bytes and unique");
    for key in keys {
        assert_eq!(
            Normalized::new(key).as_str(),
            *key,
            "{file}: {key} is not normalized"
        );
    }
}
