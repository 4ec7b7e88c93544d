//! The tagger: a first-order structured perceptron (Collins 2002) over BIO
//! tags, decoded by Viterbi with the BIO constraint, its weights averaged;
//! and its versioned binary file.

use rustc_hash::FxHashMap;

use super::clusters::WordClusters;
use super::features::{features, prepare, Gazetteer, Prepared};
use super::TaggedSentence;
use crate::text::tokenize::Tokenizer;

const MAGIC: &[u8; 11] = b"KHABAR-NER\0";
/// The model file format this khabar writes and reads. Version 2 added the
/// tag transition weights (version 1 was decoded greedily) and the word
/// clusters.
pub const MODEL_VERSION: u32 = 2;

/// A trained tagger: per-feature weights for every tag, and the weights of
/// tag-to-tag transitions.
#[derive(Clone, Debug, PartialEq)]
pub struct NerModel {
    tags: Vec<String>,
    /// `(tags + 1) × tags`: row 0 is the sentence start, row `p + 1` the
    /// previous tag `p`.
    transitions: Vec<f32>,
    weights: FxHashMap<u64, Vec<f32>>,
    /// Word clusters learned from unlabeled text (may be empty).
    clusters: WordClusters,
}

/// How to train: passes over the data, and how many perceptrons (each over
/// its own shuffles) to average.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrainOptions {
    pub epochs: usize,
    pub runs: usize,
}

impl Default for TrainOptions {
    /// Chosen on the development folds (see `docs/design/ner.md`).
    fn default() -> TrainOptions {
        TrainOptions {
            epochs: 10,
            runs: 8,
        }
    }
}

/// Why a model file was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum ModelError {
    #[error("not a khabar NER model (bad magic bytes)")]
    NotAModel,
    #[error("model format version {found}; this khabar reads version {MODEL_VERSION}: retrain with `khabar train ner`")]
    Version { found: u32 },
    #[error("model file is truncated at byte {offset}")]
    Truncated { offset: usize },
    #[error("model file is corrupted (checksum mismatch)")]
    Corrupted,
    #[error("model file is invalid: {0}")]
    Invalid(&'static str),
}

/// Weights being trained, and what averaging needs: each update's delta
/// times the clock when it happened. The average over all steps is then
/// `weight - stamped / clock` (Daumé's trick), with no per-step work.
#[derive(Clone, Default)]
struct Training {
    weights: Vec<f32>,
    stamped: Vec<f64>,
}

impl Training {
    fn new(n: usize) -> Training {
        Training {
            weights: vec![0.0; n],
            stamped: vec![0.0; n],
        }
    }

    fn add(&mut self, k: usize, clock: u64, delta: f32) {
        self.weights[k] += delta;
        self.stamped[k] += clock as f64 * f64::from(delta);
    }

    fn average(&self, clock: u64) -> Vec<f32> {
        self.weights
            .iter()
            .zip(&self.stamped)
            .map(|(w, s)| (f64::from(*w) - s / clock.max(1) as f64) as f32)
            .collect()
    }
}

/// Which tag may follow which: `I-X` only after `B-X` or `I-X`.
fn allowed_transitions(tags: &[String]) -> Vec<bool> {
    let n = tags.len();
    let mut allowed = vec![true; (n + 1) * n];
    for (to, tag) in tags.iter().enumerate() {
        if let Some(kind) = tag.strip_prefix("I-") {
            allowed[to] = false;
            for (from, previous) in tags.iter().enumerate() {
                let continues = previous.len() > 2 && &previous[2..] == kind;
                allowed[(from + 1) * n + to] = continues;
            }
        }
    }
    allowed
}

/// Rewrites `I-X` that does not continue an `X` as `B-X` (the CoNLL reading),
/// so gold sequences obey the decoder's constraint.
fn repair_bio(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let repaired = match tag.strip_prefix("I-") {
            Some(kind) if !out.last().is_some_and(|p| p.len() > 2 && &p[2..] == kind) => {
                format!("B-{kind}")
            }
            _ => tag.clone(),
        };
        out.push(repaired);
    }
    out
}

/// The best tag sequence under emission scores (`tokens × tags`) and
/// transition scores, over allowed transitions only.
fn viterbi(emissions: &[f32], transitions: &[f32], allowed: &[bool], n_tags: usize) -> Vec<usize> {
    let n_tokens = emissions.len() / n_tags;
    if n_tokens == 0 {
        return Vec::new();
    }
    let mut score = vec![f32::NEG_INFINITY; n_tokens * n_tags];
    let mut back = vec![0usize; n_tokens * n_tags];
    for t in 0..n_tags {
        if allowed[t] {
            score[t] = transitions[t] + emissions[t];
        }
    }
    for i in 1..n_tokens {
        for t in 0..n_tags {
            let mut best = (f32::NEG_INFINITY, 0);
            for p in 0..n_tags {
                let k = (p + 1) * n_tags + t;
                let s = score[(i - 1) * n_tags + p];
                if allowed[k] && s > f32::NEG_INFINITY {
                    let candidate = s + transitions[k];
                    if candidate > best.0 {
                        best = (candidate, p);
                    }
                }
            }
            score[i * n_tags + t] = best.0 + emissions[i * n_tags + t];
            back[i * n_tags + t] = best.1;
        }
    }
    let last = &score[(n_tokens - 1) * n_tags..];
    let mut t = (0..n_tags).fold(0, |b, t| if last[t] > last[b] { t } else { b });
    let mut path = vec![0; n_tokens];
    for i in (0..n_tokens).rev() {
        path[i] = t;
        t = back[i * n_tags + t];
    }
    path
}

/// Adds each feature's row of weights to the token's tag scores.
fn emissions<'w, F: AsRef<[u64]>>(
    n_tags: usize,
    token_features: &[F],
    row: impl Fn(u64) -> Option<&'w [f32]>,
) -> Vec<f32> {
    let mut scores = vec![0f32; token_features.len() * n_tags];
    for (i, feats) in token_features.iter().enumerate() {
        let out = &mut scores[i * n_tags..(i + 1) * n_tags];
        for &f in feats.as_ref() {
            if let Some(weights) = row(f) {
                for (s, w) in out.iter_mut().zip(weights) {
                    *s += w;
                }
            }
        }
    }
    scores
}

impl NerModel {
    /// Trains on BIO sentences, with word clusters from
    /// [`WordClusters::learn`] (or empty ones) as features: `options.runs`
    /// perceptrons, each over its own shuffles of the data for
    /// `options.epochs` passes, their averaged weights averaged again (less
    /// dependence on the order of the data). `progress` hears each run's and
    /// epoch's training token accuracy. Deterministic for the same data.
    pub fn train(
        sentences: &[TaggedSentence],
        tokenizer: &Tokenizer,
        clusters: WordClusters,
        options: &TrainOptions,
        mut progress: impl FnMut(usize, usize, f64),
    ) -> NerModel {
        let gold: Vec<Vec<String>> = sentences.iter().map(|s| repair_bio(&s.tags)).collect();
        let mut tags: Vec<String> = gold.iter().flatten().cloned().collect();
        tags.sort();
        tags.dedup();
        let n_tags = tags.len();
        let tag_index: FxHashMap<&str, usize> = tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), i))
            .collect();
        let gold: Vec<Vec<usize>> = gold
            .iter()
            .map(|s| s.iter().map(|t| tag_index[t.as_str()]).collect())
            .collect();
        let allowed = allowed_transitions(&tags);
        let gazetteer = Gazetteer::new(tokenizer);
        // Token features do not depend on the tags: computed once.
        let sentence_features: Vec<Vec<Vec<u64>>> = sentences
            .iter()
            .map(|s| sentence_features(tokenizer, &gazetteer, &clusters, &s.tokens))
            .collect();
        let TrainOptions { epochs, runs } = *options;
        let runs = runs.max(1);
        let mut weights: FxHashMap<u64, Vec<f32>> = FxHashMap::default();
        let mut transitions = vec![0f32; (n_tags + 1) * n_tags];
        for run in 0..runs {
            let mut cells: FxHashMap<u64, Training> = FxHashMap::default();
            let mut transition_cells = Training::new((n_tags + 1) * n_tags);
            let mut clock: u64 = 0;
            let mut order: Vec<usize> = (0..sentences.len()).collect();
            let mut seed: u64 =
                0x2545_F491_4F6C_DD1D ^ (run as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            for epoch in 0..epochs {
                // A fixed shuffle per epoch (xorshift), so training is repeatable.
                for i in (1..order.len()).rev() {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    order.swap(i, (seed % (i as u64 + 1)) as usize);
                }
                let (mut right, mut seen) = (0usize, 0usize);
                for &s in &order {
                    clock += 1;
                    let feats = &sentence_features[s];
                    let scores = emissions(n_tags, feats, |f| {
                        cells.get(&f).map(|row| row.weights.as_slice())
                    });
                    let guess = viterbi(&scores, &transition_cells.weights, &allowed, n_tags);
                    let truth = &gold[s];
                    for (i, (&g, &t)) in guess.iter().zip(truth).enumerate() {
                        seen += 1;
                        if g == t {
                            right += 1;
                        } else {
                            for &f in &feats[i] {
                                let row = cells.entry(f).or_insert_with(|| Training::new(n_tags));
                                row.add(t, clock, 1.0);
                                row.add(g, clock, -1.0);
                            }
                        }
                        let from = |path: &[usize]| if i == 0 { 0 } else { path[i - 1] + 1 };
                        let (kg, kt) = (from(&guess) * n_tags + g, from(truth) * n_tags + t);
                        if kg != kt {
                            transition_cells.add(kt, clock, 1.0);
                            transition_cells.add(kg, clock, -1.0);
                        }
                    }
                }
                progress(run + 1, epoch + 1, right as f64 / seen.max(1) as f64);
            }
            for (f, row) in cells {
                let sum = weights.entry(f).or_insert_with(|| vec![0.0; n_tags]);
                for (s, w) in sum.iter_mut().zip(row.average(clock)) {
                    *s += w / runs as f32;
                }
            }
            for (s, w) in transitions.iter_mut().zip(transition_cells.average(clock)) {
                *s += w / runs as f32;
            }
        }
        weights.retain(|_, row| row.iter().any(|w| *w != 0.0));
        NerModel {
            tags,
            transitions,
            weights,
            clusters,
        }
    }

    /// BIO tags for the tokens of one sentence.
    pub fn tag(
        &self,
        tokenizer: &Tokenizer,
        gazetteer: &Gazetteer,
        tokens: &[String],
    ) -> Vec<String> {
        let feats = sentence_features(tokenizer, gazetteer, &self.clusters, tokens);
        let n_tags = self.tags.len();
        let scores = emissions(n_tags, &feats, |f| self.weights.get(&f).map(Vec::as_slice));
        let allowed = allowed_transitions(&self.tags);
        viterbi(&scores, &self.transitions, &allowed, n_tags)
            .into_iter()
            .map(|t| self.tags[t].clone())
            .collect()
    }

    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// The model as bytes: magic, version, tags, weights, checksum.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&MODEL_VERSION.to_le_bytes());
        out.extend_from_slice(&(self.tags.len() as u32).to_le_bytes());
        for tag in &self.tags {
            out.extend_from_slice(&(tag.len() as u32).to_le_bytes());
            out.extend_from_slice(tag.as_bytes());
        }
        for w in &self.transitions {
            out.extend_from_slice(&w.to_le_bytes());
        }
        let mut features: Vec<(&u64, &Vec<f32>)> = self.weights.iter().collect();
        features.sort_by_key(|(f, _)| **f);
        out.extend_from_slice(&(features.len() as u64).to_le_bytes());
        for (f, row) in features {
            out.extend_from_slice(&f.to_le_bytes());
            for w in row {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        let entries = self.clusters.entries();
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for (word, path) in entries {
            out.extend_from_slice(&(word.len() as u32).to_le_bytes());
            out.extend_from_slice(word.as_bytes());
            out.push(path.len() as u8);
            for level in path {
                out.extend_from_slice(&level.to_le_bytes());
            }
        }
        let checksum = fnv(&out);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }

    /// Reads a model written by [`NerModel::to_bytes`], refusing files of
    /// another version, truncated or corrupted ones.
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, ModelError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader
            .take(MAGIC.len())
            .map_err(|_| ModelError::NotAModel)?
            != MAGIC
        {
            return Err(ModelError::NotAModel);
        }
        let version = reader.u32()?;
        if version != MODEL_VERSION {
            return Err(ModelError::Version { found: version });
        }
        let n_tags = reader.u32()? as usize;
        if n_tags == 0 || n_tags > 1024 {
            return Err(ModelError::Invalid("tag count"));
        }
        let mut tags = Vec::with_capacity(n_tags);
        for _ in 0..n_tags {
            let len = reader.u32()? as usize;
            let tag = std::str::from_utf8(reader.take(len)?)
                .map_err(|_| ModelError::Invalid("tag name"))?;
            tags.push(tag.to_string());
        }
        let transitions = (0..(n_tags + 1) * n_tags)
            .map(|_| reader.u32().map(f32::from_bits))
            .collect::<Result<Vec<f32>, _>>()?;
        let n_features = reader.u64()? as usize;
        let row_bytes = 8 + 4 * n_tags;
        if n_features.saturating_mul(row_bytes) > bytes.len() {
            return Err(ModelError::Truncated {
                offset: bytes.len(),
            });
        }
        let mut weights = FxHashMap::default();
        weights.reserve(n_features);
        let mut previous = None;
        for _ in 0..n_features {
            let f = reader.u64()?;
            // Features are written sorted and unique: one file, one model.
            if previous.is_some_and(|p| p >= f) {
                return Err(ModelError::Invalid("features out of order"));
            }
            previous = Some(f);
            let row = (0..n_tags)
                .map(|_| reader.u32().map(f32::from_bits))
                .collect::<Result<Vec<f32>, _>>()?;
            weights.insert(f, row);
        }
        let n_words = reader.u32()? as usize;
        let mut entries = Vec::with_capacity(n_words.min(bytes.len() / 6));
        let mut previous_word: Option<&str> = None;
        for _ in 0..n_words {
            let len = reader.u32()? as usize;
            let word = std::str::from_utf8(reader.take(len)?)
                .map_err(|_| ModelError::Invalid("cluster word"))?;
            // Words are written sorted and unique, as features are.
            if previous_word.is_some_and(|p| p >= word) || word.is_empty() {
                return Err(ModelError::Invalid("cluster words out of order"));
            }
            previous_word = Some(word);
            let levels = reader.take(1)?[0] as usize;
            let path = (0..levels)
                .map(|_| reader.u16())
                .collect::<Result<Vec<u16>, _>>()?;
            entries.push((word.to_string(), path));
        }
        let clusters = WordClusters::from_entries(entries);
        let body = reader.at;
        let checksum = reader.u64()?;
        if reader.at != bytes.len() {
            return Err(ModelError::Invalid("trailing bytes"));
        }
        if fnv(&bytes[..body]) != checksum {
            return Err(ModelError::Corrupted);
        }
        Ok(NerModel {
            tags,
            transitions,
            weights,
            clusters,
        })
    }
}

/// The features of every token of a sentence.
fn sentence_features(
    tokenizer: &Tokenizer,
    gazetteer: &Gazetteer,
    clusters: &WordClusters,
    tokens: &[String],
) -> Vec<Vec<u64>> {
    let words: Vec<Prepared> = tokens
        .iter()
        .map(|t| prepare(tokenizer, t).with_clusters(clusters))
        .collect();
    let labels = gazetteer.label(&words);
    (0..words.len())
        .map(|i| {
            let mut out = Vec::new();
            features(&words, &labels, i, &mut out);
            out
        })
        .collect()
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(ModelError::Truncated {
                offset: self.bytes.len(),
            })?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u16(&mut self) -> Result<u16, ModelError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, ModelError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::read_conll;

    fn toy() -> Vec<TaggedSentence> {
        read_conll("زار O\nجون B-PERS\nكيري I-PERS\nالقاهرة B-LOC\n\nقال O\nجون B-PERS\nكيري I-PERS\nفي O\nباريس B-LOC\n").unwrap()
    }

    fn toy_clusters() -> WordClusters {
        WordClusters::from_entries([
            ("جون".to_string(), vec![1, 4]),
            ("القاهره".to_string(), vec![2, 7]),
        ])
    }

    #[test]
    fn learns_a_toy_set_and_round_trips() {
        let tokenizer = Tokenizer::new();
        let model = NerModel::train(
            &toy(),
            &tokenizer,
            toy_clusters(),
            &TrainOptions { epochs: 5, runs: 2 },
            |_, _, _| {},
        );
        let tokens: Vec<String> = ["قال", "جون", "كيري", "في", "القاهرة"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let gazetteer = Gazetteer::new(&tokenizer);
        assert_eq!(
            model.tag(&tokenizer, &gazetteer, &tokens),
            ["O", "B-PERS", "I-PERS", "O", "B-LOC"]
        );
        let bytes = model.to_bytes();
        assert_eq!(NerModel::from_bytes(&bytes).unwrap(), model);
    }

    #[test]
    fn bad_files_are_refused_with_their_reason() {
        let model = NerModel::train(
            &toy(),
            &Tokenizer::new(),
            toy_clusters(),
            &TrainOptions { epochs: 2, runs: 1 },
            |_, _, _| {},
        );
        let bytes = model.to_bytes();
        assert_eq!(NerModel::from_bytes(b"hello"), Err(ModelError::NotAModel));
        let mut other_version = bytes.clone();
        other_version[MAGIC.len()] = 9;
        assert_eq!(
            NerModel::from_bytes(&other_version),
            Err(ModelError::Version { found: 9 })
        );
        // Version 1 (greedy decoding, no transitions) is refused by name.
        let mut version_1 = bytes.clone();
        version_1[MAGIC.len()] = 1;
        let refused = NerModel::from_bytes(&version_1).unwrap_err();
        assert_eq!(refused, ModelError::Version { found: 1 });
        assert!(refused
            .to_string()
            .contains("retrain with `khabar train ner`"));
        assert!(matches!(
            NerModel::from_bytes(&bytes[..bytes.len() - 5]),
            Err(ModelError::Truncated { .. })
        ));
        let mut corrupted = bytes.clone();
        let middle = bytes.len() / 2;
        corrupted[middle] ^= 0x40;
        assert!(matches!(
            NerModel::from_bytes(&corrupted),
            Err(ModelError::Corrupted | ModelError::Invalid(_) | ModelError::Truncated { .. })
        ));
    }

    #[test]
    fn decoding_keeps_to_bio() {
        let tags: Vec<String> = ["B-LOC", "I-LOC", "I-PERS", "O"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let allowed = allowed_transitions(&tags);
        // `I-PERS` scores best everywhere, but may follow nothing here: `O`
        // first, then `B-LOC`, the best that may follow `O`.
        let emissions = [0.0, 0.0, 5.0, 1.0, 2.0, 0.0, 5.0, 0.0];
        let path = viterbi(&emissions, &[0.0; 5 * 4], &allowed, 4);
        assert_eq!(path, [3, 0]);
        let repaired = repair_bio(&["O".into(), "I-LOC".into(), "I-LOC".into(), "I-PERS".into()]);
        assert_eq!(repaired, ["O", "B-LOC", "I-LOC", "B-PERS"]);
    }
}
