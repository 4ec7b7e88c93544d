//! `khabar eval romanize`: how often the romanizer spells a lexicon name as
//! its English name, by k-fold cross-validation over the rows whose words
//! align (the spellings learned from the other folds), beside the letter
//! table used before 2026-11-30 and the rules alone.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use khabar::entities::lexicon::{name_pairs, NamePair, NameSource};
use khabar::entities::romanize::{align, Romanizer, Style, MAGHREB};

use super::entities::english_key;
use super::ratio;

#[derive(clap::Args)]
pub struct Args {
    /// Folds of the cross-validation (a row is in fold `i % folds`).
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Write every held-out name the romanizer spells otherwise to this file
    /// (source, Arabic, English, romanized).
    #[arg(long)]
    errors: Option<PathBuf>,
}

/// The romanizers compared.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Method {
    /// The letter table used before 2026-11-30.
    Letters,
    /// The rules of the new romanizer alone, without learned spellings.
    Rules,
    /// Spellings learned from the training folds, else the rules.
    Learned,
    /// The same in the Maghrebi style (only the Maghreb's names are
    /// scored so).
    LearnedMaghrebi,
}

impl Method {
    const ALL: [Method; 4] = [
        Method::Letters,
        Method::Rules,
        Method::Learned,
        Method::LearnedMaghrebi,
    ];

    fn name(self) -> &'static str {
        match self {
            Method::Letters => "letters (before)",
            Method::Rules => "rules",
            Method::Learned => "learned + rules",
            Method::LearnedMaghrebi => "learned, Maghrebi",
        }
    }
}

/// A lexicon row whose words align, with its fold.
struct Row {
    fold: usize,
    pair: NamePair,
    /// Its Arabic and English words, paired.
    words: Vec<(String, String)>,
}

#[derive(Default)]
struct Counts {
    names: usize,
    exact: usize,
    words: usize,
    words_right: usize,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    anyhow::ensure!(args.folds >= 2, "--folds must be 2 or more");
    // Each distinct Arabic–English name once: a name in two files (`لندن`,
    // London in places.tsv and cities.tsv) held out in one fold would be
    // learned from its twin in another.
    let mut seen = std::collections::HashSet::new();
    let pairs: Vec<NamePair> = name_pairs()
        .into_iter()
        .filter(|pair| seen.insert((pair.arabic, english_key(pair.english))))
        .collect();
    // A row's fold is its place among all rows: aligning more rows leaves
    // the others' folds as they were.
    let rows: Vec<Row> = pairs
        .iter()
        .enumerate()
        .filter_map(|(i, &pair)| {
            Some(Row {
                fold: i % args.folds,
                pair,
                words: align(pair.arabic, pair.english)?,
            })
        })
        .collect();
    let rules = Romanizer::default();
    let mut counts: BTreeMap<(&str, Method), Counts> = BTreeMap::new();
    let mut errors = String::new();
    for fold in 0..args.folds {
        let training: Vec<NamePair> = rows
            .iter()
            .filter(|row| row.fold != fold)
            .map(|row| row.pair)
            .collect();
        let learned = Romanizer::learn(&training);
        for row in rows.iter().filter(|row| row.fold == fold) {
            let of_maghreb = MAGHREB.contains(&row.pair.country);
            let source = source_name(row.pair.source, of_maghreb);
            let gold = english_key(row.pair.english);
            for method in Method::ALL {
                if method == Method::LearnedMaghrebi && !of_maghreb {
                    continue;
                }
                let romanize = |name: &str| match method {
                    Method::Letters => letter_table(name),
                    Method::Rules => rules.romanize(name),
                    Method::Learned => learned.romanize(name),
                    Method::LearnedMaghrebi => learned.romanize_in(name, Style::Maghrebi),
                };
                let counts = counts.entry((source, method)).or_default();
                let name = romanize(row.pair.arabic);
                let exact = english_key(&name) == gold;
                counts.names += 1;
                counts.exact += usize::from(exact);
                for (arabic, english) in &row.words {
                    counts.words += 1;
                    counts.words_right +=
                        usize::from(english_key(&romanize(arabic)) == english_key(english));
                }
                if method == Method::Learned && !exact {
                    let (arabic, english) = (row.pair.arabic, row.pair.english);
                    let _ = writeln!(errors, "{source}\t{arabic}\t{english}\t{name}");
                }
            }
        }
    }
    println!(
        "romanize: {}-fold over the {} of {} lexicon rows whose words align; \
         spellings learned from the other folds",
        args.folds,
        rows.len(),
        pairs.len()
    );
    println!(
        "{:<17} {:<18} {:>6} {:>7} {:>7} {:>7}",
        "source", "romanizer", "names", "exact", "words", "word ok"
    );
    for ((source, method), c) in &counts {
        println!(
            "{source:<17} {:<18} {:>6} {:>7.3} {:>7} {:>7.3}",
            method.name(),
            c.names,
            ratio(c.exact, c.names),
            c.words,
            ratio(c.words_right, c.words)
        );
    }
    super::write_errors(args.errors.as_deref(), &errors)?;
    Ok(0)
}

/// A source's name in the report; the Maghreb's names are counted apart.
fn source_name(source: NameSource, of_maghreb: bool) -> &'static str {
    match (source, of_maghreb) {
        (NameSource::People, false) => "people",
        (NameSource::People, true) => "people (Maghreb)",
        (NameSource::Places, false) => "places",
        (NameSource::Places, true) => "places (Maghreb)",
        (NameSource::Organisations, false) => "organisations",
        (NameSource::Organisations, true) => "orgs (Maghreb)",
        (NameSource::Cities, false) => "cities",
        (NameSource::Cities, true) => "cities (Maghreb)",
    }
}

/// The romanizer before 2026-11-30, kept as the baseline: consonants by a
/// fixed table, long vowels from alef, waw and ya, the article as `al-`.
fn letter_table(name: &str) -> String {
    name.split_whitespace()
        .map(letter_table_word)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn letter_table_word(word: &str) -> String {
    let (article, rest) = match word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => ("al-", rest),
        _ => ("", word),
    };
    let letters: Vec<char> = rest.chars().collect();
    let mut out = String::new();
    for (i, &c) in letters.iter().enumerate() {
        let between = i > 0 && i + 1 < letters.len();
        let latin = match c {
            'ا' | 'آ' | 'ى' | 'أ' | 'ة' => "a",
            'إ' => "i",
            'ب' => "b",
            'ت' | 'ط' => "t",
            'ث' => "th",
            'ج' => "j",
            'ح' | 'ه' => "h",
            'خ' => "kh",
            'د' | 'ض' => "d",
            'ذ' => "dh",
            'ر' => "r",
            'ز' | 'ظ' => "z",
            'س' | 'ص' => "s",
            'ش' => "sh",
            'ع' | 'ء' | 'ؤ' | 'ئ' => "'",
            'غ' => "gh",
            'ف' => "f",
            'ق' => "q",
            'ك' => "k",
            'ل' => "l",
            'م' => "m",
            'ن' => "n",
            'و' if between => "u",
            'و' => "w",
            'ي' if i > 0 => "i",
            'ي' => "y",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(latin);
    }
    let out = out.trim_matches('\'');
    let mut chars = out.chars();
    match chars.next() {
        Some(first) => format!("{article}{}{}", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}
