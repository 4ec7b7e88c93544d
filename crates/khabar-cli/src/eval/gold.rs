//! Gold documents: the development gold (JSONL with exact substrings, the
//! articles read from the corpus) and TimeML.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use khabar::{Published, RawArticle};
use khabar_io::JsonlReader;

/// A gold annotation located in its text, offsets in code points.
#[derive(Clone, Debug)]
pub struct GoldTime {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    pub value: String,
}

/// A document with its gold times.
pub struct GoldDocument {
    pub article: RawArticle,
    pub times: Vec<GoldTime>,
}

/// Reads the development gold (`gold.jsonl`): each record names an article
/// of the corpus by id; its times are exact substrings in text order (the
/// k-th listing of a string is its next occurrence after the previous one).
pub fn read_dev_gold(gold: &Path, corpus: &[PathBuf]) -> anyhow::Result<Vec<GoldDocument>> {
    let mut documents = Vec::new();
    for (record, article) in read_with_articles(gold, corpus)? {
        let times = locate(&article.text, list(&record, "times"))
            .with_context(|| format!("{}: article {}", gold.display(), article.id))?;
        documents.push(GoldDocument { article, times });
    }
    Ok(documents)
}

/// The records of a JSONL gold file, each with the article it names by id,
/// read from the corpus files; a record's `published` replaces the
/// article's.
pub fn read_with_articles(
    gold: &Path,
    corpus: &[PathBuf],
) -> anyhow::Result<Vec<(serde_json::Value, RawArticle)>> {
    let records = read_records(gold)?;
    let wanted: HashSet<String> = records
        .iter()
        .filter_map(|r| r["id"].as_str().map(str::to_string))
        .collect();
    let mut articles = find_articles(corpus, &wanted)?;
    let mut pairs = Vec::with_capacity(records.len());
    for record in records {
        let id = record["id"].as_str().unwrap_or_default();
        let Some(mut article) = articles.remove(id) else {
            bail!(
                "article {id} of {} is in none of the corpus files",
                gold.display()
            );
        };
        if let Some(published) = record["published"].as_str() {
            article.published = Published::parse(published).ok().or(article.published);
        }
        pairs.push((record, article));
    }
    Ok(pairs)
}

/// The records of a JSONL gold file, one JSON object per line.
fn read_records(gold: &Path) -> anyhow::Result<Vec<serde_json::Value>> {
    let text =
        std::fs::read_to_string(gold).with_context(|| format!("cannot read {}", gold.display()))?;
    let mut records = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let record: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: invalid JSON", gold.display(), n + 1))?;
        records.push(record);
    }
    Ok(records)
}

/// The articles of the corpus files whose ids are wanted, by id.
fn find_articles(
    corpus: &[PathBuf],
    wanted: &HashSet<String>,
) -> anyhow::Result<HashMap<String, RawArticle>> {
    if corpus.is_empty() {
        bail!("no corpus files to find the gold articles in: pass --corpus FILE...");
    }
    let mut found = HashMap::new();
    for path in corpus {
        let input =
            khabar_io::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        for record in JsonlReader::new(input, path).flatten() {
            if wanted.contains(&record.article.id) {
                found.insert(record.article.id.clone(), record.article);
            }
        }
    }
    Ok(found)
}

/// Finds gold strings in text order: the k-th listing of a string is its
/// next occurrence at or after the previous string's, and after the
/// previous occurrence of the same string; when the list is out of order,
/// the next occurrence of the same string. Strings that cannot overlap (the
/// mentions of one entity, [`InTextOrder::disjoint`]) start after the
/// previous one ends: `بوتين` listed after `فلاديمير بوتين` is the next
/// `بوتين`, not the one inside the full name.
#[derive(Default)]
pub struct InTextOrder<'a> {
    cursor: usize,
    after_same: HashMap<&'a str, usize>,
    disjoint: bool,
}

impl<'a> InTextOrder<'a> {
    pub fn disjoint() -> InTextOrder<'a> {
        InTextOrder {
            disjoint: true,
            ..InTextOrder::default()
        }
    }

    /// The start of `surface` in `text`, by `find(text, surface, from)`
    /// (the first occurrence at or after `from`).
    pub fn next(
        &mut self,
        text: &str,
        surface: &'a str,
        find: impl Fn(&str, &str, usize) -> Option<usize>,
    ) -> Option<usize> {
        let same = self.after_same.get(surface).copied().unwrap_or(0);
        let start =
            find(text, surface, self.cursor.max(same)).or_else(|| find(text, surface, same))?;
        self.cursor = if self.disjoint {
            start + surface.len()
        } else {
            start
        };
        self.after_same.insert(surface, start + surface.len());
        Some(start)
    }
}

/// The array under `key` of a gold record, empty when there is none.
pub fn list<'a>(record: &'a serde_json::Value, key: &str) -> &'a [serde_json::Value] {
    record[key]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// The first occurrence of `needle` in `text` at or after byte `from`.
pub fn find_from(text: &str, needle: &str, from: usize) -> Option<usize> {
    text.get(from..)?.find(needle).map(|i| i + from)
}

/// Finds each gold time in text order.
fn locate(text: &str, items: &[serde_json::Value]) -> anyhow::Result<Vec<GoldTime>> {
    let mut times = Vec::new();
    let mut order = InTextOrder::default();
    for item in items {
        let surface = item["text"].as_str().unwrap_or_default();
        if surface.is_empty() {
            continue;
        }
        let Some(start) = order.next(text, surface, find_from) else {
            bail!("gold time {surface:?} is not in the text");
        };
        let char_start = text[..start].chars().count();
        times.push(GoldTime {
            start: char_start,
            end: char_start + surface.chars().count(),
            kind: item["type"].as_str().unwrap_or_default().to_string(),
            value: item["value"].as_str().unwrap_or_default().to_string(),
        });
    }
    Ok(times)
}

/// Reads a TimeML file: the text between `<TimeML>` tags with its inline
/// `<TIMEX3>` elements as gold.
pub fn read_timeml(path: &Path) -> anyhow::Result<GoldDocument> {
    let source =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let body_start = source.find("<TimeML>").map_or(0, |i| i + "<TimeML>".len());
    let body_end = source.rfind("</TimeML>").unwrap_or(source.len());
    let body = source.get(body_start..body_end).unwrap_or_default();
    let mut text = String::new();
    let mut times = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        text.push_str(&unescape(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            bail!("{}: unclosed tag", path.display());
        };
        let tag = &rest[lt + 1..lt + gt];
        if let Some(attrs) = tag.strip_prefix("TIMEX3") {
            open = Some((
                text.chars().count(),
                attribute(attrs, "type"),
                attribute(attrs, "value"),
            ));
        } else if tag == "/TIMEX3" {
            let Some((start, kind, value)) = open.take() else {
                bail!("{}: </TIMEX3> without <TIMEX3>", path.display());
            };
            times.push(GoldTime {
                start,
                end: text.chars().count(),
                kind,
                value,
            });
        }
        rest = &rest[lt + gt + 1..];
    }
    text.push_str(&unescape(rest));
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("doc")
        .to_string();
    Ok(GoldDocument {
        article: RawArticle {
            id,
            text,
            ..Default::default()
        },
        times,
    })
}

fn attribute(attrs: &str, name: &str) -> String {
    let key = format!("{name}=\"");
    attrs
        .find(&key)
        .and_then(|i| attrs[i + key.len()..].split('"').next())
        .unwrap_or_default()
        .to_string()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
