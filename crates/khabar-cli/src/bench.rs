//! `khabar bench`: single-core throughput of the text layer and structure
//! over real texts, with a peer measured in the same run.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use khabar::{Pipeline, RawArticle};
use khabar_io::JsonlReader;

#[derive(clap::Args)]
pub struct Args {
    /// JSONL corpora to read (e.g. ../shared/corpus/ant-multisource.jsonl.gz).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Read at most this many articles.
    #[arg(long)]
    limit: Option<usize>,
}

struct Row {
    name: &'static str,
    elapsed: Duration,
    units: u64,
    unit: &'static str,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let articles = load(&args)?;
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    eprintln!(
        "khabar bench: {} articles, {:.1} MB of text, one thread",
        articles.len(),
        mb(bytes)
    );
    let pipeline = Pipeline::builder().build();

    let mut rows = Vec::new();
    let texts: Vec<String> = articles.iter().map(|a| a.text.clone()).collect();
    let start = Instant::now();
    let (mut tokens, mut sentences, mut datelines) = (0u64, 0u64, 0u64);
    for article in articles {
        let analysis = pipeline.analyze(article);
        tokens += analysis.tokens.len() as u64;
        sentences += analysis.sentences.len() as u64;
        datelines += analysis.structure.dateline.is_some() as u64;
    }
    rows.push(Row {
        name: "khabar text layer + structure",
        elapsed: start.elapsed(),
        units: tokens,
        unit: "tokens",
    });
    // A benchmark that found nothing measured nothing.
    anyhow::ensure!(
        tokens > 0 && sentences > 0,
        "the pipeline produced no tokens"
    );
    eprintln!("khabar: {tokens} tokens, {sentences} sentences, {datelines} datelines");
    peers::measure(&texts, &mut rows);

    println!("| what (one core) | articles/s | MB/s | units/s |");
    println!("|---|---:|---:|---:|");
    for row in &rows {
        let secs = row.elapsed.as_secs_f64();
        println!(
            "| {} | {:.0} | {:.1} | {:.0} {}/s |",
            row.name,
            texts.len() as f64 / secs,
            mb(bytes) / secs,
            row.units as f64 / secs,
            row.unit
        );
    }
    if let Some(peak) = peak_rss_mb() {
        println!("\npeak RSS: {peak:.0} MB (texts held in memory included)");
    }
    Ok(crate::exit::OK)
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn load(args: &Args) -> anyhow::Result<Vec<RawArticle>> {
    let limit = args.limit.unwrap_or(usize::MAX);
    let mut articles = Vec::new();
    for path in &args.files {
        let input =
            khabar_io::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        for record in JsonlReader::new(input, path) {
            if articles.len() >= limit {
                return Ok(articles);
            }
            articles.push(record?.article);
        }
    }
    Ok(articles)
}

/// Peak resident memory of this process, from /proc (Linux only).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(feature = "peers")]
mod peers {
    use super::Row;
    use charabia::Tokenize;
    use std::time::Instant;

    /// charabia (Meilisearch's tokenizer): its Arabic normalization and
    /// segmentation over the same texts.
    pub fn measure(texts: &[String], rows: &mut Vec<Row>) {
        let start = Instant::now();
        let mut tokens = 0u64;
        for text in texts {
            tokens += text.as_str().tokenize().filter(|t| t.is_word()).count() as u64;
        }
        rows.push(Row {
            name: "charabia 0.10 tokenize (peer)",
            elapsed: start.elapsed(),
            units: tokens,
            unit: "words",
        });
    }
}

#[cfg(not(feature = "peers"))]
mod peers {
    use super::Row;

    pub fn measure(_texts: &[String], _rows: &mut Vec<Row>) {
        eprintln!("khabar bench: built without the `peers` feature; no peer measured");
    }
}
