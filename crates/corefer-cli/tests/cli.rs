//! Behaviour of the `corefer` binary: outputs, exit codes (0 ok, 1 some documents failed, 2 usage or
//! unreadable input) and error messages.

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use common::{corefer_fed as corefer, file, scratch, text};

/// The `id` of each JSON line of `stdout`.
fn ids(stdout: &[u8]) -> Vec<String> {
    text(stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn clusters_prints_one_record_per_file_with_exact_offsets() {
    let path = file("offsets", "news.txt", "Zoë Kim arrived.\nShe smiled.".as_bytes());
    let out = corefer(&["clusters", path.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    assert_eq!(record["id"], path.to_str().unwrap());
    let she = &record["clusters"][0][1];
    assert_eq!(
        (she["text"].as_str(), she["start"].as_u64(), she["start_byte"].as_u64()),
        (Some("She"), Some(17), Some(18))
    );
}

#[test]
fn empty_stdin_gives_empty_output() {
    let out = corefer(&["clusters"], b"");
    assert_eq!((out.status.code(), out.stdout.len()), (Some(0), 0));
}

#[test]
fn invalid_utf8_is_named_unless_lossy() {
    let path = file("utf8", "bad.txt", b"Ann left.\xff She ran.");
    let out = corefer(&["clusters", path.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("bad.txt: invalid UTF-8 at byte 9"), "{}", text(&out.stderr));
    let lossy = corefer(&["clusters", "--lossy", path.to_str().unwrap()], b"");
    assert_eq!(lossy.status.code(), Some(0));
    assert!(text(&lossy.stdout).contains("\"text\":\"She\""));
}

#[test]
fn unreadable_files_exit_2_but_other_files_are_still_processed() {
    let good = file("unreadable", "good.txt", b"Ann left. She ran.");
    let out = corefer(&["clusters", "/no/such/file.txt", good.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("/no/such/file.txt: cannot read"));
    assert_eq!(text(&out.stdout).lines().count(), 1);
}

#[test]
fn a_bad_jsonl_line_fails_alone_with_exit_1() {
    let input = b"{\"id\":\"a\",\"text\":\"Ann left. She ran.\"}\nnot json\n{\"id\":\"c\",\"sentences\":[[\"Bob\",\"sang\"]]}\n";
    let out = corefer(&["clusters", "--jsonl", "--threads", "2"], input);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("stdin:2: expected a JSON object"), "{}", text(&out.stderr));
    assert_eq!(ids(&out.stdout), ["a", "c"]);
}

#[test]
fn usage_errors_and_unknown_models_exit_2() {
    assert_eq!(corefer(&["clusters", "--no-such-flag"], b"").status.code(), Some(2));
    let out = corefer(&["clusters", "--model", "nope"], b"Ann left.");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown model \"nope\""));
}

#[test]
fn the_accurate_model_when_not_installed_names_the_install_command() {
    let home = file("accurate-home", "placeholder", b"").parent().unwrap().to_path_buf();
    let out = Command::new(env!("CARGO_BIN_EXE_corefer"))
        .args(["clusters", "--model", "accurate"])
        .env("COREFER_HOME", &home)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("the accurate model is not installed in"), "{err}");
    assert!(err.contains("scripts/install-model.sh accurate"), "{err}");
}

#[test]
fn a_delta_model_without_its_base_names_the_missing_file() {
    let dir = file("delta", "placeholder", b"").parent().unwrap().join("model");
    std::fs::create_dir_all(&dir).unwrap();
    let tiny = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/random-tiny-mpnet");
    for name in ["model.safetensors", "tokenizer.json"] {
        std::fs::copy(tiny.join(name), dir.join(name)).unwrap();
    }
    let mut config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tiny.join("config.json")).unwrap()).unwrap();
    config["base_weights"] = serde_json::json!({"file": "base.safetensors", "sha256": "0",
        "name": "all-mpnet-base-v2", "install": "scripts/install-model.sh accurate"});
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    let out = corefer(&["clusters", "--model", dir.to_str().unwrap()], b"Ann left.");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("base.safetensors is missing"), "{err}");
    assert!(err.contains("all-mpnet-base-v2 (install it with scripts/install-model.sh accurate)"), "{err}");
}

#[test]
fn help_shows_examples() {
    let out = corefer(&["--help"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("corefer clusters article.txt"));
}

#[test]
fn predict_keeps_rows_and_replaces_coreference() {
    let conll = "#begin document (d); part 000\n\
        d\t0\t0\tAnn\tNNP\t-\t-\t-\t-\t-\t*\t(0)\n\
        d\t0\t1\tleft\tVBD\t-\t-\t-\t-\t-\t*\t-\n\n\
        d\t0\t0\tShe\tPRP\t-\t-\t-\t-\t-\t*\t(1)\n\
        d\t0\t1\tran\tVBD\t-\t-\t-\t-\t-\t*\t-\n\n\
        #end document\n";
    let path = file("predict", "in.conll", conll.as_bytes());
    let out = corefer(&["predict", "--conll", path.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let expected = conll.replace("*\t(1)", "*\t(0)");
    assert_eq!(text(&out.stdout), expected);
}

#[test]
fn predict_writes_the_confidence_of_each_linked_pronoun() {
    let conll = "#begin document (d); part 000\n\
        d\t0\t0\tAnn\tNNP\t-\t-\t-\t-\t-\t*\t-\n\
        d\t0\t1\tleft\tVBD\t-\t-\t-\t-\t-\t*\t-\n\n\
        d\t0\t0\tShe\tPRP\t-\t-\t-\t-\t-\t*\t-\n\
        d\t0\t1\tran\tVBD\t-\t-\t-\t-\t-\t*\t-\n\n\
        #end document\n";
    let path = file("predict_confidence", "in.conll", conll.as_bytes());
    let tsv = scratch("predict_confidence").join("confidence.tsv");
    let out =
        corefer(&["predict", "--conll", path.to_str().unwrap(), "--confidence", tsv.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&tsv).unwrap();
    let mut lines = written.lines();
    assert_eq!(lines.next(), Some("document\tpart\tword\ttext\tclass\tprobability"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 1, "{written}");
    assert_eq!(rows[0][..5], ["d", "0", "2", "She", "he_she"]);
    assert!(rows[0][5].parse::<f32>().is_ok_and(|p| (0.0..=1.0).contains(&p)), "{written}");
    let baseline = scratch("predict_confidence").join("baseline.tsv");
    let args = ["predict", "--model", "baseline", "--conll", path.to_str().unwrap()];
    let out = corefer(&[&args[..], &["--confidence", baseline.to_str().unwrap()]].concat(), b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&baseline).unwrap().lines().count(),
        1,
        "the baseline has no probabilities"
    );
}

#[test]
fn predict_on_a_malformed_file_names_file_and_line() {
    let path = file(
        "malformed",
        "bad.conll",
        b"#begin document (d); part 000\nd\t0\t0\tAnn\tNNP\t-\t-\t-\t-\t-\t*\t(0\n\n#end document\n",
    );
    let out = corefer(&["predict", "--conll", path.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("bad.conll:"), "{}", text(&out.stderr));
}

#[test]
fn a_reader_that_stops_early_is_no_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corefer"))
        .args(["clusters", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("corefer starts");
    drop(child.stdout.take());
    let line = "{\"text\":\"Ann left. She ran.\"}\n".repeat(20_000);
    let _ = child.stdin.take().expect("stdin is piped").write_all(line.as_bytes());
    let out = child.wait_with_output().expect("corefer finishes");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn a_document_over_max_words_fails_alone_and_is_named_once() {
    let long = file("max-words", "long.txt", b"Ann met Bob in Paris on Monday. She smiled.");
    let short = file("max-words", "short.txt", b"Ann left.");
    let args = ["clusters", "--max-words", "5", long.to_str().unwrap(), short.to_str().unwrap()];
    let out = corefer(&args, b"");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("more than 5 words (--max-words 5)"), "{stderr}");
    assert_eq!(stderr.matches("long.txt").count(), 1, "{stderr}");
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the short file's record");
    assert_eq!(record["id"], short.to_str().unwrap());
}

#[test]
fn several_files_give_the_same_bytes_in_input_order_whatever_the_threads() {
    let texts = [
        "Ann met Bob in Paris. She gave him a book, and he thanked her.",
        "The company said its profits rose. It plans to hire more staff.",
        "",
        "Kim left. She ran home, where her dog waited for her.",
        "Tom called Sue. He asked her about the report she wrote.",
    ];
    let paths: Vec<String> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| file("order", &format!("doc{i}.txt"), t.as_bytes()).to_str().unwrap().to_string())
        .collect();
    // `clusters` gives no record for the empty file; `resolve` gives its (empty) text back.
    let with_records: Vec<&String> = paths.iter().filter(|p| !p.ends_with("doc2.txt")).collect();
    for (command, expected) in
        [(&["clusters"][..], with_records), (&["resolve", "--json"], paths.iter().collect())]
    {
        let run = |threads: &str| {
            let mut args = command.to_vec();
            args.extend(["--threads", threads]);
            args.extend(paths.iter().map(String::as_str));
            let out = corefer(&args, b"");
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            out.stdout
        };
        let one = run("1");
        assert_eq!(one, run("2"), "{command:?}: --threads 1 and 2 differ");
        assert_eq!(ids(&one).iter().collect::<Vec<_>>(), expected, "{command:?}: records in input order");
    }
}
