//! `khabar train`: train statistical models.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;
use khabar::ner::{read_conll, NerModel, TaggedSentence};
use khabar::text::tokenize::Tokenizer;

#[derive(Subcommand)]
pub enum Command {
    /// Train the named-entity tagger on CoNLL-style BIO data (`token TAG` lines).
    Ner(NerArgs),
}

#[derive(clap::Args)]
pub struct NerArgs {
    /// Training data: `token TAG` per line, blank lines between sentences.
    #[arg(long)]
    train: PathBuf,
    /// Where to write the model.
    #[arg(long)]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 10)]
    epochs: usize,
}

pub fn run(command: Command) -> anyhow::Result<u8> {
    match command {
        Command::Ner(args) => train_ner(args),
    }
}

/// Reads a CoNLL file, naming the file and line of a malformed line.
pub fn read_sentences(path: &Path) -> anyhow::Result<Vec<TaggedSentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    read_conll(&text).map_err(|line| {
        anyhow::anyhow!(
            "{}:{line}: expected `token TAG` with a BIO tag",
            path.display()
        )
    })
}

fn train_ner(args: NerArgs) -> anyhow::Result<u8> {
    let sentences = read_sentences(&args.train)?;
    let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    eprintln!(
        "khabar train ner: {} sentences, {tokens} tokens, {} epochs",
        sentences.len(),
        args.epochs
    );
    let tokenizer = Tokenizer::new();
    let model = NerModel::train(&sentences, &tokenizer, args.epochs, |epoch, accuracy| {
        eprintln!("  epoch {epoch}: training accuracy {accuracy:.4}");
    });
    std::fs::write(&args.out, model.to_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!(
        "khabar train ner: wrote {} (tags {})",
        args.out.display(),
        model.tags().join(" ")
    );
    Ok(crate::exit::OK)
}
