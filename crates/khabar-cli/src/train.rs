//! `khabar train`: train statistical models.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Subcommand;
use khabar::ner::{
    read_conll, ClusterOptions, ClusterText, NerModel, NeuralOptions, TaggedSentence, TrainOptions,
    WordClusters, WordVectors,
};
use khabar::text::tokenize::Tokenizer;
use khabar_io::JsonlReader;

#[derive(Subcommand)]
pub enum Command {
    /// Train the named-entity tagger on CoNLL-style BIO data (`token TAG` lines).
    Ner(NerArgs),
    /// Learn word clusters from unlabeled JSONL articles (the `text` field,
    /// gzip or not), for `khabar train ner --clusters`. Writes
    /// `word<TAB>path` lines.
    Clusters(ClustersArgs),
}

#[derive(clap::Args)]
pub struct ClustersArgs {
    /// JSONL article files (`.jsonl` or `.jsonl.gz`).
    #[arg(long, required = true, num_args = 1..)]
    corpus: Vec<PathBuf>,
    /// Where to write the clusters.
    #[arg(long)]
    out: PathBuf,
    /// How many of the most frequent words get a cluster.
    #[arg(long, default_value_t = ClusterOptions::default().vocabulary)]
    vocabulary: usize,
    /// CoNLL files (`token TAG` lines) whose text is added, tags ignored:
    /// the NER training data itself.
    #[arg(long)]
    conll: Vec<PathBuf>,
    /// Dimensions of the word vectors the clusters are cut from.
    #[arg(long, default_value_t = ClusterOptions::default().dimensions)]
    dimensions: usize,
    /// Words at most this far apart predict each other.
    #[arg(long, default_value_t = ClusterOptions::default().window)]
    window: usize,
    /// Passes of the word vectors' training over the text.
    #[arg(long, default_value_t = ClusterOptions::default().epochs)]
    epochs: usize,
    /// Words seen fewer times get no cluster.
    #[arg(long, default_value_t = ClusterOptions::default().min_count)]
    min_count: u32,
    /// Also write the clustered words' vectors here (`word<TAB>values`
    /// lines after a `words dimensions` line), for `khabar train ner
    /// --vectors`.
    #[arg(long)]
    vectors: Option<PathBuf>,
    /// Read at most this many articles per file (all by default).
    #[arg(long)]
    max_articles: Option<usize>,
}

#[derive(clap::Args)]
pub struct NerArgs {
    /// Training data: `token TAG` per line, blank lines between sentences.
    #[arg(long)]
    train: PathBuf,
    /// Where to write the model.
    #[arg(long)]
    out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    /// Perceptrons trained over different shuffles and averaged.
    #[arg(long, default_value_t = TrainOptions::default().runs)]
    runs: usize,
    /// Word clusters from `khabar train clusters`, stored in the model.
    #[arg(long)]
    clusters: Option<PathBuf>,
    /// Word vectors from `khabar train clusters --vectors`: trains the
    /// neural scorer over them too, stored in the model.
    #[arg(long)]
    vectors: Option<PathBuf>,
    /// How much the neural scorer's tag log-probabilities weigh against
    /// the perceptron's scores.
    #[arg(long, default_value_t = NeuralOptions::default().weight)]
    neural_weight: f32,
    /// Passes of the neural scorer over the training data.
    #[arg(long, default_value_t = NeuralOptions::default().epochs)]
    neural_epochs: usize,
    /// Hidden units of the neural scorer.
    #[arg(long, default_value_t = NeuralOptions::default().hidden)]
    neural_hidden: usize,
    /// Starting step size of the neural scorer's training.
    #[arg(long, default_value_t = NeuralOptions::default().rate)]
    neural_rate: f32,
    /// Share of the neural scorer's hidden units dropped in training.
    #[arg(long, default_value_t = NeuralOptions::default().dropout)]
    neural_dropout: f32,
    /// Neural networks trained from different random starts, averaged.
    #[arg(long, default_value_t = NeuralOptions::default().runs)]
    neural_runs: usize,
    /// Dimensions of the neural scorer's feature embeddings.
    #[arg(long, default_value_t = NeuralOptions::default().embedding)]
    neural_embedding: usize,
}

pub fn run(command: Command) -> anyhow::Result<u8> {
    match command {
        Command::Ner(args) => train_ner(args),
        Command::Clusters(args) => train_clusters(args),
    }
}

/// Reads a CoNLL file, naming the file and line of a malformed line.
pub fn read_sentences(path: &Path) -> anyhow::Result<Vec<TaggedSentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    read_conll(&text).map_err(|line| {
        anyhow::anyhow!(
            "{}:{line}: expected `token TAG` with a BIO tag",
            path.display()
        )
    })
}

/// A file parsed line by line, its bad line named with the file and what
/// was expected there.
fn read_lines<T>(
    path: &Path,
    parse: impl Fn(&str) -> Result<T, usize>,
    expected: &str,
) -> anyhow::Result<T> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse(&text).map_err(|line| anyhow::anyhow!("{}:{line}: expected `{expected}`", path.display()))
}

fn train_ner(args: NerArgs) -> anyhow::Result<u8> {
    let sentences = read_sentences(&args.train)?;
    let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    eprintln!(
        "khabar train ner: {} sentences, {tokens} tokens, {} runs of {} epochs",
        sentences.len(),
        args.runs,
        args.epochs
    );
    let clusters = match &args.clusters {
        Some(path) => {
            let clusters = read_lines(path, WordClusters::from_tsv, "word<TAB>path")?;
            eprintln!("khabar train ner: {} word clusters", clusters.len());
            clusters
        }
        None => WordClusters::default(),
    };
    let vectors = match &args.vectors {
        Some(path) => {
            let vectors = read_lines(path, WordVectors::from_text, "word<TAB>values")?;
            eprintln!(
                "khabar train ner: {} word vectors of {} dimensions",
                vectors.len(),
                vectors.dimensions()
            );
            Some(vectors)
        }
        None => None,
    };
    let tokenizer = Tokenizer::new();
    let started = std::time::Instant::now();
    let progress = |stage: &str, run, epoch, measure| {
        let elapsed = started.elapsed().as_secs_f64();
        if stage == "neural" {
            eprintln!(
                "  neural scorer, run {run} epoch {epoch}: mean loss {measure:.4} ({elapsed:.0} s)"
            );
        } else {
            eprintln!(
                "  {stage} stage, run {run} epoch {epoch}: training accuracy {measure:.4} ({elapsed:.0} s)"
            );
        }
    };
    let options = TrainOptions {
        epochs: args.epochs,
        runs: args.runs,
    };
    let model = match &vectors {
        Some(vectors) => {
            let neural = NeuralOptions {
                hidden: args.neural_hidden,
                embedding: args.neural_embedding,
                epochs: args.neural_epochs,
                rate: args.neural_rate,
                dropout: args.neural_dropout,
                weight: args.neural_weight,
                runs: args.neural_runs,
                ..NeuralOptions::default()
            };
            NerModel::train_with_neural(
                &sentences, &tokenizer, clusters, vectors, &options, &neural, progress,
            )
        }
        None => NerModel::train(&sentences, &tokenizer, clusters, &options, progress),
    };
    std::fs::write(&args.out, model.to_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    eprintln!(
        "khabar train ner: wrote {} (tags {})",
        args.out.display(),
        model.tags().join(" ")
    );
    Ok(crate::exit::OK)
}

fn train_clusters(args: ClustersArgs) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    let mut text = ClusterText::new();
    for path in &args.corpus {
        let input =
            khabar_io::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        let mut articles = 0;
        for record in JsonlReader::new(input, path) {
            if args.max_articles.is_some_and(|max| articles >= max) {
                break;
            }
            match record {
                Ok(record) => {
                    text.add(&record.article.text);
                    articles += 1;
                }
                Err(e) => eprintln!("khabar train clusters: skipped: {e}"),
            }
        }
        eprintln!(
            "khabar train clusters: {} articles from {} ({} tokens so far, {:.0} s)",
            articles,
            path.display(),
            text.tokens(),
            started.elapsed().as_secs_f64()
        );
    }
    for path in &args.conll {
        for sentence in read_sentences(path)? {
            text.add(&sentence.tokens.join(" "));
        }
    }
    let options = ClusterOptions {
        vocabulary: args.vocabulary,
        min_count: args.min_count,
        dimensions: args.dimensions,
        epochs: args.epochs,
        window: args.window,
        ..ClusterOptions::default()
    };
    eprintln!(
        "khabar train clusters: {} tokens, word vectors ({} passes) then k-means",
        text.tokens(),
        options.epochs
    );
    let (clusters, vectors) = WordClusters::learn_with_vectors(&text, &options, |epoch| {
        eprintln!(
            "khabar train clusters: word vectors, pass {epoch} of {} done ({:.0} s)",
            options.epochs,
            started.elapsed().as_secs_f64()
        );
    });
    std::fs::write(&args.out, clusters.to_tsv())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    if let Some(path) = &args.vectors {
        std::fs::write(path, vectors.to_text())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    eprintln!(
        "khabar train clusters: wrote {} words to {} ({:.0} s)",
        clusters.len(),
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(crate::exit::OK)
}
