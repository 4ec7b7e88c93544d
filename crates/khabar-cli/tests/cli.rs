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
    let output = khabar(
        &[
            "eval",
            "ner",
            "--gold",
            train.to_str().unwrap(),
            "--ner-model",
            model.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(
        report.contains("| micro | 4 | 4 | 1.000 | 1.000 | 1.000 |"),
        "{report}"
    );
    let bytes = std::fs::read(&model).unwrap();
    let truncated = temp_file("truncated.model", &bytes[..bytes.len() / 2]);
    let output = khabar(
        &[
            "eval",
            "ner",
            "--gold",
            train.to_str().unwrap(),
            "--ner-model",
            truncated.to_str().unwrap(),
        ],
        None,
    );
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
