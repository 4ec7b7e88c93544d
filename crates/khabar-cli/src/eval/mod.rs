//! `khabar eval`: scores against gold files.

mod entities;
mod gold;
mod ner;
mod quotes;
mod romanize;
mod time;

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum Command {
    /// Time expressions against TimeML (.tml files or a directory of them)
    /// or the development gold (gold.jsonl, with its articles from --corpus).
    Time(time::Args),
    /// Named entities against CoNLL-style BIO data, with a model from `khabar train ner`.
    Ner(ner::Args),
    /// Entities and their linking against the development gold (entities.jsonl).
    Entities(entities::Args),
    /// Quotations and their speakers against the development gold (gold.jsonl).
    Quotes(quotes::Args),
    /// The romanizer of unknown names against the lexicon's English names,
    /// by k-fold cross-validation.
    Romanize(romanize::Args),
}

pub fn run(command: Command) -> anyhow::Result<u8> {
    match command {
        Command::Time(args) => time::run(args),
        Command::Ner(args) => ner::run(args),
        Command::Entities(args) => entities::run(args),
        Command::Quotes(args) => quotes::run(args),
        Command::Romanize(args) => romanize::run(args),
    }
}

/// `a / b`, or 0 when `b` is 0.
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The harmonic mean of precision and recall.
fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Writes an eval's error listing to `--errors FILE`, when asked for.
fn write_errors(path: Option<&std::path::Path>, errors: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    match path {
        Some(path) => {
            std::fs::write(path, errors).with_context(|| format!("cannot write {}", path.display()))
        }
        None => Ok(()),
    }
}

/// The corpus files given, or else those beside the gold file.
fn corpus_or_default(corpus: &[PathBuf], gold: &std::path::Path) -> Vec<PathBuf> {
    if corpus.is_empty() {
        default_corpus(gold)
    } else {
        corpus.to_vec()
    }
}

/// Corpus files beside a development gold file: `<gold>/../../corpus/*.jsonl.gz`.
fn default_corpus(gold: &std::path::Path) -> Vec<PathBuf> {
    let Some(dir) = gold
        .parent()
        .and_then(|p| p.parent())
        .and_then(|p| p.parent())
    else {
        return Vec::new();
    };
    let corpus = dir.join("corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.to_str()
                .is_some_and(|s| s.ends_with(".jsonl.gz") || s.ends_with(".jsonl"))
        })
        .collect();
    files.sort();
    files
}
