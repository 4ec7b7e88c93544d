//! `khabar eval`: scores against gold files.

mod entities;
mod gold;
mod ner;
mod quotes;
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
}

pub fn run(command: Command) -> anyhow::Result<u8> {
    match command {
        Command::Time(args) => time::run(args),
        Command::Ner(args) => ner::run(args),
        Command::Entities(args) => entities::run(args),
        Command::Quotes(args) => quotes::run(args),
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
