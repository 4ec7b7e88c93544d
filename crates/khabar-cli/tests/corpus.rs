//! Structure over real articles of ../shared/corpus: span invariants, SPA
//! datelines and wire boilerplate, and a golden file reviewed as a diff.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use khabar::structure::boilerplate::BoilerplateKind;
use khabar::{Analysis, ArticleJson, OutputOptions, Pipeline, Span};

const CORPORA: [&str; 3] = [
    "ant-multisource.jsonl.gz",
    "saudinewsnet.jsonl.gz",
    "ant-jawhara.jsonl.gz",
];

#[test]
fn every_span_slices_on_1200_corpus_articles() {
    let pipeline = Pipeline::builder().build();
    let mut spans = 0;
    for name in CORPORA {
        let Some(path) = common::corpus(name) else {
            return;
        };
        for article in common::articles(&path).take(400) {
            let id = article.id.clone();
            let analysis = pipeline.analyze(article);
            let json =
                serde_json::to_value(ArticleJson::new(&analysis, OutputOptions { tokens: true }))
                    .unwrap();
            spans +=
                khabar::schema::check_spans(&json).unwrap_or_else(|e| panic!("{name} {id}: {e}"));
        }
    }
    assert!(spans > 100_000, "only {spans} spans checked");
}

/// The first line of an SPA item carries a dateline when it names the
/// agency at its end and gives the Hijri and Gregorian dates.
fn has_spa_dateline(text: &str) -> bool {
    let first = text.trim_start().lines().next().unwrap_or("").trim();
    (first.ends_with("واس") || first.ends_with("مواس")) && first.contains("1436")
}

#[test]
fn spa_datelines_and_wire_boilerplate() {
    let Some(path) = common::corpus("saudinewsnet.jsonl.gz") else {
        return;
    };
    let pipeline = Pipeline::builder().build();
    let (mut expected, mut found, mut items) = (0, 0, 0);
    let mut misses = Vec::new();
    for article in common::articles(&path).filter(|a| a.source.as_deref() == Some("was")) {
        items += 1;
        let expects = has_spa_dateline(&article.text);
        let tail = article
            .text
            .trim_end()
            .rsplit("//")
            .nth(1)
            .unwrap_or("")
            .trim();
        let has_end_marker = ["انتهى", "إنتهى", "يتبع"].contains(&tail.replace('ـ', "").as_str());
        let analysis = pipeline.analyze(article);
        let kinds: Vec<BoilerplateKind> = analysis
            .structure
            .boilerplate
            .iter()
            .map(|b| b.kind)
            .collect();
        assert_eq!(
            has_end_marker,
            kinds.contains(&BoilerplateKind::EndMarker),
            "{}",
            analysis.article.id
        );
        assert!(
            kinds.contains(&BoilerplateKind::Timestamp),
            "{}: no time stamp",
            analysis.article.id
        );
        if !expects {
            continue;
        }
        expected += 1;
        let complete = analysis.structure.dateline.as_ref().is_some_and(|d| {
            d.place.is_some()
                && d.agency.as_ref().is_some_and(|a| a.name == "SPA")
                && d.date.as_ref().is_some_and(|date| date.value.is_some())
        });
        if complete {
            found += 1;
        } else {
            misses.push(analysis.article.id.clone());
        }
    }
    eprintln!("SPA datelines: {found} of {expected} items that have one ({items} items); misses: {misses:?}");
    assert_eq!(items, 369);
    assert!(found * 100 >= expected * 98, "{found} of {expected}");
}

#[test]
fn spa_hijri_dates_convert_to_their_gregorian_dates() {
    let Some(path) = common::corpus("saudinewsnet.jsonl.gz") else {
        return;
    };
    let pipeline = Pipeline::builder().build();
    let (mut pairs, mut agree) = (0, 0);
    let mut disagreements = Vec::new();
    for article in common::articles(&path).filter(|a| a.source.as_deref() == Some("was")) {
        let analysis = pipeline.analyze(article);
        let Some(date) = analysis
            .structure
            .dateline
            .as_ref()
            .and_then(|d| d.date.as_ref())
        else {
            continue;
        };
        let inside: Vec<&str> = analysis
            .times
            .iter()
            .filter(|t| date.span.contains(t.span))
            .map(|t| t.value.as_str())
            .collect();
        let [hijri, gregorian] = inside[..] else {
            disagreements.push(format!(
                "{}: {} dates in the dateline",
                analysis.article.id,
                inside.len()
            ));
            pairs += 1;
            continue;
        };
        pairs += 1;
        if hijri == gregorian {
            agree += 1;
        } else {
            let surface = date.span.slice(&analysis.article.text).unwrap_or("");
            disagreements.push(format!(
                "{}: {surface} -> {hijri} vs {gregorian}",
                analysis.article.id
            ));
        }
    }
    eprintln!(
        "SPA Hijri/Gregorian: {agree} of {pairs} datelines agree; the rest: {disagreements:#?}"
    );
    assert!(
        pairs >= 340 && agree * 100 >= pairs * 97,
        "{agree} of {pairs}"
    );
}

#[test]
fn maghrebi_month_names_are_normalized_on_jawhara() {
    let Some(path) = common::corpus("ant-jawhara.jsonl.gz") else {
        return;
    };
    let pipeline = Pipeline::builder().build();
    const MAGHREBI: [&str; 6] = ["جانفي", "فيفري", "أفريل", "جوان", "جويلية", "أوت"];
    let mut found = Vec::new();
    for article in common::articles(&path).take(3000) {
        let analysis = pipeline.analyze(article);
        for time in &analysis.times {
            let surface = time.span.slice(&analysis.article.text).unwrap_or("");
            if MAGHREBI.iter().any(|m| surface.contains(m)) {
                found.push((
                    analysis.article.id.clone(),
                    surface.to_string(),
                    time.value.clone(),
                ));
            }
        }
    }
    for (id, surface, value) in found.iter().step_by((found.len() / 50).max(1)).take(50) {
        eprintln!("{id}\t{surface}\t{value}");
    }
    let resolved = found
        .iter()
        .filter(|(_, _, v)| v.starts_with(|c: char| c.is_ascii_digit()))
        .count();
    eprintln!(
        "Maghrebi months in 3,000 Jawhara articles: {} expressions, {resolved} resolved to a date",
        found.len()
    );
    assert!(
        found.len() > 500 && resolved * 100 >= found.len() * 95,
        "{resolved} of {}",
        found.len()
    );
}

#[test]
fn cnn_datelines_are_found() {
    let Some(path) = common::corpus("ant-multisource.jsonl.gz") else {
        return;
    };
    let pipeline = Pipeline::builder().build();
    let (mut marked, mut found) = (0, 0);
    for article in common::articles(&path).filter(|a| a.source.as_deref() == Some("CNN")) {
        let head: String = article.text.chars().take(80).collect();
        if !head.contains("(CNN)") {
            continue;
        }
        marked += 1;
        let analysis = pipeline.analyze(article);
        found += analysis
            .structure
            .dateline
            .as_ref()
            .and_then(|d| d.agency.as_ref())
            .is_some_and(|a| a.name == "CNN") as usize;
    }
    eprintln!("CNN datelines: {found} of {marked} articles opening with (CNN)");
    assert!(marked > 2500 && found == marked, "{found} of {marked}");
}

/// Articles of the golden file: the development gold's 40 ids and a few more
/// chosen for their boilerplate and dateline forms.
const GOLDEN_IDS: &[&str] = &[
    "snn-2015-08-11-01618",
    "snn-2015-08-10-01535",
    "snn-2015-08-10-01538",
    "CN-internationalNews-696-20181012",
    "BB-internationalNews-348-20180418",
    "SK-middleEast-1552-20180509",
    "FR-internationalNews-2279-20180712",
    "AL-internationalNews-412-20180310",
    "JA-localNews-2096-20170303",
    "snn-2015-08-06-01467",
    "snn-2015-08-11-01563",
    "snn-2015-08-11-01676",
    "snn-2015-08-10-01619",
    "CN-middleEast-1581-20181017",
    "BB-internationalNews-365-20180420",
    "SK-internationalNews-2763-20180721",
    "FR-internationalNews-1565-20180601",
    "AL-internationalNews-665-20180328",
    "JA-sport-702-20170307",
    "snn-2015-08-01-01037",
    "snn-2015-08-11-01675",
    "snn-2015-08-11-01656",
    "CN-internationalNews-597-20180911",
    "BB-middleEast-906-20180819",
    "SK-internationalNews-2355-20180627",
    "FR-middleEast-335-20180421",
    "AL-internationalNews-1627-20180615",
    "JA-localNews-878-20161210",
    "JA-politic-56-20170127",
    "snn-2015-08-08-00647",
    "snn-2015-08-10-01568",
    "snn-2015-08-11-01540",
    "CN-economy-168-20180812",
    "BB-middleEast-446-20180504",
    "SK-internationalNews-1339-20180503",
    "FR-internationalNews-399-20180313",
    "AL-internationalNews-1440-20180603",
    "JA-localNews-2608-20160506",
    "snn-2015-08-07-00055",
    "snn-2015-08-09-01013",
    // wire marks, bylines, promos, credits, navigation
    "snn-2015-08-10-01594",
    "snn-2015-08-11-01558",
    "snn-2015-07-21-02636",
    "snn-2015-07-24-00000",
    "AL-culture-50-20140130",
    "FR-culture-4-20180212",
    "BB-culture-185-20180602",
    "CN-economy-100-20180507",
    "snn-2015-08-11-01385",
    "snn-2015-07-24-00034",
];

const GOLDEN_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/structure.txt");

/// A short surface: the text itself when short, else its two ends.
fn short(text: &str, span: Span) -> String {
    let surface = span.slice(text).unwrap_or("<bad span>").replace('\n', "⏎");
    let chars: Vec<char> = surface.chars().collect();
    if chars.len() <= 48 {
        surface
    } else {
        let head: String = chars[..24].iter().collect();
        let tail: String = chars[chars.len() - 16..].iter().collect();
        format!("{head}…{tail}")
    }
}

fn render(analysis: &Analysis) -> String {
    let text = analysis.article.text.as_str();
    let index = khabar::CharIndex::new(text);
    let at = |span: Span| {
        let [s, e] = index.chars(span);
        format!("[{s},{e})")
    };
    let mut out = format!("== {}\n", analysis.article.id);
    if let Some(d) = &analysis.structure.dateline {
        let _ = write!(out, "dateline {} {}", at(d.span), short(text, d.span));
        if let Some(place) = d.place {
            let _ = write!(out, " | place {}", short(text, place));
        }
        if let Some(agency) = &d.agency {
            let _ = write!(
                out,
                " | agency {} {}",
                agency.name,
                short(text, agency.span)
            );
        }
        if let Some(date) = &d.date {
            let value = date.value.map_or("-".to_string(), |v| v.iso());
            let _ = write!(out, " | date {value} {}", short(text, date.span));
        }
        out.push('\n');
    }
    for b in &analysis.structure.boilerplate {
        let _ = writeln!(
            out,
            "boilerplate {:?} {} {}",
            b.kind,
            at(b.span),
            short(text, b.span)
        );
    }
    for s in &analysis.sentences {
        let _ = writeln!(out, "sentence {} {}", at(s.span), short(text, s.span));
    }
    for t in &analysis.times {
        let _ = writeln!(
            out,
            "time {:?} {} {} {}",
            t.kind,
            t.value,
            at(t.span),
            short(text, t.span)
        );
    }
    for e in &analysis.entities {
        let mentions: Vec<String> = e
            .mentions
            .iter()
            .map(|m| format!("{:?} {} {}", m.kind, at(m.span), short(text, m.span)))
            .collect();
        let _ = writeln!(
            out,
            "entity {:?} {} {} | {}",
            e.kind,
            e.id,
            e.name_en,
            mentions.join(" · ")
        );
    }
    out
}

#[test]
fn golden_structure_of_50_real_articles() {
    let pipeline = Pipeline::builder().build();
    let mut rendered = BTreeMap::new();
    for name in [
        "ant-multisource.jsonl.gz",
        "saudinewsnet.jsonl.gz",
        "ant-jawhara.jsonl.gz",
    ] {
        let Some(path) = common::corpus(name) else {
            return;
        };
        for article in common::articles(&path).filter(|a| GOLDEN_IDS.contains(&a.id.as_str())) {
            rendered.insert(article.id.clone(), render(&pipeline.analyze(article)));
        }
    }
    assert_eq!(
        rendered.len(),
        GOLDEN_IDS.len(),
        "some golden articles are missing from the corpus"
    );
    let actual: String = GOLDEN_IDS.iter().map(|id| rendered[*id].as_str()).collect();
    if std::env::var_os("KHABAR_BLESS").is_some() {
        std::fs::write(GOLDEN_PATH, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(GOLDEN_PATH).unwrap_or_default();
    if actual != expected {
        let first = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e);
        panic!(
            "golden structure changed (first difference at line {:?}); review with `KHABAR_BLESS=1 cargo test -p khabar-cli --test corpus golden` and `git diff`",
            first.map(|i| i + 1)
        );
    }
}

/// Main-text extraction over the generated HTML test pages (real corpus
/// articles in news-site templates, several encodings): a floor under the
/// bag-of-words F1 that `scripts/eval_html.py` reports beside trafilatura.
mod html_pages {
    use super::common;
    use std::collections::HashMap;
    use std::path::Path;
    use std::process::Command;

    fn words(text: &str) -> HashMap<&str, usize> {
        let mut bag = HashMap::new();
        for word in text
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
        {
            *bag.entry(word).or_insert(0) += 1;
        }
        bag
    }

    #[test]
    fn main_text_of_240_generated_pages() {
        let Some(corpus) = common::corpus("ant-multisource.jsonl.gz") else {
            return;
        };
        let shared = corpus.parent().and_then(Path::parent).unwrap();
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-pages");
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scripts/gen_html_pages.py"
        );
        let generated = Command::new("python3")
            .arg(script)
            .arg("--out")
            .arg(&out)
            .arg("--shared")
            .arg(shared)
            .status();
        if !generated.is_ok_and(|s| s.success()) {
            eprintln!("skipped: python3 could not run scripts/gen_html_pages.py");
            return;
        }
        let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
        let (mut overlap, mut predicted, mut gold) = (0, 0, 0);
        for line in manifest.lines() {
            let entry: serde_json::Value = serde_json::from_str(line).unwrap();
            let file = entry["file"].as_str().unwrap();
            let bytes = std::fs::read(out.join("pages").join(file)).unwrap();
            let (html, _) = khabar_io::decode::decode(&bytes, None);
            let page = khabar_io::html::extract(&html);
            let expected =
                std::fs::read_to_string(out.join("expected").join(file.replace(".html", ".txt")))
                    .unwrap();
            let (p, g) = (words(&page.text), words(&expected));
            overlap += p
                .iter()
                .map(|(w, n)| (*n).min(*g.get(w).unwrap_or(&0)))
                .sum::<usize>();
            predicted += p.values().sum::<usize>();
            gold += g.values().sum::<usize>();
            assert!(page.title.is_some(), "{file}: no title");
        }
        let (precision, recall) = (
            overlap as f64 / predicted as f64,
            overlap as f64 / gold as f64,
        );
        let f1 = 2.0 * precision * recall / (precision + recall);
        eprintln!(
            "{} pages: P {precision:.3} R {recall:.3} F1 {f1:.3}",
            manifest.lines().count()
        );
        assert_eq!(manifest.lines().count(), 240);
        assert!(f1 >= 0.98, "main-text F1 fell to {f1:.3}");
    }
}
