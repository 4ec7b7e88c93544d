//! `khabar analyze` as a user runs it: exit codes, error messages naming the
//! file and position, and bad input that must not crash it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/sana-putin-pezeshkian.txt"
);

fn khabar(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run khabar");
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || input.write_all(&bytes));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    output
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("khabar-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn objects(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The run ended with `code` and said `message` on stderr.
fn assert_exit(output: &Output, code: i32, message: &str) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(code), "{err}");
    assert!(err.contains(message), "expected {message:?} in: {err}");
}

#[test]
fn the_seed_gives_its_dateline_and_valid_spans() {
    let output = khabar(
        &[
            "analyze",
            SEED,
            "--published",
            "2024-12-02",
            "--source",
            "sana",
            "--tokens",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let objects = objects(&output);
    assert_eq!(objects.len(), 1);
    let article = &objects[0];
    assert_eq!(article["schema"], "khabar/1");
    assert_eq!(article["id"], "sana-putin-pezeshkian");
    assert_eq!(article["published"], "2024-12-02");
    assert_eq!(article["dateline"]["place"]["text"], "موسكو");
    assert_eq!(article["dateline"]["agency"]["name"], "SANA");
    assert_eq!(article["boilerplate"][0]["kind"], "social-promo");
    khabar::schema::check_spans(article).unwrap();
}

#[test]
fn pretty_json_on_request() {
    let output = khabar(
        &["analyze", "--format", "json", "-"],
        Some("موسكو-سانا\nنص.".as_bytes()),
    );
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("{\n  \"schema\": \"khabar/1\""), "{text}");
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["id"], "stdin");
}

#[test]
fn jsonl_with_a_bad_line_reports_it_and_goes_on() {
    let jsonl = "{\"id\": \"a\", \"text\": \"دمشق - سانا\\nنص.\", \"published\": \"Fri, 12 Oct 2018 13:19:21 +0000\"}\n{oops\n{\"id\": \"c\", \"text\": \"\"}\n";
    let path = temp_file("bad.jsonl", jsonl.as_bytes());
    let output = khabar(&["analyze", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(1));
    let objects = objects(&output);
    assert_eq!(
        objects
            .iter()
            .map(|o| o["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["a", "c"]
    );
    assert_eq!(objects[0]["published"], "2018-10-12T13:19:21+00:00");
    assert_eq!(objects[0]["dateline"]["agency"]["name"], "SANA");
    let err = stderr(&output);
    assert!(err.contains("bad.jsonl:2: invalid JSON"), "{err}");
}

#[test]
fn threads_keep_the_input_order_and_bad_records_go_to_the_errors_file() {
    let mut jsonl = String::new();
    for n in 0..500 {
        if n % 100 == 7 {
            jsonl.push_str("{broken\n");
        }
        jsonl.push_str(&format!(
            "{{\"id\": \"a{n}\", \"text\": \"دمشق - سانا\\nقال الوزير {n} اليوم.\"}}\n"
        ));
    }
    let path = temp_file("many.jsonl", jsonl.as_bytes());
    let errors = path.with_file_name("many-errors.jsonl");
    let output = khabar(
        &[
            "analyze",
            "--threads",
            "3",
            "--errors",
            errors.to_str().unwrap(),
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let ids: Vec<String> = objects(&output)
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = (0..500).map(|n| format!("a{n}")).collect();
    assert_eq!(ids, expected);
    let bad: Vec<serde_json::Value> = std::fs::read_to_string(&errors)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(bad.len(), 5);
    assert_eq!(bad[0]["line"], 8);
    assert!(bad[0]["file"].as_str().unwrap().ends_with("many.jsonl"));
    assert!(bad[0]["error"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON"));
    assert!(
        stderr(&output).contains("khabar: 500 articles in"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn gzip_input_is_read_transparently() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all("{\"id\": \"g\", \"text\": \"بيروت - رويترز\\nنص.\"}\n".as_bytes())
        .unwrap();
    let path = temp_file("corpus.jsonl.gz", &gz.finish().unwrap());
    let output = khabar(&["analyze", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(objects(&output)[0]["dateline"]["agency"]["name"], "Reuters");
}

#[test]
fn invalid_utf8_names_file_and_byte() {
    let path = temp_file("latin1.txt", b"caf\xe9 au lait");
    let output = khabar(&["analyze", path.to_str().unwrap()], None);
    assert_exit(&output, 1, "latin1.txt: invalid UTF-8 at byte 3");
    assert!(output.stdout.is_empty());
}

#[test]
fn missing_file_is_a_failure_with_its_name() {
    let output = khabar(&["analyze", "/nonexistent/article.txt"], None);
    assert_exit(&output, 2, "cannot open /nonexistent/article.txt");
}

#[test]
fn bad_published_is_a_usage_error() {
    let output = khabar(&["analyze", "--published", "yesterday", SEED], None);
    assert_exit(&output, 2, "unrecognized publication time");
}

#[test]
fn empty_bom_and_bidi_inputs_are_analyzed() {
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("bom.txt", "\u{FEFF}موسكو-سانا\nنص.".as_bytes()),
        ("bidi.txt", "\u{200F}\u{202B}\u{2066}\u{200E}".as_bytes()),
        ("marks.txt", "\u{064E}\u{0651}ـ\n\n\u{0640}".as_bytes()),
    ] {
        let path = temp_file(name, bytes);
        let output = khabar(&["analyze", path.to_str().unwrap()], None);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let objects = objects(&output);
        assert_eq!(objects.len(), 1, "{name}");
        khabar::schema::check_spans(&objects[0]).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let bom = objects(&khabar(
        &[
            "analyze",
            temp_file("bom2.txt", "\u{FEFF}موسكو-سانا\nنص.".as_bytes())
                .to_str()
                .unwrap(),
        ],
        None,
    ))
    .remove(0);
    assert_eq!(bom["dateline"]["place"]["text"], "موسكو");
    assert_eq!(bom["dateline"]["place"]["span"], serde_json::json!([1, 6]));
}

#[test]
fn a_50_mb_line_is_analyzed() {
    let sentence = "وقال الوزير إن الحكومة ستواصل العمل. ";
    let count = 50_000_000 / sentence.len() + 1;
    let text = sentence.repeat(count);
    let record = serde_json::json!({"id": "big", "text": text}).to_string() + "\n";
    assert!(record.len() > 50_000_000);
    let path = temp_file("big.jsonl", record.as_bytes());
    let output = khabar(&["analyze", path.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let article: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(article["sentences"].as_array().unwrap().len(), count);
    std::fs::remove_file(Path::new(&path)).unwrap();
}

#[test]
fn train_and_eval_ner_and_refuse_a_truncated_model() {
    let data = "زار O\nجون B-PERS\nكيري I-PERS\nالقاهرة B-LOC\n\nقال O\nجون B-PERS\nكيري I-PERS\nفي O\nباريس B-LOC\n";
    let train = temp_file("ner-train.txt", data.as_bytes());
    let model = train.with_file_name("ner.model");
    let output = khabar(
        &[
            "train",
            "ner",
            "--train",
            train.to_str().unwrap(),
            "--out",
            model.to_str().unwrap(),
            "--epochs",
            "5",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let eval_with = |model: &std::path::Path| {
        let gold = train.to_str().unwrap();
        let model = model.to_str().unwrap();
        khabar(&["eval", "ner", "--gold", gold, "--ner-model", model], None)
    };
    let output = eval_with(&model);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(
        report.contains("| micro | 4 | 4 | 1.000 | 1.000 | 1.000 |"),
        "{report}"
    );
    // With word vectors, the neural scorer is trained too; each scorer
    // can be measured alone.
    let vectors = temp_file(
        "ner-vectors.txt",
        "3 2\nجون\t0.6 0.8\nكيري\t0.8 0.6\nباريس\t-0.6 0.8\n".as_bytes(),
    );
    let neural_model = train.with_file_name("ner-neural.model");
    let output = khabar(
        &[
            "train",
            "ner",
            "--train",
            train.to_str().unwrap(),
            "--vectors",
            vectors.to_str().unwrap(),
            "--neural-epochs",
            "20",
            "--out",
            neural_model.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("3 word vectors of 2 dimensions"));
    for scorer in ["combined", "perceptrons", "neural"] {
        let gold = train.to_str().unwrap();
        let model = neural_model.to_str().unwrap();
        let args = [
            "eval",
            "ner",
            "--gold",
            gold,
            "--ner-model",
            model,
            "--scorer",
            scorer,
        ];
        let output = khabar(&args, None);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let report = String::from_utf8(output.stdout).unwrap();
        assert!(report.contains("| micro | 4 |"), "{scorer}: {report}");
    }
    let bytes = std::fs::read(&model).unwrap();
    let truncated = temp_file("truncated.model", &bytes[..bytes.len() / 2]);
    let output = eval_with(&truncated);
    assert_exit(&output, 2, "truncated");
    let bad = temp_file("bad-ner.txt", b"word\n");
    let output = khabar(
        &[
            "train",
            "ner",
            "--train",
            bad.to_str().unwrap(),
            "--out",
            model.to_str().unwrap(),
        ],
        None,
    );
    assert_exit(&output, 2, "bad-ner.txt:1: expected `token TAG`");
}

#[test]
fn eval_entities_scores_entities_and_mentions_against_the_gold() {
    let text = "قال الرئيس الروسي فلاديمير بوتين إن بوتين سيزور القاهرة، وقال إيفان بيتروف إن روسيا مستعدة.";
    let corpus = serde_json::json!({"id": "a1", "text": text, "published": "2024-12-02"});
    // A mention on the same span is no match across types: Damascus the
    // city is not the gold's club.
    let other =
        serde_json::json!({"id": "a2", "text": "وزار الوفد دمشق أمس.", "published": "2024-12-02"});
    let corpus = temp_file(
        "entities-corpus.jsonl",
        format!("{corpus}\n{other}\n").as_bytes(),
    );
    // Putin, Russia (a nisba and a name) and Cairo are found, Cairo under
    // another English name than the gold's (matched by its mention only);
    // the unknown Ivan Petrov is missed.
    let gold = serde_json::json!({"id": "a1", "entities": [
        {"type": "PERSON", "name_en": "Vladimir Putin", "mentions": [
            {"text": "فلاديمير بوتين", "kind": "name"}, {"text": "بوتين", "kind": "name"}]},
        {"type": "GPE", "name_en": "Russia", "mentions": [
            {"text": "الروسي", "kind": "nisba"}, {"text": "روسيا", "kind": "name"}]},
        {"type": "GPE", "name_en": "El Qahira", "mentions": [{"text": "القاهرة", "kind": "name"}]},
        {"type": "PERSON", "name_en": "Ivan Petrov", "mentions": [
            {"text": "إيفان بيتروف", "kind": "name"}]}
    ]});
    let other = serde_json::json!({"id": "a2", "entities": [
        {"type": "ORG", "name_en": "Damascus Club", "mentions": [{"text": "دمشق", "kind": "name"}]}
    ]});
    let gold = temp_file(
        "entities-gold.jsonl",
        format!("{gold}\n{other}\n").as_bytes(),
    );
    let output = khabar(
        &[
            "eval",
            "entities",
            "--gold",
            gold.to_str().unwrap(),
            "--corpus",
            corpus.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = String::from_utf8(output.stdout).unwrap();
    for row in [
        "| PERSON | 2 | 1 | 1.000 | 0.500 | 0.667 |",
        "| all | 5 | 4 | 0.500 | 0.400 | 0.444 |",
        "| GPE | 0.667 | 1.000 | 0.800 |",
        "| ORG | 0.000 | 0.000 | 0.000 |",
        "| all | 0.750 | 0.600 | 0.667 |",
        "| name | 6 | 5 | 1.000 | 0.833 | 0.500 |",
        "| nisba | 1 | 1 | 1.000 | 1.000 | 1.000 |",
    ] {
        assert!(report.contains(row), "{row} not in\n{report}");
    }
}

#[test]
fn eval_ner_without_a_model_scores_the_entity_lexicon() {
    // A CoNLL token keeps its proclitics (`وبسورية`); the mention does not.
    let data = "زار O\nالرئيس O\nفلاديمير B-PERS\nبوتين I-PERS\nالقاهرة B-LOC\nأمس O\n\n\
                وقال O\nمجلس B-ORG\nالأمن I-ORG\nإن O\nوبسورية B-LOC\nأزمة O\n";
    let gold = temp_file("lexicon-ner.txt", data.as_bytes());
    let output = khabar(&["eval", "ner", "--gold", gold.to_str().unwrap()], None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(
        report.contains("| micro | 4 | 4 | 1.000 | 1.000 | 1.000 |"),
        "{report}"
    );
}

/// Ingestion: every input format, and bad input of each kind reported with
/// its file and position while the other inputs are still read.
mod ingest {
    use super::*;

    const PARAGRAPH: &str = "وقال الوزير، في مؤتمر صحفي عقده في دمشق، إن الحكومة ستواصل العمل.";

    fn page(title: &str, charset: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"{charset}\"><title>{title} - موقع</title>\
             <meta property=\"article:published_time\" content=\"2024-12-02T10:00:00+03:00\">\
             <meta property=\"og:site_name\" content=\"سانا\"></head><body>\
             <nav><a href=\"/\">الرئيسية</a></nav><article><h1>{title}</h1>\
             <div class=\"article-body\"><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div></article>\
             <div class=\"comments\"><p>تعليق طويل من قارئ لا علاقة له بالخبر، شكرا.</p></div></body></html>"
        )
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(bytes).unwrap();
        gz.finish().unwrap()
    }

    fn warc_response(uri: &str, html: &str) -> Vec<u8> {
        let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}");
        format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n\
             Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        )
        .into_bytes()
    }

    fn ids(output: &Output) -> Vec<String> {
        objects(output)
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn every_format_is_read_from_a_directory_in_name_order() {
        let dir = temp_file("formats", b"").with_file_name("formats.d");
        std::fs::create_dir_all(&dir).unwrap();
        let html = page("قمة", "windows-1256");
        let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(&html);
        std::fs::write(dir.join("a.html"), &cp1256).unwrap();
        let rss = format!(
            "<rss version=\"2.0\"><channel><title>وكالة</title>\
             <item><guid>rss-1</guid><title>أول</title><description>&lt;p&gt;{PARAGRAPH}&lt;/p&gt;</description></item>\
             <item><guid>rss-2</guid><title>ثان</title><pubDate>Fri, 12 Oct 2018 13:19:21 +0000</pubDate>\
             <description><![CDATA[<p>{PARAGRAPH}</p>]]></description></item></channel></rss>"
        );
        std::fs::write(dir.join("b.rss"), rss).unwrap();
        let warc = [
            gzip(&warc_response(
                "https://x.example/1",
                &page("واحد", "utf-8"),
            )),
            gzip(&warc_response(
                "https://x.example/2",
                &page("اثنان", "utf-8"),
            )),
        ]
        .concat();
        std::fs::write(dir.join("c.warc.gz"), warc).unwrap();
        let jsonl = format!("{{\"id\": \"z1\", \"text\": \"{PARAGRAPH}\"}}\n");
        let zst = zstd::encode_all(jsonl.as_bytes(), 3).unwrap();
        std::fs::write(dir.join("d.jsonl.zst"), zst).unwrap();
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/e.txt"), PARAGRAPH).unwrap();

        let output = khabar(&["analyze", dir.to_str().unwrap()], None);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(
            ids(&output),
            [
                "a",
                "rss-1",
                "rss-2",
                "https://x.example/1",
                "https://x.example/2",
                "z1",
                "e"
            ]
        );
        let html = &objects(&output)[0];
        assert_eq!(html["title"], "قمة");
        assert_eq!(html["text"], format!("{PARAGRAPH}\n{PARAGRAPH}"));
        assert_eq!(html["published"], "2024-12-02T10:00:00+03:00");
        assert_eq!(html["source"], "سانا");
        let item = &objects(&output)[2];
        assert_eq!(item["source"], "وكالة");
        assert_eq!(item["published"], "2018-10-12T13:19:21+00:00");
        assert_eq!(objects(&output)[3]["url"], "https://x.example/1");

        // The same through a glob, the format forced.
        let pattern = dir.join("*.warc.gz");
        let output = khabar(
            &[
                "analyze",
                "--input-format",
                "warc",
                pattern.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(ids(&output), ["https://x.example/1", "https://x.example/2"]);
        let output = khabar(&["analyze", dir.join("*.none").to_str().unwrap()], None);
        assert_exit(&output, 2, "no input matches");
    }

    #[test]
    fn a_truncated_gzip_file_is_reported_and_the_next_input_is_read() {
        let jsonl: String = (0..2000)
            .map(|n| format!("{{\"id\": \"t{n}\", \"text\": \"{PARAGRAPH} {n}\"}}\n"))
            .collect();
        let gz = gzip(jsonl.as_bytes());
        let truncated = temp_file("truncated.jsonl.gz", &gz[..gz.len() / 2]);
        let good = temp_file(
            "after.jsonl",
            "{\"id\": \"after\", \"text\": \"نص\"}\n".as_bytes(),
        );
        let output = khabar(
            &[
                "analyze",
                truncated.to_str().unwrap(),
                good.to_str().unwrap(),
            ],
            None,
        );
        let ids = ids(&output);
        assert_eq!(ids.last().map(String::as_str), Some("after"));
        let read = ids.len() - 1;
        assert!(read > 0 && read < 2000, "{read}");
        assert_exit(
            &output,
            1,
            &format!(
                "khabar: error: {}:{}: cannot read: truncated gzip stream\n",
                truncated.display(),
                read + 1
            ),
        );
    }

    #[test]
    fn a_corrupt_warc_record_is_reported_at_its_offset_and_skipped() {
        let members = [
            gzip(&warc_response("https://x.example/a", &page("أ", "utf-8"))),
            gzip(&warc_response("https://x.example/b", &page("ب", "utf-8"))),
            gzip(&warc_response("https://x.example/c", &page("ج", "utf-8"))),
        ];
        let mut corrupt = members[1].clone();
        let middle = corrupt.len() / 2;
        corrupt[middle..middle + 8].copy_from_slice(b"\xff\xff\xff\xff\xff\xff\xff\xff");
        let path = temp_file(
            "corrupt.warc.gz",
            &[members[0].clone(), corrupt, members[2].clone()].concat(),
        );
        let output = khabar(&["analyze", path.to_str().unwrap()], None);
        assert_eq!(ids(&output), ["https://x.example/a", "https://x.example/c"]);
        assert_exit(
            &output,
            1,
            &format!(
                "khabar: error: {} at byte {}: corrupt gzip data: gzip member fails its CRC check\n",
                path.display(),
                members[0].len()
            ),
        );

        // Plain WARC: a record without a length is skipped to the next one.
        let bad = b"WARC/1.0\r\nWARC-Type: response\r\n\r\nno length\r\n\r\n";
        let good = warc_response("https://x.example/d", &page("د", "utf-8"));
        let path = temp_file("bad-header.warc", &[&bad[..], &good].concat());
        let output = khabar(&["analyze", path.to_str().unwrap()], None);
        assert_eq!(ids(&output), ["https://x.example/d"]);
        assert_exit(
            &output,
            1,
            &format!(
                "khabar: error: {} at byte 0: corrupt WARC record: WARC record without a valid Content-Length\n",
                path.display()
            ),
        );
    }

    #[test]
    fn html_nested_100000_deep_is_read_without_recursion() {
        let depth = 100_000;
        let html = format!(
            "<html><body>{}<p>{PARAGRAPH}</p>{}</body></html>",
            "<div><span>".repeat(depth),
            "</span></div>".repeat(depth)
        );
        let path = temp_file("deep.html", html.as_bytes());
        let output = khabar(&["analyze", path.to_str().unwrap()], None);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(objects(&output)[0]["text"], PARAGRAPH);
    }

    #[test]
    fn invalid_utf8_in_a_page_is_decoded_by_a_guess() {
        // Declared UTF-8, written in windows-1256: the bytes are not UTF-8.
        let html = page("خبر", "utf-8");
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&html);
        let path = temp_file("mislabelled.html", &bytes);
        let output = khabar(&["analyze", path.to_str().unwrap()], None);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(objects(&output)[0]["title"], "خبر");
    }

    #[test]
    fn an_empty_feed_and_a_feed_that_is_html_are_reported() {
        let empty = temp_file("empty.rss", b"");
        let no_items = temp_file(
            "no-items.xml",
            b"<rss><channel><title>t</title></channel></rss>",
        );
        let html = temp_file("html.rss", page("خبر", "utf-8").as_bytes());
        let good = temp_file(
            "good.atom",
            format!("<feed><entry><id>e1</id><content>{PARAGRAPH}</content></entry></feed>")
                .as_bytes(),
        );
        let paths = [&empty, &no_items, &html, &good];
        let mut args = vec!["analyze"];
        args.extend(paths.iter().map(|p| p.to_str().unwrap()));
        let output = khabar(&args, None);
        assert_eq!(ids(&output), ["e1"]);
        let err = stderr(&output);
        for line in [
            format!("khabar: error: {} at byte 0: empty feed: no XML element", empty.display()),
            format!("khabar: error: {}: empty feed: no <item> or <entry>", no_items.display()),
            format!(
                "khabar: error: {} at byte 15: not a feed: the document is HTML (root element <html>)",
                html.display()
            ),
        ] {
            assert!(err.contains(&format!("{line}\n")), "expected {line:?} in: {err}");
        }
        assert_eq!(output.status.code(), Some(1));
    }
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_tables_are_written_to_the_output_directory() {
    let dir = temp_file("parquet", b"").with_file_name("parquet.d");
    let output = khabar(
        &[
            "analyze",
            SEED,
            "--published",
            "2024-12-02",
            "--format",
            "parquet",
            "--out",
            dir.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    for table in ["articles", "times"] {
        let bytes = std::fs::read(dir.join(format!("{table}.parquet"))).unwrap();
        assert!(
            bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
            "{table}"
        );
    }
    let output = khabar(&["analyze", SEED, "--format", "parquet"], None);
    assert_exit(&output, 2, "--out <OUT>");
}
