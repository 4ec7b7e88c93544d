//! `khabar eval quotes`: attributed statements against the development
//! gold (`gold.jsonl`). A system quote matches a gold quote when their
//! contents share at least half of the words of each; over matched quotes,
//! the speaker is right when it names the gold speaker (see [`names`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::PathBuf;

use anyhow::Context;
use khabar::quotes::{Quote, QuoteKind};
use khabar::text::normalize::{fold_for_search, Normalized};
use khabar::text::tokenize::{Token, TokenKind};
use khabar::{Analysis, Pipeline};

use super::gold::{self, find_from, InTextOrder};

#[derive(clap::Args)]
pub struct Args {
    /// The gold file (`gold.jsonl`: per article, its quotes as exact substrings in text order).
    #[arg(long)]
    gold: PathBuf,
    /// Corpus files holding the gold articles (default: ../../corpus beside the gold).
    #[arg(long)]
    corpus: Vec<PathBuf>,
    /// Write every missed, spurious and misattributed quote to this file (TSV).
    #[arg(long)]
    errors: Option<PathBuf>,
}

/// A gold quote located in its article.
struct GoldQuote {
    content: Range<usize>,
    kind: String,
    cue: String,
    speaker: String,
    speaker_en: String,
}

#[derive(Default)]
struct Counts {
    gold: usize,
    system: usize,
    /// Gold quotes of this kind matched.
    found: usize,
    /// System quotes of this kind matched.
    correct: usize,
    /// Matched gold quotes of this kind whose speaker is right.
    speaker: usize,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let corpus = super::corpus_or_default(&args.corpus, &args.gold);
    let documents = gold::read_with_articles(&args.gold, &corpus)?;
    let articles = documents.len();
    let pipeline = Pipeline::builder().build();
    let mut by_kind: BTreeMap<&'static str, Counts> = BTreeMap::new();
    let mut kind_right = 0;
    let mut errors = String::new();
    for (record, article) in documents {
        let id = article.id.clone();
        let gold_quotes = locate(&article.text, &record)
            .with_context(|| format!("{}: article {id}", args.gold.display()))?;
        let analysis = pipeline.analyze(article);
        let text = analysis.article.text.as_str();
        let words = |span: Range<usize>| word_tokens(&analysis.tokens, span);
        let system: Vec<Range<usize>> = analysis
            .quotes
            .iter()
            .map(|q| words(q.span.range()))
            .collect();
        let mut taken = vec![false; system.len()];
        for g in &gold_quotes {
            let counts = by_kind.entry(kind_key(&g.kind)).or_default();
            counts.gold += 1;
            let gold_words = words(g.content.clone());
            let best = system
                .iter()
                .enumerate()
                .filter(|(k, _)| !taken[*k])
                .map(|(k, s)| (k, shared(s, &gold_words)))
                .filter(|&(k, n)| 2 * n >= system[k].len() && 2 * n >= gold_words.len() && n > 0)
                .max_by_key(|&(_, n)| n);
            let Some((k, _)) = best else {
                let _ = writeln!(
                    errors,
                    "{id}\tMISSED\t{}\t{}\t{}\t{}",
                    g.kind,
                    g.cue,
                    g.speaker,
                    excerpt(&text[g.content.clone()])
                );
                continue;
            };
            taken[k] = true;
            let quote = &analysis.quotes[k];
            counts.found += 1;
            kind_right += usize::from(kind_name(quote.kind) == g.kind);
            if names(&analysis, quote, g) {
                by_kind.entry(kind_key(&g.kind)).or_default().speaker += 1;
            } else {
                let _ = writeln!(
                    errors,
                    "{id}\tSPEAKER\t{}\t{}\t{} (gold {})\t{}",
                    g.kind,
                    g.cue,
                    quote.speaker.name,
                    g.speaker,
                    excerpt(&text[g.content.clone()])
                );
            }
            by_kind.entry(kind_name(quote.kind)).or_default().correct += 1;
        }
        for (quote, taken) in analysis.quotes.iter().zip(taken) {
            by_kind.entry(kind_name(quote.kind)).or_default().system += 1;
            if !taken {
                let _ = writeln!(
                    errors,
                    "{id}\tSPURIOUS\t{}\t{}\t{}\t{}",
                    kind_name(quote.kind),
                    quote.cue.slice(text).unwrap_or_default(),
                    quote.speaker.name,
                    excerpt(quote.span.slice(text).unwrap_or_default())
                );
            }
        }
    }
    print_report(&args.gold, articles, &by_kind, kind_right);
    super::write_errors(args.errors.as_deref(), &errors)?;
    Ok(crate::exit::OK)
}

fn print_report(
    gold: &std::path::Path,
    articles: usize,
    by_kind: &BTreeMap<&'static str, Counts>,
    kind_right: usize,
) {
    println!(
        "khabar eval quotes: {} ({articles} articles)\n",
        gold.display()
    );
    println!("| kind | gold | system | precision | recall | speaker accuracy |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut all = Counts::default();
    let ratio = |a: usize, b: usize| {
        if b == 0 {
            "-".to_string()
        } else {
            format!("{:.3}", a as f64 / b as f64)
        }
    };
    for (kind, c) in by_kind {
        println!(
            "| {kind} | {} | {} | {} | {} | {} |",
            c.gold,
            c.system,
            ratio(c.correct, c.system),
            ratio(c.found, c.gold),
            ratio(c.speaker, c.found)
        );
        all.gold += c.gold;
        all.system += c.system;
        all.found += c.found;
        all.correct += c.correct;
        all.speaker += c.speaker;
    }
    println!(
        "| all | {} | {} | {} | {} | {} |",
        all.gold,
        all.system,
        ratio(all.correct, all.system),
        ratio(all.found, all.gold),
        ratio(all.speaker, all.found)
    );
    println!(
        "\nPrecision per system kind, recall and speaker accuracy per gold kind; \
         kind agreement over matched quotes: {}",
        ratio(kind_right, all.found)
    );
}

fn kind_name(kind: QuoteKind) -> &'static str {
    match kind {
        QuoteKind::Direct => "direct",
        QuoteKind::Indirect => "indirect",
        QuoteKind::Mixed => "mixed",
    }
}

fn kind_key(kind: &str) -> &'static str {
    match kind {
        "direct" => "direct",
        "indirect" => "indirect",
        "mixed" => "mixed",
        _ => "other",
    }
}

/// The words of the story (tokens that are not punctuation or symbols)
/// that overlap a byte range, as a range of token indices.
fn word_tokens(tokens: &[Token], range: Range<usize>) -> Range<usize> {
    let start = tokens.partition_point(|t| t.span.end() <= range.start);
    let end = tokens.partition_point(|t| t.span.start() < range.end);
    let is_word = |t: &Token| !matches!(t.kind, TokenKind::Punct | TokenKind::Symbol);
    let start = (start..end).find(|&i| is_word(&tokens[i])).unwrap_or(end);
    let end = (start..end)
        .rev()
        .find(|&i| is_word(&tokens[i]))
        .map_or(start, |i| i + 1);
    start..end
}

/// Words two ranges share, punctuation left out.
fn shared(a: &Range<usize>, b: &Range<usize>) -> usize {
    b.end.min(a.end).saturating_sub(b.start.max(a.start))
}

/// Whether the system speaker names the gold speaker: its entity's English
/// name is the gold `speaker_en`, or one of its Arabic names (the name it
/// gives, the surface it points at, its entity's name and mentions) contains
/// the gold speaker as whole words, or is itself part of the gold speaker
/// and a name rather than a bare noun: two words or more, or one word
/// without the article (`ريس` for `خوسيه أنطونيو ريس`, not `الحكومة` for
/// `الحكومة اليمنية`). Names compare under khabar's normalization and
/// search folds, without `#`, `_` and punctuation.
fn names(analysis: &Analysis, quote: &Quote, gold: &GoldQuote) -> bool {
    let speaker = &quote.speaker;
    let entity = speaker
        .entity
        .as_deref()
        .and_then(|id| analysis.entities.iter().find(|e| e.id == id));
    if entity.is_some_and(|e| {
        !gold.speaker_en.is_empty() && e.name_en.eq_ignore_ascii_case(&gold.speaker_en)
    }) {
        return true;
    }
    let gold_words = words(&gold.speaker);
    if gold_words.is_empty() {
        return false;
    }
    let text = analysis.article.text.as_str();
    let surface = speaker.span.and_then(|s| s.slice(text)).unwrap_or_default();
    let mentions = entity
        .into_iter()
        .flat_map(|e| e.mentions.iter().filter_map(|m| m.span.slice(text)));
    [
        speaker.name.as_str(),
        surface,
        entity.map_or("", |e| e.name.as_str()),
    ]
    .into_iter()
    .chain(mentions)
    .map(words)
    .filter(|w| !w.is_empty())
    .any(|w| {
        let proper = w.len() >= 2 || !w[0].starts_with("ال");
        contains(&w, &gold_words) || (proper && contains(&gold_words, &w))
    })
}

fn words(name: &str) -> Vec<String> {
    let normalized = Normalized::new(name);
    fold_for_search(normalized.as_str())
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn contains(haystack: &[String], needle: &[String]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn excerpt(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    if flat.chars().count() > 80 {
        format!("{}…", flat.chars().take(80).collect::<String>())
    } else {
        flat
    }
}

/// The gold quotes of one record, each content found at its next occurrence
/// in text order.
fn locate(text: &str, record: &serde_json::Value) -> anyhow::Result<Vec<GoldQuote>> {
    let mut quotes = Vec::new();
    let mut order = InTextOrder::default();
    for quote in gold::list(record, "quotes") {
        let content = quote["content"].as_str().unwrap_or_default();
        if content.is_empty() {
            continue;
        }
        let start = order
            .next(text, content, find_from)
            .with_context(|| format!("gold quote {content:?} is not in the text"))?;
        let field = |name: &str| quote[name].as_str().unwrap_or_default().to_string();
        quotes.push(GoldQuote {
            content: start..start + content.len(),
            kind: field("kind"),
            cue: field("cue"),
            speaker: field("speaker"),
            speaker_en: field("speaker_en"),
        });
    }
    Ok(quotes)
}
