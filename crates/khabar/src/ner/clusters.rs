//! Word clusters learned from unlabeled text, as features for names the
//! labelled data never shows: words used in the same contexts (first names,
//! family names, cities, ministries) fall into the same cluster.
//!
//! A cheap stand-in for Brown clusters: each word gets a vector by
//! structured skip-gram with negative sampling (word2vec's skip-gram,
//! Mikolov et al. 2013, with an output vector per place of the neighbour,
//! Ling et al. 2015: a word's vector learns to predict the words one and
//! two to its left and right, each place apart, so the clusters are word
//! classes more than topics), and the vectors are
//! clustered by spherical k-means into a hierarchy (coarse clusters split
//! again twice), so a word has a cluster path of three levels.
//! Deterministic: the same text gives the same clusters.

use rustc_hash::FxHashMap;

use super::numeric::{fast_dot, Random};
use crate::text::normalize::{fold_for_search, Normalized};

/// How to learn the clusters.
#[derive(Clone, Debug)]
pub struct ClusterOptions {
    /// How many of the most frequent words get a cluster.
    pub vocabulary: usize,
    /// Words seen fewer times get no vector and no cluster.
    pub min_count: u32,
    /// Dimensions of the word vectors.
    pub dimensions: usize,
    /// Words at most this far apart predict each other, each place with
    /// its own output vectors (each position draws its own window between
    /// 1 and this, as word2vec does).
    pub window: usize,
    /// Words drawn from the unigram distribution (to the power ¾) against
    /// each true neighbour.
    pub negatives: usize,
    /// Passes over the text.
    pub epochs: usize,
    /// Occurrences of words more frequent than this share of the text are
    /// skipped at random (word2vec's subsampling).
    pub sample: f64,
    /// Clusters per node at each level: `[64, 8, 4]` gives 64 coarse
    /// clusters, each split into 8, each of those into 4.
    pub branching: Vec<usize>,
    /// k-means iterations per split.
    pub iterations: usize,
}

impl Default for ClusterOptions {
    fn default() -> ClusterOptions {
        ClusterOptions {
            vocabulary: 50_000,
            min_count: 5,
            dimensions: 100,
            window: 2,
            negatives: 5,
            epochs: 3,
            sample: 1e-4,
            branching: vec![64, 8, 4],
            iterations: 12,
        }
    }
}

/// Folded word → its cluster at each level, coarse to fine.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordClusters {
    paths: FxHashMap<String, Vec<u16>>,
}

/// Accumulates unlabeled text for [`WordClusters::learn`].
#[derive(Default)]
pub struct ClusterText {
    ids: FxHashMap<String, u32>,
    words: Vec<String>,
    /// Token ids, with [`BOUNDARY`] between texts.
    stream: Vec<u32>,
}

const BOUNDARY: u32 = u32::MAX;

/// The tokens of a text as the tagger sees words: normalized, folded, runs
/// of letters and digits, and every other visible character alone.
pub fn cluster_tokens(text: &str) -> Vec<String> {
    let folded = fold_for_search(Normalized::new(text).as_str());
    let mut tokens = Vec::new();
    let mut current = String::new();
    for c in folded.chars() {
        if c.is_alphanumeric() {
            current.push(c);
            continue;
        }
        if !current.is_empty() {
            tokens.push(std::mem::take(&mut current));
        }
        if !c.is_whitespace() && !c.is_control() {
            tokens.push(c.to_string());
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

impl ClusterText {
    pub fn new() -> ClusterText {
        ClusterText::default()
    }

    /// Adds one text (an article): its words are neighbours only of each
    /// other.
    pub fn add(&mut self, text: &str) {
        for token in cluster_tokens(text) {
            let next = self.words.len() as u32;
            let id = *self.ids.entry(token).or_insert_with_key(|token| {
                self.words.push(token.clone());
                next
            });
            self.stream.push(id);
        }
        self.stream.push(BOUNDARY);
    }

    /// Tokens added so far.
    pub fn tokens(&self) -> usize {
        self.stream.len()
    }
}

impl WordClusters {
    /// Learns clusters from the text in `corpus`; `progress(epoch)` is
    /// called after each pass of the word vectors' training.
    pub fn learn(
        corpus: &ClusterText,
        options: &ClusterOptions,
        progress: impl FnMut(usize),
    ) -> WordClusters {
        WordClusters::learn_with_vectors(corpus, options, progress).0
    }

    /// As [`WordClusters::learn`], and the clustered words' vectors (unit
    /// length) as well.
    pub fn learn_with_vectors(
        corpus: &ClusterText,
        options: &ClusterOptions,
        progress: impl FnMut(usize),
    ) -> (WordClusters, WordVectors) {
        let mut counts = vec![0u32; corpus.words.len()];
        for &id in &corpus.stream {
            if id != BOUNDARY {
                counts[id as usize] += 1;
            }
        }
        // Most frequent first; ties by the word, for determinism.
        let mut by_count: Vec<u32> = (0..corpus.words.len() as u32)
            .filter(|&id| counts[id as usize] >= options.min_count.max(1))
            .collect();
        by_count.sort_by(|&a, &b| {
            counts[b as usize]
                .cmp(&counts[a as usize])
                .then_with(|| corpus.words[a as usize].cmp(&corpus.words[b as usize]))
        });
        let row_counts: Vec<u32> = by_count.iter().map(|&id| counts[id as usize]).collect();
        let mut row_of = vec![u32::MAX; corpus.words.len()];
        for (row, &id) in by_count.iter().enumerate() {
            row_of[id as usize] = row as u32;
        }
        let d = options.dimensions.max(1);
        let mut random = Random(0x9E37_79B9_7F4A_7C15);
        let mut vectors = skip_gram(corpus, &row_of, &row_counts, options, &mut random, progress);
        let clustered = by_count.len().min(options.vocabulary);
        vectors.truncate(clustered * d);
        for row in vectors.chunks_mut(d) {
            normalize(row);
        }
        let word_vectors = WordVectors::from_rows(
            by_count[..clustered]
                .iter()
                .map(|&id| corpus.words[id as usize].clone()),
            d,
            vectors.clone(),
        );
        // The hierarchy: split every node of a level into `branching` parts.
        let mut paths: Vec<Vec<u16>> = vec![Vec::new(); clustered];
        let mut nodes: Vec<Vec<usize>> = vec![(0..clustered).collect()];
        for &k in &options.branching {
            let mut next_nodes = Vec::new();
            let mut next_id = 0u32;
            for members in &nodes {
                let parts = kmeans(&vectors, d, members, k, options.iterations, &mut random);
                for part in parts.into_iter().filter(|p| !p.is_empty()) {
                    for &m in &part {
                        paths[m].push(next_id.min(u32::from(u16::MAX)) as u16);
                    }
                    next_id += 1;
                    next_nodes.push(part);
                }
            }
            nodes = next_nodes;
        }
        let paths = by_count
            .iter()
            .zip(paths)
            .map(|(&id, path)| (corpus.words[id as usize].clone(), path))
            .collect();
        (WordClusters { paths }, word_vectors)
    }

    /// The cluster path of a folded word, coarse to fine.
    pub fn path(&self, folded: &str) -> Option<&[u16]> {
        self.paths.get(folded).map(Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// The words and their paths, sorted by word.
    pub fn entries(&self) -> Vec<(&str, &[u16])> {
        let mut entries: Vec<(&str, &[u16])> = self
            .paths
            .iter()
            .map(|(w, p)| (w.as_str(), p.as_slice()))
            .collect();
        entries.sort_unstable();
        entries
    }

    /// Clusters from `(word, path)` pairs.
    pub fn from_entries(entries: impl IntoIterator<Item = (String, Vec<u16>)>) -> WordClusters {
        WordClusters {
            paths: entries.into_iter().collect(),
        }
    }

    /// As text: `word<TAB>path` per line, the path's levels joined by `.`,
    /// sorted by word.
    pub fn to_tsv(&self) -> String {
        let mut out = String::new();
        for (word, path) in self.entries() {
            out.push_str(word);
            out.push('\t');
            let levels: Vec<String> = path.iter().map(u16::to_string).collect();
            out.push_str(&levels.join("."));
            out.push('\n');
        }
        out
    }

    /// Reads [`WordClusters::to_tsv`]'s format; the error is the 1-based
    /// line of the first malformed line.
    pub fn from_tsv(text: &str) -> Result<WordClusters, usize> {
        let mut paths = FxHashMap::default();
        for (n, line) in text.lines().enumerate() {
            if line.is_empty() {
                continue;
            }
            let (word, path) = line.split_once('\t').ok_or(n + 1)?;
            let path = path
                .split('.')
                .map(|level| level.parse::<u16>().map_err(|_| n + 1))
                .collect::<Result<Vec<u16>, usize>>()?;
            if word.is_empty() {
                return Err(n + 1);
            }
            paths.insert(word.to_string(), path);
        }
        Ok(WordClusters { paths })
    }
}

/// Folded word → its vector (all of the same length): the vectors the
/// clusters are cut from, as dense features for the neural scorer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WordVectors {
    dimensions: usize,
    rows: FxHashMap<String, u32>,
    values: Vec<f32>,
}

impl WordVectors {
    /// Vectors from words and their rows of `dimensions` values, in order.
    pub fn from_rows(
        words: impl IntoIterator<Item = String>,
        dimensions: usize,
        values: Vec<f32>,
    ) -> WordVectors {
        let rows = words
            .into_iter()
            .enumerate()
            .map(|(row, word)| (word, row as u32))
            .collect();
        WordVectors {
            dimensions,
            rows,
            values,
        }
    }

    pub fn dimensions(&self) -> usize {
        self.dimensions
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The vector of a folded word.
    pub fn get(&self, folded: &str) -> Option<&[f32]> {
        let row = *self.rows.get(folded)? as usize * self.dimensions;
        self.values.get(row..row + self.dimensions)
    }

    /// The words and their vectors, sorted by word.
    pub fn entries(&self) -> Vec<(&str, &[f32])> {
        let mut entries: Vec<(&str, &[f32])> = self
            .rows
            .keys()
            .filter_map(|w| Some((w.as_str(), self.get(w)?)))
            .collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        entries
    }

    /// As text: a first line `words dimensions`, then `word<TAB>values`
    /// (separated by spaces) per word, sorted by word.
    pub fn to_text(&self) -> String {
        let mut out = format!("{} {}\n", self.len(), self.dimensions);
        for (word, vector) in self.entries() {
            out.push_str(word);
            out.push('\t');
            let values: Vec<String> = vector.iter().map(|x| format!("{x:.5}")).collect();
            out.push_str(&values.join(" "));
            out.push('\n');
        }
        out
    }

    /// Reads [`WordVectors::to_text`]'s format; the error is the 1-based
    /// line of the first malformed line.
    pub fn from_text(text: &str) -> Result<WordVectors, usize> {
        let mut lines = text.lines();
        let dimensions = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<usize>().ok())
            .ok_or(1usize)?;
        let mut words = Vec::new();
        let mut values = Vec::new();
        for (n, line) in lines.enumerate() {
            let (word, vector) = line.split_once('\t').ok_or(n + 2)?;
            let before = values.len();
            for value in vector.split(' ') {
                values.push(value.parse::<f32>().map_err(|_| n + 2)?);
            }
            if word.is_empty() || values.len() - before != dimensions {
                return Err(n + 2);
            }
            words.push(word.to_string());
        }
        Ok(WordVectors::from_rows(words, dimensions, values))
    }
}

/// Word vectors by structured skip-gram with negative sampling, one row of
/// `options.dimensions` per vocabulary row (`row_of` maps a word id to its
/// row, `u32::MAX` for none; `row_counts` are the rows' counts).
/// Single-threaded, so the same text always gives the same vectors.
fn skip_gram(
    corpus: &ClusterText,
    row_of: &[u32],
    row_counts: &[u32],
    options: &ClusterOptions,
    random: &mut Random,
    mut progress: impl FnMut(usize),
) -> Vec<f32> {
    let d = options.dimensions.max(1);
    let rows = row_counts.len();
    if rows == 0 {
        return Vec::new();
    }
    let mut input: Vec<f32> = (0..rows * d)
        .map(|_| (random.unit() as f32 - 0.5) / d as f32)
        .collect();
    let window = options.window.max(1);
    // One output vector per place of a neighbour (two to the left, one to
    // the left, ...).
    let slots = 2 * window;
    let mut output = vec![0f32; rows * slots * d];
    // Negatives: a table where each row fills a share proportional to
    // its count to the power ¾.
    let weights: Vec<f64> = row_counts
        .iter()
        .map(|&c| f64::from(c).powf(0.75))
        .collect();
    let total_weight: f64 = weights.iter().sum();
    let table_size = (rows * 100).clamp(1 << 16, 1 << 24);
    let mut table = Vec::with_capacity(table_size);
    let mut cumulative = 0.0;
    for (row, w) in weights.iter().enumerate() {
        cumulative += w;
        let until = ((cumulative / total_weight) * table_size as f64).round() as usize;
        while table.len() < until.min(table_size) {
            table.push(row as u32);
        }
    }
    while table.len() < table_size {
        table.push(rows as u32 - 1);
    }
    // Subsampling: the chance to keep an occurrence of each row.
    let total: f64 = row_counts.iter().map(|&c| f64::from(c)).sum();
    let threshold = options.sample * total;
    let keep: Vec<f64> = row_counts
        .iter()
        .map(|&c| {
            let c = f64::from(c);
            if threshold > 0.0 {
                ((c / threshold).sqrt() + 1.0) * threshold / c
            } else {
                1.0
            }
        })
        .collect();
    let planned = total * options.epochs as f64;
    const START_RATE: f32 = 0.025;
    let mut seen = 0f64;
    let mut text: Vec<u32> = Vec::new();
    let mut gradient = vec![0f32; d];
    for epoch in 0..options.epochs {
        for article in corpus.stream.split(|&id| id == BOUNDARY) {
            text.clear();
            for &id in article {
                let row = row_of[id as usize];
                if row == u32::MAX {
                    continue;
                }
                seen += 1.0;
                if keep[row as usize] >= 1.0 || random.unit() < keep[row as usize] {
                    text.push(row);
                }
            }
            let rate = START_RATE * (1.0 - (seen / planned) as f32).max(1e-4);
            for (i, &word) in text.iter().enumerate() {
                let reach = window - (random.next() % window as u64) as usize;
                let from = i.saturating_sub(reach);
                let to = (i + reach + 1).min(text.len());
                for (j, &context) in text.iter().enumerate().take(to).skip(from) {
                    if j == i {
                        continue;
                    }
                    let context_row = context as usize * d;
                    let context_vector = &mut input[context_row..context_row + d];
                    gradient.fill(0.0);
                    for n in 0..=options.negatives {
                        let (target, label) = if n == 0 {
                            (word, 1.0)
                        } else {
                            let t = table[random.next() as usize % table.len()];
                            if t == word {
                                continue;
                            }
                            (t, 0.0)
                        };
                        let slot = if j < i {
                            window - (i - j)
                        } else {
                            window + (j - i) - 1
                        };
                        let target_row = (target as usize * slots + slot) * d;
                        let target_vector = &mut output[target_row..target_row + d];
                        let step =
                            (label - sigmoid(fast_dot(context_vector, target_vector))) * rate;
                        for ((g, t), c) in gradient
                            .iter_mut()
                            .zip(target_vector.iter_mut())
                            .zip(context_vector.iter())
                        {
                            *g += step * *t;
                            *t += step * c;
                        }
                    }
                    for (c, g) in context_vector.iter_mut().zip(&gradient) {
                        *c += g;
                    }
                }
            }
        }
        progress(epoch + 1);
    }
    input
}

fn sigmoid(x: f32) -> f32 {
    if x > 6.0 {
        1.0
    } else if x < -6.0 {
        0.0
    } else {
        1.0 / (1.0 + (-x).exp())
    }
}

fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Spherical k-means of the `members` rows into at most `k` parts, seeded
/// by k-means++.
fn kmeans(
    vectors: &[f32],
    d: usize,
    members: &[usize],
    k: usize,
    iterations: usize,
    random: &mut Random,
) -> Vec<Vec<usize>> {
    let row = |m: usize| &vectors[m * d..(m + 1) * d];
    if members.len() <= k {
        return members.iter().map(|&m| vec![m]).collect();
    }
    // k-means++ seeding on cosine distance.
    let mut centroids: Vec<Vec<f32>> =
        vec![row(members[random.next() as usize % members.len()]).to_vec()];
    let mut distance: Vec<f64> = members
        .iter()
        .map(|&m| f64::from(1.0 - dot(row(m), &centroids[0])).max(0.0))
        .collect();
    while centroids.len() < k {
        let total: f64 = distance.iter().sum();
        if total <= 0.0 {
            break;
        }
        let mut target = random.unit() * total;
        let mut chosen = members.len() - 1;
        for (i, dist) in distance.iter().enumerate() {
            target -= dist;
            if target <= 0.0 {
                chosen = i;
                break;
            }
        }
        let centroid = row(members[chosen]).to_vec();
        for (dist, &m) in distance.iter_mut().zip(members) {
            *dist = dist.min(f64::from(1.0 - dot(row(m), &centroid)).max(0.0));
        }
        centroids.push(centroid);
    }
    let mut assignment = vec![0usize; members.len()];
    for _ in 0..iterations {
        let mut changed = false;
        for (a, &m) in assignment.iter_mut().zip(members) {
            let v = row(m);
            let best = (0..centroids.len())
                .map(|c| dot(v, &centroids[c]))
                .enumerate()
                .fold(
                    (0, f32::NEG_INFINITY),
                    |b, (c, s)| if s > b.1 { (c, s) } else { b },
                )
                .0;
            changed |= *a != best;
            *a = best;
        }
        for (c, centroid) in centroids.iter_mut().enumerate() {
            let mut sum = vec![0f32; d];
            for (&a, &m) in assignment.iter().zip(members) {
                if a == c {
                    sum.iter_mut().zip(row(m)).for_each(|(s, x)| *s += x);
                }
            }
            if sum.iter().any(|x| *x != 0.0) {
                normalize(&mut sum);
                *centroid = sum;
            }
        }
        if !changed {
            break;
        }
    }
    let mut parts = vec![Vec::new(); centroids.len()];
    for (&a, &m) in assignment.iter().zip(members) {
        parts[a].push(m);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_a_cluster() {
        let mut text = ClusterText::new();
        for _ in 0..10 {
            for name in ["سمير", "خالد", "علي"] {
                for city in ["دمشق", "بيروت", "عمان"] {
                    text.add(&format!("قال {name} ان الوضع في {city} هادئ"));
                    text.add(&format!("وصل {name} امس الى {city} مساء"));
                }
            }
        }
        let options = ClusterOptions {
            branching: vec![3],
            min_count: 1,
            dimensions: 16,
            window: 1,
            sample: 0.0,
            epochs: 20,
            ..ClusterOptions::default()
        };
        let clusters = WordClusters::learn(&text, &options, |_| {});
        let path = |w: &str| clusters.path(w).unwrap().to_vec();
        assert_eq!(path("سمير"), path("خالد"));
        assert_eq!(path("دمشق"), path("بيروت"));
        assert_ne!(path("سمير"), path("دمشق"));
        let (same, vectors) = WordClusters::learn_with_vectors(&text, &options, |_| {});
        assert_eq!(same, clusters);
        assert_eq!(vectors.len(), clusters.len());
        let cosine = |a: &str, b: &str| dot(vectors.get(a).unwrap(), vectors.get(b).unwrap());
        assert!(cosine("سمير", "خالد") > cosine("سمير", "دمشق"));
        let read = WordVectors::from_text(&vectors.to_text()).unwrap();
        assert_eq!(read.len(), vectors.len());
        assert!((read.get("علي").unwrap()[3] - vectors.get("علي").unwrap()[3]).abs() < 1e-5);
        assert_eq!(WordVectors::from_text("1 2\nword\t0.5\n"), Err(2));
        let again = WordClusters::from_tsv(&clusters.to_tsv()).unwrap();
        assert_eq!(again, clusters);
        assert_eq!(WordClusters::from_tsv("word\t1.x\n"), Err(1));
    }
}
