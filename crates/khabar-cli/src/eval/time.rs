//! `khabar eval time`: extent, type and value scores for time expressions.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use khabar::calendar::Date;
use khabar::times::TimeType;
use khabar::{CharIndex, Pipeline, Published};

use super::gold::{self, GoldDocument, GoldTime};
use super::{f1, ratio};

#[derive(clap::Args)]
pub struct Args {
    /// A directory of TimeML `.tml` files, one `.tml` file, or a development gold `gold.jsonl`.
    #[arg(long)]
    gold: PathBuf,
    /// Corpus files holding the articles of a JSONL gold (default: ../../corpus beside it).
    #[arg(long)]
    corpus: Vec<PathBuf>,
    /// Write every miss, false alarm and wrong value to this file.
    #[arg(long)]
    errors: Option<PathBuf>,
    /// Creation date for TimeML documents that state none of their own
    /// (`YYYY-MM-DD`); without it their relative expressions stay unresolved.
    #[arg(long, value_parser = parse_date)]
    dct: Option<Date>,
}

fn parse_date(value: &str) -> Result<Date, String> {
    Published::parse(value)
        .map(|p| p.date)
        .map_err(|e| e.to_string())
}

/// A system expression, offsets in code points.
struct SystemTime {
    start: usize,
    end: usize,
    kind: &'static str,
    value: String,
    text: String,
}

#[derive(Default)]
struct Counts {
    gold: usize,
    system: usize,
    strict: usize,
    relaxed: usize,
    type_right: usize,
    value_right: usize,
    /// System expressions of this type matched to gold of the same type.
    same_type: usize,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let (mut documents, timeml) = load(&args)?;
    if timeml {
        infer_creation_times(&mut documents, args.dct);
    }
    let pipeline = Pipeline::builder().build();
    let mut total = Counts::default();
    let mut by_type: BTreeMap<String, Counts> = BTreeMap::new();
    let mut errors = String::new();
    for document in &documents {
        let analysis = pipeline.analyze(document.article.clone());
        let text = analysis.article.text.as_str();
        let index = CharIndex::new(text);
        let system: Vec<SystemTime> = analysis
            .times
            .iter()
            .map(|t| {
                let [start, end] = index.chars(t.span);
                SystemTime {
                    start,
                    end,
                    kind: type_name(t.kind),
                    value: t.value.clone(),
                    text: t.span.slice(text).unwrap_or("").to_string(),
                }
            })
            .collect();
        score(document, &system, &mut total, &mut by_type, &mut errors);
    }
    print_report(&args.gold, documents.len(), &total, &by_type);
    super::write_errors(args.errors.as_deref(), &errors)?;
    Ok(crate::exit::OK)
}

fn type_name(kind: TimeType) -> &'static str {
    match kind {
        TimeType::Date => "DATE",
        TimeType::Time => "TIME",
        TimeType::Duration => "DURATION",
        TimeType::Set => "SET",
    }
}

fn load(args: &Args) -> anyhow::Result<(Vec<GoldDocument>, bool)> {
    let gold = &args.gold;
    if gold.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(gold)
            .with_context(|| format!("cannot read {}", gold.display()))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "tml"))
            .collect();
        files.sort();
        anyhow::ensure!(!files.is_empty(), "no .tml files in {}", gold.display());
        return Ok((
            files
                .iter()
                .map(|f| gold::read_timeml(f))
                .collect::<anyhow::Result<_>>()?,
            true,
        ));
    }
    if gold.extension().is_some_and(|e| e == "tml") {
        return Ok((vec![gold::read_timeml(gold)?], true));
    }
    let corpus = super::corpus_or_default(&args.corpus, gold);
    Ok((gold::read_dev_gold(gold, &corpus)?, false))
}

/// TimeML documents carry no creation time. Each one's is read from its
/// own text where it states today's date (`اليوم السبت 10 ديسمبر 2016`);
/// the others take `--dct`, the collection's creation date.
fn infer_creation_times(documents: &mut [GoldDocument], default: Option<Date>) {
    let pipeline = Pipeline::builder().build();
    for document in documents.iter_mut() {
        let analysis = pipeline.analyze(document.article.clone());
        let text = analysis.article.text.as_str();
        let stated = analysis
            .times
            .iter()
            .filter(|t| t.span.slice(text).is_some_and(|s| s.starts_with("اليوم")))
            .find_map(|t| parse_day(&t.value));
        document.article.published = stated.or(default).map(|date| Published {
            date,
            time: None,
            offset_minutes: None,
        });
    }
}

fn parse_day(value: &str) -> Option<Date> {
    if value.len() != 10 {
        return None;
    }
    Date::new(
        value.get(0..4)?.parse().ok()?,
        value.get(5..7)?.parse().ok()?,
        value.get(8..10)?.parse().ok()?,
    )
}

fn score(
    document: &GoldDocument,
    system: &[SystemTime],
    total: &mut Counts,
    by_type: &mut BTreeMap<String, Counts>,
    errors: &mut String,
) {
    let id = &document.article.id;
    let mut used = vec![false; system.len()];
    total.gold += document.times.len();
    total.system += system.len();
    for s in system {
        by_type.entry(s.kind.to_string()).or_default().system += 1;
    }
    for g in &document.times {
        by_type.entry(g.kind.clone()).or_default().gold += 1;
        let exact = (0..system.len())
            .find(|&k| !used[k] && system[k].start == g.start && system[k].end == g.end);
        let overlap = exact.or_else(|| {
            (0..system.len())
                .find(|&k| !used[k] && system[k].start < g.end && g.start < system[k].end)
        });
        let Some(k) = overlap else {
            let _ = writeln!(
                errors,
                "{id}\tMISS\t{}\t{}\t{}",
                g.kind,
                g.value,
                surface(document, g)
            );
            continue;
        };
        used[k] = true;
        let s = &system[k];
        let counts = by_type.entry(g.kind.clone()).or_default();
        counts.relaxed += 1;
        total.relaxed += 1;
        if exact.is_some() {
            counts.strict += 1;
            total.strict += 1;
        }
        if s.kind == g.kind {
            counts.type_right += 1;
            counts.same_type += 1;
            total.type_right += 1;
        }
        if s.value == g.value {
            counts.value_right += 1;
            total.value_right += 1;
        } else {
            let _ = writeln!(
                errors,
                "{id}\tVALUE\t{} {} (gold {} {})\t{}",
                s.kind, s.value, g.kind, g.value, s.text
            );
        }
    }
    for (_, s) in system.iter().enumerate().filter(|(k, _)| !used[*k]) {
        let _ = writeln!(errors, "{id}\tFALSE\t{}\t{}\t{}", s.kind, s.value, s.text);
    }
}

fn surface(document: &GoldDocument, g: &GoldTime) -> String {
    document
        .article
        .text
        .chars()
        .skip(g.start)
        .take(g.end - g.start)
        .collect()
}

fn print_report(gold: &Path, documents: usize, total: &Counts, by_type: &BTreeMap<String, Counts>) {
    println!(
        "khabar eval time — {} ({documents} documents, {} gold, {} found)",
        gold.display(),
        total.gold,
        total.system
    );
    println!();
    println!("| extent | precision | recall | F1 |");
    println!("|---|---:|---:|---:|");
    for (name, matched) in [("strict", total.strict), ("relaxed", total.relaxed)] {
        let (p, r) = (ratio(matched, total.system), ratio(matched, total.gold));
        println!("| {name} | {p:.3} | {r:.3} | {:.3} |", f1(p, r));
    }
    println!();
    println!(
        "type accuracy {:.3}, value accuracy {:.3} (over {} relaxed matches)",
        ratio(total.type_right, total.relaxed),
        ratio(total.value_right, total.relaxed),
        total.relaxed
    );
    println!();
    println!("| type | gold | found | relaxed P | relaxed R | value accuracy |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (kind, c) in by_type {
        // Precision per type: expressions found of that type that match gold
        // of the same type.
        println!(
            "| {kind} | {} | {} | {:.3} | {:.3} | {:.3} |",
            c.gold,
            c.system,
            ratio(c.same_type, c.system),
            ratio(c.relaxed, c.gold),
            ratio(c.value_right, c.relaxed)
        );
    }
}
