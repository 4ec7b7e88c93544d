//! khabar: reads Arabic news natively and turns each story into structured
//! facts. This crate is the pure library: core types, the text layer, article
//! structure and the pipeline. It does no I/O and keeps no global state.
//!
//! ```
//! use khabar::{Pipeline, RawArticle};
//!
//! let pipeline = Pipeline::builder().build();
//! let article = RawArticle { id: "a1".into(), text: "موسكو-سانا\nأكد الرئيس.".into(), ..Default::default() };
//! let analysis = pipeline.analyze(article);
//! let dateline = analysis.structure.dateline.unwrap();
//! assert_eq!(dateline.agency.unwrap().name, "SANA");
//! ```

pub mod article;
pub mod calendar;
pub mod entities;
#[cfg(test)]
mod lexicon_checks;
pub mod ner;
pub mod pipeline;
pub mod quotes;
pub mod schema;
pub mod span;
pub mod structure;
pub mod text;
pub mod times;

pub use article::{Published, PublishedError, RawArticle};
pub use pipeline::{Analysis, Pipeline, PipelineBuilder, Sentence};
pub use schema::{ArticleJson, OutputOptions, SCHEMA};
pub use span::{CharIndex, Span, SpanError};
