//! Readers for khabar: plain text, JSONL corpora, HTML pages, RSS and Atom
//! feeds, WARC archives; gzip- or zstd-compressed or not; from files,
//! directories, globs or standard input. Every reader streams: memory stays
//! bounded by the largest single record (a JSONL line, a page, a feed, a
//! WARC record). Each yields [`Record`]s, articles with where they came from.

pub mod decode;
pub mod feed;
pub mod html;
mod inputs;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod warc;

pub use inputs::{expand_inputs, read_records, ReadOptions, Records};

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use encoding_rs::Encoding;
use flate2::read::MultiGzDecoder;
use khabar::{Published, RawArticle};
use serde::Deserialize;

/// The largest record (a JSONL line or a text file) read into memory.
pub const MAX_RECORD_BYTES: usize = 256 * 1024 * 1024;

/// Where a record came from, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    /// 1-based line for JSONL, `None` for a whole file.
    pub line: Option<u64>,
    /// Byte offset of a WARC record (of its gzip member in a .warc.gz) or
    /// of a feed item.
    pub offset: Option<u64>,
}

impl Location {
    pub fn file(file: String) -> Location {
        Location {
            file,
            line: None,
            offset: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(offset) = self.offset {
            write!(f, " at byte {offset}")?;
        }
        Ok(())
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
    #[error("record has no \"{0}\" field")]
    MissingText(String),
    #[error("record of more than {MAX_RECORD_BYTES} bytes")]
    TooLarge,
    #[error("no article text found in the page")]
    NoText,
    #[error("corrupt gzip data: {0}")]
    Gzip(String),
    #[error("corrupt WARC record: {0}")]
    Warc(String),
    #[error("invalid XML: {0}")]
    Xml(String),
    #[error("{}", not_a_feed(.0))]
    NotAFeed(String),
    #[error("empty feed: {0}")]
    EmptyFeed(&'static str),
}

fn not_a_feed(root: &str) -> String {
    if root.eq_ignore_ascii_case("html") {
        "not a feed: the document is HTML (root element <html>)".to_string()
    } else {
        format!("not a feed: the root element is <{root}>, not <rss> or <feed>")
    }
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
    /// One web page per input: its main text and metadata.
    Html,
    /// An RSS or Atom feed: one article per item.
    Feed,
    /// A WARC archive: one article per HTML response record.
    Warc,
}

impl InputFormat {
    /// The format a file name says (`.jsonl`, `.ndjson`, `.json`; `.html`,
    /// `.htm`; `.rss`, `.atom`, `.xml`; `.warc`; `.txt`), past any `.gz`
    /// or `.zst`; `None` when it says none.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let name = name.to_ascii_lowercase();
        let name = [".gz", ".zst", ".zstd"]
            .iter()
            .find_map(|ext| name.strip_suffix(ext))
            .unwrap_or(&name);
        let (_, ext) = name.rsplit_once('.')?;
        Some(match ext {
            "jsonl" | "ndjson" | "json" => InputFormat::Jsonl,
            "html" | "htm" | "xhtml" | "shtml" => InputFormat::Html,
            "rss" | "atom" | "xml" => InputFormat::Feed,
            "warc" | "arc" => InputFormat::Warc,
            "txt" | "text" => InputFormat::Text,
            _ => return None,
        })
    }

    /// The format the first bytes of an input show; plain text when they
    /// show nothing else.
    pub fn sniff(head: &[u8]) -> InputFormat {
        let text = match Encoding::for_bom(head) {
            Some((encoding, bom)) => encoding.decode_without_bom_handling(&head[bom..]).0,
            None => String::from_utf8_lossy(head),
        };
        let start = text.trim_start();
        let lower: String = start.chars().take(1024).collect::<String>().to_lowercase();
        if start.starts_with("WARC/") {
            InputFormat::Warc
        } else if start.starts_with('{') {
            InputFormat::Jsonl
        } else if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
            InputFormat::Html
        } else if lower.starts_with('<')
            && ["<rss", "<feed", "<rdf:rdf"]
                .iter()
                .any(|t| lower.contains(t))
        {
            InputFormat::Feed
        } else if lower.starts_with('<') && lower.contains("<html") {
            InputFormat::Html
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

/// Opens a file, or standard input for `-`, decompressing gzip and zstd
/// when the content starts with their magic bytes.
pub fn open(path: &Path) -> io::Result<Box<dyn BufRead>> {
    open_counting(path, None)
}

/// As [`open`], adding the bytes read from the file itself (before
/// decompression) to `counter`, for progress reports.
pub fn open_counting(path: &Path, counter: Option<Arc<AtomicU64>>) -> io::Result<Box<dyn BufRead>> {
    decompress(open_raw(path, counter)?)
}

/// The bytes of a file or of standard input, as stored.
pub(crate) fn open_raw(
    path: &Path,
    counter: Option<Arc<AtomicU64>>,
) -> io::Result<BufReader<Box<dyn Read>>> {
    let mut raw: Box<dyn Read> = if path == Path::new("-") {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(path)?)
    };
    if let Some(read) = counter {
        raw = Box::new(CountingReader { inner: raw, read });
    }
    Ok(BufReader::with_capacity(1 << 16, raw))
}

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

pub(crate) fn decompress(mut reader: BufReader<Box<dyn Read>>) -> io::Result<Box<dyn BufRead>> {
    let head = reader.fill_buf()?;
    Ok(if head.starts_with(GZIP_MAGIC) {
        Box::new(BufReader::with_capacity(
            1 << 16,
            Named {
                inner: MultiGzDecoder::new(reader),
                what: "gzip",
            },
        ))
    } else if head.starts_with(ZSTD_MAGIC) {
        Box::new(BufReader::with_capacity(
            1 << 16,
            Named {
                inner: zstd::Decoder::with_buffer(reader)?,
                what: "zstd",
            },
        ))
    } else {
        Box::new(reader)
    })
}

/// Says which decompressor failed: "unexpected end of file" alone does not
/// tell a truncated gzip file from a truncated read.
struct Named<R> {
    inner: R,
    what: &'static str,
}

impl<R: Read> Read for Named<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            let kind = e.kind();
            let message = if kind == io::ErrorKind::UnexpectedEof {
                format!("truncated {} stream", self.what)
            } else {
                format!("corrupt {} stream: {e}", self.what)
            };
            io::Error::new(kind, message)
        })
    }
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
    let location = Location::file(display_name(path));
    let bytes = read_whole(&mut input).map_err(|kind| ReadError {
        location: location.clone(),
        kind,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| ReadError {
        location: location.clone(),
        kind: ReadErrorKind::InvalidUtf8 {
            offset: e.utf8_error().valid_up_to(),
        },
    })?;
    let id = defaults.id.clone().unwrap_or_else(|| file_id(path));
    Ok(RawArticle {
        id,
        url: None,
        source: defaults.source.clone(),
        published: defaults.published,
        title: None,
        text,
    })
}

/// Reads a whole input up to [`MAX_RECORD_BYTES`].
pub(crate) fn read_whole(input: &mut impl Read) -> Result<Vec<u8>, ReadErrorKind> {
    let mut bytes = Vec::new();
    input
        .take(MAX_RECORD_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_RECORD_BYTES {
        return Err(ReadErrorKind::TooLarge);
    }
    Ok(bytes)
}

/// The id of a whole-file article: the file name without its extensions.
pub(crate) fn file_id(path: &Path) -> String {
    if path == Path::new("-") {
        return "stdin".to_string();
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let mut id = name;
    for ext in [".gz", ".zst", ".zstd", ".txt", ".html", ".htm", ".xhtml"] {
        id = id.strip_suffix(ext).unwrap_or(id);
    }
    id.to_string()
}

/// The JSONL field each article field is read from (`--field text=body`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonlFields {
    pub id: String,
    pub text: String,
    pub title: String,
    pub url: String,
    pub source: String,
    pub published: String,
}

impl Default for JsonlFields {
    fn default() -> JsonlFields {
        JsonlFields {
            id: "id".into(),
            text: "text".into(),
            title: "title".into(),
            url: "url".into(),
            source: "source".into(),
            published: "published".into(),
        }
    }
}

impl JsonlFields {
    /// Renames one field from a `FIELD=NAME` setting.
    pub fn set(&mut self, setting: &str) -> Result<(), String> {
        let (field, name) = setting
            .split_once('=')
            .ok_or_else(|| format!("expected FIELD=NAME, got {setting:?}"))?;
        let slot = match field.trim() {
            "id" => &mut self.id,
            "text" => &mut self.text,
            "title" => &mut self.title,
            "url" => &mut self.url,
            "source" => &mut self.source,
            "published" => &mut self.published,
            other => {
                return Err(format!(
                    "unknown field {other:?}: expected id, text, title, url, source or published"
                ))
            }
        };
        *slot = name.trim().to_string();
        Ok(())
    }
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

impl JsonRecord {
    /// A record under other field names: fields that are not strings are
    /// taken as absent, like missing ones.
    fn renamed(mut map: serde_json::Map<String, serde_json::Value>, fields: &JsonlFields) -> Self {
        let mut string = |name: &str| match map.remove(name) {
            Some(serde_json::Value::String(s)) => Some(s),
            _ => None,
        };
        JsonRecord {
            source: string(&fields.source),
            url: string(&fields.url),
            title: string(&fields.title),
            published: string(&fields.published),
            text: string(&fields.text),
            id: map.remove(&fields.id),
        }
    }
}

/// An article read, where it came from, and any warning about fields that
/// were dropped.
#[derive(Debug)]
pub struct Record {
    pub article: RawArticle,
    pub location: Location,
    /// A `published` value that could not be read (the article keeps `null`).
    pub warning: Option<String>,
}

/// Streams the articles of a JSONL input, one per non-blank line.
pub struct JsonlReader<R> {
    input: R,
    /// `None` for the default names, read straight into a struct.
    fields: Option<JsonlFields>,
    file: String,
    line: u64,
    buffer: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(input: R, path: &Path) -> JsonlReader<R> {
        JsonlReader::with_fields(input, path, JsonlFields::default())
    }

    /// Reads articles under other field names.
    pub fn with_fields(input: R, path: &Path, fields: JsonlFields) -> JsonlReader<R> {
        JsonlReader {
            input,
            fields: (fields != JsonlFields::default()).then_some(fields),
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
            offset: None,
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

    fn parse(&self) -> Result<Record, ReadErrorKind> {
        let line = match std::str::from_utf8(&self.buffer) {
            Ok(line) => line,
            Err(e) => {
                return Err(ReadErrorKind::InvalidUtf8 {
                    offset: e.valid_up_to(),
                })
            }
        };
        let record: JsonRecord = match &self.fields {
            None => serde_json::from_str(line)?,
            Some(fields) => JsonRecord::renamed(serde_json::from_str(line)?, fields),
        };
        let text_field = self.fields.as_ref().map_or("text", |f| f.text.as_str());
        let text = record
            .text
            .ok_or_else(|| ReadErrorKind::MissingText(text_field.to_string()))?;
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
        Ok(Record {
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
    type Item = Result<Record, ReadError>;

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

    fn read_all(input: &str) -> Vec<Result<Record, ReadError>> {
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
            ReadErrorKind::MissingText(_)
        ));
        let last = records[3].as_ref().unwrap();
        assert!(last.article.published.is_none());
        assert!(last.warning.as_deref().unwrap().contains("soon"));
    }

    #[test]
    fn field_names_are_configurable() {
        let mut fields = JsonlFields::default();
        fields.set("text=body").unwrap();
        fields.set("published=date").unwrap();
        assert!(fields.set("body=x").is_err());
        let input = "{\"id\": 7, \"body\": \"نص\", \"date\": \"2018-02-18\"}\n{\"text\": \"x\"}\n";
        let records: Vec<_> =
            JsonlReader::with_fields(input.as_bytes(), Path::new("r.jsonl"), fields).collect();
        let first = records[0].as_ref().unwrap();
        assert_eq!(
            (first.article.id.as_str(), first.article.text.as_str()),
            ("7", "نص")
        );
        assert_eq!(first.article.published.unwrap().to_string(), "2018-02-18");
        assert_eq!(
            records[1].as_ref().unwrap_err().to_string(),
            "r.jsonl:2: record has no \"body\" field"
        );
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
        let format = |name| InputFormat::from_path(Path::new(name));
        assert_eq!(format("a.jsonl.gz"), Some(InputFormat::Jsonl));
        assert_eq!(format("seed.txt"), Some(InputFormat::Text));
        assert_eq!(format("page.HTML.zst"), Some(InputFormat::Html));
        assert_eq!(format("CC-NEWS-1.warc.gz"), Some(InputFormat::Warc));
        assert_eq!(format("feed.rss"), Some(InputFormat::Feed));
        assert_eq!(format("README"), None);
    }

    #[test]
    fn format_follows_the_content() {
        assert_eq!(InputFormat::sniff(b"WARC/1.0\r\n"), InputFormat::Warc);
        assert_eq!(InputFormat::sniff(b"\n{\"text\": 1}"), InputFormat::Jsonl);
        assert_eq!(
            InputFormat::sniff(b"<!DOCTYPE HTML><html>"),
            InputFormat::Html
        );
        assert_eq!(
            InputFormat::sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"),
            InputFormat::Feed
        );
        assert_eq!(
            InputFormat::sniff("موسكو-سانا".as_bytes()),
            InputFormat::Text
        );
    }
}
