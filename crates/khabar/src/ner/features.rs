//! Features of one token in context, hashed to 64 bits.

use crate::text::normalize::{fold_for_search, Normalized};
use crate::text::tokenize::Tokenizer;

/// A word prepared once per sentence: its folded form, stem and proclitics.
pub struct Prepared {
    pub folded: String,
    pub stem: String,
    pub prefix: String,
}

pub fn prepare(tokenizer: &Tokenizer, word: &str) -> Prepared {
    let normalized = Normalized::new(word);
    let folded = fold_for_search(normalized.as_str());
    let stem_range = tokenizer.stem_range(&folded);
    Prepared {
        stem: folded[stem_range.clone()].to_string(),
        prefix: folded[..stem_range.start].to_string(),
        folded,
    }
}

/// FNV-1a over a feature's parts, with a separator between them.
fn hash(parts: &[&str]) -> u64 {
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

/// The hashed features of token `i`, given the tags already chosen for the
/// tokens before it.
pub fn features(words: &[Prepared], i: usize, previous: [&str; 2], out: &mut Vec<u64>) {
    out.clear();
    let word = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 {
            "<s>"
        } else {
            words.get(j as usize).map_or("</s>", |w| w.folded.as_str())
        }
    };
    let w = &words[i];
    let length = w.folded.chars().count().min(8).to_string();
    out.extend([
        hash(&["bias"]),
        hash(&["w", &w.folded]),
        hash(&["stem", &w.stem]),
        hash(&["prefix", &w.prefix]),
        hash(&["shape", shape(&w.folded)]),
        hash(&["len", &length]),
        hash(&["w-1", word(-1)]),
        hash(&["w+1", word(1)]),
        hash(&["w-2", word(-2)]),
        hash(&["w+2", word(2)]),
        hash(&["w-1 w", word(-1), &w.folded]),
        hash(&["w w+1", &w.folded, word(1)]),
        hash(&["t-1", previous[0]]),
        hash(&["t-2 t-1", previous[1], previous[0]]),
        hash(&["t-1 w", previous[0], &w.folded]),
        hash(&["t-1 stem", previous[0], &w.stem]),
    ]);
    for n in 1..=3 {
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
}
