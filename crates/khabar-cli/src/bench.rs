//! `khabar bench`: single-core throughput of the pipeline over real texts,
//! layer by layer, with a peer measured in the same run.

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
    /// Runs of each configuration, interleaved; the fastest counts.
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Measure reading WARC or WARC.gz files instead (records out, no
    /// extraction): MB/s of the files as stored, on one core.
    #[arg(long)]
    warc: bool,
}

struct Row {
    name: &'static str,
    elapsed: Duration,
    units: u64,
    unit: &'static str,
}

/// One configuration measured: which pipeline, whether each analysis is
/// also written as `khabar analyze` writes it, and whether the corpus is
/// read (decompressed and parsed) inside the timed run.
struct Config {
    name: &'static str,
    pipeline: Pipeline,
    json: bool,
    read: bool,
}

#[derive(Default)]
struct Counts {
    tokens: u64,
    sentences: u64,
    datelines: u64,
    times: u64,
    mentions: u64,
    quotes: u64,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    if args.warc {
        return warc(&args);
    }
    let articles = load(&args)?;
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    eprintln!(
        "khabar bench: {} articles, {:.1} MB of text, one thread, best of {}",
        articles.len(),
        mb(bytes),
        args.repeat
    );
    let config = |name, (times, entities, quotes), json, read| Config {
        name,
        pipeline: Pipeline::builder()
            .times(times)
            .entities(entities)
            .quotes(quotes)
            .build(),
        json,
        read,
    };
    let configs = [
        config(
            "text layer + structure",
            (false, false, false),
            false,
            false,
        ),
        config("+ times layer", (true, false, false), false, false),
        config("+ entities layer", (true, true, false), false, false),
        config(
            "read + text layer, structure, times + JSON out",
            (true, false, false),
            true,
            true,
        ),
        config(
            "+ entities layer (one thread)",
            (true, true, false),
            true,
            true,
        ),
        config("+ quotes layer", (true, true, true), false, false),
        config(
            "+ quotes layer (khabar analyze, one thread)",
            (true, true, true),
            true,
            true,
        ),
    ];
    let mut best = vec![Duration::MAX; configs.len()];
    let mut counts = Vec::new();
    for _ in 0..args.repeat.max(1) {
        counts.clear();
        for (k, config) in configs.iter().enumerate() {
            // Each run gets a fresh copy: the articles as read are scattered
            // among the reader's garbage, a copy is compact, and all runs
            // must start alike.
            let (elapsed, found) = if config.read {
                let start = Instant::now();
                let (_, found) = run_timed(config, load(&args)?);
                (start.elapsed(), found)
            } else {
                run_timed(config, articles.clone())
            };
            best[k] = best[k].min(elapsed);
            counts.push(found);
        }
    }
    // A benchmark that found nothing measured nothing.
    let full = &counts[5];
    anyhow::ensure!(
        full.tokens > 0
            && full.sentences > 0
            && full.times > 0
            && full.mentions > 0
            && full.quotes > 0,
        "the pipeline found nothing"
    );
    eprintln!(
        "khabar: {} tokens, {} sentences, {} datelines, {} time expressions, {} entity mentions, \
         {} quotes",
        full.tokens, full.sentences, full.datelines, full.times, full.mentions, full.quotes
    );
    let mut rows: Vec<Row> = configs
        .iter()
        .zip(&best)
        .map(|(config, &elapsed)| Row {
            name: config.name,
            elapsed,
            units: full.tokens,
            unit: "tokens",
        })
        .collect();
    let texts: Vec<String> = articles.into_iter().map(|a| a.text).collect();
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
    let added = |with: usize, without: usize| {
        100.0 * (best[with].as_secs_f64() / best[without].as_secs_f64() - 1.0)
    };
    let entity_secs = best[2].saturating_sub(best[1]).as_secs_f64();
    println!(
        "\ntimes layer: +{:.1}% over text layer + structure\n\
         entities layer: {:.0} tokens/s on its own; +{:.1}% to analyze (read, analyze, write JSON)\n\
         quotes layer: +{:.1}% to analyze (read, analyze, write JSON), +{:.1}% in memory\n\
         lexicon load (building the entity tagger): {:.0} ms; \
         romanizer's spellings (learned with --ner-model): {:.0} ms",
        added(1, 0),
        full.tokens as f64 / entity_secs.max(1e-9),
        added(4, 3),
        added(6, 4),
        added(5, 2),
        lexicon_load().as_secs_f64() * 1000.0,
        romanizer_load().as_secs_f64() * 1000.0
    );
    if let Some(peak) = peak_rss_mb() {
        println!("peak RSS: {peak:.0} MB (texts held in memory included)");
    }
    Ok(crate::exit::OK)
}

/// The fastest of five builds of the entity tagger: the embedded lexicon
/// parsed into its tables.
fn lexicon_load() -> Duration {
    (0..5)
        .map(|_| {
            let tokenizer = khabar::text::tokenize::Tokenizer::new();
            let start = Instant::now();
            let tagger = khabar::entities::EntityTagger::new(&tokenizer);
            let elapsed = start.elapsed();
            drop(tagger);
            elapsed
        })
        .min()
        .unwrap_or_default()
}

/// The fastest of five learnings of the romanizer's spellings from the
/// embedded lexicon (done when a NER model is given).
fn romanizer_load() -> Duration {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            let romanizer = khabar::entities::Romanizer::from_lexicon();
            let elapsed = start.elapsed();
            drop(romanizer);
            elapsed
        })
        .min()
        .unwrap_or_default()
}

/// Analyzes every article once on this thread and times it.
fn run_timed(config: &Config, articles: Vec<RawArticle>) -> (Duration, Counts) {
    let mut counts = Counts::default();
    let mut sink = std::io::sink();
    let start = Instant::now();
    for article in articles {
        let analysis = config.pipeline.analyze(article);
        if config.json {
            let json = ArticleJson::new(&analysis, OutputOptions::default());
            // Writing to a sink cannot fail.
            let _ = serde_json::to_writer(&mut sink, &json);
        }
        counts.tokens += analysis.tokens.len() as u64;
        counts.sentences += analysis.sentences.len() as u64;
        counts.datelines += u64::from(analysis.structure.dateline.is_some());
        counts.times += analysis.times.len() as u64;
        counts.mentions += analysis
            .entities
            .iter()
            .map(|e| e.mentions.len() as u64)
            .sum::<u64>();
        counts.quotes += analysis.quotes.len() as u64;
    }
    (start.elapsed(), counts)
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

/// Reads WARC files record by record, as `khabar analyze` does before
/// extraction, and reports the speed over the stored (compressed) bytes.
fn warc(args: &Args) -> anyhow::Result<u8> {
    let (mut best, mut best_cpu) = (Duration::MAX, Duration::MAX);
    let (mut pages, mut errors, mut body, mut stored) = (0u64, 0u64, 0u64, 0u64);
    for _ in 0..args.repeat.max(1) {
        (pages, errors, body, stored) = (0, 0, 0, 0);
        let start = Instant::now();
        let cpu_start = thread_cpu_time();
        for path in &args.files {
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot open {}", path.display()))?;
            stored += file.metadata()?.len();
            let mut reader = khabar_io::warc::WarcReader::new(file)?;
            while let Some(record) = reader.next_page() {
                match record {
                    Ok(page) => {
                        pages += 1;
                        body += page.body.len() as u64;
                    }
                    Err(_) => errors += 1,
                }
            }
        }
        best = best.min(start.elapsed());
        if let (Some(from), Some(to)) = (cpu_start, thread_cpu_time()) {
            best_cpu = best_cpu.min(to.saturating_sub(from));
        }
    }
    anyhow::ensure!(pages > 0, "no HTML response records read");
    let secs = best.as_secs_f64();
    // Per second of this thread's CPU time: what one core does, whatever
    // else the machine runs.
    let per_cpu = if best_cpu == Duration::MAX {
        "n/a".to_string()
    } else {
        format!("{:.1}", stored as f64 / 1e6 / best_cpu.as_secs_f64())
    };
    println!("| WARC read (one thread) | records | records/s | MB/s stored | MB stored per CPU second | MB/s of HTML |");
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| {:.1} MB stored, {} bad records | {pages} | {:.0} | {:.1} | {per_cpu} | {:.1} |",
        stored as f64 / 1e6,
        errors,
        pages as f64 / secs,
        stored as f64 / 1e6 / secs,
        body as f64 / 1e6 / secs,
    );
    if let Some(peak) = peak_rss_mb() {
        println!("peak RSS: {peak:.0} MB");
    }
    Ok(crate::exit::OK)
}

/// CPU time of the calling thread, from /proc (Linux only).
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
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
