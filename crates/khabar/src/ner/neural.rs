//! The neural scorer: a bidirectional LSTM (Hochreiter & Schmidhuber
//! 1997; Graves & Schmidhuber 2005) over dense pretrained word vectors,
//! whose tag log-probabilities are added to the perceptrons' scores before
//! Viterbi.
//!
//! Each token's input is the pretrained vector (fixed, from
//! `khabar train clusters --vectors`) of the word (or its stem), a flag for
//! a word with neither, and the sum of learned embeddings of the
//! perceptron's own features of the token (an embedding bag: what the
//! perceptron sees, in a few dense dimensions). An LSTM reads the sentence
//! left to right, another right to left; a softmax over the tags reads
//! both at each token. Trained on each sentence's log-likelihood (Adam for
//! the dense weights, plain steps for the embeddings), with dropout on the
//! input and on the LSTMs' outputs. Single-threaded and seeded: the same
//! data gives the same network.

use rustc_hash::FxHashMap;

use super::clusters::WordVectors;
use super::features::Prepared;
use super::numeric::{fast_dot, Random};

/// The pretrained vectors are unit length; scaled to this length as input
/// (components of about ±0.5, like the embedding bag's).
const VECTOR_NORM: f32 = 5.0;

/// How to train the neural scorer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NeuralOptions {
    /// Units of each direction's LSTM.
    pub hidden: usize,
    /// Dimensions of the features' embeddings.
    pub embedding: usize,
    /// Passes over the data.
    pub epochs: usize,
    /// Adam's starting step size, falling linearly to nothing.
    pub rate: f32,
    /// Share of the LSTMs' outputs dropped at each training step (half as
    /// much of the input).
    pub dropout: f32,
    /// Features seen fewer times in training get no embedding.
    pub min_count: u32,
    /// How much its tag log-probabilities weigh, added to both stages'
    /// scores.
    pub weight: f32,
    /// Networks trained from different random starts and orders, their
    /// log-probabilities averaged.
    pub runs: usize,
}

impl Default for NeuralOptions {
    /// Chosen on the development folds (see `docs/design/ner.md`).
    fn default() -> NeuralOptions {
        NeuralOptions {
            hidden: 100,
            embedding: 32,
            epochs: 10,
            rate: 0.002,
            dropout: 0.65,
            min_count: 2,
            weight: 1.0,
            runs: 1,
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
    /// Units of each direction.
    pub(super) hidden: usize,
    pub(super) embedding: usize,
    /// Vector dimensions (the input is `dimensions + 1 + embedding` wide).
    pub(super) dimensions: usize,
    /// Feature → its embedding's row.
    pub(super) rows: FxHashMap<u64, u32>,
    pub(super) embeddings: Vec<f32>,
    /// The dense weights: see [`Neural::dense_lengths`].
    pub(super) dense: [Vec<f32>; DENSE],
}

/// The dense weight arrays: each direction's gates (`4·hidden × (input +
/// hidden)`, input, forget, output and candidate rows in that order) and
/// their biases, then the output layer (`tags × 2·hidden`) and its biases.
pub(super) const DENSE: usize = 6;
const LEFT: usize = 0;
const RIGHT: usize = 2;
const OUT: usize = 4;

/// One token's input, by reference: its vector's row and its features'
/// embedding rows.
pub(super) struct TokenInput {
    word: Option<usize>,
    features: Vec<u32>,
}

/// A sentence's pass through the network: what backpropagation needs.
struct Pass {
    /// `tokens × input`, after dropout.
    x: Vec<f32>,
    /// Per direction, `tokens × 4·hidden` gate values (after their
    /// squashing), `tokens × hidden` cells and outputs.
    gates: [Vec<f32>; 2],
    cells: [Vec<f32>; 2],
    outputs: [Vec<f32>; 2],
    /// `tokens × 2·hidden`: 1/(1 - dropout) for kept outputs, 0 for
    /// dropped ones.
    mask: Vec<f32>,
    /// `tokens × tags` log-probabilities.
    scores: Vec<f32>,
}

/// Gradients of one sentence's loss.
struct Gradients {
    dense: [Vec<f32>; DENSE],
    /// `tokens × input`: the gradient of each token's input.
    x: Vec<f32>,
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl Neural {
    fn input_len(&self) -> usize {
        self.dimensions + 1 + self.embedding
    }

    /// The lengths of the dense weight arrays.
    pub(super) fn dense_lengths(
        n_tags: usize,
        dimensions: usize,
        hidden: usize,
        embedding: usize,
    ) -> [usize; DENSE] {
        let gates = 4 * hidden * (dimensions + 1 + embedding + hidden);
        [
            gates,
            4 * hidden,
            gates,
            4 * hidden,
            n_tags * 2 * hidden,
            n_tags,
        ]
    }

    /// A network with small random weights, an embedding for every feature
    /// seen at least `options.min_count` times in `features`.
    /// `run` picks the random start.
    pub(super) fn new(
        n_tags: usize,
        dimensions: usize,
        features: &[&[Vec<u64>]],
        options: &NeuralOptions,
        run: usize,
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
        let mut random = Random(0x5DEE_CE66_D1CE_4E5B ^ seed(run));
        let embedding = options.embedding;
        let embeddings = (0..kept.len() * embedding)
            .map(|_| random.symmetric() * 0.05)
            .collect();
        let hidden = options.hidden;
        let lengths = Neural::dense_lengths(n_tags, dimensions, hidden, embedding);
        let input = dimensions + 1 + embedding;
        let fan = [
            input + hidden + 4 * hidden,
            0,
            input + hidden + 4 * hidden,
            0,
            2 * hidden + n_tags,
            0,
        ];
        let dense = std::array::from_fn(|k| {
            let range = if fan[k] > 0 {
                (6.0 / fan[k] as f32).sqrt()
            } else {
                0.0
            };
            let mut weights: Vec<f32> = (0..lengths[k])
                .map(|_| random.symmetric() * range)
                .collect();
            if k == LEFT + 1 || k == RIGHT + 1 {
                // Forget gates start open (Jozefowicz et al. 2015).
                weights[hidden..2 * hidden].fill(1.0);
            }
            weights
        });
        Neural {
            n_tags,
            hidden,
            embedding,
            dimensions,
            rows,
            embeddings,
            dense,
        }
    }

    /// The inputs of a sentence's tokens.
    pub(super) fn inputs(
        &self,
        vectors: &StoredVectors,
        words: &[Prepared],
        features: &[Vec<u64>],
    ) -> Vec<TokenInput> {
        words
            .iter()
            .zip(features)
            .map(|(word, features)| TokenInput {
                word: vectors.row(word),
                features: features
                    .iter()
                    .filter_map(|f| self.rows.get(f).copied())
                    .collect(),
            })
            .collect()
    }

    /// The input rows of a sentence (`tokens × input`).
    fn input_rows(&self, vectors: &StoredVectors, tokens: &[TokenInput]) -> Vec<f32> {
        let (d, n) = (self.dimensions, self.input_len());
        let mut x = vec![0f32; tokens.len() * n];
        for (token, row) in tokens.iter().zip(x.chunks_mut(n)) {
            match token.word {
                Some(r) => vectors.write_into(r, &mut row[..d]),
                None => row[d] = 1.0,
            }
            for &f in &token.features {
                let e = &self.embeddings
                    [f as usize * self.embedding..(f as usize + 1) * self.embedding];
                for (x, v) in row[d + 1..].iter_mut().zip(e) {
                    *x += v;
                }
            }
        }
        x
    }

    /// The forward pass over a sentence's input rows, with the outputs'
    /// dropout `mask` (`tokens × 2·hidden`).
    fn forward(&self, x: Vec<f32>, mask: Vec<f32>) -> Pass {
        let (n, h) = (self.input_len(), self.hidden);
        let tokens = x.len() / n;
        let mut pass = Pass {
            x,
            gates: [vec![0f32; tokens * 4 * h], vec![0f32; tokens * 4 * h]],
            cells: [vec![0f32; tokens * h], vec![0f32; tokens * h]],
            outputs: [vec![0f32; tokens * h], vec![0f32; tokens * h]],
            mask,
            scores: vec![0f32; tokens * self.n_tags],
        };
        let mut z = vec![0f32; n + h];
        for direction in 0..2 {
            let weights = &self.dense[2 * direction];
            let bias = &self.dense[2 * direction + 1];
            let mut previous: Option<usize> = None;
            for step in 0..tokens {
                let t = if direction == 0 {
                    step
                } else {
                    tokens - 1 - step
                };
                z[..n].copy_from_slice(&pass.x[t * n..(t + 1) * n]);
                match previous {
                    Some(p) => z[n..].copy_from_slice(&pass.outputs[direction][p * h..(p + 1) * h]),
                    None => z[n..].fill(0.0),
                }
                let gates = &mut pass.gates[direction][t * 4 * h..(t + 1) * 4 * h];
                for (k, g) in gates.iter_mut().enumerate() {
                    let a = bias[k] + fast_dot(&weights[k * (n + h)..(k + 1) * (n + h)], &z);
                    *g = if k < 3 * h { sigmoid(a) } else { a.tanh() };
                }
                for j in 0..h {
                    let (i, f, o, u) = (gates[j], gates[h + j], gates[2 * h + j], gates[3 * h + j]);
                    let before = previous.map_or(0.0, |p| pass.cells[direction][p * h + j]);
                    let c = f * before + i * u;
                    pass.cells[direction][t * h + j] = c;
                    pass.outputs[direction][t * h + j] = o * c.tanh();
                }
                previous = Some(t);
            }
        }
        let out = &self.dense[OUT];
        for t in 0..tokens {
            let scores = &mut pass.scores[t * self.n_tags..(t + 1) * self.n_tags];
            let m = &pass.mask[t * 2 * h..(t + 1) * 2 * h];
            for (tag, s) in scores.iter_mut().enumerate() {
                let w = &out[tag * 2 * h..(tag + 1) * 2 * h];
                let mut sum = self.dense[OUT + 1][tag];
                for j in 0..h {
                    sum += w[j] * pass.outputs[0][t * h + j] * m[j];
                    sum += w[h + j] * pass.outputs[1][t * h + j] * m[h + j];
                }
                *s = sum;
            }
            let largest = scores.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
            let total = scores.iter().map(|x| (x - largest).exp()).sum::<f32>().ln() + largest;
            scores.iter_mut().for_each(|s| *s -= total);
        }
        pass
    }

    /// The gradients of the sentence's loss, `-Σ log p(gold)`, after
    /// [`Neural::forward`].
    fn backward(&self, pass: &Pass, gold: &[usize]) -> Gradients {
        let (n, h) = (self.input_len(), self.hidden);
        let tokens = gold.len();
        let mut grads = Gradients {
            dense: std::array::from_fn(|k| vec![0f32; self.dense[k].len()]),
            x: vec![0f32; tokens * n],
        };
        // The output layer; `dh` is the gradient of each direction's
        // outputs.
        let mut dh = [vec![0f32; tokens * h], vec![0f32; tokens * h]];
        for (t, &g) in gold.iter().enumerate() {
            let m = &pass.mask[t * 2 * h..(t + 1) * 2 * h];
            for tag in 0..self.n_tags {
                let ds = pass.scores[t * self.n_tags + tag].exp() - f32::from(u8::from(tag == g));
                grads.dense[OUT + 1][tag] += ds;
                let w = &self.dense[OUT][tag * 2 * h..(tag + 1) * 2 * h];
                let dw = &mut grads.dense[OUT][tag * 2 * h..(tag + 1) * 2 * h];
                for j in 0..h {
                    dw[j] += ds * pass.outputs[0][t * h + j] * m[j];
                    dw[h + j] += ds * pass.outputs[1][t * h + j] * m[h + j];
                    dh[0][t * h + j] += ds * w[j] * m[j];
                    dh[1][t * h + j] += ds * w[h + j] * m[h + j];
                }
            }
        }
        // Through time, each direction from its last step back.
        let mut z = vec![0f32; n + h];
        let mut dgates = vec![0f32; 4 * h];
        let mut dz = vec![0f32; n + h];
        for (direction, dh) in dh.iter().enumerate() {
            let weights = &self.dense[2 * direction];
            let (dweights, rest) = grads.dense[2 * direction..].split_at_mut(1);
            let (dweights, dbias) = (&mut dweights[0], &mut rest[0]);
            let order = |step: usize| {
                if direction == 0 {
                    step
                } else {
                    tokens - 1 - step
                }
            };
            let mut dh_next = vec![0f32; h];
            let mut dc_next = vec![0f32; h];
            for step in (0..tokens).rev() {
                let t = order(step);
                let previous = step.checked_sub(1).map(order);
                let gates = &pass.gates[direction][t * 4 * h..(t + 1) * 4 * h];
                for j in 0..h {
                    let (i, f, o, u) = (gates[j], gates[h + j], gates[2 * h + j], gates[3 * h + j]);
                    let c = pass.cells[direction][t * h + j];
                    let before = previous.map_or(0.0, |p| pass.cells[direction][p * h + j]);
                    let tc = c.tanh();
                    let dhj = dh[t * h + j] + dh_next[j];
                    let dc = dhj * o * (1.0 - tc * tc) + dc_next[j];
                    dgates[j] = dc * u * i * (1.0 - i);
                    dgates[h + j] = dc * before * f * (1.0 - f);
                    dgates[2 * h + j] = dhj * tc * o * (1.0 - o);
                    dgates[3 * h + j] = dc * i * (1.0 - u * u);
                    dc_next[j] = dc * f;
                }
                z[..n].copy_from_slice(&pass.x[t * n..(t + 1) * n]);
                match previous {
                    Some(p) => z[n..].copy_from_slice(&pass.outputs[direction][p * h..(p + 1) * h]),
                    None => z[n..].fill(0.0),
                }
                dz.fill(0.0);
                for (k, &dg) in dgates.iter().enumerate() {
                    dbias[k] += dg;
                    if dg == 0.0 {
                        continue;
                    }
                    let row = k * (n + h)..(k + 1) * (n + h);
                    for ((dw, w), (zi, dzi)) in dweights[row.clone()]
                        .iter_mut()
                        .zip(&weights[row])
                        .zip(z.iter().zip(dz.iter_mut()))
                    {
                        *dw += dg * zi;
                        *dzi += dg * w;
                    }
                }
                for (dx, d) in grads.x[t * n..(t + 1) * n].iter_mut().zip(&dz[..n]) {
                    *dx += d;
                }
                dh_next.copy_from_slice(&dz[n..]);
            }
        }
        grads
    }

    /// Trains on `inputs` (sentences of tokens) with their gold tags, in
    /// the orders `run` picks; `progress(epoch, mean loss per token)` after
    /// each pass.
    pub(super) fn train(
        &mut self,
        vectors: &StoredVectors,
        inputs: &[Vec<TokenInput>],
        gold: &[&[usize]],
        (options, run): (&NeuralOptions, usize),
        progress: &mut dyn FnMut(usize, f64),
    ) {
        let mut order: Vec<usize> = (0..inputs.len())
            .filter(|&s| !inputs[s].is_empty())
            .collect();
        let tokens: usize = inputs.iter().map(Vec::len).sum();
        let planned = (order.len() * options.epochs).max(1) as f32;
        let mut random = Random(0x2545_F491_4F6C_DD1D ^ seed(run));
        let keep = 1.0 - options.dropout.clamp(0.0, 0.9);
        let keep_input = 1.0 - options.dropout.clamp(0.0, 0.9) / 2.0;
        let mut adam: [Adam; DENSE] = std::array::from_fn(|k| Adam::new(self.dense[k].len()));
        let (n, h, d) = (self.input_len(), self.hidden, self.dimensions);
        let mut step = 0usize;
        for epoch in 0..options.epochs {
            for i in (1..order.len()).rev() {
                order.swap(i, (random.next() % (i as u64 + 1)) as usize);
            }
            let mut loss = 0f64;
            for &s in &order {
                let rate = options.rate * (1.0 - step as f32 / planned).max(0.01);
                step += 1;
                let sentence = &inputs[s];
                let mut x = self.input_rows(vectors, sentence);
                // Dropout on the input: whole vectors for the word part,
                // unit by unit for the embeddings.
                for row in x.chunks_mut(n) {
                    if random.unit_f32() >= keep_input {
                        row[..d].fill(0.0);
                    }
                    for v in &mut row[d + 1..] {
                        *v = if random.unit_f32() < keep_input {
                            *v / keep_input
                        } else {
                            0.0
                        };
                    }
                }
                let mask = (0..sentence.len() * 2 * h)
                    .map(|_| {
                        if random.unit_f32() < keep {
                            1.0 / keep
                        } else {
                            0.0
                        }
                    })
                    .collect();
                let pass = self.forward(x, mask);
                let grads = self.backward(&pass, gold[s]);
                loss -= gold[s]
                    .iter()
                    .enumerate()
                    .map(|(t, &g)| f64::from(pass.scores[t * self.n_tags + g]))
                    .sum::<f64>();
                // Clipped to a norm of 5, as LSTM taggers do.
                let norm = grads
                    .dense
                    .iter()
                    .flatten()
                    .map(|g| g * g)
                    .sum::<f32>()
                    .sqrt();
                let clip = if norm > 5.0 { 5.0 / norm } else { 1.0 };
                for ((adam, weights), gradient) in
                    adam.iter_mut().zip(&mut self.dense).zip(&grads.dense)
                {
                    adam.step(weights, gradient, rate, clip);
                }
                // The embeddings: plain steps, as the dropout left them.
                let embedding_rate = rate * 25.0 * clip;
                for (token, (row, dx)) in
                    sentence.iter().zip(pass.x.chunks(n).zip(grads.x.chunks(n)))
                {
                    for &f in &token.features {
                        let e = &mut self.embeddings
                            [f as usize * self.embedding..(f as usize + 1) * self.embedding];
                        for ((e, g), x) in e.iter_mut().zip(&dx[d + 1..]).zip(&row[d + 1..]) {
                            if *x != 0.0 || *g == 0.0 {
                                *e -= embedding_rate * g;
                            }
                        }
                    }
                }
            }
            progress(epoch + 1, loss / tokens.max(1) as f64);
        }
    }

    /// Log-probabilities of the tags (`tokens × tags`) for a sentence.
    pub(super) fn scores(&self, vectors: &StoredVectors, inputs: &[TokenInput]) -> Vec<f32> {
        let x = self.input_rows(vectors, inputs);
        let mask = vec![1.0; inputs.len() * 2 * self.hidden];
        self.forward(x, mask).scores
    }
}

/// A run's seed: 0 for the first, so one network trains as it always did.
fn seed(run: usize) -> u64 {
    (run as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Adam (Kingma & Ba 2015): a step per weight scaled by running averages
/// of its gradient and squared gradient.
struct Adam {
    m: Vec<f32>,
    v: Vec<f32>,
    steps: i32,
}

impl Adam {
    fn new(n: usize) -> Adam {
        Adam {
            m: vec![0.0; n],
            v: vec![0.0; n],
            steps: 0,
        }
    }

    fn step(&mut self, weights: &mut [f32], gradient: &[f32], rate: f32, scale: f32) {
        const B1: f32 = 0.9;
        const B2: f32 = 0.999;
        self.steps += 1;
        let correction1 = 1.0 - B1.powi(self.steps);
        let correction2 = 1.0 - B2.powi(self.steps);
        let step = rate * correction2.sqrt() / correction1;
        for ((w, g), (m, v)) in weights
            .iter_mut()
            .zip(gradient)
            .zip(self.m.iter_mut().zip(self.v.iter_mut()))
        {
            let g = g * scale;
            *m = B1 * *m + (1.0 - B1) * g;
            *v = B2 * *v + (1.0 - B2) * g * g;
            *w -= step * *m / (v.sqrt() + 1e-8);
        }
    }
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
            hidden: 3,
            embedding: 2,
            min_count: 1,
            ..NeuralOptions::default()
        };
        let network = Neural::new(3, 3, &[&features], &options, 0);
        let words = [word("a"), word("c"), word("b")];
        let inputs = network.inputs(&vectors, &words, &features);
        (network, vectors, inputs)
    }

    /// The sentence's loss under the network, without dropout.
    fn loss(
        network: &Neural,
        vectors: &StoredVectors,
        inputs: &[TokenInput],
        gold: &[usize],
    ) -> f64 {
        let scores = network.scores(vectors, inputs);
        gold.iter()
            .enumerate()
            .map(|(t, &g)| -f64::from(scores[t * network.n_tags + g]))
            .sum()
    }

    #[test]
    fn gradients_match_finite_differences() {
        let (network, vectors, inputs) = toy();
        let gold = [2, 0, 1];
        let x = network.input_rows(&vectors, &inputs);
        let mask = vec![1.0; inputs.len() * 2 * network.hidden];
        let grads = network.backward(&network.forward(x, mask), &gold);
        let h = 1e-2f32;
        let mut checked = 0;
        let close = |name: &str, k: usize, analytic: f64, numeric: f64| {
            assert!(
                (analytic - numeric).abs() < 1e-3 + 1e-2 * numeric.abs(),
                "{name}[{k}]: backward {analytic}, finite differences {numeric}"
            );
        };
        for group in 0..DENSE {
            for k in (0..network.dense[group].len()).step_by(5) {
                let mut plus = network.clone();
                plus.dense[group][k] += h;
                let mut minus = network.clone();
                minus.dense[group][k] -= h;
                let numeric = (loss(&plus, &vectors, &inputs, &gold)
                    - loss(&minus, &vectors, &inputs, &gold))
                    / (2.0 * f64::from(h));
                close("dense", k, f64::from(grads.dense[group][k]), numeric);
                checked += 1;
            }
        }
        // An embedding's gradient is the sum of its tokens' input gradients.
        let n = network.input_len();
        for k in 0..network.embeddings.len() {
            let (row, unit) = (k / network.embedding, k % network.embedding);
            let analytic: f64 = inputs
                .iter()
                .enumerate()
                .filter(|(_, token)| token.features.contains(&(row as u32)))
                .map(|(t, _)| f64::from(grads.x[t * n + network.dimensions + 1 + unit]))
                .sum();
            let mut plus = network.clone();
            plus.embeddings[k] += h;
            let mut minus = network.clone();
            minus.embeddings[k] -= h;
            let numeric = (loss(&plus, &vectors, &inputs, &gold)
                - loss(&minus, &vectors, &inputs, &gold))
                / (2.0 * f64::from(h));
            close("embeddings", k, analytic, numeric);
            checked += 1;
        }
        assert!(checked > 50);
    }

    #[test]
    fn learns_a_toy_set_deterministically() {
        let (mut network, vectors, inputs) = toy();
        let gold = [0usize, 1, 2];
        let options = NeuralOptions {
            epochs: 300,
            rate: 0.02,
            dropout: 0.0,
            ..NeuralOptions::default()
        };
        let mut again = network.clone();
        let inputs = vec![inputs];
        network.train(&vectors, &inputs, &[&gold], (&options, 0), &mut |_, _| {});
        let scores = network.scores(&vectors, &inputs[0]);
        for (i, &g) in gold.iter().enumerate() {
            let row = &scores[i * 3..(i + 1) * 3];
            let best = (0..3).fold(0, |b, t| if row[t] > row[b] { t } else { b });
            assert_eq!(best, g);
        }
        again.train(&vectors, &inputs, &[&gold], (&options, 0), &mut |_, _| {});
        assert_eq!(again, network);
    }
}
