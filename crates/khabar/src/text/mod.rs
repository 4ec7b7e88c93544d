//! The Arabic text layer: normalization with alignment, tokens with clitic
//! segmentation, sentences.

pub mod normalize;
pub mod sentences;
pub mod tokenize;
