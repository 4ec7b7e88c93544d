//! WARC and WARC.gz (the CC-NEWS layout: one gzip member per record,
//! `response` records holding HTTP responses with HTML).
//!
//! Our own record reader: gzip members are inflated one by one (flate2's
//! `Decompress` on zlib-rs), so every record is known by the byte offset of
//! its member in the file, and a corrupt member is reported at that offset
//! and skipped by searching for the next gzip header. Bodies are read only
//! for HTML responses; memory stays bounded by the largest record.

use std::io::{self, Read};

use flate2::{Decompress, FlushDecompress, Status};

use crate::{ReadErrorKind, MAX_RECORD_BYTES};

/// The longest WARC or HTTP header line accepted.
const MAX_LINE: usize = 64 * 1024;
/// The most header lines a record may have.
const MAX_HEADERS: usize = 1024;
const CHUNK: usize = 256 * 1024;

/// A buffered reader with lookahead, counting the bytes consumed.
struct Input<R> {
    inner: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    offset: u64,
}

impl<R: Read> Input<R> {
    fn new(inner: R) -> Input<R> {
        Input {
            inner,
            buf: vec![0; CHUNK],
            start: 0,
            end: 0,
            offset: 0,
        }
    }

    /// The buffered bytes, reading until there are at least `min` or the
    /// input ends.
    fn fill(&mut self, min: usize) -> io::Result<&[u8]> {
        while self.end - self.start < min {
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            }
            if self.end == self.buf.len() {
                self.buf.resize(self.buf.len() * 2, 0);
            }
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => break,
                Ok(n) => self.end += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(&self.buf[self.start..self.end])
    }

    fn consume(&mut self, n: usize) {
        self.start += n;
        self.offset += n as u64;
    }

    /// Skips to the next occurrence of `needle`; `false` at end of input.
    fn skip_to(&mut self, needle: &[u8]) -> io::Result<bool> {
        loop {
            let data = self.fill(needle.len())?;
            if data.len() < needle.len() {
                let n = data.len();
                self.consume(n);
                return Ok(false);
            }
            match crate::decode::find(data, needle) {
                Some(at) => {
                    self.consume(at);
                    return Ok(true);
                }
                None => {
                    let n = data.len() + 1 - needle.len();
                    self.consume(n);
                }
            }
        }
    }
}

/// Why the byte stream under a record failed.
enum Fault {
    /// The file cannot be read: stop.
    Io(io::Error),
    /// Corrupt or truncated compressed data: skip to the next member.
    Gzip(String),
    /// A malformed record in sound data: skip to the next record.
    Record(String),
}

impl From<io::Error> for Fault {
    fn from(e: io::Error) -> Fault {
        Fault::Io(e)
    }
}

/// The decompressed (or plain) bytes records are parsed from.
trait Stream {
    /// Buffered bytes; empty at the end of a gzip member or of the input.
    fn fill(&mut self) -> Result<&[u8], Fault>;
    fn consume(&mut self, n: usize);
    /// The offset to report for a record starting here.
    fn offset(&self) -> u64;
    /// Moves past the end of a gzip member; `false` at the end of input.
    fn next_member(&mut self) -> Result<bool, Fault>;
    /// After a bad record: goes to where the next one may start; `corrupt`
    /// when the compressed data itself is bad.
    fn recover(&mut self, corrupt: bool) -> Result<bool, Fault>;
}

struct Plain<R>(Input<R>);

impl<R: Read> Stream for Plain<R> {
    fn fill(&mut self) -> Result<&[u8], Fault> {
        Ok(self.0.fill(1)?)
    }
    fn consume(&mut self, n: usize) {
        self.0.consume(n);
    }
    fn offset(&self) -> u64 {
        self.0.offset
    }
    fn next_member(&mut self) -> Result<bool, Fault> {
        Ok(false)
    }
    fn recover(&mut self, _corrupt: bool) -> Result<bool, Fault> {
        Ok(self.0.skip_to(b"WARC/1.")?)
    }
}

#[derive(PartialEq, Eq)]
enum Member {
    /// Before a member's header, at `Input`'s position.
    Start,
    Body,
    /// After a member's trailer.
    Ended,
}

/// gzip members inflated one after another.
struct Gzip<R> {
    input: Input<R>,
    inflate: Decompress,
    crc: crc32fast::Hasher,
    state: Member,
    member_start: u64,
    out: Vec<u8>,
    pos: usize,
    len: usize,
}

impl<R: Read> Gzip<R> {
    fn new(input: Input<R>) -> Gzip<R> {
        Gzip {
            input,
            inflate: Decompress::new(false),
            crc: crc32fast::Hasher::new(),
            state: Member::Start,
            member_start: 0,
            out: vec![0; CHUNK],
            pos: 0,
            len: 0,
        }
    }

    /// Reads a member header (RFC 1952); `false` at a clean end of input.
    fn header(&mut self) -> Result<bool, Fault> {
        self.member_start = self.input.offset;
        let head = self.input.fill(10)?;
        if head.is_empty() {
            return Ok(false);
        }
        if head.len() < 10 {
            return Err(Fault::Gzip("truncated gzip header".into()));
        }
        if head[..3] != [0x1f, 0x8b, 8] {
            return Err(Fault::Gzip("not a gzip member header".into()));
        }
        let flags = head[3];
        self.input.consume(10);
        if flags & 4 != 0 {
            let extra = self.input.fill(2)?;
            if extra.len() < 2 {
                return Err(Fault::Gzip("truncated gzip header".into()));
            }
            let n = u16::from_le_bytes([extra[0], extra[1]]) as usize;
            self.skip(2 + n)?;
        }
        for flag in [8, 16] {
            // File name, comment: zero-terminated.
            if flags & flag != 0 {
                loop {
                    let data = self.input.fill(1)?;
                    if data.is_empty() {
                        return Err(Fault::Gzip("truncated gzip header".into()));
                    }
                    match data.iter().position(|&b| b == 0) {
                        Some(i) => {
                            self.input.consume(i + 1);
                            break;
                        }
                        None => {
                            let n = data.len();
                            self.input.consume(n);
                        }
                    }
                }
            }
        }
        if flags & 2 != 0 {
            self.skip(2)?;
        }
        self.inflate.reset(false);
        self.crc = crc32fast::Hasher::new();
        self.state = Member::Body;
        Ok(true)
    }

    fn skip(&mut self, n: usize) -> Result<(), Fault> {
        if self.input.fill(n)?.len() < n {
            return Err(Fault::Gzip("truncated gzip header".into()));
        }
        self.input.consume(n);
        Ok(())
    }

    fn inflate_more(&mut self) -> Result<(), Fault> {
        loop {
            let data = self.input.fill(1)?;
            let at_end = data.is_empty();
            let (before_in, before_out) = (self.inflate.total_in(), self.inflate.total_out());
            let status = self
                .inflate
                .decompress(data, &mut self.out, FlushDecompress::None)
                // zlib-rs reports a bad stream on the call after the bad
                // bytes, with a message about that call: say what it means.
                .map_err(|_| Fault::Gzip("corrupt deflate data".into()))?;
            let used = (self.inflate.total_in() - before_in) as usize;
            let made = (self.inflate.total_out() - before_out) as usize;
            self.input.consume(used);
            self.crc.update(&self.out[..made]);
            (self.pos, self.len) = (0, made);
            if status == Status::StreamEnd {
                self.trailer()?;
                return Ok(());
            }
            if made > 0 {
                return Ok(());
            }
            if at_end {
                return Err(Fault::Gzip("truncated gzip member".into()));
            }
            if used == 0 {
                return Err(Fault::Gzip("corrupt deflate data".into()));
            }
        }
    }

    fn trailer(&mut self) -> Result<(), Fault> {
        let data = self.input.fill(8)?;
        if data.len() < 8 {
            return Err(Fault::Gzip("truncated gzip member".into()));
        }
        let crc = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
        let size = u32::from_le_bytes([data[4], data[5], data[6], data[7]]);
        self.input.consume(8);
        self.state = Member::Ended;
        let computed = std::mem::take(&mut self.crc).finalize();
        if crc != computed || size != self.inflate.total_out() as u32 {
            return Err(Fault::Gzip("gzip member fails its CRC check".into()));
        }
        Ok(())
    }
}

impl<R: Read> Stream for Gzip<R> {
    fn fill(&mut self) -> Result<&[u8], Fault> {
        if self.pos == self.len {
            match self.state {
                Member::Ended => return Ok(&[]),
                Member::Start => {
                    if !self.header()? {
                        return Ok(&[]);
                    }
                    self.inflate_more()?;
                }
                Member::Body => self.inflate_more()?,
            }
        }
        Ok(&self.out[self.pos..self.len])
    }
    fn consume(&mut self, n: usize) {
        self.pos += n;
    }
    fn offset(&self) -> u64 {
        match self.state {
            Member::Body => self.member_start,
            Member::Ended if self.pos < self.len => self.member_start,
            // The next member starts where the input stands.
            _ => self.input.offset,
        }
    }
    fn next_member(&mut self) -> Result<bool, Fault> {
        if self.pos < self.len || self.state != Member::Ended {
            return Ok(true);
        }
        self.state = Member::Start;
        Ok(!self.input.fill(1)?.is_empty())
    }
    fn recover(&mut self, corrupt: bool) -> Result<bool, Fault> {
        if !corrupt {
            // Sound data: the next record starts with the next member.
            loop {
                match self.fill() {
                    Ok([]) => return self.next_member(),
                    Ok(data) => {
                        let n = data.len();
                        self.consume(n);
                    }
                    Err(Fault::Io(e)) => return Err(Fault::Io(e)),
                    Err(_) => break,
                }
            }
        }
        (self.pos, self.len) = (0, 0);
        // Search past the bad member's magic, whatever stage it failed in.
        if self.input.offset == self.member_start && !self.input.fill(1)?.is_empty() {
            self.input.consume(1);
        }
        self.state = Member::Start;
        Ok(self.input.skip_to(&[0x1f, 0x8b, 8])?)
    }
}

/// A response record holding an HTML page.
#[derive(Debug)]
pub struct WarcPage {
    /// Byte offset of the record (of its gzip member in a .warc.gz).
    pub offset: u64,
    pub record_id: Option<String>,
    pub target_uri: Option<String>,
    /// The charset of the HTTP `Content-Type`.
    pub charset: Option<String>,
    pub body: Vec<u8>,
}

/// Streams the HTML responses of a WARC file, gzip-compressed or not.
pub struct WarcReader {
    stream: Box<dyn Stream>,
    /// Where the record being read starts.
    offset: u64,
    done: bool,
}

/// A record that could not be read, and where it starts.
#[derive(Debug)]
pub struct WarcError {
    pub offset: u64,
    pub kind: ReadErrorKind,
}

impl WarcReader {
    /// Reads from the raw bytes of a file: gzip is recognized by its magic.
    pub fn new(input: impl Read + 'static) -> io::Result<WarcReader> {
        let mut input = Input::new(input);
        let gzip = input.fill(2)?.starts_with(&[0x1f, 0x8b]);
        let stream: Box<dyn Stream> = if gzip {
            Box::new(Gzip::new(input))
        } else {
            Box::new(Plain(input))
        };
        Ok(WarcReader {
            stream,
            offset: 0,
            done: false,
        })
    }

    /// The next HTML page, skipping other records; bad records come as
    /// errors and reading goes on after them unless the file is unreadable.
    pub fn next_page(&mut self) -> Option<Result<WarcPage, WarcError>> {
        while !self.done {
            self.offset = self.stream.offset();
            match self.record() {
                Ok(Some(Some(page))) => return Some(Ok(page)),
                Ok(Some(None)) => {}
                Ok(None) => self.done = true,
                Err(fault) => {
                    let (kind, corrupt) = match fault {
                        Fault::Io(e) => {
                            self.done = true;
                            (ReadErrorKind::Io(e), true)
                        }
                        Fault::Gzip(message) => (ReadErrorKind::Gzip(message), true),
                        Fault::Record(message) => (ReadErrorKind::Warc(message), false),
                    };
                    if !self.done {
                        match self.stream.recover(corrupt) {
                            Ok(more) => self.done = !more,
                            Err(_) => self.done = true,
                        }
                    }
                    let offset = self.offset;
                    return Some(Err(WarcError { offset, kind }));
                }
            }
        }
        None
    }

    /// Skips the line breaks between records in the current member;
    /// whether anything of the member is left after them.
    fn skip_line_breaks(&mut self) -> Result<bool, Fault> {
        loop {
            let data = self.stream.fill()?;
            let blank = data
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            if blank == 0 {
                return Ok(!data.is_empty());
            }
            self.stream.consume(blank);
        }
    }

    /// One record: `None` at the end, `Some(None)` for a record that is not
    /// an HTML page.
    fn record(&mut self) -> Result<Option<Option<WarcPage>>, Fault> {
        // Records are separated by blank lines, and members may end between.
        while !self.skip_line_breaks()? {
            if !self.stream.next_member()? {
                return Ok(None);
            }
        }
        self.offset = self.stream.offset();
        let offset = self.offset;
        let version = self.line()?;
        if !version.starts_with(b"WARC/") {
            let shown = String::from_utf8_lossy(&version[..version.len().min(40)]).into_owned();
            return Err(Fault::Record(format!(
                "expected a WARC/1.x version line, found {shown:?}"
            )));
        }
        let headers = self.headers()?;
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let length: usize = header("Content-Length")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| Fault::Record("WARC record without a valid Content-Length".into()))?;
        let is_response = header("WARC-Type") == Some("response")
            && header("Content-Type").is_some_and(|t| t.starts_with("application/http"));
        if !is_response || length > MAX_RECORD_BYTES {
            self.skip(length)?;
            if length > MAX_RECORD_BYTES && is_response {
                return Err(Fault::Record(format!(
                    "WARC record of more than {MAX_RECORD_BYTES} bytes"
                )));
            }
            return Ok(Some(None));
        }
        let record_id = header("WARC-Record-ID").map(|id| {
            id.trim_matches(['<', '>'])
                .trim_start_matches("urn:uuid:")
                .to_string()
        });
        let target_uri = header("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
        let block = self.read_exact(length)?;
        // Reading on to the end of the member checks its CRC before the
        // record is handed out.
        self.skip_line_breaks()?;
        Ok(Some(http_html(block).map(|(charset, body)| WarcPage {
            offset,
            record_id,
            target_uri,
            charset,
            body,
        })))
    }

    fn line(&mut self) -> Result<Vec<u8>, Fault> {
        let mut line = Vec::new();
        loop {
            let data = self.stream.fill()?;
            if data.is_empty() {
                return Err(Fault::Record("WARC record truncated in its header".into()));
            }
            let (chunk, done) = match data.iter().position(|&b| b == b'\n') {
                Some(i) => (&data[..=i], true),
                None => (data, false),
            };
            if line.len() + chunk.len() > MAX_LINE {
                return Err(Fault::Record("WARC header line too long".into()));
            }
            line.extend_from_slice(chunk);
            let n = chunk.len();
            self.stream.consume(n);
            if done {
                while line.last().is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                    line.pop();
                }
                return Ok(line);
            }
        }
    }

    fn headers(&mut self) -> Result<Vec<(String, String)>, Fault> {
        let mut headers = Vec::new();
        loop {
            let line = self.line()?;
            if line.is_empty() {
                return Ok(headers);
            }
            if headers.len() == MAX_HEADERS {
                return Err(Fault::Record("too many WARC header lines".into()));
            }
            let line = String::from_utf8_lossy(&line);
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
    }

    fn read_exact(&mut self, n: usize) -> Result<Vec<u8>, Fault> {
        let mut block = Vec::with_capacity(n.min(1 << 20));
        self.pass_content(n, Some(&mut block))?;
        Ok(block)
    }

    fn skip(&mut self, n: usize) -> Result<(), Fault> {
        self.pass_content(n, None)
    }

    /// Goes past `n` bytes of a record's content, across gzip members,
    /// keeping them in `keep` when given.
    fn pass_content(&mut self, mut n: usize, mut keep: Option<&mut Vec<u8>>) -> Result<(), Fault> {
        while n > 0 {
            let data = self.stream.fill()?;
            if data.is_empty() {
                if self.stream.next_member()? {
                    continue;
                }
                return Err(Fault::Record("WARC record truncated in its content".into()));
            }
            let take = data.len().min(n);
            if let Some(block) = keep.as_deref_mut() {
                block.extend_from_slice(&data[..take]);
            }
            self.stream.consume(take);
            n -= take;
        }
        Ok(())
    }
}

/// The charset and body of a successful HTTP response holding HTML.
fn http_html(mut block: Vec<u8>) -> Option<(Option<String>, Vec<u8>)> {
    let end = crate::decode::find(&block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| crate::decode::find(&block, b"\n\n").map(|i| (i, i + 2)))?;
    let head = String::from_utf8_lossy(&block[..end.0]);
    let mut lines = head.lines();
    let status = lines.next()?;
    let code = status.split_whitespace().nth(1)?;
    if !code.starts_with('2') {
        return None;
    }
    let (mut content_type, mut chunked, mut encoding) = (None, false, None);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value.to_ascii_lowercase()),
            "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
            "content-encoding" => encoding = Some(value.to_ascii_lowercase()),
            _ => {}
        }
    }
    let content_type = content_type.unwrap_or_default();
    if !(content_type.is_empty() || content_type.contains("html")) {
        return None;
    }
    let charset = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches(['"', '\'']).to_string());
    let mut body = block.split_off(end.1);
    if chunked {
        body = dechunk(&body);
    }
    if matches!(encoding.as_deref(), Some("gzip" | "x-gzip")) {
        let mut decoded = Vec::new();
        flate2::read::MultiGzDecoder::new(&body[..])
            .take(MAX_RECORD_BYTES as u64)
            .read_to_end(&mut decoded)
            .ok()?;
        body = decoded;
    }
    Some((charset, body))
}

/// Undoes HTTP chunked transfer encoding, keeping what is well formed.
fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    while let Some(eol) = crate::decode::find(data, b"\r\n") {
        let size = std::str::from_utf8(&data[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next()?.trim(), 16).ok());
        let Some(size) = size.filter(|&s| s > 0) else {
            break;
        };
        let start = eol + 2;
        let Some(chunk) = data.get(start..start.saturating_add(size)) else {
            out.extend_from_slice(&data[start.min(data.len())..]);
            break;
        };
        out.extend_from_slice(chunk);
        data = data.get(start + size + 2..).unwrap_or_default();
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    /// A WARC response record around an HTML page.
    pub fn response(uri: &str, html: &str) -> Vec<u8> {
        let http =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        )
        .into_bytes()
    }

    pub fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn read(bytes: Vec<u8>) -> Vec<Result<(u64, String), String>> {
        let mut reader = WarcReader::new(io::Cursor::new(bytes)).unwrap();
        std::iter::from_fn(|| reader.next_page())
            .map(|r| {
                r.map(|p| (p.offset, p.target_uri.unwrap()))
                    .map_err(|e| format!("{}: {}", e.offset, e.kind))
            })
            .collect()
    }

    #[test]
    fn plain_and_gzip_records() {
        let warcinfo = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n";
        let (a, b) = (response("a", "<p>أ</p>"), response("b", "<p>ب</p>"));
        let plain = [&warcinfo[..], &a, &b].concat();
        assert_eq!(
            read(plain),
            vec![
                Ok((warcinfo.len() as u64, "a".to_string())),
                Ok(((warcinfo.len() + a.len()) as u64, "b".to_string()))
            ]
        );
        let (ga, gb) = (gzip(&a), gzip(&b));
        let members = [gzip(warcinfo), ga.clone(), gb].concat();
        let first = gzip(warcinfo).len() as u64;
        assert_eq!(
            read(members),
            vec![
                Ok((first, "a".to_string())),
                Ok((first + ga.len() as u64, "b".to_string()))
            ]
        );
    }

    #[test]
    fn a_corrupt_member_is_reported_at_its_offset_and_skipped() {
        let (a, b, c) = (
            gzip(&response("a", "x")),
            gzip(&response("b", "y")),
            gzip(&response("c", "z")),
        );
        let mut broken = b.clone();
        let middle = broken.len() / 2;
        broken[middle..middle + 4].copy_from_slice(b"\xff\xff\xff\xff");
        let at = a.len() as u64;
        let results = read([a.clone(), broken.clone(), c].concat());
        assert_eq!(results.len(), 3, "{results:?}");
        assert_eq!(results[0], Ok((0, "a".to_string())));
        assert_eq!(
            results[1],
            Err(format!("{at}: corrupt gzip data: corrupt deflate data"))
        );
        assert_eq!(
            results[2],
            Ok(((a.len() + broken.len()) as u64, "c".to_string()))
        );
    }

    #[test]
    fn truncation_and_garbage() {
        let a = gzip(&response("a", "x"));
        let results = read(a[..a.len() - 10].to_vec());
        assert_eq!(
            results,
            vec![Err(
                "0: corrupt gzip data: truncated gzip member".to_string()
            )]
        );
        let results = read(b"not a warc file at all\r\n".to_vec());
        assert_eq!(
            results,
            vec![Err("0: corrupt WARC record: expected a WARC/1.x version line, found \"not a warc file at all\"".to_string())]
        );
    }

    #[test]
    fn a_truncated_header_ends_reading() {
        // Found by the fuzz target: recovery must search past the magic.
        let results = read(vec![0x1f, 0x8b, 8, 0, 0x8c]);
        assert_eq!(
            results,
            vec![Err(
                "0: corrupt gzip data: truncated gzip header".to_string()
            )]
        );
    }

    #[test]
    fn chunked_bodies() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"),
            b"Wikipedia"
        );
    }
}
