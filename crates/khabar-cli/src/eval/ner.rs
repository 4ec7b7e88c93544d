//! `khabar eval ner`: CoNLL exact-span precision, recall and F1 per type.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use khabar::entities::{EntityType, MentionKind};
use khabar::ner::{read_conll_with, spans, Gazetteer, Scorer, TaggedSentence};
use khabar::text::tokenize::Tokenizer;
use khabar::{Pipeline, RawArticle};

use super::{f1, ratio};
use crate::train::read_sentences;

/// The tag set of the gold files, read as khabar's four types.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ScorerArg {
    Combined,
    Perceptrons,
    Neural,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum TagSet {
    /// ANERcorp's BIO tags: PERS, LOC, ORG, MISC, as they are.
    Anercorp,
    /// AQMAR: PER, LOC, ORG, and MIS0–MIS3 (its per-article classes) as
    /// MISC; its few malformed tags (`OO`, `I--ORG`, `B-MIS1``) repaired.
    Aqmar,
    /// NewsFANE's fine classes, by their coarse class: persons to PERS
    /// (groups such as الصينيون to O, as ANERcorp leaves them), GPEs,
    /// locations and facilities to LOC, organisations to ORG, products,
    /// vehicles and weapons to MISC.
    Newsfane,
}

#[derive(clap::Args)]
pub struct Args {
    /// Gold data: `token TAG` per line, blank lines between sentences; a
    /// directory stands for its `.txt` files.
    #[arg(long, required = true, num_args = 1..)]
    gold: Vec<PathBuf>,
    /// The gold files' tag set.
    #[arg(long, value_enum, default_value = "anercorp")]
    tags: TagSet,
    /// Score only these types (comma-separated, e.g. `PERS,LOC,ORG`).
    #[arg(long, value_delimiter = ',')]
    types: Vec<String>,

    /// A model from `khabar train ner`; without one, the names the entity
    /// lexicon finds (what `analyze` does by default) are scored.
    #[arg(long)]
    ner_model: Option<PathBuf>,
    /// Which of the model's scorers decides the tags: `combined` (the
    /// default), `perceptrons` or `neural` alone, to measure each.
    #[arg(long, value_enum, default_value = "combined")]
    scorer: ScorerArg,
    /// Weigh the model's neural scorer by this instead of its trained
    /// weight.
    #[arg(long)]
    neural_weight: Option<f32>,
    /// Also write `token GOLD PREDICTED` lines here, for error analysis.
    #[arg(long)]
    predictions: Option<PathBuf>,
}

#[derive(Default)]
struct Counts {
    gold: usize,
    found: usize,
    right: usize,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    // The model's tokenizer and gazetteer, or the entity pipeline: only
    // what tags is built.
    let tag: Box<TagDocument> = match &args.ner_model {
        Some(path) => {
            let mut model = crate::read_ner_model(path)?;
            model.set_scorer(match args.scorer {
                ScorerArg::Combined => Scorer::Combined,
                ScorerArg::Perceptrons => Scorer::Perceptrons,
                ScorerArg::Neural => Scorer::Neural,
            });
            if let Some(weight) = args.neural_weight {
                model.set_neural_weight(weight);
            }
            let tokenizer = Tokenizer::new();
            let gazetteer = Gazetteer::new(&tokenizer);
            Box::new(move |document| model.tag_document(&tokenizer, &gazetteer, document))
        }
        None => {
            let pipeline = Pipeline::builder().times(false).quotes(false).build();
            Box::new(move |document| {
                document
                    .chunks(LEXICON_ARTICLE_SENTENCES)
                    .flat_map(|article| lexicon_tags(&pipeline, article))
                    .collect()
            })
        }
    };
    let mut files = Vec::new();
    for path in &args.gold {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot read {}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    // Each file is tagged as one document: the tagger looks at the
    // neighbouring sentences.
    let mut sentences = Vec::new();
    let mut predictions = Vec::new();
    for path in &files {
        let document = read_gold(path, args.tags)?;
        let tokens: Vec<&[String]> = document.iter().map(|s| s.tokens.as_slice()).collect();
        predictions.extend(tag(&tokens));
        sentences.extend(document);
    }
    let keep = |tags: Vec<String>| -> Vec<String> {
        if args.types.is_empty() {
            return tags;
        }
        tags.into_iter()
            .map(|t| match t.split_once('-') {
                Some((_, kind)) if !args.types.iter().any(|k| k == kind) => "O".to_string(),
                _ => t,
            })
            .collect()
    };
    let mut by_type: BTreeMap<String, Counts> = BTreeMap::new();
    let mut confusions: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut boundary_errors = 0;
    let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    let mut listing = String::new();
    for (sentence, predicted) in sentences.iter().zip(predictions) {
        let predicted = keep(predicted);
        let gold_tags = keep(sentence.tags.clone());
        if args.predictions.is_some() {
            for ((token, gold), found) in sentence.tokens.iter().zip(&gold_tags).zip(&predicted) {
                listing.push_str(&format!("{token} {gold} {found}\n"));
            }
            listing.push('\n');
        }
        let gold = spans(&gold_tags);
        let found = spans(&predicted);
        for (kind, _, _) in &gold {
            by_type.entry(kind.clone()).or_default().gold += 1;
        }
        for (kind, start, end) in &found {
            let counts = by_type.entry(kind.clone()).or_default();
            counts.found += 1;
            match gold.iter().find(|(_, s, e)| s == start && e == end) {
                Some((gold_kind, _, _)) if gold_kind == kind => counts.right += 1,
                Some((gold_kind, _, _)) => {
                    *confusions
                        .entry((gold_kind.clone(), kind.clone()))
                        .or_default() += 1
                }
                None if gold.iter().any(|(_, s, e)| s < end && start < e) => boundary_errors += 1,
                None => {}
            }
        }
    }
    if let Some(path) = &args.predictions {
        std::fs::write(path, listing)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let names: Vec<String> = args.gold.iter().map(|p| p.display().to_string()).collect();
    println!(
        "khabar eval ner — {} ({} files, {} sentences, {tokens} tokens)",
        names.join(" "),
        files.len(),
        sentences.len(),
    );
    println!();
    println!("| type | gold | found | precision | recall | F1 |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut total = Counts::default();
    for (kind, c) in &by_type {
        let (p, r) = (ratio(c.right, c.found), ratio(c.right, c.gold));
        println!(
            "| {kind} | {} | {} | {p:.3} | {r:.3} | {:.3} |",
            c.gold,
            c.found,
            f1(p, r)
        );
        total.gold += c.gold;
        total.found += c.found;
        total.right += c.right;
    }
    let (p, r) = (
        ratio(total.right, total.found),
        ratio(total.right, total.gold),
    );
    println!(
        "| micro | {} | {} | {p:.3} | {r:.3} | {:.3} |",
        total.gold,
        total.found,
        f1(p, r)
    );
    println!();
    let mut confused: Vec<_> = confusions.into_iter().collect();
    confused.sort_by_key(|entry| std::cmp::Reverse(entry.1));
    let listed: Vec<String> = confused
        .iter()
        .map(|((g, f), n)| format!("{g}→{f} {n}"))
        .collect();
    println!(
        "right span, wrong type (gold→found): {}",
        if listed.is_empty() {
            "none".to_string()
        } else {
            listed.join(", ")
        }
    );
    println!("overlapping a gold entity with other bounds: {boundary_errors}");
    Ok(crate::exit::OK)
}

/// Tags the sentences of one document, one BIO tag per token.
type TagDocument = dyn Fn(&[&[String]]) -> Vec<Vec<String>>;

/// Sentences of a gold file the entity lexicon reads as one article.
/// ANERcorp marks no article boundaries, and the entity layer has rules
/// over a whole article (football news, the countries it speaks of, bare
/// nouns referring back): ten sentences, as the tagger's window, keep them
/// from reaching across a whole test file.
const LEXICON_ARTICLE_SENTENCES: usize = 10;

/// BIO tags from the entity lexicon's name mentions: the sentences are one
/// article, a sentence a line; a token a name mention touches is tagged
/// (a mention leaves proclitics out, a CoNLL token keeps them); people are
/// PERS, organisations ORG, countries, cities and other places LOC.
fn lexicon_tags(pipeline: &Pipeline, sentences: &[&[String]]) -> Vec<Vec<String>> {
    let mut text = String::new();
    let mut token_spans = Vec::new();
    for sentence in sentences {
        let mut spans = Vec::new();
        for (k, token) in sentence.iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            spans.push(text.len()..text.len() + token.len());
            text.push_str(token);
        }
        text.push('\n');
        token_spans.push(spans);
    }
    let analysis = pipeline.analyze(RawArticle {
        id: "conll".into(),
        text,
        ..Default::default()
    });
    let mut tags: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| vec!["O".to_string(); s.len()])
        .collect();
    for entity in &analysis.entities {
        let kind = match entity.kind {
            EntityType::Person => "PERS",
            EntityType::Org => "ORG",
            EntityType::Gpe | EntityType::Loc => "LOC",
        };
        for mention in entity
            .mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Name)
        {
            let range = mention.span.range();
            for (spans, tags) in token_spans.iter().zip(&mut tags) {
                let touched: Vec<usize> = (0..spans.len())
                    .filter(|&k| spans[k].start < range.end && range.start < spans[k].end)
                    .collect();
                if touched.iter().any(|&k| tags[k] != "O") {
                    continue;
                }
                for (n, &k) in touched.iter().enumerate() {
                    tags[k] = format!("{}-{kind}", if n == 0 { "B" } else { "I" });
                }
            }
        }
    }
    tags
}

/// Reads a gold file in its tag set, as khabar's BIO tags.
fn read_gold(path: &Path, tags: TagSet) -> anyhow::Result<Vec<TaggedSentence>> {
    if matches!(tags, TagSet::Anercorp) {
        return read_sentences(path);
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let map = match tags {
        TagSet::Aqmar => aqmar_tag,
        _ => newsfane_tag,
    };
    read_conll_with(&text, map).map_err(|line| {
        anyhow::anyhow!(
            "{}:{line}: expected `token TAG` with a {tags:?} tag",
            path.display()
        )
    })
}

/// Splits `B-X`/`I-X` (tolerating `I--X`); `O` and the stray `OO`, `IO` are
/// outside.
fn split_bio(tag: &str) -> Option<(&str, &str)> {
    let (prefix, kind) = tag.split_once('-')?;
    let kind = kind.trim_start_matches('-');
    (matches!(prefix, "B" | "I") && !kind.is_empty()).then_some((prefix, kind))
}

fn aqmar_tag(tag: &str) -> Option<String> {
    if matches!(tag, "O" | "OO" | "IO") {
        return Some("O".to_string());
    }
    let (prefix, kind) = split_bio(tag)?;
    let coarse = match kind {
        "PER" => "PERS",
        "LOC" => "LOC",
        "ORG" => "ORG",
        // MIS0–MIS3 and their misspellings (`MIS-1`, `MISS1`, `MIS1``), and
        // the two language names tagged `B-ENGLISH`, `B-SPANISH`.
        _ => "MISC",
    };
    Some(format!("{prefix}-{coarse}"))
}

fn newsfane_tag(tag: &str) -> Option<String> {
    if tag == "O" {
        return Some("O".to_string());
    }
    let (prefix, kind) = split_bio(tag)?;
    let coarse = match kind {
        "Politician" | "Athlete" | "Artist" | "Other_PER" | "Religious_PER" | "Scientist"
        | "Businessperson" | "Lawyer" | "Engineer" | "Police" => "PERS",
        // Groups of people (الصينيون، الشيوعيون): ANERcorp tags them O.
        "Group" => return Some("O".to_string()),
        "Government" | "Non-Governmental" | "Commercial" | "Educational" | "Media"
        | "Religious_ORG" | "Sports" | "Medical-Science" | "Entertainment" => "ORG",
        // GPEs, locations and facilities.
        "Nation"
        | "Population-Center"
        | "State-or-Province"
        | "GPE-Cluster"
        | "Continent"
        | "County-or-District"
        | "Water-Body"
        | "Land-Region-Natural"
        | "Celestial"
        | "Building-Grounds"
        | "Airport"
        | "Path"
        | "Subarea-Facility"
        | "Plant" => "LOC",
        // Products, vehicles (Air, Land, Water) and weapons.
        "Book" | "Movie" | "Software" | "Hardware" | "Food" | "Drug" | "Air" | "Land" | "Water"
        | "Shooting" | "Projectile" => "MISC",
        _ => return None,
    };
    Some(format!("{prefix}-{coarse}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_tag_sets_read_as_the_four_types() {
        assert_eq!(aqmar_tag("B-PER").as_deref(), Some("B-PERS"));
        assert_eq!(aqmar_tag("I-MIS2").as_deref(), Some("I-MISC"));
        assert_eq!(aqmar_tag("B-MIS1`").as_deref(), Some("B-MISC"));
        assert_eq!(aqmar_tag("I--ORG").as_deref(), Some("I-ORG"));
        assert_eq!(aqmar_tag("OO").as_deref(), Some("O"));
        assert_eq!(newsfane_tag("B-Politician").as_deref(), Some("B-PERS"));
        assert_eq!(
            newsfane_tag("I-Population-Center").as_deref(),
            Some("I-LOC")
        );
        assert_eq!(newsfane_tag("B-Non-Governmental").as_deref(), Some("B-ORG"));
        assert_eq!(newsfane_tag("B-Group").as_deref(), Some("O"));
        assert_eq!(newsfane_tag("B-Unknown"), None);
    }
}
