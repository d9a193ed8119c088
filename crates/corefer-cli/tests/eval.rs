//! `corefer eval` end to end: text and JSON output, flags, and a clear error for bad input.

use std::path::PathBuf;
use std::process::Command;

fn write(name: &str, text: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-eval");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn doc(id: &str, cells: &[&str]) -> String {
    let rows: String = cells.iter().enumerate().map(|(i, c)| format!("{id}\t0\t{i}\tw\t{c}\n")).collect();
    format!("#begin document ({id}); part 000\n{rows}#end document\n")
}

fn eval(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_corefer")).arg("eval").args(args).output().unwrap()
}

#[test]
fn scores_text_and_json() {
    let key = write(
        "key.conll",
        &(doc("GUM_news_a", &["(0)", "-", "(0)", "(1)"]) + &doc("GUM_bio_b", &["(2)", "(2)"])),
    );
    let response = write("response.conll", &doc("GUM_news_a", &["(5)", "-", "(5)", "(5)"]));
    let (key, response) = (key.to_str().unwrap(), response.to_str().unwrap());

    let output = eval(&[key, response]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("MUC       Recall: (1 / 2) 50.00%\tPrecision: (1 / 2) 50.00%\tF1: 50.00%"),
        "{text}"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("document (GUM_bio_b; part 0) is missing from the response"), "{stderr}");

    let output = eval(&["--json", "--per-doc", "--by-genre", "--no-singletons", key, response]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["muc"]["recall"], 0.5);
    // The key singleton (1) is dropped: 2 of 2 key mentions found in GUM_news_a, 0 of 2 in GUM_bio_b.
    assert_eq!(json["mentions"]["recall"], 0.5);
    assert_eq!(json["genres"]["news"]["mentions"]["recall"], 1.0);
    assert_eq!(json["genres"]["news"]["muc"]["recall"], 1.0);
    assert_eq!(json["documents"][1]["missing"], true);
    let conll = json["conll_f1"].as_f64().unwrap();
    let mean = ["muc", "bcub", "ceafe"].iter().map(|m| json[m]["f1"].as_f64().unwrap()).sum::<f64>() / 3.0;
    assert!((conll - mean).abs() < 1e-12);
}

#[test]
fn bad_input_is_named() {
    let key = write("broken.conll", "#begin document (poem); part 000\np\t0\t0\ta\t(1\n#end document\n");
    let output = eval(&[key.to_str().unwrap(), key.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("broken.conll:2: document poem") && stderr.contains("never closed"), "{stderr}");
    let lenient = eval(&["--lenient", key.to_str().unwrap(), key.to_str().unwrap()]);
    assert!(lenient.status.success());
}
