//! Any bytes as a NER model file: refused with an error or loaded, never a
//! panic or an allocation the file does not pay for.
#![no_main]

use khabar::ner::NerModel;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(model) = NerModel::from_bytes(data) {
        // A model that loads writes itself back byte for byte.
        assert_eq!(model.to_bytes(), data);
    }
});
