//! Any bytes as a web page: decoded (charset sniffing included) and
//! extracted without a panic; the main text is always part of the page's
//! text, one block per line.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = khabar_io::decode::decode(data, None);
    let page = khabar_io::html::extract(&text);
    assert!(!page.text.contains("\n\n"));
    assert!(page.text.lines().all(|line| line == line.trim() && !line.is_empty()));
    let _ = khabar_io::html::fragment_text(&text);
});
