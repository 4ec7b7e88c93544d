//! `khabar eval ner`: CoNLL exact-span precision, recall and F1 per type.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use khabar::ner::{spans, Gazetteer, NerModel};
use khabar::text::tokenize::Tokenizer;

use crate::train::read_sentences;

#[derive(clap::Args)]
pub struct Args {
    /// Gold data: `token TAG` per line, blank lines between sentences.
    #[arg(long)]
    gold: PathBuf,
    /// A model from `khabar train ner`.
    #[arg(long)]
    ner_model: PathBuf,
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
    let bytes = std::fs::read(&args.ner_model)
        .with_context(|| format!("cannot read {}", args.ner_model.display()))?;
    let model = NerModel::from_bytes(&bytes)
        .with_context(|| format!("cannot load {}", args.ner_model.display()))?;
    let sentences = read_sentences(&args.gold)?;
    let tokenizer = Tokenizer::new();
    let gazetteer = Gazetteer::new(&tokenizer);
    let mut by_type: BTreeMap<String, Counts> = BTreeMap::new();
    let mut confusions: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut boundary_errors = 0;
    let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    let mut listing = String::new();
    for sentence in &sentences {
        let predicted = model.tag(&tokenizer, &gazetteer, &sentence.tokens);
        if args.predictions.is_some() {
            for ((token, gold), found) in sentence.tokens.iter().zip(&sentence.tags).zip(&predicted)
            {
                listing.push_str(&format!("{token} {gold} {found}\n"));
            }
            listing.push('\n');
        }
        let gold = spans(&sentence.tags);
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
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let f1 = |p: f64, r: f64| {
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    };
    println!(
        "khabar eval ner — {} ({} sentences, {tokens} tokens)",
        args.gold.display(),
        sentences.len()
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
