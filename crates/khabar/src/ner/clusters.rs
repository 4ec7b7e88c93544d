//! Word clusters learned from unlabeled text, as features for names the
//! labelled data never shows: words used in the same contexts (first names,
//! family names, cities, ministries) fall into the same cluster.
//!
//! A cheap stand-in for Brown clusters: each frequent word is described by
//! its left and right neighbours (one and two words away) among the most
//! frequent words, weighted by positive PMI, projected to a few dimensions
//! by a fixed random matrix, and clustered by spherical k-means into a
//! hierarchy (coarse clusters split again twice), so a word has a cluster
//! path of three levels. Deterministic: the same text gives the same
//! clusters.

use rustc_hash::FxHashMap;

use crate::text::normalize::{fold_for_search, Normalized};

/// How to learn the clusters.
#[derive(Clone, Debug)]
pub struct ClusterOptions {
    /// How many of the most frequent words get a cluster.
    pub vocabulary: usize,
    /// Words seen fewer times get none.
    pub min_count: u32,
    /// How many of the most frequent words describe a word's contexts.
    pub contexts: usize,
    /// Dimensions of the random projection.
    pub dimensions: usize,
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
            contexts: 300,
            dimensions: 128,
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

/// A repeatable pseudo-random sequence (xorshift64*).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

impl WordClusters {
    /// Learns clusters from the text in `corpus`.
    pub fn learn(corpus: &ClusterText, options: &ClusterOptions) -> WordClusters {
        let mut counts = vec![0u32; corpus.words.len()];
        for &id in &corpus.stream {
            if id != BOUNDARY {
                counts[id as usize] += 1;
            }
        }
        let mut by_count: Vec<u32> = (0..corpus.words.len() as u32).collect();
        // Most frequent first; ties by the word, for determinism.
        by_count.sort_by(|&a, &b| {
            counts[b as usize]
                .cmp(&counts[a as usize])
                .then_with(|| corpus.words[a as usize].cmp(&corpus.words[b as usize]))
        });
        let vocabulary: Vec<u32> = by_count
            .iter()
            .copied()
            .take(options.vocabulary)
            .filter(|&id| counts[id as usize] >= options.min_count)
            .collect();
        let n_contexts = options.contexts.min(by_count.len());
        let mut row_of = vec![u32::MAX; corpus.words.len()];
        for (row, &id) in vocabulary.iter().enumerate() {
            row_of[id as usize] = row as u32;
        }
        let mut context_of = vec![u32::MAX; corpus.words.len()];
        for (k, &id) in by_count.iter().take(n_contexts).enumerate() {
            context_of[id as usize] = k as u32;
        }
        // Co-occurrence counts: four blocks (two left, two right).
        const OFFSETS: [isize; 4] = [-2, -1, 1, 2];
        let width = OFFSETS.len() * n_contexts;
        let mut matrix = vec![0f32; vocabulary.len() * width];
        let stream = &corpus.stream;
        for (j, &id) in stream.iter().enumerate() {
            if id == BOUNDARY || row_of[id as usize] == u32::MAX {
                continue;
            }
            let row = row_of[id as usize] as usize;
            for (block, offset) in OFFSETS.iter().enumerate() {
                let Some(k) = j.checked_add_signed(*offset) else {
                    continue;
                };
                // Stop at a boundary between texts.
                let between = if *offset < 0 { k..j } else { j + 1..k + 1 };
                if k >= stream.len() || stream[between].contains(&BOUNDARY) {
                    continue;
                }
                let context = context_of[stream[k] as usize];
                if context != u32::MAX {
                    matrix[row * width + block * n_contexts + context as usize] += 1.0;
                }
            }
        }
        // Positive PMI per block, then each row to unit length.
        let mut column_sums = vec![0f64; width];
        let mut row_sums = vec![0f64; vocabulary.len() * OFFSETS.len()];
        for row in 0..vocabulary.len() {
            for c in 0..width {
                let v = f64::from(matrix[row * width + c]);
                column_sums[c] += v;
                row_sums[row * OFFSETS.len() + c / n_contexts.max(1)] += v;
            }
        }
        let block_totals: Vec<f64> = (0..OFFSETS.len())
            .map(|b| {
                column_sums[b * n_contexts..(b + 1) * n_contexts]
                    .iter()
                    .sum()
            })
            .collect();
        for row in 0..vocabulary.len() {
            for c in 0..width {
                let cell = &mut matrix[row * width + c];
                if *cell > 0.0 {
                    let block = c / n_contexts;
                    let expected = row_sums[row * OFFSETS.len() + block] * column_sums[c]
                        / block_totals[block];
                    *cell = (f64::from(*cell) / expected).ln().max(0.0) as f32;
                }
            }
        }
        // A fixed random ±1 projection.
        let d = options.dimensions.max(1);
        let mut random = Random(0x9E37_79B9_7F4A_7C15);
        let projection: Vec<f32> = (0..width * d)
            .map(|_| if random.next() & 1 == 0 { 1.0 } else { -1.0 })
            .collect();
        let mut vectors = vec![0f32; vocabulary.len() * d];
        for row in 0..vocabulary.len() {
            let out = &mut vectors[row * d..(row + 1) * d];
            for c in 0..width {
                let v = matrix[row * width + c];
                if v != 0.0 {
                    for (o, p) in out.iter_mut().zip(&projection[c * d..(c + 1) * d]) {
                        *o += v * p;
                    }
                }
            }
            normalize(out);
        }
        drop(matrix);
        // The hierarchy: split every node of a level into `branching` parts.
        let mut paths: Vec<Vec<u16>> = vec![Vec::new(); vocabulary.len()];
        let mut nodes: Vec<Vec<usize>> = vec![(0..vocabulary.len()).collect()];
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
        let paths = vocabulary
            .iter()
            .zip(paths)
            .map(|(&id, path)| (corpus.words[id as usize].clone(), path))
            .collect();
        WordClusters { paths }
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
        for (name, city) in [("سمير", "دمشق"), ("خالد", "بيروت"), ("علي", "عمان")]
        {
            for _ in 0..20 {
                text.add(&format!("قال {name} في {city} اليوم"));
                text.add(&format!("وصل {name} الى {city} امس"));
            }
        }
        let options = ClusterOptions {
            branching: vec![2],
            min_count: 1,
            ..ClusterOptions::default()
        };
        let clusters = WordClusters::learn(&text, &options);
        let path = |w: &str| clusters.path(w).unwrap().to_vec();
        assert_eq!(path("سمير"), path("خالد"));
        assert_eq!(path("دمشق"), path("بيروت"));
        assert_ne!(path("سمير"), path("دمشق"));
        let again = WordClusters::from_tsv(&clusters.to_tsv()).unwrap();
        assert_eq!(again, clusters);
        assert_eq!(WordClusters::from_tsv("word\t1.x\n"), Err(1));
    }
}
