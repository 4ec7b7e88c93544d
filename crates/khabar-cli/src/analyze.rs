//! `khabar analyze`: read articles, analyze them, write khabar/1 JSON.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::ValueEnum;
use khabar::{ArticleJson, OutputOptions, Pipeline, Published, RawArticle};
use khabar_io::{InputFormat, JsonlReader, ReadError, TextDefaults};

use crate::exit;

#[derive(clap::Args)]
pub struct Args {
    /// Input files (plain text, JSONL, either gzip-compressed); `-` or none for stdin.
    files: Vec<PathBuf>,
    /// Output format; defaults to pretty `json` on a terminal, `jsonl` otherwise.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// How to read inputs; `auto` goes by extension (.jsonl, .ndjson, .json are JSONL).
    #[arg(long, value_enum, default_value_t = InputChoice::Auto)]
    input_format: InputChoice,
    /// Publication time of plain-text inputs (RFC 3339, `YYYY-MM-DD`, RFC 2822).
    #[arg(long, value_parser = parse_published)]
    published: Option<Published>,
    /// Source of plain-text inputs (e.g. `sana`).
    #[arg(long)]
    source: Option<String>,
    /// Id of a plain-text input (default: the file name without extension).
    #[arg(long)]
    id: Option<String>,
    /// Also write the tokens layer.
    #[arg(long)]
    tokens: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Pretty-printed JSON objects, one after another.
    Json,
    /// One compact JSON object per line.
    Jsonl,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputChoice {
    Auto,
    Text,
    Jsonl,
}

fn parse_published(value: &str) -> Result<Published, String> {
    Published::parse(value).map_err(|e| e.to_string())
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let pipeline = Pipeline::builder().build();
    let format = args.format.unwrap_or(if io::stdout().is_terminal() {
        Format::Json
    } else {
        Format::Jsonl
    });
    let options = OutputOptions {
        tokens: args.tokens,
    };
    let defaults = TextDefaults {
        id: args.id.clone(),
        source: args.source.clone(),
        published: args.published,
    };
    let stdout = io::stdout().lock();
    let mut out = Output {
        writer: BufWriter::new(stdout),
        format,
        options,
    };
    let mut bad_records = 0u64;
    for path in khabar_io::inputs_or_stdin(&args.files) {
        let input = khabar_io::open(&path)
            .with_context(|| format!("cannot open {}", khabar_io::display_name(&path)))?;
        let input_format = match args.input_format {
            InputChoice::Auto => InputFormat::from_path(&path),
            InputChoice::Text => InputFormat::Text,
            InputChoice::Jsonl => InputFormat::Jsonl,
        };
        match input_format {
            InputFormat::Text => match khabar_io::read_text(input, &path, &defaults) {
                Ok(article) => out.write(&pipeline, article)?,
                Err(err) => bad_records += report(&err),
            },
            InputFormat::Jsonl => bad_records += analyze_jsonl(&pipeline, input, &path, &mut out)?,
        }
    }
    out.writer.flush().context("cannot write the output")?;
    Ok(if bad_records > 0 {
        exit::BAD_RECORDS
    } else {
        exit::OK
    })
}

fn analyze_jsonl(
    pipeline: &Pipeline,
    input: impl io::BufRead,
    path: &Path,
    out: &mut Output<impl Write>,
) -> anyhow::Result<u64> {
    let mut bad_records = 0;
    for record in JsonlReader::new(input, path) {
        match record {
            Ok(record) => {
                if let Some(warning) = &record.warning {
                    eprintln!(
                        "khabar: warning: {}: {warning}; published is null",
                        record.location
                    );
                }
                out.write(pipeline, record.article)?;
            }
            Err(err) => bad_records += report(&err),
        }
    }
    Ok(bad_records)
}

fn report(err: &ReadError) -> u64 {
    eprintln!("khabar: error: {err}");
    1
}

struct Output<W: Write> {
    writer: W,
    format: Format,
    options: OutputOptions,
}

impl<W: Write> Output<W> {
    fn write(&mut self, pipeline: &Pipeline, article: RawArticle) -> anyhow::Result<()> {
        let analysis = pipeline.analyze(article);
        let json = ArticleJson::new(&analysis, self.options);
        let written = match self.format {
            Format::Json => serde_json::to_writer_pretty(&mut self.writer, &json),
            Format::Jsonl => serde_json::to_writer(&mut self.writer, &json),
        };
        written.context("cannot write the output")?;
        // Whole records only: a killed process leaves every finished article.
        self.writer
            .write_all(b"\n")
            .and_then(|()| self.writer.flush())
            .context("cannot write the output")?;
        Ok(())
    }
}
