//! `khabar bench`: single-core throughput of the text layer and structure
//! over real texts, with a peer measured in the same run.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use khabar::{ArticleJson, OutputOptions, Pipeline, RawArticle};
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
    let texts: Vec<String> = articles.iter().map(|a| a.text.clone()).collect();
    let mut rows = Vec::new();
    let structure_only = Pipeline::builder().times(false).build();
    let (row, counts) = measure(
        "khabar text layer + structure",
        &structure_only,
        articles.clone(),
    );
    rows.push(row);
    // A benchmark that found nothing measured nothing.
    anyhow::ensure!(
        counts.tokens > 0 && counts.sentences > 0,
        "the pipeline produced no tokens"
    );
    eprintln!(
        "khabar: {} tokens, {} sentences, {} datelines",
        counts.tokens, counts.sentences, counts.datelines
    );
    let full = Pipeline::builder().build();
    // Each run gets a fresh copy: the articles as read are scattered among
    // the reader's garbage, a copy is compact, and both runs must be alike.
    let (row, counts) = measure("khabar + times layer", &full, articles.clone());
    anyhow::ensure!(counts.times > 0, "the times layer found nothing");
    eprintln!("khabar: {} time expressions", counts.times);
    let overhead = row.elapsed.as_secs_f64() / rows[0].elapsed.as_secs_f64() - 1.0;
    rows.push(row);
    // What `khabar analyze` does per article: analyze and write khabar/1 JSON.
    let (without, _) = measure_with_output(
        "analyze + JSON, without times",
        &structure_only,
        articles.clone(),
    );
    let (with, _) = measure_with_output("analyze + JSON (khabar analyze)", &full, articles.clone());
    let analyze_overhead = with.elapsed.as_secs_f64() / without.elapsed.as_secs_f64() - 1.0;
    rows.extend([without, with]);
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
    println!(
        "\ntimes layer: +{:.1}% over text layer + structure, +{:.1}% to analyze with JSON output",
        overhead * 100.0,
        analyze_overhead * 100.0
    );
    if let Some(peak) = peak_rss_mb() {
        println!("peak RSS: {peak:.0} MB (texts held in memory included)");
    }
    Ok(crate::exit::OK)
}

#[derive(Default)]
struct Counts {
    tokens: u64,
    sentences: u64,
    datelines: u64,
    times: u64,
}

/// Analyzes every article once on this thread and times it.
fn measure(name: &'static str, pipeline: &Pipeline, articles: Vec<RawArticle>) -> (Row, Counts) {
    run_timed(name, pipeline, articles, false)
}

/// As [`measure`], also serializing each analysis as `khabar analyze` does.
fn measure_with_output(
    name: &'static str,
    pipeline: &Pipeline,
    articles: Vec<RawArticle>,
) -> (Row, Counts) {
    run_timed(name, pipeline, articles, true)
}

fn run_timed(
    name: &'static str,
    pipeline: &Pipeline,
    articles: Vec<RawArticle>,
    output: bool,
) -> (Row, Counts) {
    let mut counts = Counts::default();
    let mut sink = std::io::sink();
    let start = Instant::now();
    for article in articles {
        let analysis = pipeline.analyze(article);
        if output {
            let json = ArticleJson::new(&analysis, OutputOptions::default());
            // Writing to a sink cannot fail.
            let _ = serde_json::to_writer(&mut sink, &json);
        }
        counts.tokens += analysis.tokens.len() as u64;
        counts.sentences += analysis.sentences.len() as u64;
        counts.datelines += u64::from(analysis.structure.dateline.is_some());
        counts.times += analysis.times.len() as u64;
    }
    let row = Row {
        name,
        elapsed: start.elapsed(),
        units: counts.tokens,
        unit: "tokens",
    };
    (row, counts)
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
