//! Readers for khabar: plain text files and JSONL corpora, gzip-compressed
//! or not, from files or standard input. Every reader streams: memory stays
//! bounded by the largest single record.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use flate2::read::MultiGzDecoder;
use khabar::{Published, RawArticle};
use serde::Deserialize;

/// The largest record (a JSONL line or a text file) read into memory.
pub const MAX_RECORD_BYTES: usize = 256 * 1024 * 1024;

/// Where a record came from, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    /// 1-based line for JSONL, `None` for a whole text file.
    pub line: Option<u64>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.file, line),
            None => write!(f, "{}", self.file),
        }
    }
}

/// A record that could not be read. Reading goes on with the next record
/// unless the error is fatal (the input itself is unreadable).
#[derive(Debug, thiserror::Error)]
#[error("{location}: {kind}")]
pub struct ReadError {
    pub location: Location,
    pub kind: ReadErrorKind,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadErrorKind {
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
    #[error("invalid UTF-8 at byte {offset} of the record")]
    InvalidUtf8 { offset: usize },
    #[error("invalid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("record has no \"text\" field")]
    MissingText,
    #[error("record of more than {MAX_RECORD_BYTES} bytes")]
    TooLarge,
}

impl ReadError {
    /// Whether reading can go on after this error.
    pub fn is_fatal(&self) -> bool {
        matches!(self.kind, ReadErrorKind::Io(_))
    }
}

/// Input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// One article per input: the whole file is its text.
    Text,
    /// One JSON object per line: `id`, `text`, and optionally `source`,
    /// `url`, `title`, `published`.
    Jsonl,
}

impl InputFormat {
    /// Guesses from a file name: `.jsonl`, `.ndjson`, `.json` (and `.gz`)
    /// are JSONL, anything else is text.
    pub fn from_path(path: &Path) -> InputFormat {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let name = name.strip_suffix(".gz").unwrap_or(name);
        if [".jsonl", ".ndjson", ".json"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            InputFormat::Jsonl
        } else {
            InputFormat::Text
        }
    }
}

/// Metadata for plain-text articles, which carry none of their own.
#[derive(Clone, Debug, Default)]
pub struct TextDefaults {
    pub id: Option<String>,
    pub source: Option<String>,
    pub published: Option<Published>,
}

/// Opens a file, or standard input for `-`, decompressing gzip when the
/// content starts with the gzip magic bytes.
pub fn open(path: &Path) -> io::Result<Box<dyn BufRead>> {
    open_counting(path, None)
}

/// As [`open`], adding the bytes read from the file itself (before
/// decompression) to `counter`, for progress reports.
pub fn open_counting(path: &Path, counter: Option<Arc<AtomicU64>>) -> io::Result<Box<dyn BufRead>> {
    let mut raw: Box<dyn Read> = if path == Path::new("-") {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(path)?)
    };
    if let Some(read) = counter {
        raw = Box::new(CountingReader { inner: raw, read });
    }
    let mut reader = BufReader::with_capacity(1 << 16, raw);
    let is_gzip = reader.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if is_gzip {
        Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(reader),
        ))
    } else {
        Box::new(reader)
    })
}

/// Counts the bytes read through it.
struct CountingReader {
    inner: Box<dyn Read>,
    read: Arc<AtomicU64>,
}

impl Read for CountingReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A display name for a path (`<stdin>` for `-`).
pub fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads one whole plain-text article.
pub fn read_text(
    mut input: impl Read,
    path: &Path,
    defaults: &TextDefaults,
) -> Result<RawArticle, ReadError> {
    let location = Location {
        file: display_name(path),
        line: None,
    };
    let mut bytes = Vec::new();
    let read = input
        .by_ref()
        .take(MAX_RECORD_BYTES as u64 + 1)
        .read_to_end(&mut bytes);
    if let Err(err) = read {
        return Err(ReadError {
            location,
            kind: err.into(),
        });
    }
    if bytes.len() > MAX_RECORD_BYTES {
        return Err(ReadError {
            location,
            kind: ReadErrorKind::TooLarge,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| ReadError {
        location: location.clone(),
        kind: ReadErrorKind::InvalidUtf8 {
            offset: e.utf8_error().valid_up_to(),
        },
    })?;
    let id =
        defaults
            .id
            .clone()
            .unwrap_or_else(|| match path.file_stem().and_then(|s| s.to_str()) {
                Some(stem) if path != Path::new("-") => stem.trim_end_matches(".txt").to_string(),
                _ => "stdin".to_string(),
            });
    Ok(RawArticle {
        id,
        url: None,
        source: defaults.source.clone(),
        published: defaults.published,
        title: None,
        text,
    })
}

#[derive(Deserialize)]
struct JsonRecord {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

/// A JSONL record read, with any warning about fields that were dropped.
#[derive(Debug)]
pub struct JsonlArticle {
    pub article: RawArticle,
    pub location: Location,
    /// A `published` value that could not be read (the article keeps `null`).
    pub warning: Option<String>,
}

/// Streams the articles of a JSONL input, one per non-blank line.
pub struct JsonlReader<R> {
    input: R,
    file: String,
    line: u64,
    buffer: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(input: R, path: &Path) -> JsonlReader<R> {
        JsonlReader {
            input,
            file: display_name(path),
            line: 0,
            buffer: Vec::new(),
            done: false,
        }
    }

    fn location(&self) -> Location {
        Location {
            file: self.file.clone(),
            line: Some(self.line),
        }
    }

    /// Reads one line into the buffer; `Ok(false)` at the end of input.
    /// Lines over [`MAX_RECORD_BYTES`] are skipped to their end and reported.
    fn next_line(&mut self) -> Result<bool, ReadErrorKind> {
        self.buffer.clear();
        let mut too_large = false;
        loop {
            let available = self.input.fill_buf()?;
            if available.is_empty() {
                return if too_large {
                    Err(ReadErrorKind::TooLarge)
                } else {
                    Ok(!self.buffer.is_empty())
                };
            }
            let (chunk, found) = match memchr_newline(available) {
                Some(i) => (&available[..=i], true),
                None => (available, false),
            };
            let used = chunk.len();
            if !too_large {
                if self.buffer.len() + used > MAX_RECORD_BYTES {
                    too_large = true;
                    self.buffer.clear();
                } else {
                    self.buffer.extend_from_slice(chunk);
                }
            }
            self.input.consume(used);
            if found {
                return if too_large {
                    Err(ReadErrorKind::TooLarge)
                } else {
                    Ok(true)
                };
            }
        }
    }

    fn parse(&self) -> Result<JsonlArticle, ReadErrorKind> {
        let line = match std::str::from_utf8(&self.buffer) {
            Ok(line) => line,
            Err(e) => {
                return Err(ReadErrorKind::InvalidUtf8 {
                    offset: e.valid_up_to(),
                })
            }
        };
        let record: JsonRecord = serde_json::from_str(line)?;
        let text = record.text.ok_or(ReadErrorKind::MissingText)?;
        let location = self.location();
        let id = match record.id {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => format!("{}:{}", self.file, self.line),
        };
        let (published, warning) = match record.published.as_deref().map(str::trim) {
            None | Some("") => (None, None),
            Some(value) => match Published::parse(value) {
                Ok(p) => (Some(p), None),
                Err(e) => (None, Some(e.to_string())),
            },
        };
        let non_empty = |s: Option<String>| s.filter(|s| !s.is_empty());
        Ok(JsonlArticle {
            article: RawArticle {
                id,
                url: non_empty(record.url),
                source: non_empty(record.source),
                published,
                title: non_empty(record.title),
                text,
            },
            location,
            warning,
        })
    }
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<JsonlArticle, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.line += 1;
            match self.next_line() {
                Ok(false) => self.done = true,
                Ok(true) if self.buffer.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(true) => {
                    return Some(self.parse().map_err(|kind| ReadError {
                        location: self.location(),
                        kind,
                    }))
                }
                Err(kind) => {
                    if matches!(kind, ReadErrorKind::Io(_)) {
                        self.done = true;
                    }
                    return Some(Err(ReadError {
                        location: self.location(),
                        kind,
                    }));
                }
            }
        }
        None
    }
}

/// The paths to read: the arguments, or standard input when there are none.
pub fn inputs_or_stdin(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        paths.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &str) -> Vec<Result<JsonlArticle, ReadError>> {
        JsonlReader::new(input.as_bytes(), Path::new("t.jsonl")).collect()
    }

    #[test]
    fn reads_the_corpus_format() {
        let input = r#"{"id": "x1", "source": "was", "url": "", "title": "t", "published": "2015-08-10 20:27:03", "text": "نص"}
"#;
        let records = read_all(input);
        let record = records[0].as_ref().unwrap();
        assert_eq!(record.article.id, "x1");
        assert_eq!(record.article.url, None);
        assert_eq!(
            record.article.published.unwrap().to_string(),
            "2015-08-10T20:27:03"
        );
        assert_eq!(record.location.to_string(), "t.jsonl:1");
    }

    #[test]
    fn bad_lines_are_reported_with_their_line_and_reading_goes_on() {
        let input = "{\"id\": 1, \"text\": \"a\"}\n\nnot json\n{\"id\": 2}\n{\"id\": 3, \"text\": \"c\", \"published\": \"soon\"}";
        let records = read_all(input);
        assert_eq!(records.len(), 4);
        assert_eq!(records[0].as_ref().unwrap().article.id, "1");
        let err = records[1].as_ref().unwrap_err();
        assert_eq!(err.location.line, Some(3));
        assert!(
            err.to_string().starts_with("t.jsonl:3: invalid JSON"),
            "{err}"
        );
        assert!(matches!(
            records[2].as_ref().unwrap_err().kind,
            ReadErrorKind::MissingText
        ));
        let last = records[3].as_ref().unwrap();
        assert!(last.article.published.is_none());
        assert!(last.warning.as_deref().unwrap().contains("soon"));
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let bytes: &[u8] = b"{\"text\": \"\xff\"}\n";
        let records: Vec<_> = JsonlReader::new(bytes, Path::new("b.jsonl")).collect();
        let err = records[0].as_ref().unwrap_err();
        assert!(
            matches!(err.kind, ReadErrorKind::InvalidUtf8 { offset: 10 }),
            "{err}"
        );
        let text_err = read_text(
            &b"ab\xffcd"[..],
            Path::new("b.txt"),
            &TextDefaults::default(),
        )
        .unwrap_err();
        assert_eq!(
            text_err.to_string(),
            "b.txt: invalid UTF-8 at byte 2 of the record"
        );
    }

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(
            InputFormat::from_path(Path::new("a.jsonl.gz")),
            InputFormat::Jsonl
        );
        assert_eq!(
            InputFormat::from_path(Path::new("seed.txt")),
            InputFormat::Text
        );
    }
}
