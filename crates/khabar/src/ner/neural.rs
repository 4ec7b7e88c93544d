//! The neural scorer: a window network (Collobert et al. 2011) over dense
//! pretrained word vectors, whose tag probabilities are added to the
//! perceptron's scores before Viterbi.
//!
//! Each token's input is the pretrained vectors (fixed, from
//! `khabar train clusters --vectors`) of the word and its two neighbours
//! each side, a flag per place for a word with no vector, and the sum of
//! learned embeddings of the perceptron's own features of the token (an
//! embedding bag: what the perceptron sees, in a few dense dimensions).
//! One hidden layer of `tanh` units, then a softmax over the tags, trained
//! by stochastic gradient on each token's log-likelihood, with dropout on
//! the hidden units. Single-threaded and seeded: the same data gives the
//! same network.

use rustc_hash::FxHashMap;

use super::clusters::WordVectors;
use super::features::Prepared;

/// Places in the window: two words each side of the token.
const REACH: usize = 2;
pub(super) const PLACES: usize = 2 * REACH + 1;
/// The pretrained vectors are unit length; scaled to this length as input
/// (components of about ±0.5, like the embedding bag's).
const VECTOR_NORM: f32 = 5.0;

/// How to train the neural scorer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NeuralOptions {
    /// Hidden units.
    pub hidden: usize,
    /// Dimensions of the features' embeddings.
    pub embedding: usize,
    /// Passes over the data.
    pub epochs: usize,
    /// Starting step size, falling linearly to nothing.
    pub rate: f32,
    /// Share of hidden units dropped at each training step.
    pub dropout: f32,
    /// Features seen fewer times in training get no embedding.
    pub min_count: u32,
    /// How much its tag log-probabilities weigh, added to the second
    /// stage's scores.
    pub weight: f32,
    /// Whether its tags are features of the perceptrons.
    pub stacked: bool,
}

impl Default for NeuralOptions {
    fn default() -> NeuralOptions {
        NeuralOptions {
            hidden: 128,
            embedding: 32,
            epochs: 10,
            rate: 0.02,
            dropout: 0.5,
            min_count: 2,
            weight: 0.5,
            stacked: true,
        }
    }
}

/// Word vectors quantized to bytes, one scale per word: what the model
/// file stores.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct StoredVectors {
    pub(super) dimensions: usize,
    /// Folded word → row.
    pub(super) rows: FxHashMap<String, u32>,
    pub(super) scales: Vec<f32>,
    pub(super) values: Vec<i8>,
}

impl StoredVectors {
    pub(super) fn quantize(vectors: &WordVectors) -> StoredVectors {
        let dimensions = vectors.dimensions();
        let mut stored = StoredVectors {
            dimensions,
            ..StoredVectors::default()
        };
        for (row, (word, vector)) in vectors.entries().into_iter().enumerate() {
            let largest = vector.iter().fold(0f32, |m, x| m.max(x.abs()));
            let scale = if largest > 0.0 { largest / 127.0 } else { 1.0 };
            stored.rows.insert(word.to_string(), row as u32);
            stored.scales.push(scale);
            stored.values.extend(
                vector
                    .iter()
                    .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8),
            );
        }
        stored
    }

    /// The row of a word: its own vector, or its stem's.
    fn row(&self, word: &Prepared) -> Option<usize> {
        self.rows
            .get(&word.folded)
            .or_else(|| self.rows.get(&word.stem))
            .map(|&r| r as usize)
    }

    fn write_into(&self, row: usize, out: &mut [f32]) {
        let scale = self.scales[row] * VECTOR_NORM;
        let values = &self.values[row * self.dimensions..(row + 1) * self.dimensions];
        for (o, &v) in out.iter_mut().zip(values) {
            *o = f32::from(v) * scale;
        }
    }

    /// The words sorted, with their rows.
    pub(super) fn sorted(&self) -> Vec<(&str, usize)> {
        let mut words: Vec<(&str, usize)> = self
            .rows
            .iter()
            .map(|(w, &r)| (w.as_str(), r as usize))
            .collect();
        words.sort_unstable();
        words
    }
}

/// The network's weights.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Neural {
    pub(super) n_tags: usize,
    pub(super) hidden: usize,
    pub(super) embedding: usize,
    /// Vector dimensions (the input is `PLACES × (dimensions + 1) +
    /// embedding` wide).
    pub(super) dimensions: usize,
    /// Feature → its embedding's row.
    pub(super) rows: FxHashMap<u64, u32>,
    pub(super) embeddings: Vec<f32>,
    /// `hidden × input`.
    pub(super) w1: Vec<f32>,
    pub(super) b1: Vec<f32>,
    /// `tags × hidden`.
    pub(super) w2: Vec<f32>,
    pub(super) b2: Vec<f32>,
}

/// One token's input, by reference: its window's vector rows and its
/// features' embedding rows.
pub(super) struct TokenInput {
    words: [Option<usize>; PLACES],
    features: Vec<u32>,
}

/// A repeatable pseudo-random sequence (xorshift64*).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [-1, 1).
    fn symmetric(&mut self) -> f32 {
        ((self.next() >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    }
}

/// Hidden units' values and what backpropagation needs.
struct Activations {
    input: Vec<f32>,
    hidden: Vec<f32>,
    /// 1/(1 - dropout) for kept units, 0 for dropped ones (all 1 when not
    /// training).
    mask: Vec<f32>,
    /// Log-probabilities of the tags.
    output: Vec<f32>,
}

impl Neural {
    fn input_len(&self) -> usize {
        PLACES * (self.dimensions + 1) + self.embedding
    }

    /// A network with small random weights, an embedding for every feature
    /// seen at least `options.min_count` times in `features`.
    pub(super) fn new(
        n_tags: usize,
        dimensions: usize,
        features: &[&[Vec<u64>]],
        options: &NeuralOptions,
    ) -> Neural {
        let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
        for f in features.iter().flat_map(|s| s.iter()).flatten() {
            *counts.entry(*f).or_default() += 1;
        }
        let mut kept: Vec<u64> = counts
            .into_iter()
            .filter(|&(_, n)| n >= options.min_count)
            .map(|(f, _)| f)
            .collect();
        kept.sort_unstable();
        let rows: FxHashMap<u64, u32> = kept
            .iter()
            .enumerate()
            .map(|(r, &f)| (f, r as u32))
            .collect();
        let mut random = Random(0x5DEE_CE66_D1CE_4E5B);
        let embedding = options.embedding;
        let embeddings = (0..kept.len() * embedding)
            .map(|_| random.symmetric() * 0.05)
            .collect();
        let mut network = Neural {
            n_tags,
            hidden: options.hidden,
            embedding,
            dimensions,
            rows,
            embeddings,
            w1: Vec::new(),
            b1: vec![0.0; options.hidden],
            w2: Vec::new(),
            b2: vec![0.0; n_tags],
        };
        let input = network.input_len();
        let range1 = (6.0 / (input + options.hidden) as f32).sqrt();
        network.w1 = (0..options.hidden * input)
            .map(|_| random.symmetric() * range1)
            .collect();
        let range2 = (6.0 / (options.hidden + n_tags) as f32).sqrt();
        network.w2 = (0..n_tags * options.hidden)
            .map(|_| random.symmetric() * range2)
            .collect();
        network
    }

    /// The inputs of a sentence's tokens.
    pub(super) fn inputs(
        &self,
        vectors: &StoredVectors,
        words: &[Prepared],
        features: &[Vec<u64>],
    ) -> Vec<TokenInput> {
        let rows: Vec<Option<usize>> = words.iter().map(|w| vectors.row(w)).collect();
        (0..words.len())
            .map(|i| {
                let mut window = [None; PLACES];
                for (k, slot) in window.iter_mut().enumerate() {
                    let j = (i + k).checked_sub(REACH);
                    *slot = j.and_then(|j| rows.get(j).copied().flatten());
                }
                TokenInput {
                    words: window,
                    features: features[i]
                        .iter()
                        .filter_map(|f| self.rows.get(f).copied())
                        .collect(),
                }
            })
            .collect()
    }

    fn activations(&self) -> Activations {
        Activations {
            input: vec![0.0; self.input_len()],
            hidden: vec![0.0; self.hidden],
            mask: vec![1.0; self.hidden],
            output: vec![0.0; self.n_tags],
        }
    }

    /// Fills `a.input` for a token, then the forward pass (with `a.mask`).
    fn forward(&self, vectors: &StoredVectors, token: &TokenInput, a: &mut Activations) {
        let d = self.dimensions;
        a.input.fill(0.0);
        for (k, row) in token.words.iter().enumerate() {
            let place = &mut a.input[k * (d + 1)..(k + 1) * (d + 1)];
            match row {
                Some(r) => vectors.write_into(*r, &mut place[..d]),
                None => place[d] = 1.0,
            }
        }
        let bag = PLACES * (d + 1);
        for &r in &token.features {
            let e =
                &self.embeddings[r as usize * self.embedding..(r as usize + 1) * self.embedding];
            for (x, v) in a.input[bag..].iter_mut().zip(e) {
                *x += v;
            }
        }
        let n = self.input_len();
        for (j, h) in a.hidden.iter_mut().enumerate() {
            let z = self.b1[j] + dot(&self.w1[j * n..(j + 1) * n], &a.input);
            *h = z.tanh();
        }
        for (t, o) in a.output.iter_mut().enumerate() {
            let w = &self.w2[t * self.hidden..(t + 1) * self.hidden];
            *o = self.b2[t]
                + w.iter()
                    .zip(&a.hidden)
                    .zip(&a.mask)
                    .map(|((w, h), m)| w * h * m)
                    .sum::<f32>();
        }
        let largest = a.output.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
        let total = a
            .output
            .iter()
            .map(|x| (x - largest).exp())
            .sum::<f32>()
            .ln()
            + largest;
        a.output.iter_mut().for_each(|o| *o -= total);
    }

    /// One step of stochastic gradient on `-log p(gold)`, after
    /// [`Neural::forward`]: `rate` times the gradient is taken off the
    /// weights. Returns the loss.
    fn backward(&mut self, token: &TokenInput, gold: usize, rate: f32, a: &Activations) -> f32 {
        let n = self.input_len();
        let mut hidden_gradient = vec![0f32; self.hidden];
        for t in 0..self.n_tags {
            let g = a.output[t].exp() - f32::from(u8::from(t == gold));
            self.b2[t] -= rate * g;
            let w = &mut self.w2[t * self.hidden..(t + 1) * self.hidden];
            for (((w, dh), h), m) in w
                .iter_mut()
                .zip(&mut hidden_gradient)
                .zip(&a.hidden)
                .zip(&a.mask)
            {
                *dh += g * *w * m;
                *w -= rate * g * h * m;
            }
        }
        let bag = PLACES * (self.dimensions + 1);
        let mut bag_gradient = vec![0f32; self.embedding];
        for (j, dh) in hidden_gradient.iter().enumerate() {
            let dz = dh * (1.0 - a.hidden[j] * a.hidden[j]);
            if dz == 0.0 {
                continue;
            }
            self.b1[j] -= rate * dz;
            let w = &mut self.w1[j * n..(j + 1) * n];
            for (g, w) in bag_gradient.iter_mut().zip(&w[bag..]) {
                *g += dz * w;
            }
            let step = rate * dz;
            for (w, x) in w.iter_mut().zip(&a.input) {
                *w -= step * x;
            }
        }
        for &r in &token.features {
            let e = &mut self.embeddings
                [r as usize * self.embedding..(r as usize + 1) * self.embedding];
            for (e, g) in e.iter_mut().zip(&bag_gradient) {
                *e -= rate * g;
            }
        }
        -a.output[gold]
    }

    /// Trains on every token of `inputs` (sentences of tokens) with its
    /// gold tag; `progress(epoch, mean loss)` after each pass.
    pub(super) fn train(
        &mut self,
        vectors: &StoredVectors,
        inputs: &[Vec<TokenInput>],
        gold: &[&[usize]],
        options: &NeuralOptions,
        progress: &mut dyn FnMut(usize, f64),
    ) {
        let mut order: Vec<(usize, usize)> = inputs
            .iter()
            .enumerate()
            .flat_map(|(s, tokens)| (0..tokens.len()).map(move |i| (s, i)))
            .collect();
        let planned = (order.len() * options.epochs).max(1) as f32;
        let mut random = Random(0x2545_F491_4F6C_DD1D);
        let mut a = self.activations();
        let keep = 1.0 - options.dropout.clamp(0.0, 0.95);
        let mut step = 0usize;
        for epoch in 0..options.epochs {
            for i in (1..order.len()).rev() {
                order.swap(i, (random.next() % (i as u64 + 1)) as usize);
            }
            let mut loss = 0f64;
            for &(s, i) in &order {
                for m in a.mask.iter_mut() {
                    let drawn = (random.next() >> 40) as f32 / (1u64 << 24) as f32;
                    *m = if drawn < keep { 1.0 / keep } else { 0.0 };
                }
                let rate = options.rate * (1.0 - step as f32 / planned).max(1e-3);
                step += 1;
                self.forward(vectors, &inputs[s][i], &mut a);
                loss += f64::from(self.backward(&inputs[s][i], gold[s][i], rate, &a));
            }
            progress(epoch + 1, loss / order.len().max(1) as f64);
        }
    }

    /// Log-probabilities of the tags (`tokens × tags`) for a sentence.
    pub(super) fn scores(&self, vectors: &StoredVectors, inputs: &[TokenInput]) -> Vec<f32> {
        let mut a = self.activations();
        let mut out = Vec::with_capacity(inputs.len() * self.n_tags);
        for token in inputs {
            self.forward(vectors, token, &mut a);
            out.extend_from_slice(&a.output);
        }
        out
    }
}

/// A dot product in eight running sums, which the compiler can vectorize.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut sums = [0f32; 8];
    let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for k in 0..8 {
            sums[k] += x[k] * y[k];
        }
    }
    sums.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(folded: &str) -> Prepared {
        Prepared {
            folded: folded.to_string(),
            stem: folded.to_string(),
            prefix: String::new(),
            clusters: Vec::new(),
        }
    }

    fn toy() -> (Neural, StoredVectors, Vec<TokenInput>) {
        let vectors = WordVectors::from_rows(
            ["a".to_string(), "b".to_string()],
            3,
            vec![0.6, -0.8, 0.0, 0.0, 0.6, 0.8],
        );
        let vectors = StoredVectors::quantize(&vectors);
        let features = vec![vec![1, 2], vec![2, 3], vec![1, 3]];
        let options = NeuralOptions {
            hidden: 4,
            embedding: 2,
            min_count: 1,
            ..NeuralOptions::default()
        };
        let network = Neural::new(3, 3, &[&features], &options);
        let words = [word("a"), word("c"), word("b")];
        let inputs = network.inputs(&vectors, &words, &features);
        (network, vectors, inputs)
    }

    /// The loss of a token under the network, without dropout.
    fn loss(network: &Neural, vectors: &StoredVectors, token: &TokenInput, gold: usize) -> f64 {
        let mut a = network.activations();
        network.forward(vectors, token, &mut a);
        -f64::from(a.output[gold])
    }

    #[test]
    fn gradients_match_finite_differences() {
        let (network, vectors, inputs) = toy();
        let (token, gold) = (&inputs[1], 2);
        // The step backward takes is `rate` times the gradient: with a tiny
        // rate, the change of each weight over the rate is the gradient.
        let rate = 1e-3;
        let mut stepped = network.clone();
        let mut a = network.activations();
        network.forward(&vectors, token, &mut a);
        stepped.backward(token, gold, rate, &a);
        let h = 1e-2f32;
        let mut checked = 0;
        type Weights = fn(&mut Neural) -> &mut Vec<f32>;
        let groups: [(&str, Weights); 5] = [
            ("w1", |n| &mut n.w1),
            ("b1", |n| &mut n.b1),
            ("w2", |n| &mut n.w2),
            ("b2", |n| &mut n.b2),
            ("embeddings", |n| &mut n.embeddings),
        ];
        for (name, weights) in groups {
            let len = weights(&mut network.clone()).len();
            for k in (0..len).step_by(3) {
                let analytic =
                    f64::from(weights(&mut network.clone())[k] - weights(&mut stepped.clone())[k])
                        / f64::from(rate);
                let mut plus = network.clone();
                weights(&mut plus)[k] += h;
                let mut minus = network.clone();
                weights(&mut minus)[k] -= h;
                let numeric = (loss(&plus, &vectors, token, gold)
                    - loss(&minus, &vectors, token, gold))
                    / (2.0 * f64::from(h));
                assert!(
                    (analytic - numeric).abs() < 1e-3 + 1e-2 * numeric.abs(),
                    "{name}[{k}]: backward {analytic}, finite differences {numeric}"
                );
                checked += 1;
            }
        }
        assert!(checked > 20);
    }

    #[test]
    fn learns_a_toy_set_deterministically() {
        let (mut network, vectors, inputs) = toy();
        let gold = [0usize, 1, 2];
        let options = NeuralOptions {
            epochs: 200,
            rate: 0.1,
            dropout: 0.0,
            ..NeuralOptions::default()
        };
        let mut again = network.clone();
        let inputs = vec![inputs];
        network.train(&vectors, &inputs, &[&gold], &options, &mut |_, _| {});
        let scores = network.scores(&vectors, &inputs[0]);
        for (i, &g) in gold.iter().enumerate() {
            let row = &scores[i * 3..(i + 1) * 3];
            let best = (0..3).fold(0, |b, t| if row[t] > row[b] { t } else { b });
            assert_eq!(best, g);
        }
        again.train(&vectors, &inputs, &[&gold], &options, &mut |_, _| {});
        assert_eq!(again, network);
    }
}
