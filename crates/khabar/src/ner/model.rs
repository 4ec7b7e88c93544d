//! The tagger: first-order structured perceptrons (Collins 2002) over BIO
//! tags, decoded by Viterbi with the BIO constraint, their weights
//! averaged, in two stages (the second sees the first's tags of the same
//! words in neighbouring sentences), with a neural scorer's tag
//! probabilities added to both; and its versioned binary file.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

use super::clusters::{WordClusters, WordVectors};
use super::features::{features, hash, prepare, Gazetteer, Prepared};
use super::neural::{Neural, NeuralOptions, StoredVectors, DENSE};
use super::TaggedSentence;
use crate::text::tokenize::Tokenizer;

const MAGIC: &[u8; 11] = b"KHABAR-NER\0";
/// The model file format this khabar writes and reads. Version 2 added the
/// tag transition weights (version 1 was decoded greedily) and the word
/// clusters; version 3 the second stage; version 4 the neural scorer.
pub const MODEL_VERSION: u32 = 4;

/// A trained tagger: two structured perceptrons over the same tags. The
/// first tags each sentence alone; the second also sees how the first
/// tagged the same word in the neighbouring sentences (a name recurs
/// within an article, and is easier to recognise in some of its contexts
/// than in others).
#[derive(Clone, Debug, PartialEq)]
pub struct NerModel {
    tags: Vec<String>,
    first: Stage,
    second: Stage,
    /// Word clusters learned from unlabeled text (may be empty).
    clusters: WordClusters,
    /// The neural scorer, if trained: its tag log-probabilities, times its
    /// weight, are added to the second stage's scores.
    neural: Option<NeuralScorer>,
    /// Which scores decide the tags (not stored: for evaluation).
    scorer: Scorer,
}

/// Which scores decide the tags: the default, or one side alone to
/// measure it (`khabar eval ner --scorer`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scorer {
    /// The perceptrons' scores plus the neural scorer's, if the model has
    /// one.
    #[default]
    Combined,
    /// The perceptrons alone.
    Perceptrons,
    /// The neural scorer's log-probabilities alone (Viterbi under the BIO
    /// constraint, no transition weights); none without a neural scorer.
    Neural,
}

/// The neural scorer with the word vectors it reads.
#[derive(Clone, Debug, PartialEq)]
struct NeuralScorer {
    weight: f32,
    vectors: StoredVectors,
    /// Networks whose log-probabilities are averaged.
    networks: Vec<Neural>,
}

/// One structured perceptron: per-feature weights for every tag, and the
/// weights of tag-to-tag transitions.
#[derive(Clone, Debug, PartialEq)]
struct Stage {
    /// `(tags + 1) × tags`: row 0 is the sentence start, row `p + 1` the
    /// previous tag `p`.
    transitions: Vec<f32>,
    weights: FxHashMap<u64, Vec<f32>>,
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
fn emissions<'w>(
    n_tags: usize,
    token_features: &[Vec<u64>],
    row: impl Fn(u64) -> Option<&'w [f32]>,
) -> Vec<f32> {
    let mut scores = vec![0f32; token_features.len() * n_tags];
    for (i, feats) in token_features.iter().enumerate() {
        let out = &mut scores[i * n_tags..(i + 1) * n_tags];
        for &f in feats {
            if let Some(weights) = row(f) {
                for (s, w) in out.iter_mut().zip(weights) {
                    *s += w;
                }
            }
        }
    }
    scores
}

/// What the training of one perceptron needs besides its data.
struct Setup<'a> {
    n_tags: usize,
    allowed: &'a [bool],
    options: &'a TrainOptions,
}

impl Stage {
    /// `options.runs` perceptrons, each over its own shuffles of the data
    /// for `options.epochs` passes, their averaged weights averaged again
    /// (less dependence on the order of the data).
    fn train(
        features: &[&[Vec<u64>]],
        gold: &[&[usize]],
        setup: &Setup,
        progress: &mut dyn FnMut(usize, usize, f64),
    ) -> Stage {
        let Setup {
            n_tags,
            allowed,
            options,
        } = *setup;
        let TrainOptions { epochs, runs } = *options;
        let runs = runs.max(1);
        let mut weights: FxHashMap<u64, Vec<f32>> = FxHashMap::default();
        let mut transitions = vec![0f32; (n_tags + 1) * n_tags];
        for run in 0..runs {
            let mut cells: FxHashMap<u64, Training> = FxHashMap::default();
            let mut transition_cells = Training::new((n_tags + 1) * n_tags);
            let mut clock: u64 = 0;
            let mut order: Vec<usize> = (0..features.len()).collect();
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
                    let feats = features[s];
                    let scores = emissions(n_tags, feats, |f| {
                        cells.get(&f).map(|row| row.weights.as_slice())
                    });
                    let guess = viterbi(&scores, &transition_cells.weights, allowed, n_tags);
                    let truth = gold[s];
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
        Stage {
            transitions,
            weights,
        }
    }

    /// The best tag indices for one sentence.
    fn decode(&self, features: &[Vec<u64>], allowed: &[bool], n_tags: usize) -> Vec<usize> {
        self.decode_with(features, None, allowed, n_tags)
    }

    /// The best tag indices for one sentence, with `extra` (`tokens ×
    /// tags` scores and their weight) added to the emissions.
    fn decode_with(
        &self,
        features: &[Vec<u64>],
        extra: Option<(&[f32], f32)>,
        allowed: &[bool],
        n_tags: usize,
    ) -> Vec<usize> {
        let mut scores = emissions(n_tags, features, |f| {
            self.weights.get(&f).map(Vec::as_slice)
        });
        if let Some((extra, weight)) = extra {
            for (s, e) in scores.iter_mut().zip(extra) {
                *s += weight * e;
            }
        }
        viterbi(&scores, &self.transitions, allowed, n_tags)
    }

    /// Transitions, then the features' weights sorted by feature.
    fn write(&self, out: &mut Vec<u8>) {
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
    }

    fn read(reader: &mut Reader, n_tags: usize) -> Result<Stage, ModelError> {
        let transitions = (0..(n_tags + 1) * n_tags)
            .map(|_| reader.u32().map(f32::from_bits))
            .collect::<Result<Vec<f32>, _>>()?;
        let n_features = reader.u64()? as usize;
        let row_bytes = 8 + 4 * n_tags;
        let left = reader.bytes.len() - reader.at;
        if n_features.saturating_mul(row_bytes) > left {
            return Err(ModelError::Truncated {
                offset: reader.bytes.len(),
            });
        }
        let mut weights = FxHashMap::default();
        weights.reserve(n_features);
        let mut previous = None;
        for _ in 0..n_features {
            let f = reader.next_feature(&mut previous, "features out of order")?;
            let row = (0..n_tags)
                .map(|_| reader.u32().map(f32::from_bits))
                .collect::<Result<Vec<f32>, _>>()?;
            weights.insert(f, row);
        }
        Ok(Stage {
            transitions,
            weights,
        })
    }
}

/// Into how many parts the training data is cut to tag each part with a
/// first stage trained on the others: the second stage learns from first-
/// stage tags as wrong as they will be on new text.
const JACKKNIFE_PARTS: usize = 4;

impl NerModel {
    /// Trains on BIO sentences (consecutive sentences of the same articles,
    /// in order), with word clusters from [`WordClusters::learn`] (or empty
    /// ones) as features. Each stage is `options.runs` perceptrons trained
    /// for `options.epochs` passes and averaged. `progress` hears each
    /// stage's (`"first"`, `"second"`, or `"part 1/4"` ... for the first
    /// stages trained to tag the parts of the data held out), run's and
    /// epoch's training token accuracy. Deterministic for the same data.
    pub fn train(
        sentences: &[TaggedSentence],
        tokenizer: &Tokenizer,
        clusters: WordClusters,
        options: &TrainOptions,
        progress: impl FnMut(&str, usize, usize, f64) + Send,
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
        let setup = Setup {
            n_tags,
            allowed: &allowed,
            options,
        };
        let gazetteer = Gazetteer::new(tokenizer);
        // Token features do not depend on the tags: computed once.
        let prepared: Vec<Vec<Prepared>> = sentences
            .iter()
            .map(|s| prepare_sentence(tokenizer, &clusters, &s.tokens))
            .collect();
        let features: Vec<Vec<Vec<u64>>> = prepared
            .iter()
            .map(|words| sentence_features(&gazetteer, words))
            .collect();
        let gold_refs: Vec<&[usize]> = gold.iter().map(Vec::as_slice).collect();
        let progress = Mutex::new(progress);
        let report = |stage: &str, run, epoch, accuracy| {
            // Poisoned only if another training thread panicked, which
            // the scope below raises again.
            if let Ok(mut progress) = progress.lock() {
                progress(stage, run, epoch, accuracy);
            }
        };
        let part_len = sentences.len().div_ceil(JACKKNIFE_PARTS).max(1);
        let feature_refs: Vec<&[Vec<u64>]> = features.iter().map(Vec::as_slice).collect();
        // The first stage, and the first-stage tags of every sentence by a
        // model that did not see it: independent trainings, run in
        // parallel.
        let (first, held_out) = std::thread::scope(|scope| {
            let parts: Vec<_> = (0..sentences.len())
                .step_by(part_len)
                .enumerate()
                .map(|(part, start)| {
                    let end = (start + part_len).min(sentences.len());
                    let (feature_refs, gold_refs, setup, report) =
                        (&feature_refs, &gold_refs, &setup, &report);
                    let held_out = &features[start..end];
                    scope.spawn(move || {
                        let name = format!("part {}/{JACKKNIFE_PARTS}", part + 1);
                        let stage = Stage::train(
                            &[&feature_refs[..start], &feature_refs[end..]].concat(),
                            &[&gold_refs[..start], &gold_refs[end..]].concat(),
                            setup,
                            &mut |run, epoch, accuracy| report(&name, run, epoch, accuracy),
                        );
                        held_out
                            .iter()
                            .map(|f| stage.decode(f, setup.allowed, n_tags))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            let first = Stage::train(&feature_refs, &gold_refs, &setup, &mut |run, epoch, a| {
                report("first", run, epoch, a)
            });
            let held_out: Vec<Vec<usize>> = parts
                .into_iter()
                .flat_map(|part| part.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect();
            (first, held_out)
        });
        let mut features = features;
        add_document_features(&prepared, &held_out, &tags, &mut features);
        let feature_refs: Vec<&[Vec<u64>]> = features.iter().map(Vec::as_slice).collect();
        let second = Stage::train(
            &feature_refs,
            &gold_refs,
            &setup,
            &mut |run, epoch, accuracy| report("second", run, epoch, accuracy),
        );
        NerModel {
            tags,
            first,
            second,
            clusters,
            neural: None,
            scorer: Scorer::default(),
        }
    }

    /// As [`NerModel::train`], and the neural scorer over `vectors` (from
    /// [`WordClusters::learn_with_vectors`]), trained at the same time:
    /// its tag log-probabilities, times `neural.weight`, are added to both
    /// stages' scores. `progress` also hears `"neural"`, each network's
    /// run, each epoch and its mean loss per token.
    pub fn train_with_neural(
        sentences: &[TaggedSentence],
        tokenizer: &Tokenizer,
        clusters: WordClusters,
        vectors: &WordVectors,
        options: &TrainOptions,
        neural: &NeuralOptions,
        progress: impl FnMut(&str, usize, usize, f64) + Send,
    ) -> NerModel {
        let progress = Mutex::new(progress);
        let report = |stage: &str, run, epoch, measure| {
            if let Ok(mut progress) = progress.lock() {
                progress(stage, run, epoch, measure);
            }
        };
        let (mut model, network) = std::thread::scope(|scope| {
            let network = scope.spawn(|| {
                train_neural(
                    sentences,
                    tokenizer,
                    &clusters,
                    vectors,
                    neural,
                    &mut |r, e, l| report("neural", r, e, l),
                )
            });
            let model = NerModel::train(sentences, tokenizer, clusters.clone(), options, report);
            let network = network
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (model, network)
        });
        model.neural = Some(network);
        model
    }

    /// BIO tags for the tokens of one sentence.
    pub fn tag(
        &self,
        tokenizer: &Tokenizer,
        gazetteer: &Gazetteer,
        tokens: &[String],
    ) -> Vec<String> {
        let mut tagged = self.tag_document(tokenizer, gazetteer, std::slice::from_ref(&tokens));
        tagged.pop().unwrap_or_default()
    }

    /// BIO tags for the tokens of each sentence of a document, in order:
    /// the second stage sees how the first tagged the same words in the
    /// neighbouring sentences.
    pub fn tag_document<T: AsRef<[String]>>(
        &self,
        tokenizer: &Tokenizer,
        gazetteer: &Gazetteer,
        sentences: &[T],
    ) -> Vec<Vec<String>> {
        let n_tags = self.tags.len();
        let allowed = allowed_transitions(&self.tags);
        let prepared: Vec<Vec<Prepared>> = sentences
            .iter()
            .map(|s| prepare_sentence(tokenizer, &self.clusters, s.as_ref()))
            .collect();
        let mut features: Vec<Vec<Vec<u64>>> = prepared
            .iter()
            .map(|words| sentence_features(gazetteer, words))
            .collect();
        let neural: Vec<Vec<f32>> = match &self.neural {
            Some(n) => prepared
                .iter()
                .zip(&features)
                .map(|(words, f)| n.scores(words, f))
                .collect(),
            None => Vec::new(),
        };
        let weight = match self.scorer {
            Scorer::Combined => self.neural.as_ref().map_or(0.0, |n| n.weight),
            Scorer::Perceptrons => 0.0,
            Scorer::Neural => {
                let zero = vec![0f32; (n_tags + 1) * n_tags];
                return prepared
                    .iter()
                    .enumerate()
                    .map(|(s, words)| match neural.get(s) {
                        Some(n) => viterbi(n, &zero, &allowed, n_tags)
                            .into_iter()
                            .map(|t| self.tags[t].clone())
                            .collect(),
                        None => vec!["O".to_string(); words.len()],
                    })
                    .collect();
            }
        };
        let extra = |s: usize| neural.get(s).map(|n| (n.as_slice(), weight));
        let first: Vec<Vec<usize>> = features
            .iter()
            .enumerate()
            .map(|(s, f)| self.first.decode_with(f, extra(s), &allowed, n_tags))
            .collect();
        add_document_features(&prepared, &first, &self.tags, &mut features);
        features
            .iter()
            .enumerate()
            .map(|(s, f)| {
                self.second
                    .decode_with(f, extra(s), &allowed, n_tags)
                    .into_iter()
                    .map(|t| self.tags[t].clone())
                    .collect()
            })
            .collect()
    }

    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// Whether the model's word clusters hold this folded word: a word
    /// frequent in the text they were learned from.
    pub fn knows(&self, folded: &str) -> bool {
        self.clusters.path(folded).is_some()
    }

    /// Decides the tags by `scorer` from now on.
    pub fn set_scorer(&mut self, scorer: Scorer) {
        self.scorer = scorer;
    }

    /// Sets how much the neural scorer's log-probabilities weigh against
    /// the perceptrons' scores (no effect without a neural scorer).
    pub fn set_neural_weight(&mut self, weight: f32) {
        if let Some(neural) = &mut self.neural {
            neural.weight = weight;
        }
    }

    /// Whether the model has a neural scorer.
    pub fn has_neural(&self) -> bool {
        self.neural.is_some()
    }

    /// The model as bytes: magic, version, tags, both stages, the word
    /// clusters, checksum.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&MODEL_VERSION.to_le_bytes());
        out.extend_from_slice(&(self.tags.len() as u32).to_le_bytes());
        for tag in &self.tags {
            out.extend_from_slice(&(tag.len() as u32).to_le_bytes());
            out.extend_from_slice(tag.as_bytes());
        }
        self.first.write(&mut out);
        self.second.write(&mut out);
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
        match &self.neural {
            None => out.push(0),
            Some(neural) => {
                out.push(1);
                neural.write(&mut out);
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
            tags.push(reader.str("tag name")?.to_string());
        }
        let first = Stage::read(&mut reader, n_tags)?;
        let second = Stage::read(&mut reader, n_tags)?;
        let n_words = reader.u32()? as usize;
        let mut entries = Vec::with_capacity(n_words.min(bytes.len() / 6));
        let mut previous_word = None;
        for _ in 0..n_words {
            let word = reader.next_word(
                &mut previous_word,
                "cluster word",
                "cluster words out of order",
            )?;
            let levels = reader.take(1)?[0] as usize;
            let path = (0..levels)
                .map(|_| reader.u16())
                .collect::<Result<Vec<u16>, _>>()?;
            entries.push((word.to_string(), path));
        }
        let clusters = WordClusters::from_entries(entries);
        let neural = match reader.take(1)?[0] {
            0 => None,
            1 => Some(NeuralScorer::read(&mut reader, n_tags)?),
            _ => return Err(ModelError::Invalid("neural scorer flag")),
        };
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
            first,
            second,
            clusters,
            neural,
            scorer: Scorer::default(),
        })
    }
}

impl NeuralScorer {
    /// Weight, vectors (dimensions, words sorted, each with its scale and
    /// bytes), then each network (units, embedding dimensions, the
    /// features' embeddings sorted by feature, the LSTMs' and the output
    /// layer's weights).
    fn write(&self, out: &mut Vec<u8>) {
        let put_f32s = |out: &mut Vec<u8>, values: &[f32]| {
            for v in values {
                out.extend_from_slice(&v.to_le_bytes());
            }
        };
        out.extend_from_slice(&self.weight.to_le_bytes());
        let vectors = &self.vectors;
        let d = vectors.dimensions;
        out.extend_from_slice(&(d as u32).to_le_bytes());
        let words = vectors.sorted();
        out.extend_from_slice(&(words.len() as u32).to_le_bytes());
        for (word, row) in words {
            out.extend_from_slice(&(word.len() as u32).to_le_bytes());
            out.extend_from_slice(word.as_bytes());
            out.extend_from_slice(&vectors.scales[row].to_le_bytes());
            out.extend(
                vectors.values[row * d..(row + 1) * d]
                    .iter()
                    .map(|&v| v as u8),
            );
        }
        out.extend_from_slice(&(self.networks.len() as u32).to_le_bytes());
        for network in &self.networks {
            out.extend_from_slice(&(network.hidden as u32).to_le_bytes());
            out.extend_from_slice(&(network.embedding as u32).to_le_bytes());
            let mut features: Vec<(u64, u32)> =
                network.rows.iter().map(|(&f, &r)| (f, r)).collect();
            features.sort_unstable();
            out.extend_from_slice(&(features.len() as u64).to_le_bytes());
            let e = network.embedding;
            for (f, r) in features {
                out.extend_from_slice(&f.to_le_bytes());
                put_f32s(
                    out,
                    &network.embeddings[r as usize * e..(r as usize + 1) * e],
                );
            }
            for weights in &network.dense {
                put_f32s(out, weights);
            }
        }
    }

    /// The networks' mean log-probabilities of the tags (`tokens × tags`).
    fn scores(&self, words: &[Prepared], features: &[Vec<u64>]) -> Vec<f32> {
        let mut sum: Vec<f32> = Vec::new();
        for network in &self.networks {
            let inputs = network.inputs(&self.vectors, words, features);
            let scores = network.scores(&self.vectors, &inputs);
            if sum.is_empty() {
                sum = scores;
            } else {
                sum.iter_mut().zip(scores).for_each(|(s, x)| *s += x);
            }
        }
        let n = self.networks.len().max(1) as f32;
        sum.iter_mut().for_each(|s| *s /= n);
        sum
    }

    fn read(reader: &mut Reader, n_tags: usize) -> Result<NeuralScorer, ModelError> {
        let weight = f32::from_bits(reader.u32()?);
        let d = reader.u32()? as usize;
        if d == 0 || d > 4096 {
            return Err(ModelError::Invalid("vector dimensions"));
        }
        let n_words = reader.u32()? as usize;
        reader.expect(n_words, 8 + d)?;
        let mut vectors = StoredVectors {
            dimensions: d,
            ..StoredVectors::default()
        };
        let mut previous = None;
        for row in 0..n_words {
            let word =
                reader.next_word(&mut previous, "vector word", "vector words out of order")?;
            vectors.rows.insert(word.to_string(), row as u32);
            vectors.scales.push(f32::from_bits(reader.u32()?));
            vectors
                .values
                .extend(reader.take(d)?.iter().map(|&b| b as i8));
        }
        let n_networks = reader.u32()? as usize;
        if n_networks == 0 || n_networks > 64 {
            return Err(ModelError::Invalid("network count"));
        }
        let mut networks = Vec::new();
        for _ in 0..n_networks {
            let hidden = reader.u32()? as usize;
            let embedding = reader.u32()? as usize;
            if hidden == 0 || hidden > 4096 || embedding > 4096 {
                return Err(ModelError::Invalid("network size"));
            }
            let n_features = reader.u64()? as usize;
            reader.expect(n_features, 8 + 4 * embedding)?;
            let mut rows = FxHashMap::default();
            let mut embeddings = Vec::with_capacity(n_features * embedding);
            let mut previous = None;
            for row in 0..n_features {
                let f = reader.next_feature(&mut previous, "neural features out of order")?;
                rows.insert(f, row as u32);
                embeddings.extend(reader.f32s(embedding)?);
            }
            let lengths = Neural::dense_lengths(n_tags, d, hidden, embedding);
            reader.expect(lengths.iter().sum(), 4)?;
            let mut dense: [Vec<f32>; DENSE] = Default::default();
            for (weights, &len) in dense.iter_mut().zip(&lengths) {
                *weights = reader.f32s(len)?;
            }
            networks.push(Neural {
                n_tags,
                hidden,
                embedding,
                dimensions: d,
                rows,
                embeddings,
                dense,
            });
        }
        Ok(NeuralScorer {
            weight,
            vectors,
            networks,
        })
    }
}

/// Trains the neural scorer on the sentences.
fn train_neural(
    sentences: &[TaggedSentence],
    tokenizer: &Tokenizer,
    clusters: &WordClusters,
    vectors: &WordVectors,
    options: &NeuralOptions,
    progress: &mut dyn FnMut(usize, usize, f64),
) -> NeuralScorer {
    let gold: Vec<Vec<String>> = sentences.iter().map(|s| repair_bio(&s.tags)).collect();
    let mut tags: Vec<String> = gold.iter().flatten().cloned().collect();
    tags.sort();
    tags.dedup();
    let gold: Vec<Vec<usize>> = gold
        .iter()
        .map(|s| {
            s.iter()
                .map(|t| tags.binary_search(t).unwrap_or(0))
                .collect()
        })
        .collect();
    let gazetteer = Gazetteer::new(tokenizer);
    let prepared: Vec<Vec<Prepared>> = sentences
        .iter()
        .map(|s| prepare_sentence(tokenizer, clusters, &s.tokens))
        .collect();
    let features: Vec<Vec<Vec<u64>>> = prepared
        .iter()
        .map(|words| sentence_features(&gazetteer, words))
        .collect();
    let feature_refs: Vec<&[Vec<u64>]> = features.iter().map(Vec::as_slice).collect();
    let vectors = StoredVectors::quantize(vectors);
    let gold_refs: Vec<&[usize]> = gold.iter().map(Vec::as_slice).collect();
    let networks = (0..options.runs.max(1))
        .map(|run| {
            let mut network =
                Neural::new(tags.len(), vectors.dimensions, &feature_refs, options, run);
            let inputs: Vec<_> = prepared
                .iter()
                .zip(&features)
                .map(|(words, f)| network.inputs(&vectors, words, f))
                .collect();
            network.train(
                &vectors,
                &inputs,
                &gold_refs,
                (options, run),
                &mut |e, l| progress(run + 1, e, l),
            );
            network
        })
        .collect();
    NeuralScorer {
        weight: options.weight,
        vectors,
        networks,
    }
}

/// A sentence's words, prepared once for both stages.
fn prepare_sentence(
    tokenizer: &Tokenizer,
    clusters: &WordClusters,
    tokens: &[String],
) -> Vec<Prepared> {
    tokens
        .iter()
        .map(|t| prepare(tokenizer, t).with_clusters(clusters))
        .collect()
}

/// The features of every token of a sentence.
fn sentence_features(gazetteer: &Gazetteer, words: &[Prepared]) -> Vec<Vec<u64>> {
    let labels = gazetteer.label(words);
    (0..words.len())
        .map(|i| {
            let mut out = Vec::new();
            features(words, &labels, i, &mut out);
            out
        })
        .collect()
}

/// How many sentences before and after a sentence the second stage looks
/// at for other occurrences of its words.
const DOCUMENT_WINDOW: usize = 10;

/// Adds the second stage's features from the first stage's tags (`first`)
/// of the sentences within [`DOCUMENT_WINDOW`] of each sentence:
///
/// - for each word, the entity types of the other occurrences of its stem,
///   the commonest and every type seen;
/// - for each run of words whose stems spell a name the first stage found
///   elsewhere, the commonest type of that name's other occurrences, with
///   the word's place in the run (a name tagged in one sentence and missed
///   in another);
/// - for each name the first stage found, the commonest type of the longer
///   names around that contain it (بوش inside جورج بوش).
fn add_document_features(
    prepared: &[Vec<Prepared>],
    first: &[Vec<usize>],
    tags: &[String],
    features: &mut [Vec<Vec<u64>>],
) {
    let kind = |t: usize| tags[t].get(2..).unwrap_or("O");
    // The names the first stage found in each sentence: (type, start, end).
    let names: Vec<Vec<(String, usize, usize)>> = first
        .iter()
        .map(|sentence| {
            let labels: Vec<&str> = sentence.iter().map(|&t| tags[t].as_str()).collect();
            super::spans(&labels)
        })
        .collect();
    let stems = |o: usize, range: std::ops::Range<usize>| -> Vec<&str> {
        prepared[o][range].iter().map(|w| w.stem.as_str()).collect()
    };
    for (s, sentence) in features.iter_mut().enumerate() {
        let around =
            s.saturating_sub(DOCUMENT_WINDOW)..(s + DOCUMENT_WINDOW + 1).min(prepared.len());
        let mut seen: FxHashMap<&str, FxHashMap<&str, u32>> = FxHashMap::default();
        // Each name's occurrences: (sentence, start, type).
        let mut found: FxHashMap<Vec<&str>, Vec<Occurrence>> = FxHashMap::default();
        for o in around {
            for (word, &t) in prepared[o].iter().zip(&first[o]) {
                *seen
                    .entry(&word.stem)
                    .or_default()
                    .entry(kind(t))
                    .or_default() += 1;
            }
            for (k, start, end) in &names[o] {
                found
                    .entry(stems(o, *start..*end))
                    .or_default()
                    .push((o, *start, k.as_str()));
            }
        }
        for ((token, word), &t) in sentence.iter_mut().zip(&prepared[s]).zip(&first[s]) {
            if word.stem.chars().count() < 2 {
                continue;
            }
            let counts = commonest_first(
                seen[word.stem.as_str()]
                    .iter()
                    .map(|(&k, &n)| (k, n - u32::from(k == kind(t)))),
            );
            if let Some(&(commonest, _)) = counts.first() {
                token.push(hash(&["doc", commonest]));
            }
            for &(k, _) in counts.iter().filter(|(k, _)| *k != "O") {
                token.push(hash(&["doc seen", k]));
            }
        }
        // Names found elsewhere, wherever their stems recur here. Sorted,
        // so the features come in the same order every time.
        let mut found: Vec<(Vec<&str>, Vec<Occurrence>)> = found.into_iter().collect();
        found.sort_unstable();
        let here = stems(s, 0..prepared[s].len());
        for (name, occurrences) in &found {
            if name.iter().all(|stem| stem.chars().count() < 2) {
                continue;
            }
            for start in 0..(here.len() + 1).saturating_sub(name.len()) {
                if here[start..start + name.len()] != name[..] {
                    continue;
                }
                let others = occurrences
                    .iter()
                    .filter(|&&(o, at, _)| (o, at) != (s, start))
                    .map(|&(_, _, k)| (k, 1));
                if let Some(&(k, _)) = commonest_first(others).first() {
                    for (i, token) in sentence[start..start + name.len()].iter_mut().enumerate() {
                        token.push(hash(&["doc name", if i == 0 { "B" } else { "I" }, k]));
                    }
                }
            }
        }
        for &(_, start, end) in &names[s] {
            let name = &here[start..end];
            let longer = found
                .iter()
                .filter(|(other, _)| {
                    other.len() > name.len() && other.windows(name.len()).any(|w| w == name)
                })
                .flat_map(|(_, occurrences)| occurrences.iter().map(|&(_, _, k)| (k, 1)));
            if let Some(&(k, _)) = commonest_first(longer).first() {
                for token in &mut sentence[start..end] {
                    token.push(hash(&["doc longer name", k]));
                }
            }
        }
    }
}

/// Where the first stage found a name: sentence, first word, type.
type Occurrence<'t> = (usize, usize, &'t str);

/// Sums counts by type and sorts them, the commonest first (ties by name,
/// for determinism), dropping zeros.
fn commonest_first<'k>(counts: impl Iterator<Item = (&'k str, u32)>) -> Vec<(&'k str, u32)> {
    let mut sums: Vec<(&str, u32)> = Vec::new();
    for (k, n) in counts {
        match sums.iter_mut().find(|(seen, _)| *seen == k) {
            Some(sum) => sum.1 += n,
            None => sums.push((k, n)),
        }
    }
    sums.retain(|&(_, n)| n > 0);
    sums.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    sums
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

    /// Fails unless `count` items of `size` bytes are left: no allocation
    /// the file does not pay for.
    /// A length-prefixed UTF-8 string; `what` names it in the error.
    fn str(&mut self, what: &'static str) -> Result<&'b str, ModelError> {
        let len = self.u32()? as usize;
        std::str::from_utf8(self.take(len)?).map_err(|_| ModelError::Invalid(what))
    }

    /// The next word of a list written sorted and unique, as features are:
    /// `what` names a word in the error, `unordered` the list out of order.
    fn next_word(
        &mut self,
        previous: &mut Option<&'b str>,
        what: &'static str,
        unordered: &'static str,
    ) -> Result<&'b str, ModelError> {
        let word = self.str(what)?;
        if previous.is_some_and(|p| p >= word) || word.is_empty() {
            return Err(ModelError::Invalid(unordered));
        }
        *previous = Some(word);
        Ok(word)
    }

    /// The next feature id of a list written sorted and unique (one file,
    /// one model): `unordered` names the list out of order.
    fn next_feature(
        &mut self,
        previous: &mut Option<u64>,
        unordered: &'static str,
    ) -> Result<u64, ModelError> {
        let f = self.u64()?;
        if previous.is_some_and(|p| p >= f) {
            return Err(ModelError::Invalid(unordered));
        }
        *previous = Some(f);
        Ok(f)
    }

    fn expect(&self, count: usize, size: usize) -> Result<(), ModelError> {
        if count.saturating_mul(size) > self.bytes.len() - self.at {
            return Err(ModelError::Truncated {
                offset: self.bytes.len(),
            });
        }
        Ok(())
    }

    fn f32s(&mut self, n: usize) -> Result<Vec<f32>, ModelError> {
        self.expect(n, 4)?;
        (0..n).map(|_| self.u32().map(f32::from_bits)).collect()
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
            |_, _, _, _| {},
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
    fn the_neural_scorer_travels_with_the_model() {
        let tokenizer = Tokenizer::new();
        let words = ["زار", "جون", "كيري", "القاهره", "قال", "في", "باريس"];
        let vectors = WordVectors::from_rows(
            words.iter().map(|w| w.to_string()),
            4,
            (0..words.len() * 4)
                .map(|k| ((k * 7) % 5) as f32 / 5.0 - 0.4)
                .collect(),
        );
        let neural = NeuralOptions {
            hidden: 4,
            embedding: 3,
            epochs: 30,
            rate: 0.01,
            dropout: 0.0,
            min_count: 1,
            ..NeuralOptions::default()
        };
        let mut model = NerModel::train_with_neural(
            &toy(),
            &tokenizer,
            toy_clusters(),
            &vectors,
            &TrainOptions { epochs: 5, runs: 2 },
            &neural,
            |_, _, _, _| {},
        );
        assert!(model.has_neural());
        let bytes = model.to_bytes();
        let read = NerModel::from_bytes(&bytes).unwrap();
        assert_eq!(read, model);
        assert_eq!(read.to_bytes(), bytes);
        let tokens: Vec<String> = ["قال", "جون", "كيري", "في", "القاهرة"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let gazetteer = Gazetteer::new(&tokenizer);
        let expected = ["O", "B-PERS", "I-PERS", "O", "B-LOC"];
        for scorer in [Scorer::Combined, Scorer::Perceptrons, Scorer::Neural] {
            model.set_scorer(scorer);
            assert_eq!(
                model.tag(&tokenizer, &gazetteer, &tokens),
                expected,
                "{scorer:?}"
            );
        }
        // Without a neural scorer, the neural scorer alone finds nothing.
        let mut plain = NerModel::train(
            &toy(),
            &tokenizer,
            toy_clusters(),
            &TrainOptions { epochs: 2, runs: 1 },
            |_, _, _, _| {},
        );
        plain.set_scorer(Scorer::Neural);
        assert_eq!(plain.tag(&tokenizer, &gazetteer, &tokens), ["O"; 5]);
    }

    #[test]
    fn bad_files_are_refused_with_their_reason() {
        let model = NerModel::train(
            &toy(),
            &Tokenizer::new(),
            toy_clusters(),
            &TrainOptions { epochs: 2, runs: 1 },
            |_, _, _, _| {},
        );
        let bytes = model.to_bytes();
        assert_eq!(NerModel::from_bytes(b"hello"), Err(ModelError::NotAModel));
        let mut other_version = bytes.clone();
        other_version[MAGIC.len()] = 9;
        assert_eq!(
            NerModel::from_bytes(&other_version),
            Err(ModelError::Version { found: 9 })
        );
        // Version 1 (greedy decoding, no transitions), version 2 (one
        // stage) and version 3 (no neural scorer) are refused by name.
        for old in [1, 2, 3] {
            let mut old_version = bytes.clone();
            old_version[MAGIC.len()] = old;
            let refused = NerModel::from_bytes(&old_version).unwrap_err();
            assert_eq!(refused, ModelError::Version { found: old.into() });
            assert!(refused
                .to_string()
                .contains("retrain with `khabar train ner`"));
        }
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

    /// The sentences' tokens prepared for features, without clusters.
    fn prepare_all(sentences: &[Vec<&str>]) -> Vec<Vec<Prepared>> {
        let tokenizer = Tokenizer::new();
        let clusters = WordClusters::default();
        sentences
            .iter()
            .map(|s| {
                let tokens: Vec<String> = s.iter().map(|t| t.to_string()).collect();
                prepare_sentence(&tokenizer, &clusters, &tokens)
            })
            .collect()
    }

    #[test]
    fn the_second_stage_sees_other_occurrences_of_a_word() {
        let prepared = prepare_all(&[vec!["زار", "كيري", "القاهرة"], vec!["قال", "كيري"]]);
        let tags: Vec<String> = ["B-PERS", "O"].iter().map(|s| s.to_string()).collect();
        // The first stage found كيري a person in the first sentence only.
        let first = vec![vec![1, 0, 1], vec![1, 1]];
        let mut features = vec![vec![Vec::new(); 3], vec![Vec::new(); 2]];
        add_document_features(&prepared, &first, &tags, &mut features);
        let seen_person = hash(&["doc seen", "PERS"]);
        assert_eq!(
            features[1][1],
            [
                hash(&["doc", "PERS"]),
                seen_person,
                hash(&["doc name", "B", "PERS"])
            ],
            "the other كيري was a person, and a name alone"
        );
        assert_eq!(
            features[0][1],
            [hash(&["doc", "O"])],
            "not counting itself, كيري was O"
        );
        assert!(features[0][0].is_empty(), "زار occurs once");
    }

    #[test]
    fn the_second_stage_sees_names_found_elsewhere() {
        let prepared = prepare_all(&[
            vec!["زار", "جون", "كيري", "القاهرة"],
            vec!["قال", "جون", "كيري"],
            vec!["قال", "كيري"],
        ]);
        let tags: Vec<String> = ["B-PERS", "I-PERS", "O"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // The first stage found جون كيري in the first sentence, missed it
        // in the second, and found كيري alone in the third.
        let first = vec![vec![2, 0, 1, 2], vec![2, 2, 2], vec![2, 0]];
        let mut features = vec![
            vec![Vec::new(); 4],
            vec![Vec::new(); 3],
            vec![Vec::new(); 2],
        ];
        add_document_features(&prepared, &first, &tags, &mut features);
        assert!(features[1][1].contains(&hash(&["doc name", "B", "PERS"])));
        assert!(features[1][2].contains(&hash(&["doc name", "I", "PERS"])));
        assert!(
            !features[0][1].contains(&hash(&["doc name", "B", "PERS"])),
            "a name's own occurrence does not count"
        );
        assert!(features[2][1].contains(&hash(&["doc longer name", "PERS"])));
        assert!(!features[0][2].contains(&hash(&["doc longer name", "PERS"])));
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
