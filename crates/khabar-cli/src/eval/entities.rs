//! `khabar eval entities`: entity-level precision and recall (an entity
//! counts when its English name matches) and the share of gold mentions
//! found and linked, against the development gold `entities.jsonl`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use khabar::Pipeline;

use super::gold::{self, InTextOrder};
use super::{f1, ratio};

#[derive(clap::Args)]
pub struct Args {
    /// The gold file (`entities.jsonl`: per article, its entities with their mentions).
    #[arg(long)]
    gold: PathBuf,
    /// Corpus files holding the gold articles (default: ../../corpus beside the gold).
    #[arg(long)]
    corpus: Vec<PathBuf>,
    /// Also tag names the lexicon does not know with this model (`khabar train ner`).
    #[arg(long)]
    ner_model: Option<PathBuf>,
    /// Write every missed and spurious entity and every missed mention to this file.
    #[arg(long)]
    errors: Option<PathBuf>,
}

/// A gold entity located in its article.
struct GoldEntity {
    kind: String,
    name_en: String,
    /// Mentions as byte ranges of the article text, with their kind.
    mentions: Vec<(std::ops::Range<usize>, String)>,
}

#[derive(Default)]
struct Counts {
    gold: usize,
    system: usize,
    /// Gold entities with a system entity of the same English name.
    found: usize,
    /// System entities with a gold entity of the same English name.
    correct: usize,
    /// Gold entities matched by name, or else by a mention: a system
    /// entity of the same type, matched to no gold entity by name, has a
    /// mention on the exact span of one of theirs (`Obeid al-Bariki` for
    /// gold `Abid Briki`: found, romanized otherwise).
    found_by_name_or_mention: usize,
    /// System entities matched by name, or else by a mention in the same
    /// way; not one to one: two system entities sharing the mentions of
    /// one gold entity both count.
    correct_by_name_or_mention: usize,
}

#[derive(Default)]
struct MentionCounts {
    gold: usize,
    /// System mentions of this kind, and those that are a gold mention's exact span.
    system: usize,
    correct: usize,
    /// Gold mentions some system mention covers exactly.
    found: usize,
    /// ... and that mention belongs to the system entity matched to the gold one.
    linked: usize,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let corpus = super::corpus_or_default(&args.corpus, &args.gold);
    let documents = gold::read_with_articles(&args.gold, &corpus)?;
    let mut builder = Pipeline::builder().times(false);
    if let Some(path) = &args.ner_model {
        builder = builder.ner_model(crate::read_ner_model(path)?);
    }
    let pipeline = builder.build();
    let mut by_type: BTreeMap<&'static str, Counts> = BTreeMap::new();
    let mut mentions: BTreeMap<String, MentionCounts> = BTreeMap::new();
    let mut errors = String::new();
    let articles = documents.len();
    for (record, article) in documents {
        let id = article.id.clone();
        let gold_entities = locate(&article.text, &record)
            .with_context(|| format!("{}: article {id}", args.gold.display()))?;
        let analysis = pipeline.analyze(article);
        let text = analysis.article.text.as_str();
        let system: HashMap<String, usize> = analysis
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (english_key(&e.name_en), i))
            .collect();
        let gold_names: HashSet<String> = gold_entities
            .iter()
            .map(|g| english_key(&g.name_en))
            .collect();
        let gold_spans: HashSet<std::ops::Range<usize>> = gold_entities
            .iter()
            .flat_map(|g| g.mentions.iter().map(|(r, _)| r.clone()))
            .collect();
        for e in &analysis.entities {
            for m in &e.mentions {
                let kind = m.kind.as_str();
                let counts = mentions.entry(kind.to_string()).or_default();
                counts.system += 1;
                if gold_spans.contains(&m.span.range()) {
                    counts.correct += 1;
                } else {
                    let surface = m.span.slice(text).unwrap_or_default();
                    let _ = writeln!(
                        errors,
                        "{id}\tEXTRA\t{}\t{}\t{kind}\t{surface}",
                        e.kind.as_str(),
                        e.name_en
                    );
                }
            }
        }
        let by_name: Vec<bool> = analysis
            .entities
            .iter()
            .map(|e| gold_names.contains(&english_key(&e.name_en)))
            .collect();
        // Entities matched by a mention only: a system entity unmatched by
        // name sharing a mention span with a gold entity of its type that
        // no system entity matches by name.
        let mut by_mention = vec![false; analysis.entities.len()];
        for g in &gold_entities {
            if system.contains_key(&english_key(&g.name_en)) {
                continue;
            }
            let shares = |e: &khabar::entities::Entity| {
                e.kind.as_str() == gold_type(&g.kind)
                    && e.mentions
                        .iter()
                        .any(|m| g.mentions.iter().any(|(r, _)| *r == m.span.range()))
            };
            let mut found = false;
            for (i, e) in analysis.entities.iter().enumerate() {
                if !by_name[i] && shares(e) {
                    by_mention[i] = true;
                    found = true;
                }
            }
            if found {
                by_type
                    .entry(gold_type(&g.kind))
                    .or_default()
                    .found_by_name_or_mention += 1;
            }
        }
        for (i, e) in analysis.entities.iter().enumerate() {
            let counts = by_type.entry(e.kind.as_str()).or_default();
            counts.system += 1;
            counts.correct_by_name_or_mention += usize::from(by_name[i] || by_mention[i]);
            if by_name[i] {
                counts.correct += 1;
            } else {
                let first = e.mentions[0].span.slice(text).unwrap_or_default();
                let _ = writeln!(
                    errors,
                    "{id}\tSPURIOUS\t{}\t{}\t{}\t{first}",
                    e.kind.as_str(),
                    e.id,
                    e.name_en
                );
            }
        }
        for g in &gold_entities {
            let kind = gold_type(&g.kind);
            let counts = by_type.entry(kind).or_default();
            counts.gold += 1;
            let matched = system
                .get(&english_key(&g.name_en))
                .map(|&i| &analysis.entities[i]);
            if matched.is_some() {
                counts.found += 1;
                counts.found_by_name_or_mention += 1;
            } else {
                let first = g.mentions.first().map_or("", |(r, _)| &text[r.clone()]);
                let _ = writeln!(errors, "{id}\tMISSED\t{kind}\t{}\t{first}", g.name_en);
            }
            for (range, mention_kind) in &g.mentions {
                let counts = mentions.entry(mention_kind.clone()).or_default();
                counts.gold += 1;
                let covers = |m: &khabar::entities::Mention| m.span.range() == *range;
                let found = analysis
                    .entities
                    .iter()
                    .any(|e| e.mentions.iter().any(covers));
                let linked = matched.is_some_and(|e| e.mentions.iter().any(covers));
                counts.found += usize::from(found);
                counts.linked += usize::from(linked);
                if !linked {
                    let what = if found { "UNLINKED" } else { "MENTION" };
                    let _ = writeln!(
                        errors,
                        "{id}\t{what}\t{kind}\t{}\t{mention_kind}\t{}",
                        g.name_en,
                        &text[range.clone()]
                    );
                }
            }
        }
    }
    print_report(&args.gold, articles, &by_type, &mentions);
    super::write_errors(args.errors.as_deref(), &errors)?;
    Ok(crate::exit::OK)
}

fn gold_type(kind: &str) -> &'static str {
    match kind {
        "PERSON" => "PERSON",
        "ORG" => "ORG",
        "GPE" => "GPE",
        "LOC" => "LOC",
        _ => "OTHER",
    }
}

/// English names compare in lowercase ASCII letters and digits, without
/// accents, a Wikipedia disambiguation (in parentheses or after a comma),
/// or a leading `the`: `Türkiye` = `turkiye`, `Georgia (country)` =
/// `georgia`, `Monastir, Tunisia` = `monastir`.
pub(super) fn english_key(name: &str) -> String {
    // Wikipedia disambiguates by a parenthesis or, for places, a comma.
    let name = match name.find(" (").or_else(|| name.find(", ")) {
        Some(i) => &name[..i],
        None => name,
    };
    let decomposed: String = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd()
        .normalize(name)
        .into_owned();
    let words: Vec<String> = decomposed
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    let skip = usize::from(words.first().is_some_and(|w| w == "the"));
    words[skip..].join(" ")
}

/// The gold entities of one record with their mentions found in the text:
/// each mention is the next occurrence of its string, as a whole word or
/// after clitics, after the entity's previous mention.
fn locate(text: &str, record: &serde_json::Value) -> anyhow::Result<Vec<GoldEntity>> {
    let mut entities = Vec::new();
    for entity in gold::list(record, "entities") {
        let mut mentions = Vec::new();
        let mut order = InTextOrder::disjoint();
        for mention in gold::list(entity, "mentions") {
            let surface = mention["text"].as_str().unwrap_or_default();
            if surface.is_empty() {
                continue;
            }
            let start = order
                .next(text, surface, find_word)
                .or_else(|| find_word(text, surface, 0))
                .with_context(|| format!("gold mention {surface:?} is not in the text"))?;
            let kind = mention["kind"].as_str().unwrap_or("name").to_string();
            mentions.push((start..start + surface.len(), kind));
        }
        entities.push(GoldEntity {
            kind: entity["type"].as_str().unwrap_or_default().to_string(),
            name_en: entity["name_en"].as_str().unwrap_or_default().to_string(),
            mentions,
        });
    }
    Ok(entities)
}

/// The first occurrence of `surface` at or after `from` that starts a word
/// or follows only clitic letters (`وب` in `وبسورية`) and ends one.
fn find_word(text: &str, surface: &str, from: usize) -> Option<usize> {
    let mut from = from.min(text.len());
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text[from..]
        .match_indices(surface)
        .map(|(i, _)| from + i)
        .find(|&start| {
            let word_start = text[..start]
                .rfind(|c: char| !c.is_alphanumeric())
                .map_or(0, |i| {
                    i + text[i..].chars().next().map_or(1, char::len_utf8)
                });
            let clitics = &text[word_start..start];
            let end = start + surface.len();
            let ends_word = text[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            ends_word
                && clitics
                    .chars()
                    .all(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك'))
        })
}

fn print_report(
    gold: &std::path::Path,
    documents: usize,
    by_type: &BTreeMap<&'static str, Counts>,
    mentions: &BTreeMap<String, MentionCounts>,
) {
    println!("entities: {} ({documents} articles)", gold.display());
    println!();
    println!("| type | gold | system | precision | recall | F1 |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut total = Counts::default();
    for c in by_type.values() {
        total.gold += c.gold;
        total.system += c.system;
        total.correct += c.correct;
        total.found += c.found;
        total.correct_by_name_or_mention += c.correct_by_name_or_mention;
        total.found_by_name_or_mention += c.found_by_name_or_mention;
    }
    let rows = || {
        by_type
            .iter()
            .map(|(k, c)| (*k, c))
            .chain([("all", &total)])
    };
    for (kind, c) in rows() {
        let (p, r) = (ratio(c.correct, c.system), ratio(c.found, c.gold));
        println!(
            "| {kind} | {} | {} | {p:.3} | {r:.3} | {:.3} |",
            c.gold,
            c.system,
            f1(p, r)
        );
    }
    println!();
    println!("Matched by name or else by a mention (found, whatever the English name):");
    println!();
    println!("| type | precision | recall | F1 |");
    println!("|---|---:|---:|---:|");
    for (kind, c) in rows() {
        let (p, r) = (
            ratio(c.correct_by_name_or_mention, c.system),
            ratio(c.found_by_name_or_mention, c.gold),
        );
        println!("| {kind} | {p:.3} | {r:.3} | {:.3} |", f1(p, r));
    }
    println!();
    println!("| mentions | gold | system | precision | found | found and linked |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (kind, c) in mentions {
        println!(
            "| {kind} | {} | {} | {:.3} | {:.3} | {:.3} |",
            c.gold,
            c.system,
            ratio(c.correct, c.system),
            ratio(c.found, c.gold),
            ratio(c.linked, c.gold)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_names_compare_without_case_accents_or_disambiguation() {
        assert_eq!(english_key("Georgia (country)"), "georgia");
        assert_eq!(english_key("Monastir, Tunisia"), "monastir");
        assert_eq!(english_key("Türkiye"), "turkiye");
        assert_eq!(english_key("The Hague"), "hague");
        assert_eq!(english_key("Al-Qadsiah FC"), "al qadsiah fc");
    }

    #[test]
    fn mentions_are_found_as_words_after_clitics_only() {
        let text = "الدولة السورية وبسورية سورية";
        // Not inside السورية: ال is not a clitic.
        assert_eq!(
            find_word(text, "سورية", 0),
            Some(text.find("وبسورية").unwrap() + 4)
        );
        assert_eq!(find_word(text, "سوري", 0), None);
    }
}
