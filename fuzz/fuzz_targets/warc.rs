//! Any bytes as a WARC or WARC.gz file: pages or errors at offsets inside
//! the file, and reading always ends.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(mut reader) = khabar_io::warc::WarcReader::new(std::io::Cursor::new(data.to_vec())) else {
        return;
    };
    // Each result consumes input, so there are never more than bytes.
    let mut results = 0;
    while let Some(result) = reader.next_page() {
        results += 1;
        assert!(results <= data.len() + 1, "reading does not advance");
        let offset = match result {
            Ok(page) => page.offset,
            Err(error) => error.offset,
        };
        assert!(offset <= data.len() as u64);
    }
});
