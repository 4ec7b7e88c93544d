//! The averaged-perceptron model: training, tagging, and its versioned
//! binary file.

use rustc_hash::FxHashMap;

use super::features::{features, prepare, Gazetteer, Prepared};
use super::TaggedSentence;
use crate::text::tokenize::Tokenizer;

const MAGIC: &[u8; 11] = b"KHABAR-NER\0";
/// The model file format this khabar writes and reads.
pub const MODEL_VERSION: u32 = 1;

/// A trained tagger: per-feature weights for every tag.
#[derive(Clone, Debug, PartialEq)]
pub struct NerModel {
    tags: Vec<String>,
    weights: FxHashMap<u64, Vec<f32>>,
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

/// Training state of one (feature, tag) weight for averaging.
#[derive(Clone, Copy, Default)]
struct Cell {
    weight: f32,
    total: f64,
    stamp: u64,
}

impl NerModel {
    /// Trains on BIO sentences for `epochs` passes; `progress` hears each
    /// epoch's training accuracy. Deterministic for the same data.
    pub fn train(
        sentences: &[TaggedSentence],
        tokenizer: &Tokenizer,
        epochs: usize,
        mut progress: impl FnMut(usize, f64),
    ) -> NerModel {
        let mut tags: Vec<String> = sentences
            .iter()
            .flat_map(|s| s.tags.iter().cloned())
            .collect();
        tags.sort();
        tags.dedup();
        let tag_index: FxHashMap<&str, usize> = tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), i))
            .collect();
        let gazetteer = Gazetteer::new(tokenizer);
        let prepared: Vec<Vec<Prepared>> = sentences
            .iter()
            .map(|s| s.tokens.iter().map(|t| prepare(tokenizer, t)).collect())
            .collect();
        let labels: Vec<Vec<String>> = prepared
            .iter()
            .map(|words| gazetteer.label(words))
            .collect();
        let mut cells: FxHashMap<u64, Vec<Cell>> = FxHashMap::default();
        let mut clock: u64 = 0;
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut feats = Vec::new();
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
                let words = &prepared[s];
                let mut guessed: Vec<&str> = Vec::with_capacity(words.len());
                for (i, truth) in sentences[s].tags.iter().enumerate() {
                    clock += 1;
                    let previous = previous_tags(&guessed);
                    features(words, &labels[s], i, previous, &mut feats);
                    let guess = best(
                        &tags,
                        |f| {
                            cells
                                .get(&f)
                                .map(|row| row.iter().map(|c| c.weight).collect())
                        },
                        &feats,
                    );
                    let truth_index = tag_index[truth.as_str()];
                    if guess != truth_index {
                        for &f in &feats {
                            let row = cells
                                .entry(f)
                                .or_insert_with(|| vec![Cell::default(); tags.len()]);
                            for (index, delta) in [(truth_index, 1.0f32), (guess, -1.0)] {
                                let cell = &mut row[index];
                                cell.total += (clock - cell.stamp) as f64 * f64::from(cell.weight);
                                cell.stamp = clock;
                                cell.weight += delta;
                            }
                        }
                    } else {
                        right += 1;
                    }
                    seen += 1;
                    guessed.push(tags[guess].as_str());
                }
            }
            progress(epoch + 1, right as f64 / seen.max(1) as f64);
        }
        let weights = cells
            .into_iter()
            .map(|(f, row)| {
                let averaged = row
                    .iter()
                    .map(|c| {
                        ((c.total + (clock - c.stamp) as f64 * f64::from(c.weight))
                            / clock.max(1) as f64) as f32
                    })
                    .collect();
                (f, averaged)
            })
            .filter(|(_, row): &(u64, Vec<f32>)| row.iter().any(|w| *w != 0.0))
            .collect();
        NerModel { tags, weights }
    }

    /// BIO tags for the tokens of one sentence.
    pub fn tag(
        &self,
        tokenizer: &Tokenizer,
        gazetteer: &Gazetteer,
        tokens: &[String],
    ) -> Vec<String> {
        let words: Vec<Prepared> = tokens.iter().map(|t| prepare(tokenizer, t)).collect();
        let labels = gazetteer.label(&words);
        let mut guessed: Vec<&str> = Vec::with_capacity(words.len());
        let mut feats = Vec::new();
        for i in 0..words.len() {
            features(&words, &labels, i, previous_tags(&guessed), &mut feats);
            let guess = best(&self.tags, |f| self.weights.get(&f).cloned(), &feats);
            guessed.push(self.tags[guess].as_str());
        }
        guessed.into_iter().map(str::to_string).collect()
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
        let mut features: Vec<(&u64, &Vec<f32>)> = self.weights.iter().collect();
        features.sort_by_key(|(f, _)| **f);
        out.extend_from_slice(&(features.len() as u64).to_le_bytes());
        for (f, row) in features {
            out.extend_from_slice(&f.to_le_bytes());
            for w in row {
                out.extend_from_slice(&w.to_le_bytes());
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
        let body = reader.at;
        let checksum = reader.u64()?;
        if reader.at != bytes.len() {
            return Err(ModelError::Invalid("trailing bytes"));
        }
        if fnv(&bytes[..body]) != checksum {
            return Err(ModelError::Corrupted);
        }
        Ok(NerModel { tags, weights })
    }
}

fn previous_tags<'a>(guessed: &[&'a str]) -> [&'a str; 2] {
    let n = guessed.len();
    [
        n.checked_sub(1).map_or("<s>", |k| guessed[k]),
        n.checked_sub(2).map_or("<s>", |k| guessed[k]),
    ]
}

/// The highest-scoring tag index; ties go to the first tag.
fn best(tags: &[String], weights: impl Fn(u64) -> Option<Vec<f32>>, feats: &[u64]) -> usize {
    let mut scores = vec![0f32; tags.len()];
    for &f in feats {
        if let Some(row) = weights(f) {
            for (s, w) in scores.iter_mut().zip(row) {
                *s += w;
            }
        }
    }
    scores
        .iter()
        .enumerate()
        .fold(0, |best, (i, s)| if *s > scores[best] { i } else { best })
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

    #[test]
    fn learns_a_toy_set_and_round_trips() {
        let tokenizer = Tokenizer::new();
        let model = NerModel::train(&toy(), &tokenizer, 5, |_, _| {});
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
        let model = NerModel::train(&toy(), &Tokenizer::new(), 2, |_, _| {});
        let bytes = model.to_bytes();
        assert_eq!(NerModel::from_bytes(b"hello"), Err(ModelError::NotAModel));
        let mut other_version = bytes.clone();
        other_version[MAGIC.len()] = 9;
        assert_eq!(
            NerModel::from_bytes(&other_version),
            Err(ModelError::Version { found: 9 })
        );
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
}
