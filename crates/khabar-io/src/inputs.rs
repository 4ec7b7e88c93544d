//! Any input to records: the format from the option, else the extension,
//! else the content; directories and globs to the files they hold.

use std::io::{self, BufRead};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use khabar::{Published, RawArticle};

use crate::feed::{read_feed, FeedItem};
use crate::warc::{WarcPage, WarcReader};
use crate::{
    decode, decompress, display_name, file_id, html, open_raw, read_text, read_whole, InputFormat,
    JsonlFields, JsonlReader, Location, ReadError, ReadErrorKind, Record, TextDefaults, GZIP_MAGIC,
};

/// The records of one input, in order; errors are per record and reading
/// goes on after them unless [`ReadError::is_fatal`].
pub type Records = Box<dyn Iterator<Item = Result<Record, ReadError>>>;

/// How to read inputs.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Overrides the extension and the content.
    pub format: Option<InputFormat>,
    /// Metadata for articles that carry none of their own.
    pub defaults: TextDefaults,
    pub fields: JsonlFields,
}

/// Opens `path` (`-` for standard input) and streams its articles. Bytes
/// read from the file itself are added to `counter`.
pub fn read_records(
    path: &Path,
    options: &ReadOptions,
    counter: Option<Arc<AtomicU64>>,
) -> io::Result<Records> {
    let defaults = &options.defaults;
    let mut raw = open_raw(path, counter)?;
    let format = match options.format.or_else(|| InputFormat::from_path(path)) {
        Some(format) => format,
        None if raw.fill_buf()?.starts_with(GZIP_MAGIC) => {
            // A gzip file: either a WARC.gz (members sniffed in place) or
            // anything else, compressed.
            let mut peek = flate2::bufread::GzDecoder::new(raw.fill_buf()?);
            let mut head = [0u8; 512];
            let n = io::Read::read(&mut peek, &mut head).unwrap_or(0);
            InputFormat::sniff(&head[..n])
        }
        None => {
            let mut input = decompress(raw)?;
            let format = InputFormat::sniff(input.fill_buf()?);
            return Ok(records(format, input, path, options));
        }
    };
    if format == InputFormat::Warc && raw.fill_buf()?.starts_with(GZIP_MAGIC) {
        return Ok(warc_records(WarcReader::new(raw)?, path, defaults));
    }
    Ok(records(format, decompress(raw)?, path, options))
}

fn records(
    format: InputFormat,
    mut input: Box<dyn BufRead>,
    path: &Path,
    options: &ReadOptions,
) -> Records {
    let defaults = &options.defaults;
    let file = display_name(path);
    match format {
        InputFormat::Text => {
            let record = read_text(input, path, defaults).map(|article| Record {
                article,
                location: Location::file(file),
                warning: None,
            });
            Box::new(std::iter::once(record))
        }
        InputFormat::Jsonl => Box::new(JsonlReader::with_fields(
            input,
            path,
            options.fields.clone(),
        )),
        InputFormat::Html => {
            let location = Location::file(file);
            let id = defaults.id.clone().unwrap_or_else(|| file_id(path));
            let record = read_whole(&mut input)
                .and_then(|bytes| {
                    let (text, _) = decode::decode(&bytes, None);
                    page_record(&text, id, None, defaults)
                })
                .map(|(article, warning)| Record {
                    article,
                    location: location.clone(),
                    warning,
                })
                .map_err(|kind| ReadError { location, kind });
            Box::new(std::iter::once(record))
        }
        InputFormat::Feed => feed_records(input, path, defaults),
        InputFormat::Warc => match WarcReader::new(input) {
            Ok(reader) => warc_records(reader, path, defaults),
            Err(e) => Box::new(std::iter::once(Err(ReadError {
                location: Location::file(file),
                kind: e.into(),
            }))),
        },
    }
}

/// An article from a page, or why there is none; a warning for a
/// publication time that cannot be read.
fn page_record(
    html: &str,
    id: String,
    url: Option<String>,
    defaults: &TextDefaults,
) -> Result<(RawArticle, Option<String>), ReadErrorKind> {
    let page = html::extract(html);
    if page.text.is_empty() {
        return Err(ReadErrorKind::NoText);
    }
    let (published, warning) = published(page.published.as_deref(), defaults);
    Ok((
        RawArticle {
            id,
            url: page.url.or(url),
            source: page.source.or_else(|| defaults.source.clone()),
            published,
            title: page.title,
            text: page.text,
        },
        warning,
    ))
}

fn published(value: Option<&str>, defaults: &TextDefaults) -> (Option<Published>, Option<String>) {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => (defaults.published, None),
        Some(value) => match Published::parse(value) {
            Ok(p) => (Some(p), None),
            Err(e) => (defaults.published, Some(e.to_string())),
        },
    }
}

fn warc_records(mut reader: WarcReader, path: &Path, defaults: &TextDefaults) -> Records {
    let file = display_name(path);
    let defaults = defaults.clone();
    Box::new(std::iter::from_fn(move || {
        let location = |offset| Location {
            file: file.clone(),
            line: None,
            offset: Some(offset),
        };
        Some(match reader.next_page()? {
            Ok(page) => warc_page(page, &defaults, location),
            Err(e) => Err(ReadError {
                location: location(e.offset),
                kind: e.kind,
            }),
        })
    }))
}

fn warc_page(
    page: WarcPage,
    defaults: &TextDefaults,
    location: impl Fn(u64) -> Location,
) -> Result<Record, ReadError> {
    let (text, _) = decode::decode(&page.body, page.charset.as_deref());
    let id = page
        .record_id
        .or_else(|| page.target_uri.clone())
        .unwrap_or_else(|| format!("warc-{}", page.offset));
    match page_record(&text, id, page.target_uri, defaults) {
        Ok((article, warning)) => Ok(Record {
            article,
            location: location(page.offset),
            warning,
        }),
        Err(kind) => Err(ReadError {
            location: location(page.offset),
            kind,
        }),
    }
}

fn feed_records(mut input: Box<dyn BufRead>, path: &Path, defaults: &TextDefaults) -> Records {
    let file = display_name(path);
    let bytes = match read_whole(&mut input) {
        Ok(bytes) => bytes,
        Err(kind) => {
            let location = Location::file(file);
            return Box::new(std::iter::once(Err(ReadError { location, kind })));
        }
    };
    let (text, _) = decode::decode(&bytes, None);
    let (items, error) = read_feed(&text);
    let location = move |offset: Option<u64>| Location {
        file: file.clone(),
        line: None,
        offset,
    };
    let mut out: Vec<Result<Record, ReadError>> = Vec::with_capacity(items.len() + 1);
    for (n, item) in items.into_iter().enumerate() {
        out.push(feed_record(item, n, &location, defaults));
    }
    if let Some(error) = error {
        out.push(Err(ReadError {
            location: location(error.offset),
            kind: error.kind,
        }));
    }
    Box::new(out.into_iter())
}

fn feed_record(
    item: FeedItem,
    n: usize,
    location: &impl Fn(Option<u64>) -> Location,
    defaults: &TextDefaults,
) -> Result<Record, ReadError> {
    let location = location(Some(item.offset));
    if item.text.is_empty() {
        return Err(ReadError {
            location,
            kind: ReadErrorKind::NoText,
        });
    }
    let (published, warning) = published(item.published.as_deref(), defaults);
    let id = item
        .id
        .or_else(|| item.url.clone())
        .unwrap_or_else(|| format!("{}#{}", location.file, n + 1));
    Ok(Record {
        article: RawArticle {
            id,
            url: item.url,
            source: item.source.or_else(|| defaults.source.clone()),
            published,
            title: item.title,
            text: item.text,
        },
        location,
        warning,
    })
}

/// The files to read: directories walked (sorted, hidden entries skipped),
/// globs expanded (sorted), `-` kept for standard input. An error names a
/// glob that matches nothing or a directory that cannot be read.
pub fn expand_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files)?;
            continue;
        }
        let text = path.to_string_lossy();
        if path.exists() || path == Path::new("-") || !text.contains(['*', '?', '[']) {
            files.push(path.clone());
            continue;
        }
        let matches = glob::glob(&text).map_err(|e| format!("bad pattern {text:?}: {e}"))?;
        let mut found: Vec<PathBuf> = matches.flatten().collect();
        found.sort();
        if found.is_empty() {
            return Err(format!("no input matches {text:?}"));
        }
        for path in found {
            if path.is_dir() {
                walk(&path, &mut files)?;
            } else {
                files.push(path);
            }
        }
    }
    Ok(files)
}

/// Adds the files under `root`, depth first in name order, without recursion.
fn walk(root: &Path, files: &mut Vec<PathBuf>) -> Result<(), String> {
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| format!("cannot read directory {}: {e}", dir.display()))?;
        let mut entries: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                !p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
            })
            .collect();
        entries.sort();
        let mut subdirs = Vec::new();
        for entry in entries {
            if entry.is_dir() {
                subdirs.push(entry);
            } else {
                files.push(entry);
            }
        }
        // Popped last-first: push in reverse to visit in name order.
        pending.extend(subdirs.into_iter().rev());
    }
    Ok(())
}
