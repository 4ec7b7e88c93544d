//! A trainable named-entity tagger for names the lexicon does not know:
//! structured averaged perceptrons over BIO tags with first-order tag
//! transitions, decoded by Viterbi, in two stages (the second looks at the
//! same words in neighbouring sentences), with the tag probabilities of a
//! bidirectional LSTM over pretrained word vectors added to their scores.
//! See `docs/design/ner.md`.

mod clusters;
mod features;
mod model;
mod neural;
mod numeric;

pub use clusters::{cluster_tokens, ClusterOptions, ClusterText, WordClusters, WordVectors};
pub use features::Gazetteer;
pub use model::{ModelError, NerModel, Scorer, TrainOptions, MODEL_VERSION};
pub use neural::NeuralOptions;

/// One sentence of tagged tokens, as read from CoNLL-style data.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaggedSentence {
    pub tokens: Vec<String>,
    pub tags: Vec<String>,
}

/// Reads CoNLL-style BIO data: `token TAG` per line (space or tab), blank
/// lines between sentences. BOMs, carriage returns and the bidi marks some
/// corpora put before tokens are dropped. Returns the sentences, or the
/// 1-based line of the first malformed line.
pub fn read_conll(text: &str) -> Result<Vec<TaggedSentence>, usize> {
    read_conll_with(text, |tag| is_bio(tag).then(|| tag.to_string()))
}

/// As [`read_conll`], reading each tag through `map`, which gives the BIO
/// tag to use or `None` for a malformed one (to read other tag sets as
/// khabar's four types).
pub fn read_conll_with(
    text: &str,
    map: impl Fn(&str) -> Option<String>,
) -> Result<Vec<TaggedSentence>, usize> {
    let mut sentences = Vec::new();
    let mut current = TaggedSentence::default();
    for (n, raw) in text.lines().enumerate() {
        let line: String = raw
            .chars()
            .filter(|c| !matches!(c, '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\r'))
            .collect();
        let line = line.trim();
        // A token that was only a bidi mark (AQMAR has a few): no token.
        if raw.trim() != line && !line.contains([' ', '\t']) {
            continue;
        }
        if line.is_empty() {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        let Some((token, tag)) = line.rsplit_once([' ', '\t']) else {
            return Err(n + 1);
        };
        let token = token.trim();
        let tag = map(tag.trim()).filter(|t| is_bio(t));
        let Some(tag) = tag.filter(|_| !token.is_empty()) else {
            return Err(n + 1);
        };
        current.tokens.push(token.to_string());
        current.tags.push(tag);
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

fn is_bio(tag: &str) -> bool {
    tag == "O" || (tag.len() > 2 && (tag.starts_with("B-") || tag.starts_with("I-")))
}

/// Entity spans of a BIO sequence: `(type, start, end)` over token indices.
/// An `I-X` after something other than `B-X`/`I-X` starts an entity (the
/// CoNLL evaluation's convention).
pub fn spans<S: AsRef<str>>(tags: &[S]) -> Vec<(String, usize, usize)> {
    let mut out: Vec<(String, usize, usize)> = Vec::new();
    let mut open: Option<(String, usize)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, kind) = tag.as_ref().split_once('-').unwrap_or(("O", ""));
        let continues = prefix == "I" && open.as_ref().is_some_and(|(k, _)| k == kind);
        if continues {
            continue;
        }
        if let Some((k, start)) = open.take() {
            out.push((k, start, i));
        }
        if prefix == "B" || prefix == "I" {
            open = Some((kind.to_string(), i));
        }
    }
    if let Some((k, start)) = open {
        out.push((k, start, tags.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_conll_and_finds_spans() {
        let text = "\u{FEFF}فرانكفورت B-LOC\r\n(د O\n\nجون\tB-PERS\n\u{200E}كيري I-PERS\nقال O\n";
        let sentences = read_conll(text).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[1].tokens, ["جون", "كيري", "قال"]);
        assert_eq!(spans(&sentences[1].tags), [("PERS".to_string(), 0, 2)]);
        let tags: Vec<String> = ["I-ORG", "I-ORG", "O", "B-LOC", "I-PERS"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            spans(&tags),
            [
                ("ORG".into(), 0, 2),
                ("LOC".into(), 3, 4),
                ("PERS".into(), 4, 5)
            ]
        );
        assert_eq!(read_conll("token\n"), Err(1));
        assert_eq!(read_conll("\u{200E} O\nب O\n").unwrap()[0].tokens, ["ب"]);
        assert_eq!(read_conll("a O\nb X-LOC\n"), Err(2));
    }
}
