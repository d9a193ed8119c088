//! `corefer rewrite`, `corefer html` and `corefer resolve` as a user runs them.

mod common;

use common::{corefer, file_arg};

const TEXT: &str = "Zoë lost her keys.\nShe laughed.\n";
const CLUSTERS: &str = r#"{"id":"zoe","clusters":[[{"start":0,"end":3,"start_byte":0,"end_byte":4,"text":"Zoë"},{"start":9,"end":12,"start_byte":10,"end_byte":13,"text":"her"},{"start":19,"end":22,"start_byte":20,"end_byte":23,"text":"She"}]]}"#;

#[test]
fn rewrite_prints_the_resolved_text_exactly() {
    let text = file_arg("plain", "zoe.txt", TEXT);
    let clusters = file_arg("plain", "zoe.json", CLUSTERS);
    let out = corefer(&["rewrite", "--clusters", &clusters, &text]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "Zoë lost Zoë's keys.\nZoë laughed.\n");
}

#[test]
fn rewrite_json_gives_the_edits() {
    let text = file_arg("json", "zoe.txt", TEXT);
    let clusters = file_arg("json", "zoe.json", CLUSTERS);
    let out = corefer(&["rewrite", "--json", "--clusters", &clusters, &text]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(record["id"], text.as_str(), "the id is the text's name as given, as in `corefer clusters`");
    assert_eq!(record["text"], "Zoë lost Zoë's keys.\nZoë laughed.\n");
    let edit = &record["edits"][1];
    assert_eq!(
        (&edit["original"], &edit["replacement"], &edit["start"], &edit["resolved_start"], &edit["cluster"]),
        (&"She".into(), &"Zoë".into(), &19.into(), &21.into(), &0.into())
    );
    assert!(edit["probability"].is_null(), "clusters given from outside carry no model probability");
}

#[test]
fn a_record_that_does_not_fit_is_refused_naming_the_mention() {
    let text = file_arg("misfit", "zoe.txt", TEXT);
    let clusters = file_arg(
        "misfit",
        "zoe.json",
        CLUSTERS
            .replace(r#""end":12,"start_byte":10,"end_byte":13"#, r#""end":11,"start_byte":10,"end_byte":12"#)
            .replace(r#""text":"her""#, r#""text":"he""#),
    );
    let out = corefer(&["rewrite", "--clusters", &clusters, &text]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("cluster 0 mention 1 (chars 9..11, \"he\") starts or ends inside a word"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn bad_json_is_refused_with_its_line() {
    let text = file_arg("badjson", "zoe.txt", TEXT);
    let clusters = file_arg("badjson", "zoe.json", "{\"id\": \"zoe\",\n \"clusters\": [[{\"start\": -1}]]}");
    let stderr = String::from_utf8(corefer(&["rewrite", "--clusters", &clusters, &text]).stderr).unwrap();
    assert!(stderr.contains("zoe.json: line 2 column"), "{stderr}");
}

#[test]
fn options_reach_the_rewriter() {
    let text = file_arg("options", "s.txt", "Sessions spoke. The attorney general made his decision.");
    let clusters = file_arg(
        "options",
        "s.json",
        r#"{"id":"s","clusters":[[{"start":0,"end":8,"start_byte":0,"end_byte":8,"text":"Sessions"},{"start":16,"end":36,"start_byte":16,"end_byte":36,"text":"The attorney general"},{"start":42,"end":45,"start_byte":42,"end_byte":45,"text":"his"}]]}"#,
    );
    let out = corefer(&[
        "rewrite",
        "--replace",
        "all",
        "--possessive-style",
        "apostrophe",
        "--clusters",
        &clusters,
        &text,
    ]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "Sessions spoke. Sessions made Sessions' decision.");
}

#[test]
fn html_is_one_self_contained_page() {
    let text = file_arg("html", "zoe.txt", TEXT);
    let clusters = file_arg("html", "zoe.json", CLUSTERS);
    let out = corefer(&["html", &text, "--clusters", &clusters]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<span class=\"m c0\" data-c=\"0\" title=\"0: Zoë\">her</span>"));
    assert!(!page.contains("http"));
}

/// Rebuilds the input from a `--json` record: each edit's resolved span gets its original text back.
fn undo(record: &serde_json::Value) -> String {
    let text = record["text"].as_str().unwrap();
    let mut out = String::new();
    let mut copied_to = 0;
    for edit in record["edits"].as_array().unwrap() {
        let start = edit["resolved_start_byte"].as_u64().unwrap() as usize;
        out.push_str(&text[copied_to..start]);
        out.push_str(edit["original"].as_str().unwrap());
        copied_to = edit["resolved_end_byte"].as_u64().unwrap() as usize;
    }
    out.push_str(&text[copied_to..]);
    out
}

#[test]
fn resolve_with_the_model_is_lossless_and_names_the_pronouns() {
    let article = "Zoë Kim founded Northwind in 2019.\nShe said her company would grow, and it did.\n";
    let text = file_arg("resolve", "article.txt", article);
    let out = corefer(&["resolve", "--json", &text]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(undo(&record), article);
    let plain = corefer(&["resolve", &text]);
    assert_eq!(String::from_utf8(plain.stdout).unwrap(), record["text"].as_str().unwrap());
    for edit in record["edits"].as_array().unwrap() {
        assert!(["She", "her", "it"].contains(&edit["original"].as_str().unwrap()), "{edit}");
        // The default (neural) model says how sure it is of each pronoun; the baseline gives no number.
        let p = edit["probability"].as_f64();
        assert!(p.is_some_and(|p| (0.0..=1.0).contains(&p)), "{edit}");
    }
    let baseline = corefer(&["resolve", "--json", "--model", "baseline", &text]);
    let record: serde_json::Value = serde_json::from_slice(&baseline.stdout).unwrap();
    assert!(!record["edits"].as_array().unwrap().is_empty());
    assert!(record["edits"].as_array().unwrap().iter().all(|e| e["probability"].is_null()), "{record}");
}

#[test]
fn resolve_reports_an_unreadable_input_and_goes_on() {
    let text = file_arg("resolve_bad", "ok.txt", "Kim left. She ran.\n");
    let out = corefer(&["resolve", "/nonexistent/missing.txt", &text]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("missing.txt"));
    assert!(!out.stdout.is_empty(), "the readable input is still resolved");
}

#[test]
fn html_without_clusters_uses_the_model() {
    let text = file_arg("html_model", "a.txt", "Zoë Kim founded Northwind. She said it would grow.\n");
    let out = corefer(&["html", &text]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains("<span class=\"m c0\""), "at least one cluster is highlighted");
    assert!(page.contains(": Zoë Kim (probability 0."), "a pronoun's hover says how sure the model is");
}

#[test]
fn a_pronoun_probability_outside_zero_to_one_is_a_usage_error() {
    let text = file_arg("guard", "a.txt", "Kim left. She ran.\n");
    for bad in ["1.5", "2", "half"] {
        let out = corefer(&["resolve", "--min-pronoun-probability", bad, &text]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--min-pronoun-probability"), "{bad}");
    }
    let out = corefer(&["resolve", "--min-pronoun-probability", "1", "--names", "representative", &text]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
