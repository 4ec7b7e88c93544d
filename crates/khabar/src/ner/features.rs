//! Features of one token in context, hashed to 64 bits.

use rustc_hash::FxHashMap;

use super::clusters::WordClusters;
use crate::text::normalize::{fold_for_search, Normalized};
use crate::text::tokenize::Tokenizer;

/// Names from khabar's lexicon files, as sequences of folded stems, with
/// their entity type: the tagger's gazetteer features.
pub struct Gazetteer {
    /// First stem of a name → the names starting with it.
    names: FxHashMap<String, Vec<(Vec<String>, &'static str)>>,
    /// Every stem of every name → the types of the names it is part of
    /// (`بوش` is part of a person's name even where the full name is not).
    parts: FxHashMap<String, Vec<&'static str>>,
}

/// The lexicon sources the gazetteer reads: `(file text, type, name columns)`.
const SOURCES: &[(&str, &str, &[usize])] = &[
    (
        include_str!("../../data/lexicon/countries.tsv"),
        "LOC",
        &[1, 3],
    ),
    (
        include_str!("../../data/lexicon/cities.tsv"),
        "LOC",
        &[1, 5],
    ),
    (
        include_str!("../../data/lexicon/people.tsv"),
        "PERS",
        &[1, 4],
    ),
    (include_str!("../../data/lexicon/titles.tsv"), "TITLE", &[0]),
];

impl Gazetteer {
    pub fn new(tokenizer: &Tokenizer) -> Gazetteer {
        let mut names: FxHashMap<String, Vec<(Vec<String>, &'static str)>> = FxHashMap::default();
        let mut parts: FxHashMap<String, Vec<&'static str>> = FxHashMap::default();
        for &(text, kind, columns) in SOURCES {
            for line in text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
            {
                let cells: Vec<&str> = line.split('\t').collect();
                let surfaces = columns
                    .iter()
                    .filter_map(|&c| cells.get(c))
                    .flat_map(|cell| cell.split('|'));
                for surface in surfaces.filter(|s| !s.is_empty()) {
                    let stems: Vec<String> = surface
                        .split_whitespace()
                        .map(|w| prepare(tokenizer, w).stem)
                        .collect();
                    for stem in &stems {
                        let kinds = parts.entry(stem.clone()).or_default();
                        if !kinds.contains(&kind) {
                            kinds.push(kind);
                        }
                    }
                    if let Some(first) = stems.first().cloned() {
                        names.entry(first).or_default().push((stems, kind));
                    }
                }
            }
        }
        for candidates in names.values_mut() {
            // Longest names first, so the longest match wins.
            candidates.sort_by_key(|(stems, _)| std::cmp::Reverse(stems.len()));
            candidates.dedup();
        }
        Gazetteer { names, parts }
    }

    /// The types of the names a stem is part of, joined: `PERS`, `LOC+PERS`.
    pub fn part_of(&self, stem: &str) -> String {
        let mut kinds = self.parts.get(stem).cloned().unwrap_or_default();
        kinds.sort_unstable();
        kinds.join("+")
    }

    /// A label per word: the BIO tag from the longest gazetteer name in the
    /// sentence, and the types of names the word is part of.
    pub fn label(&self, words: &[Prepared]) -> Vec<String> {
        let mut labels = vec!["O".to_string(); words.len()];
        let mut i = 0;
        while i < words.len() {
            let matched = self.names.get(&words[i].stem).and_then(|candidates| {
                candidates.iter().find(|(stems, _)| {
                    stems.len() <= words.len() - i
                        && stems.iter().zip(&words[i..]).all(|(s, w)| *s == w.stem)
                })
            });
            match matched {
                Some((stems, kind)) => {
                    labels[i] = format!("B-{kind}");
                    for label in &mut labels[i + 1..i + stems.len()] {
                        *label = format!("I-{kind}");
                    }
                    i += stems.len();
                }
                None => i += 1,
            }
        }
        for (label, word) in labels.iter_mut().zip(words) {
            label.push('/');
            label.push_str(&self.part_of(&word.stem));
        }
        labels
    }
}

/// A word prepared once per sentence: its folded form, stem and proclitics,
/// and its word cluster path (the stem's when the word has none) as the
/// prefixes `3`, `3.1`, `3.1.2`.
pub struct Prepared {
    pub folded: String,
    pub stem: String,
    pub prefix: String,
    pub clusters: Vec<String>,
}

impl Prepared {
    /// Looks up the word's cluster path.
    pub fn with_clusters(mut self, clusters: &WordClusters) -> Prepared {
        let path = clusters
            .path(&self.folded)
            .or_else(|| clusters.path(&self.stem));
        if let Some(path) = path {
            let mut prefix = String::new();
            for level in path {
                if !prefix.is_empty() {
                    prefix.push('.');
                }
                prefix.push_str(&level.to_string());
                self.clusters.push(prefix.clone());
            }
        }
        self
    }
}

pub fn prepare(tokenizer: &Tokenizer, word: &str) -> Prepared {
    let normalized = Normalized::new(word);
    let folded = fold_for_search(normalized.as_str());
    let stem_range = tokenizer.stem_range(&folded);
    Prepared {
        stem: folded[stem_range.clone()].to_string(),
        prefix: folded[..stem_range.start].to_string(),
        folded,
        clusters: Vec::new(),
    }
}

/// FNV-1a over a feature's parts, with a separator between them.
pub fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0xFF]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn affix(word: &str, n: usize, suffix: bool) -> &str {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    if chars.len() <= n {
        return word;
    }
    if suffix {
        &word[chars[chars.len() - n].0..]
    } else {
        &word[..chars[n].0]
    }
}

fn shape(word: &str) -> &'static str {
    if word.chars().all(|c| c.is_ascii_digit()) {
        "digits"
    } else if word.chars().any(|c| c.is_ascii_alphabetic()) {
        "latin"
    } else if word.chars().all(|c| c.is_alphabetic()) {
        "arabic"
    } else if word.chars().any(|c| c.is_alphanumeric()) {
        "mixed"
    } else {
        "punct"
    }
}

/// The hashed features of token `i`, given the gazetteer labels of the
/// sentence.
pub fn features(words: &[Prepared], gazetteer: &[String], i: usize, out: &mut Vec<u64>) {
    out.clear();
    let w = &words[i];
    let word = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 {
            "<s>"
        } else {
            words.get(j as usize).map_or("</s>", |w| w.folded.as_str())
        }
    };
    out.extend([
        hash(&["w", &w.folded]),
        hash(&["stem", &w.stem]),
        hash(&["w-1 w", word(-1), &w.folded]),
        hash(&["w w+1", &w.folded, word(1)]),
    ]);
    let label = |k: isize| {
        usize::try_from(i as isize + k)
            .ok()
            .and_then(|j| gazetteer.get(j))
            .map_or("-", String::as_str)
    };
    out.extend([
        hash(&["gaz", label(0)]),
        hash(&["gaz-1", label(-1)]),
        hash(&["gaz+1", label(1)]),
    ]);
    let length = w.folded.chars().count().min(8).to_string();
    out.extend([
        hash(&["bias"]),
        hash(&["prefix", &w.prefix]),
        hash(&["shape", shape(&w.folded)]),
        hash(&["len", &length]),
        hash(&["w-1", word(-1)]),
        hash(&["w+1", word(1)]),
        hash(&["w-2", word(-2)]),
        hash(&["w+2", word(2)]),
    ]);
    for n in 1..=4 {
        out.push(hash(&["pre", &n.to_string(), affix(&w.stem, n, false)]));
        out.push(hash(&["suf", &n.to_string(), affix(&w.stem, n, true)]));
    }
    for (k, name) in [(-1isize, "stem-1"), (1, "stem+1")] {
        let j = i as isize + k;
        if let Some(other) = usize::try_from(j).ok().and_then(|j| words.get(j)) {
            out.push(hash(&[name, &other.stem]));
            out.push(hash(&[name, "suf2", affix(&other.stem, 2, true)]));
        }
    }
    for (k, name) in [(0isize, "c"), (-1, "c-1"), (1, "c+1")] {
        let j = i as isize + k;
        match usize::try_from(j).ok().and_then(|j| words.get(j)) {
            Some(other) if other.clusters.is_empty() => out.push(hash(&[name, "none"])),
            Some(other) => {
                for c in &other.clusters {
                    out.push(hash(&[name, c]));
                }
            }
            None => {}
        }
    }
    for n in 1..=4 {
        out.push(hash(&["wpre", &n.to_string(), affix(&w.folded, n, false)]));
        out.push(hash(&["wsuf", &n.to_string(), affix(&w.folded, n, true)]));
    }
}
