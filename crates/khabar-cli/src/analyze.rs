//! `khabar analyze`: read articles, analyze them on all cores, write
//! khabar/1 JSON in input order.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::ValueEnum;
use khabar::{ArticleJson, OutputOptions, Pipeline, Published, RawArticle};
use khabar_io::{InputFormat, JsonlFields, ReadError, ReadOptions, TextDefaults};

use crate::exit;

#[derive(clap::Args)]
pub struct Args {
    /// Inputs: files (text, JSONL, HTML, RSS/Atom, WARC; gzip or zstd too),
    /// directories, globs; `-` or none for stdin.
    files: Vec<PathBuf>,
    /// Output format; defaults to pretty `json` on a terminal, `jsonl` otherwise.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Directory of the Parquet tables (`--format parquet`).
    #[cfg(feature = "parquet")]
    #[arg(long, required_if_eq("format", "parquet"))]
    out: Option<PathBuf>,
    /// How to read inputs; `auto` goes by extension, then by content.
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
    /// Read a JSONL field under another name, e.g. `--field text=body`
    /// (fields: id, text, title, url, source, published).
    #[arg(long = "field", value_name = "FIELD=NAME")]
    fields: Vec<String>,
    /// Also write the tokens layer.
    #[arg(long)]
    tokens: bool,
    /// Worker threads (default: all cores). Output keeps the input order.
    #[arg(long)]
    threads: Option<usize>,
    /// Also write each bad record as a JSON line {file, line, error} to this file.
    #[arg(long)]
    errors: Option<PathBuf>,
    /// Also tag names the entity lexicon does not know with this model (`khabar train ner`).
    #[arg(long)]
    ner_model: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Pretty-printed JSON objects, one after another.
    Json,
    /// One compact JSON object per line.
    Jsonl,
    /// Tidy tables (articles, times) in `--out DIR`.
    #[cfg(feature = "parquet")]
    Parquet,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputChoice {
    Auto,
    Text,
    Jsonl,
    Html,
    /// RSS 2.0, RSS 1.0 or Atom.
    Feed,
    Warc,
}

impl InputChoice {
    fn format(self) -> Option<InputFormat> {
        match self {
            InputChoice::Auto => None,
            InputChoice::Text => Some(InputFormat::Text),
            InputChoice::Jsonl => Some(InputFormat::Jsonl),
            InputChoice::Html => Some(InputFormat::Html),
            InputChoice::Feed => Some(InputFormat::Feed),
            InputChoice::Warc => Some(InputFormat::Warc),
        }
    }
}

fn parse_published(value: &str) -> Result<Published, String> {
    Published::parse(value).map_err(|e| e.to_string())
}

/// Articles handed to a worker at once: enough to keep locking rare, few
/// enough to keep the output flowing.
const BATCH: usize = 32;

pub fn run(args: Args) -> anyhow::Result<u8> {
    let format = args.format.unwrap_or(if io::stdout().is_terminal() {
        Format::Json
    } else {
        Format::Jsonl
    });
    let options = OutputOptions {
        tokens: args.tokens,
    };
    let mut reading = ReadOptions {
        format: args.input_format.format(),
        defaults: TextDefaults {
            id: args.id.clone(),
            source: args.source.clone(),
            published: args.published,
        },
        fields: JsonlFields::default(),
    };
    for setting in &args.fields {
        reading.fields.set(setting).map_err(anyhow::Error::msg)?;
    }
    let threads = args
        .threads
        .unwrap_or_else(|| thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let mut errors = match &args.errors {
        Some(path) => {
            Some(File::create(path).with_context(|| format!("cannot create {}", path.display()))?)
        }
        None => None,
    };
    let paths = khabar_io::expand_inputs(&khabar_io::inputs_or_stdin(&args.files))
        .map_err(anyhow::Error::msg)?;
    let progress = Arc::new(Progress::new(&paths));
    let mut builder = Pipeline::builder();
    if let Some(path) = &args.ner_model {
        builder = builder.ner_model(crate::read_ner_model(path)?);
    }
    let sink = match format {
        #[cfg(feature = "parquet")]
        Format::Parquet => {
            let dir = args.out.as_deref().unwrap_or(Path::new("."));
            Sink::Parquet(Box::new(khabar_io::parquet::ParquetWriter::create(dir)?))
        }
        _ => Sink::Stdout,
    };
    let mut engine = Engine::start(
        builder.build(),
        threads,
        format,
        options,
        sink,
        Arc::clone(&progress),
    );
    let mut bad = BadRecords {
        count: 0,
        file: errors.as_mut(),
        progress: &progress,
    };
    for path in &paths {
        let records = khabar_io::read_records(path, &reading, progress.counter())
            .with_context(|| format!("cannot open {}", khabar_io::display_name(path)))?;
        if !submit_all(records, &mut engine, &mut bad)? {
            break;
        }
    }
    let written = engine.finish()?;
    progress.summary(written);
    Ok(if bad.count > 0 {
        exit::BAD_RECORDS
    } else {
        exit::OK
    })
}

/// Submits the records of one input; `false` once the output is gone.
fn submit_all(
    records: khabar_io::Records,
    engine: &mut Engine,
    bad: &mut BadRecords,
) -> anyhow::Result<bool> {
    for record in records {
        match record {
            Ok(record) => {
                if let Some(warning) = &record.warning {
                    eprintln!(
                        "khabar: warning: {}: {warning}; published is null",
                        record.location
                    );
                }
                if !engine.submit(record.article) {
                    return Ok(false);
                }
            }
            Err(err) => bad.report(&err)?,
        }
    }
    Ok(true)
}

/// Bad records: counted, reported on stderr, and kept in `--errors FILE`.
struct BadRecords<'f> {
    count: u64,
    file: Option<&'f mut File>,
    progress: &'f Progress,
}

impl BadRecords<'_> {
    fn report(&mut self, err: &ReadError) -> anyhow::Result<()> {
        eprintln!("khabar: error: {err}");
        self.count += 1;
        self.progress.errors.store(self.count, Ordering::Relaxed);
        if let Some(file) = self.file.as_mut() {
            let line = serde_json::json!({
                "file": err.location.file,
                "line": err.location.line,
                "offset": err.location.offset,
                "error": err.kind.to_string(),
            });
            writeln!(file, "{line}").context("cannot write the errors file")?;
        }
        Ok(())
    }
}

type Batch = (u64, Vec<RawArticle>);
type Output = (u64, Vec<u8>, usize);

/// Workers analyze batches in parallel; one writer puts their output back in
/// input order. At most `4 × threads` batches are in flight, so memory stays
/// bounded whatever the input size.
struct Engine {
    pending: Vec<RawArticle>,
    next_batch: u64,
    work: Option<SyncSender<Batch>>,
    permits: SyncSender<()>,
    workers: Vec<JoinHandle<()>>,
    writer: JoinHandle<anyhow::Result<u64>>,
}

impl Engine {
    fn start(
        pipeline: Pipeline,
        threads: usize,
        format: Format,
        options: OutputOptions,
        sink: Sink,
        progress: Arc<Progress>,
    ) -> Engine {
        let pipeline = Arc::new(pipeline);
        let in_flight = 4 * threads;
        let (work_tx, work_rx) = mpsc::sync_channel::<Batch>(in_flight);
        let (done_tx, done_rx) = mpsc::sync_channel::<Output>(in_flight);
        let (permits_tx, permits_rx) = mpsc::sync_channel::<()>(in_flight);
        let work_rx = Arc::new(Mutex::new(work_rx));
        let workers = (0..threads)
            .map(|_| {
                let (pipeline, work_rx, done_tx) =
                    (Arc::clone(&pipeline), Arc::clone(&work_rx), done_tx.clone());
                thread::spawn(move || {
                    analyze_batches(&pipeline, &work_rx, &done_tx, format, options)
                })
            })
            .collect();
        let writer = thread::spawn(move || write_in_order(&done_rx, &permits_rx, sink, &progress));
        Engine {
            pending: Vec::with_capacity(BATCH),
            next_batch: 0,
            work: Some(work_tx),
            permits: permits_tx,
            workers,
            writer,
        }
    }

    /// Queues one article; `false` when the output has closed.
    fn submit(&mut self, article: RawArticle) -> bool {
        self.pending.push(article);
        self.pending.len() < BATCH || self.dispatch()
    }

    fn dispatch(&mut self) -> bool {
        if self.pending.is_empty() {
            return true;
        }
        let batch = std::mem::replace(&mut self.pending, Vec::with_capacity(BATCH));
        // A permit per batch in flight; the writer returns it once written.
        let sent = self.permits.send(()).is_ok()
            && self
                .work
                .as_ref()
                .is_some_and(|work| work.send((self.next_batch, batch)).is_ok());
        self.next_batch += 1;
        sent
    }

    /// Flushes the last batch, waits for everything to be written, and
    /// returns how many articles were.
    fn finish(mut self) -> anyhow::Result<u64> {
        self.dispatch();
        drop(self.work.take());
        for worker in self.workers {
            worker
                .join()
                .map_err(|_| anyhow::anyhow!("a worker thread panicked"))?;
        }
        self.writer
            .join()
            .map_err(|_| anyhow::anyhow!("the writer thread panicked"))?
    }
}

fn analyze_batches(
    pipeline: &Pipeline,
    work: &Mutex<Receiver<Batch>>,
    done: &SyncSender<Output>,
    format: Format,
    options: OutputOptions,
) {
    loop {
        let next = work
            .lock()
            .map_err(|_| ())
            .and_then(|rx| rx.recv().map_err(|_| ()));
        let Ok((seq, batch)) = next else { return };
        let count = batch.len();
        let mut bytes = Vec::new();
        for article in batch {
            let analysis = pipeline.analyze(article);
            let json = ArticleJson::new(&analysis, options);
            // Serializing into memory cannot fail.
            let _ = match format {
                Format::Json => serde_json::to_writer_pretty(&mut bytes, &json),
                // Parquet rows are read back from compact JSON lines.
                _ => serde_json::to_writer(&mut bytes, &json),
            };
            bytes.push(b'\n');
        }
        if done.send((seq, bytes, count)).is_err() {
            return;
        }
    }
}

/// Where analyses go.
enum Sink {
    Stdout,
    #[cfg(feature = "parquet")]
    Parquet(Box<khabar_io::parquet::ParquetWriter>),
}

impl Sink {
    fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        match self {
            Sink::Stdout => {
                let mut stdout = io::stdout().lock();
                stdout
                    .write_all(bytes)
                    .and_then(|()| stdout.flush())
                    .context("cannot write the output")
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(writer) => {
                for line in bytes.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                    writer.write_json(line)?;
                }
                Ok(())
            }
        }
    }

    fn finish(self) -> anyhow::Result<()> {
        match self {
            Sink::Stdout => Ok(()),
            #[cfg(feature = "parquet")]
            Sink::Parquet(writer) => Ok(writer.finish()?),
        }
    }
}

/// Writes batches in sequence; each batch is flushed whole, so a killed run
/// leaves only complete articles.
fn write_in_order(
    done: &Receiver<Output>,
    permits: &Receiver<()>,
    mut sink: Sink,
    progress: &Progress,
) -> anyhow::Result<u64> {
    let mut waiting = BTreeMap::new();
    let mut next = 0u64;
    let mut written = 0u64;
    for (seq, bytes, count) in done {
        waiting.insert(seq, (bytes, count));
        while let Some((bytes, count)) = waiting.remove(&next) {
            sink.write(&bytes)?;
            written += count as u64;
            next += 1;
            // Free the batch's slot; the reader may be waiting on it.
            let _ = permits.try_recv();
            progress.show(written);
        }
    }
    sink.finish()?;
    Ok(written)
}

/// Progress on a terminal (articles/s, MB/s, ETA, errors) and a summary.
struct Progress {
    on_terminal: bool,
    start: Instant,
    /// Bytes read from the inputs (compressed size for gzip), and their total
    /// when all inputs are files.
    read: Arc<AtomicU64>,
    total: Option<u64>,
    errors: AtomicU64,
    last_shown: Mutex<Instant>,
}

impl Progress {
    fn new(paths: &[PathBuf]) -> Progress {
        let sizes: Option<Vec<u64>> = paths
            .iter()
            .map(|p| {
                if p == Path::new("-") {
                    None
                } else {
                    std::fs::metadata(p).ok().map(|m| m.len())
                }
            })
            .collect();
        Progress {
            on_terminal: io::stderr().is_terminal(),
            start: Instant::now(),
            read: Arc::new(AtomicU64::new(0)),
            total: sizes.map(|s| s.iter().sum()),
            errors: AtomicU64::new(0),
            last_shown: Mutex::new(Instant::now()),
        }
    }

    /// The counter inputs add their bytes to, when progress is shown.
    fn counter(&self) -> Option<Arc<AtomicU64>> {
        self.on_terminal.then(|| Arc::clone(&self.read))
    }

    fn show(&self, written: u64) {
        if !self.on_terminal {
            return;
        }
        let Ok(mut last) = self.last_shown.lock() else {
            return;
        };
        if last.elapsed() < Duration::from_millis(250) {
            return;
        }
        *last = Instant::now();
        let secs = self.start.elapsed().as_secs_f64().max(1e-3);
        let read = self.read.load(Ordering::Relaxed) as f64;
        let eta = self
            .total
            .filter(|_| read > 0.0)
            .map(|total| {
                format!(
                    ", ETA {:.0} s",
                    (total as f64 - read).max(0.0) / (read / secs)
                )
            })
            .unwrap_or_default();
        eprint!(
            "\rkhabar: {written} articles, {:.0} articles/s, {:.1} MB/s read{eta}, {} errors   ",
            written as f64 / secs,
            read / secs / 1e6,
            self.errors.load(Ordering::Relaxed)
        );
    }

    fn summary(&self, written: u64) {
        let secs = self.start.elapsed().as_secs_f64();
        // On a terminal, overwrite the progress line.
        let (clear, pad) = if self.on_terminal {
            ("\r", " ".repeat(20))
        } else {
            ("", String::new())
        };
        eprintln!(
            "{clear}khabar: {written} articles in {secs:.1} s ({:.0} articles/s), {} bad records{pad}",
            written as f64 / secs.max(1e-3),
            self.errors.load(Ordering::Relaxed),
        );
    }
}
