//! The reporting cues of `data/lexicon/quote_cues.tsv`, embedded in the
//! binary and keyed by their folded form.

use rustc_hash::FxHashMap;

use crate::text::normalize::fold_char;

const CUES: &str = include_str!("../../data/lexicon/quote_cues.tsv");

/// How a cue attaches to its speaker and its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueClass {
    /// A verb: its subject is the speaker (`وقال الرئيس`, `الرئيس قال`, or implied).
    Verb,
    /// A participle of manner: continues its sentence's subject (`مؤكدا أن`).
    Participle,
    /// The speaker follows, the content is the clause around (`بحسب`, `وفقا لـ`).
    Source,
    /// A praise or blame verb: a statement only when quoted words follow.
    Object,
}

/// The subject a cue form agrees with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Agreement {
    Masculine,
    Feminine,
    Plural,
    Any,
}

/// What may introduce the content besides أن/إن, a colon or quotation marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Complement {
    None,
    /// A preposition that may come before أن (`أشار إلى أن`); `nominal` when
    /// it also introduces a statement by itself (`أفاد بمقتل`, `كشف عن`).
    Preposition {
        word: &'static str,
        nominal: bool,
    },
    /// A bare object is the statement (`داعيا الدول إلى ...`).
    Object,
}

#[derive(Clone, Copy, Debug)]
pub struct Cue {
    pub lemma: &'static str,
    pub class: CueClass,
    pub agreement: Agreement,
    pub complement: Complement,
}

/// The cue forms, folded, with the longest form's length in bytes: longer
/// words are skipped without folding them.
#[derive(Debug)]
pub struct CueLexicon {
    forms: FxHashMap<String, Cue>,
    longest: usize,
    /// The first two folded letters of every form, as bits of a 64 × 64
    /// table over the Arabic block U+0620–U+065F: most words are skipped on
    /// them, without hashing.
    starts: [u64; 64],
}

/// The bit of `starts` for a word's first two letters (already folded),
/// when both are in the Arabic block; cues are all Arabic.
fn start_of(word: &str) -> Option<(usize, u64)> {
    let mut chars = word.chars();
    let letter = |c: char| (c as usize).checked_sub(0x620).filter(|&n| n < 64);
    let first = letter(chars.next()?)?;
    let second = letter(chars.next()?)?;
    Some((first, 1 << second))
}

/// Folds a word under the search folds into `out`.
pub fn fold_into(out: &mut String, word: &str) {
    out.clear();
    out.extend(word.chars().map(fold_char));
}

impl CueLexicon {
    pub fn new() -> CueLexicon {
        let mut forms = FxHashMap::default();
        let mut starts = [0u64; 64];
        let mut longest = 0;
        let mut key = String::new();
        for line in CUES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let cells: Vec<&'static str> = line.split('\t').collect();
            let [form, lemma, class, agreement, complement] = cells[..] else {
                continue;
            };
            let class = match class {
                "verb" => CueClass::Verb,
                "participle" => CueClass::Participle,
                "source" => CueClass::Source,
                _ => CueClass::Object,
            };
            let agreement = match agreement {
                "m" => Agreement::Masculine,
                "f" => Agreement::Feminine,
                "p" => Agreement::Plural,
                _ => Agreement::Any,
            };
            let complement = match complement {
                "-" => Complement::None,
                "np" => Complement::Object,
                word => Complement::Preposition {
                    word: word.trim_end_matches('+'),
                    nominal: word.ends_with('+'),
                },
            };
            fold_into(&mut key, form);
            longest = longest.max(key.len());
            if let Some((first, second)) = start_of(&key) {
                starts[first] |= second;
            }
            forms.insert(
                key.clone(),
                Cue {
                    lemma,
                    class,
                    agreement,
                    complement,
                },
            );
        }
        CueLexicon {
            forms,
            longest,
            starts,
        }
    }

    /// The cue a word is, given under the search folds, with the
    /// conjunction و/ف before it allowed.
    pub fn lookup(&self, folded: &str) -> Option<Cue> {
        if folded.len() > self.longest + 'و'.len_utf8() {
            return None;
        }
        let rest = folded.strip_prefix(['و', 'ف']).unwrap_or_default();
        let possible =
            |w: &str| start_of(w).is_some_and(|(first, second)| self.starts[first] & second != 0);
        if !possible(folded) && !possible(rest) {
            return None;
        }
        self.forms
            .get(folded)
            .or_else(|| self.forms.get(rest))
            .copied()
    }
}

impl Default for CueLexicon {
    fn default() -> Self {
        CueLexicon::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::fold_for_search;

    #[test]
    fn forms_are_found_through_the_conjunction_and_the_folds() {
        let lexicon = CueLexicon::new();
        let cue = lexicon.lookup(&fold_for_search("وأضافت")).unwrap();
        assert_eq!(
            (cue.lemma, cue.class, cue.agreement),
            ("أضاف", CueClass::Verb, Agreement::Feminine)
        );
        let cue = lexicon.lookup(&fold_for_search("مؤكدة")).unwrap();
        assert_eq!(
            (cue.lemma, cue.class, cue.agreement),
            ("أكد", CueClass::Participle, Agreement::Feminine)
        );
        let cue = lexicon.lookup(&fold_for_search("اشار")).unwrap();
        assert_eq!(
            cue.complement,
            Complement::Preposition {
                word: "إلى",
                nominal: false
            }
        );
        assert_eq!(
            lexicon.lookup(&fold_for_search("وبحسب")).unwrap().class,
            CueClass::Source
        );
        assert!(lexicon.lookup(&fold_for_search("الرئيس")).is_none());
        // Every form of the file is found, alone and after the conjunction.
        for form in CUES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let form = form.split('\t').next().unwrap();
            assert!(lexicon.lookup(&fold_for_search(form)).is_some(), "{form}");
            assert!(
                lexicon
                    .lookup(&fold_for_search(&format!("و{form}")))
                    .is_some(),
                "{form}"
            );
        }
        assert!(lexicon.lookup("و").is_none());
    }
}
