//! Any bytes as an RSS or Atom feed: items or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = khabar_io::decode::decode(data, None);
    let (items, error) = khabar_io::feed::read_feed(&text);
    // Reading ends in an error or with at least one item.
    assert!(error.is_some() || !items.is_empty());
    for item in items {
        assert!((item.offset as usize) < text.len());
    }
});
