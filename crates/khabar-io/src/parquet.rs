//! Parquet output: khabar/1 analyses as tidy tables, one file per table in
//! a directory (`articles.parquet`, `times.parquet`, `entities.parquet`,
//! `quotes.parquet`), zstd-compressed.
//!
//! Rows come from the khabar/1 JSON of each article, so the tables hold
//! exactly what the JSON holds (offsets in code points, values as
//! written). A table is a list of columns and a function from an article to
//! its rows: the entities, quotes and events layers add a table each.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use serde::de::IgnoredAny;
use serde::Deserialize;

/// Rows buffered per table before they go to the writer.
const BATCH_ROWS: usize = 8192;
/// Rows per row group.
const ROW_GROUP_ROWS: usize = 65_536;

/// Why the Parquet output failed.
#[derive(Debug, thiserror::Error)]
pub enum ParquetError {
    #[error("cannot create {path}: {source}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {table}.parquet: {source}")]
    Write {
        table: &'static str,
        source: parquet::errors::ParquetError,
    },
    #[error("not a khabar/1 article: {0}")]
    Json(#[from] serde_json::Error),
}

/// The fields of a khabar/1 article the tables use.
#[derive(Deserialize)]
struct Article {
    id: String,
    url: Option<String>,
    source: Option<String>,
    title: Option<String>,
    published: Option<String>,
    text: String,
    dateline: Option<Dateline>,
    #[serde(default)]
    paragraphs: Vec<IgnoredAny>,
    #[serde(default)]
    sentences: Vec<IgnoredAny>,
    #[serde(default)]
    boilerplate: Vec<IgnoredAny>,
    #[serde(default)]
    times: Vec<Time>,
    #[serde(default)]
    entities: Vec<Entity>,
    #[serde(default)]
    quotes: Vec<Quote>,
}

#[derive(Deserialize)]
struct Entity {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    name_en: String,
    wikidata: Option<String>,
    mentions: Vec<Mention>,
}

#[derive(Deserialize)]
struct Mention {
    span: [i64; 2],
    text: String,
    kind: String,
}

#[derive(Deserialize)]
struct Quote {
    span: [i64; 2],
    text: String,
    kind: String,
    cue: Surface,
    speaker: Speaker,
}

#[derive(Deserialize)]
struct Surface {
    span: [i64; 2],
    text: String,
}

#[derive(Deserialize)]
struct Speaker {
    entity: Option<String>,
    text: String,
    span: Option<[i64; 2]>,
}

#[derive(Deserialize)]
struct Dateline {
    place: Option<Part>,
    agency: Option<Part>,
    date: Option<Part>,
}

#[derive(Deserialize)]
struct Part {
    text: String,
    /// The agency's canonical name, or the date's value.
    #[serde(alias = "value")]
    name: Option<String>,
}

#[derive(Deserialize)]
struct Time {
    span: [i64; 2],
    text: String,
    #[serde(rename = "type")]
    kind: String,
    value: Option<String>,
}

/// One cell of a row.
enum Cell<'a> {
    Str(Option<&'a str>),
    I64(i64),
    OptI64(Option<i64>),
}

enum Column {
    Str(StringBuilder),
    I64(Int64Builder),
}

/// A table being written: its columns fill row by row and go out in batches.
struct Table {
    name: &'static str,
    schema: Arc<Schema>,
    columns: Vec<Column>,
    rows: usize,
    writer: ArrowWriter<File>,
}

impl Table {
    fn create(
        dir: &Path,
        name: &'static str,
        fields: &[(&str, DataType, bool)],
    ) -> Result<Table, ParquetError> {
        let schema = Arc::new(Schema::new(
            fields
                .iter()
                .map(|(n, t, nullable)| Field::new(*n, t.clone(), *nullable))
                .collect::<Vec<_>>(),
        ));
        let path = dir.join(format!("{name}.parquet"));
        let file = File::create(&path).map_err(|source| ParquetError::Create { path, source })?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_created_by(format!("khabar {}", env!("CARGO_PKG_VERSION")))
            // Row groups bound the memory the writer holds.
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .build();
        let writer = ArrowWriter::try_new(file, Arc::clone(&schema), Some(properties)).map_err(
            |source| ParquetError::Write {
                table: name,
                source,
            },
        )?;
        let columns = fields
            .iter()
            .map(|(_, t, _)| match t {
                DataType::Int64 => Column::I64(Int64Builder::new()),
                _ => Column::Str(StringBuilder::new()),
            })
            .collect();
        Ok(Table {
            name,
            schema,
            columns,
            rows: 0,
            writer,
        })
    }

    fn push(&mut self, row: &[Cell]) -> Result<(), ParquetError> {
        for (column, cell) in self.columns.iter_mut().zip(row) {
            match (column, cell) {
                (Column::Str(b), Cell::Str(v)) => b.append_option(*v),
                (Column::I64(b), Cell::I64(v)) => b.append_value(*v),
                (Column::I64(b), Cell::OptI64(v)) => b.append_option(*v),
                // Rows are built by the table definitions below, which
                // match their schemas.
                (Column::Str(b), Cell::I64(v)) => b.append_value(v.to_string()),
                (Column::Str(b), Cell::OptI64(v)) => b.append_option(v.map(|v| v.to_string())),
                (Column::I64(b), Cell::Str(_)) => b.append_null(),
            }
        }
        self.rows += 1;
        if self.rows == BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ParquetError> {
        if self.rows == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self
            .columns
            .iter_mut()
            .map(|c| match c {
                Column::Str(b) => Arc::new(b.finish()) as ArrayRef,
                Column::I64(b) => Arc::new(b.finish()) as ArrayRef,
            })
            .collect();
        self.rows = 0;
        let name = self.name;
        let error = |source| ParquetError::Write {
            table: name,
            source,
        };
        let batch =
            RecordBatch::try_new(Arc::clone(&self.schema), arrays).map_err(|e| error(e.into()))?;
        self.writer.write(&batch).map_err(error)
    }

    fn finish(mut self) -> Result<(), ParquetError> {
        self.flush()?;
        let name = self.name;
        self.writer
            .close()
            .map(|_| ())
            .map_err(|source| ParquetError::Write {
                table: name,
                source,
            })
    }
}

/// Writes articles into the tables of a directory.
pub struct ParquetWriter {
    articles: Table,
    times: Table,
    entities: Table,
    quotes: Table,
}

impl ParquetWriter {
    /// Creates `dir` (if needed) and its table files.
    pub fn create(dir: &Path) -> Result<ParquetWriter, ParquetError> {
        std::fs::create_dir_all(dir).map_err(|source| ParquetError::Create {
            path: dir.to_path_buf(),
            source,
        })?;
        let s = |name| (name, DataType::Utf8, true);
        let n = |name| (name, DataType::Int64, false);
        let required = |name| (name, DataType::Utf8, false);
        let optional_n = |name| (name, DataType::Int64, true);
        Ok(ParquetWriter {
            articles: Table::create(
                dir,
                "articles",
                &[
                    ("id", DataType::Utf8, false),
                    s("url"),
                    s("source"),
                    s("title"),
                    s("published"),
                    ("text", DataType::Utf8, false),
                    s("dateline_place"),
                    s("dateline_agency"),
                    s("dateline_date"),
                    n("paragraphs"),
                    n("sentences"),
                    n("boilerplate"),
                    n("times"),
                    n("entities"),
                    n("quotes"),
                ],
            )?,
            times: Table::create(
                dir,
                "times",
                &[
                    ("article_id", DataType::Utf8, false),
                    n("start"),
                    n("end"),
                    ("text", DataType::Utf8, false),
                    ("type", DataType::Utf8, false),
                    s("value"),
                ],
            )?,
            // One row per mention, with its entity's columns repeated.
            entities: Table::create(
                dir,
                "entities",
                &[
                    required("article_id"),
                    required("entity_id"),
                    required("type"),
                    required("name"),
                    required("name_en"),
                    s("wikidata"),
                    n("start"),
                    n("end"),
                    required("text"),
                    required("kind"),
                ],
            )?,
            quotes: Table::create(
                dir,
                "quotes",
                &[
                    required("article_id"),
                    n("start"),
                    n("end"),
                    required("text"),
                    required("kind"),
                    n("cue_start"),
                    n("cue_end"),
                    required("cue"),
                    s("speaker_entity"),
                    required("speaker"),
                    optional_n("speaker_start"),
                    optional_n("speaker_end"),
                ],
            )?,
        })
    }

    /// Adds one article given as its khabar/1 JSON.
    pub fn write_json(&mut self, json: &[u8]) -> Result<(), ParquetError> {
        let a: Article = serde_json::from_slice(json)?;
        let dateline = a.dateline.as_ref();
        fn part(p: Option<&Part>, canonical: bool) -> Option<&str> {
            p.map(|p| match &p.name {
                Some(name) if canonical => name.as_str(),
                _ => p.text.as_str(),
            })
        }
        self.articles.push(&[
            Cell::Str(Some(&a.id)),
            Cell::Str(a.url.as_deref()),
            Cell::Str(a.source.as_deref()),
            Cell::Str(a.title.as_deref()),
            Cell::Str(a.published.as_deref()),
            Cell::Str(Some(&a.text)),
            Cell::Str(part(dateline.and_then(|d| d.place.as_ref()), false)),
            Cell::Str(part(dateline.and_then(|d| d.agency.as_ref()), true)),
            Cell::Str(
                dateline
                    .and_then(|d| d.date.as_ref())
                    .and_then(|d| d.name.as_deref()),
            ),
            Cell::I64(a.paragraphs.len() as i64),
            Cell::I64(a.sentences.len() as i64),
            Cell::I64(a.boilerplate.len() as i64),
            Cell::I64(a.times.len() as i64),
            Cell::I64(a.entities.len() as i64),
            Cell::I64(a.quotes.len() as i64),
        ])?;
        for t in &a.times {
            self.times.push(&[
                Cell::Str(Some(&a.id)),
                Cell::I64(t.span[0]),
                Cell::I64(t.span[1]),
                Cell::Str(Some(&t.text)),
                Cell::Str(Some(&t.kind)),
                Cell::Str(t.value.as_deref()),
            ])?;
        }
        for e in &a.entities {
            for m in &e.mentions {
                self.entities.push(&[
                    Cell::Str(Some(&a.id)),
                    Cell::Str(Some(&e.id)),
                    Cell::Str(Some(&e.kind)),
                    Cell::Str(Some(&e.name)),
                    Cell::Str(Some(&e.name_en)),
                    Cell::Str(e.wikidata.as_deref()),
                    Cell::I64(m.span[0]),
                    Cell::I64(m.span[1]),
                    Cell::Str(Some(&m.text)),
                    Cell::Str(Some(&m.kind)),
                ])?;
            }
        }
        for q in &a.quotes {
            let speaker = q.speaker.span;
            self.quotes.push(&[
                Cell::Str(Some(&a.id)),
                Cell::I64(q.span[0]),
                Cell::I64(q.span[1]),
                Cell::Str(Some(&q.text)),
                Cell::Str(Some(&q.kind)),
                Cell::I64(q.cue.span[0]),
                Cell::I64(q.cue.span[1]),
                Cell::Str(Some(&q.cue.text)),
                Cell::Str(q.speaker.entity.as_deref()),
                Cell::Str(Some(&q.speaker.text)),
                Cell::OptI64(speaker.map(|s| s[0])),
                Cell::OptI64(speaker.map(|s| s[1])),
            ])?;
        }
        Ok(())
    }

    /// Writes what is buffered and closes the files.
    pub fn finish(self) -> Result<(), ParquetError> {
        self.articles.finish()?;
        self.times.finish()?;
        self.entities.finish()?;
        self.quotes.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};

    #[test]
    fn articles_times_entities_and_quotes_tables() {
        let dir = std::env::temp_dir().join(format!("khabar-parquet-{}", std::process::id()));
        let mut writer = ParquetWriter::create(&dir).unwrap();
        let article = r#"{"schema":"khabar/1","id":"a1","url":null,"source":"sana","title":"t","published":"2024-12-02","text":"موسكو-سانا أمس","dateline":{"span":[0,10],"text":"موسكو-سانا","place":{"span":[0,5],"text":"موسكو"},"agency":{"span":[6,10],"text":"سانا","name":"SANA"},"date":null},"paragraphs":[[0,14]],"boilerplate":[],"sentences":[[11,14]],"times":[{"span":[11,14],"text":"أمس","type":"DATE","value":"2024-12-01"}],"entities":[{"id":"geonames:524901","type":"GPE","name":"موسكو","name_en":"Moscow","wikidata":null,"mentions":[{"span":[0,5],"text":"موسكو","kind":"name"}]}],"quotes":[{"span":[11,14],"text":"أمس","kind":"direct","cue":{"span":[6,10],"text":"سانا"},"speaker":{"entity":null,"text":"سانا","span":null}}]}"#;
        writer.write_json(article.as_bytes()).unwrap();
        writer.write_json(br#"{"id":"a2","text":"x"}"#).unwrap();
        assert!(writer.write_json(b"{").is_err());
        writer.finish().unwrap();
        let rows = |table: &str| {
            let file = File::open(dir.join(format!("{table}.parquet"))).unwrap();
            let reader = SerializedFileReader::new(file).unwrap();
            reader
                .get_row_iter(None)
                .unwrap()
                .map(|row| row.unwrap().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            rows("articles"),
            [
                "{id: \"a1\", url: null, source: \"sana\", title: \"t\", published: \"2024-12-02\", text: \"موسكو-سانا أمس\", dateline_place: \"موسكو\", dateline_agency: \"SANA\", dateline_date: null, paragraphs: 1, sentences: 1, boilerplate: 0, times: 1, entities: 1, quotes: 1}",
                "{id: \"a2\", url: null, source: null, title: null, published: null, text: \"x\", dateline_place: null, dateline_agency: null, dateline_date: null, paragraphs: 0, sentences: 0, boilerplate: 0, times: 0, entities: 0, quotes: 0}",
            ]
        );
        assert_eq!(
            rows("times"),
            ["{article_id: \"a1\", start: 11, end: 14, text: \"أمس\", type: \"DATE\", value: \"2024-12-01\"}"]
        );
        assert_eq!(
            rows("entities"),
            ["{article_id: \"a1\", entity_id: \"geonames:524901\", type: \"GPE\", name: \"موسكو\", name_en: \"Moscow\", wikidata: null, start: 0, end: 5, text: \"موسكو\", kind: \"name\"}"]
        );
        assert_eq!(
            rows("quotes"),
            ["{article_id: \"a1\", start: 11, end: 14, text: \"أمس\", kind: \"direct\", cue_start: 6, cue_end: 10, cue: \"سانا\", speaker_entity: null, speaker: \"سانا\", speaker_start: null, speaker_end: null}"]
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
