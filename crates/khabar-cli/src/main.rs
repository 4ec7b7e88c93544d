//! The `khabar` command. Glue only: argument parsing, reading, writing.

mod analyze;
mod bench;
mod eval;
mod train;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Reads Arabic news natively and turns each story into structured facts.
#[derive(Parser)]
#[command(name = "khabar", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze articles and write one khabar/1 JSON object per article.
    Analyze(analyze::Args),
    /// Measure single-core throughput over JSONL corpora (with `--features peers`, against charabia), or of WARC reading (`--warc`).
    Bench(bench::Args),
    /// Score khabar against gold files.
    #[command(subcommand)]
    Eval(eval::Command),
    /// Train statistical models.
    #[command(subcommand)]
    Train(train::Command),
}

/// Exit codes, documented in the README.
pub mod exit {
    /// Every input read and analyzed.
    pub const OK: u8 = 0;
    /// Some records were bad (reported on stderr); the others were written.
    pub const BAD_RECORDS: u8 = 1;
    /// Usage error, or an input or output that could not be opened at all.
    pub const FAILURE: u8 = 2;
}

/// Reads a model file of `khabar train ner`, refusing a damaged one or one
/// of another format version with a message naming the file.
pub fn read_ner_model(path: &std::path::Path) -> anyhow::Result<khabar::ner::NerModel> {
    use anyhow::Context;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    khabar::ner::NerModel::from_bytes(&bytes)
        .with_context(|| format!("cannot load {}", path.display()))
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Eval(command) => eval::run(command),
        Command::Train(command) => train::run(command),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // The reader went away (`khabar analyze ... | head`): nothing to report.
        Err(err) if is_broken_pipe(&err) => ExitCode::from(exit::OK),
        Err(err) => {
            eprintln!("khabar: error: {err:#}");
            ExitCode::from(exit::FAILURE)
        }
    }
}
