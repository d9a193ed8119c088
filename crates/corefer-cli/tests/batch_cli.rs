//! `corefer batch` as a user runs it: records in input order, error records for bad input, exit codes,
//! and resuming after `kill -9` giving the same bytes as a run that was never interrupted.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{corefer, scratch, text};

fn write(path: &Path, content: &[u8]) -> String {
    std::fs::write(path, content).unwrap();
    path.to_str().unwrap().to_string()
}

const ANN: &str = "Ann Lee met Bob. She smiled at him.";

#[test]
fn records_come_in_input_order_and_bad_records_become_error_records() {
    let dir = scratch("errors");
    let long = "word ".repeat(30);
    let input = format!(
        "{}\n{}\nnot json\n{}\n\n{}\n{}\n{}\n",
        serde_json::json!({"id": "a", "text": ANN}),
        serde_json::json!({"id": "b"}),
        serde_json::json!({"text": "no id"}),
        serde_json::json!({"id": "long", "text": long}),
        serde_json::json!({"id": "a", "text": "again"}),
        serde_json::json!({"id": 7, "text": "Kim ran. He fell."}),
    );
    let mut bytes = input.into_bytes();
    bytes.extend_from_slice(b"{\"id\":\"bad\",\"text\":\"\xff\"}\n");
    let input = write(&dir.join("in.jsonl"), &bytes);
    let out = dir.join("out.jsonl");
    let run =
        corefer(&["batch", &input, "-o", out.to_str().unwrap(), "--model", "baseline", "--max-words", "20"]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    let lines = records(&out);
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap_or("-")).collect();
    assert_eq!(ids, ["a", "b", "-", "-", "long", "a", "7", "bad"]);
    // "She" → Bob is the baseline's link; "him" stays: its link names Ann Lee, a known female first name.
    assert_eq!(lines[0]["text"], "Ann Lee met Bob. Bob smiled at him.");
    assert_eq!(lines[1], serde_json::json!({"id": "b", "line": 2, "error": "missing text field \"text\""}));
    assert_eq!(
        lines[2],
        serde_json::json!({"line": 3, "error": "malformed JSON: expected ident at line 1 column 2"})
    );
    assert_eq!(lines[3], serde_json::json!({"line": 4, "error": "missing id field \"id\""}));
    assert_eq!(
        lines[4],
        serde_json::json!({"id": "long", "line": 6, "error": "more than 20 words (--max-words 20); split the document or raise the limit"})
    );
    assert_eq!(
        lines[5],
        serde_json::json!({"id": "a", "line": 7, "error": "duplicate id \"a\" (first at line 1)"})
    );
    assert_eq!(lines[6]["clusters"][0][1]["text"], "He");
    assert_eq!(
        lines[7],
        serde_json::json!({"id": "bad", "line": 9, "error": "invalid UTF-8 at byte 20 of the line (use --lossy to replace invalid bytes)"})
    );
    let stderr = text(&run.stderr);
    assert!(stderr.contains("error: line 2 (id \"b\"): missing text field \"text\""), "{stderr}");
    assert!(stderr.contains("corefer batch: 8 documents in"), "{stderr}");
    assert!(stderr.contains("2 resolved, 6 failed, 0 already in the output"), "{stderr}");
}

/// `--max-bytes` bounds each record as it bounds each input of the other commands: a longer record gets an
/// error record naming the flag, the records around it are resolved.
#[test]
fn a_record_over_max_bytes_gets_an_error_record() {
    let dir = scratch("max-bytes");
    let long = "Ann smiled. ".repeat(20);
    let jsonl = format!(
        "{}\n{}\n{}\n",
        serde_json::json!({"id": "a", "text": ANN}),
        serde_json::json!({"id": "big", "text": long}),
        serde_json::json!({"id": "c", "text": "Kim ran. He fell."}),
    );
    let input = write(&dir.join("in.jsonl"), jsonl.as_bytes());
    let out = dir.join("out.jsonl");
    let run =
        corefer(&["batch", &input, "-o", out.to_str().unwrap(), "--model", "baseline", "--max-bytes", "200"]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    let lines = records(&out);
    assert_eq!(lines.len(), 3);
    assert!(lines[0]["clusters"].is_array() && lines[2]["clusters"].is_array());
    let error = lines[1]["error"].as_str().unwrap();
    assert!(error.ends_with("more than --max-bytes 200"), "{error}");
}

#[test]
fn the_record_is_the_clusters_record_and_the_resolve_record_side_by_side() {
    let dir = scratch("same-json");
    let docs = [("n1", ANN), ("n2", "The company said it would appeal. Its lawyers agreed.")];
    let jsonl: String =
        docs.iter().map(|(id, t)| serde_json::json!({"id": id, "text": t}).to_string() + "\n").collect();
    let input = write(&dir.join("in.jsonl"), jsonl.as_bytes());
    let batch = |fields: &str| {
        let out = corefer(&["batch", &input, "--model", "baseline", "--fields", fields]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let clusters =
        corefer(&["clusters", "--jsonl", &input, "--model", "baseline", "--min-pronoun-probability", "0.5"]);
    assert_eq!(batch("id,clusters"), text(&clusters.stdout));
    let resolve = corefer(&["resolve", "--jsonl", "--json", &input, "--model", "baseline"]);
    assert_eq!(batch("id,text,edits,representatives,skipped"), text(&resolve.stdout));
    let all = batch("id,clusters,text,edits,representatives,skipped");
    for ((c, r), a) in text(&clusters.stdout).lines().zip(text(&resolve.stdout).lines()).zip(all.lines()) {
        // {"id":…,"clusters":[…]} and {"id":…,"text":…} joined: the clusters, then the resolve fields.
        let rest = &r[r.find(",\"text\"").unwrap()..];
        assert_eq!(a, format!("{}{rest}", &c[..c.len() - 1]));
    }
}

#[test]
fn csv_with_quoted_newlines_and_a_bad_row() {
    let dir = scratch("csv");
    let csv = "id,content,source\nc1,\"Ann Lee met Bob.\nShe smiled at him.\",wire\nc2,too few\nc3,\"Kim said \"\"hi\"\". He left.\",x\n";
    let input = write(&dir.join("in.csv"), csv.as_bytes());
    let run =
        corefer(&["batch", &input, "--text-column", "content", "--model", "baseline", "--fields", "id,text"]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    assert_eq!(
        text(&run.stdout),
        "{\"id\":\"c1\",\"text\":\"Ann Lee met Bob.\\nBob smiled at him.\"}\n\
         {\"id\":\"c2\",\"line\":4,\"error\":\"malformed CSV row: 2 fields where the header has 3\"}\n\
         {\"id\":\"c3\",\"text\":\"Kim said \\\"hi\\\". Kim left.\"}\n"
    );
    let missing = corefer(&["batch", &input, "--model", "baseline"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        text(&missing.stderr).contains(
            "the CSV header has no column \"text\" (--text-column); its columns: id, content, source"
        ),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn a_directory_of_text_files_in_name_order() {
    let dir = scratch("dir");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    write(&corpus.join("b.txt"), b"Kim ran. He fell.");
    write(&corpus.join("a.txt"), ANN.as_bytes());
    write(&corpus.join("notes.md"), b"not a document");
    let run = corefer(&["batch", corpus.to_str().unwrap(), "--model", "baseline", "--fields", "id,text"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(
        text(&run.stdout),
        "{\"id\":\"a.txt\",\"text\":\"Ann Lee met Bob. Bob smiled at him.\"}\n{\"id\":\"b.txt\",\"text\":\"Kim ran. Kim fell.\"}\n"
    );
}

#[test]
fn an_existing_output_needs_resume_or_overwrite_and_resume_needs_an_output() {
    let dir = scratch("existing");
    let input = write(&dir.join("in.jsonl"), b"{\"id\":\"a\",\"text\":\"Kim ran.\"}\n");
    let out = write(&dir.join("out.jsonl"), b"{\"id\":\"old\"}\n");
    let refused = corefer(&["batch", &input, "-o", &out, "--model", "baseline"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("already exists; pass --resume"), "{}", text(&refused.stderr));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "{\"id\":\"old\"}\n");
    let overwritten =
        corefer(&["batch", &input, "-o", &out, "--model", "baseline", "--overwrite", "--fields", "id"]);
    assert_eq!(overwritten.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "{\"id\":\"a\"}\n");
    let no_output = corefer(&["batch", &input, "--resume"]);
    assert_eq!(no_output.status.code(), Some(2));
}

/// `count` small documents as JSONL, a few of them bad.
fn corpus(count: usize) -> String {
    (0..count)
        .map(|i| match i % 50 {
            17 => format!("{{\"id\":\"d{i}\"}}\n"),
            33 => "{broken\n".to_string(),
            _ => serde_json::json!({"id": format!("d{i}"), "text": format!(
                "Reporter {i} met the mayor of Riverton on Tuesday. She said the plan would cost {i} million \
                 dollars, and he asked her whether the council had seen it. The council, she said, would vote \
                 on it next week after its members had read the report."
            )})
            .to_string()
                + "\n",
        })
        .collect()
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path).unwrap().lines().map(str::to_string).collect()
}

/// The output records, one JSON value per line.
fn records(path: &Path) -> Vec<serde_json::Value> {
    lines(path).iter().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn a_run_killed_midway_and_resumed_equals_a_clean_run() {
    let dir = scratch("kill");
    let input = write(&dir.join("in.jsonl"), corpus(400).as_bytes());
    let (clean, resumed) = (dir.join("clean.jsonl"), dir.join("resumed.jsonl"));
    let args = ["--model", "default", "--threads", "2"];
    let clean_run = corefer(&[&["batch", &input, "-o", clean.to_str().unwrap()][..], &args].concat());
    assert_eq!(clean_run.status.code(), Some(1), "{}", text(&clean_run.stderr));
    let expected = lines(&clean);
    assert_eq!(expected.len(), 400);

    let mut child = Command::new(env!("CARGO_BIN_EXE_corefer"))
        .args([&["batch", &input, "-o", resumed.to_str().unwrap()][..], &args].concat())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while std::fs::read(&resumed).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count()) < 100 {
        assert!(start.elapsed() < Duration::from_secs(120), "the run never got to 100 records");
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be killed");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let partial = lines(&resumed);
    assert!(partial.len() < 400, "killed midway, not at the end");
    for (got, want) in partial.iter().zip(&expected).take(partial.len().saturating_sub(1)) {
        assert_eq!(got, want, "every record before the kill is whole and in order");
    }

    let resume =
        corefer(&[&["batch", &input, "-o", resumed.to_str().unwrap(), "--resume"][..], &args].concat());
    assert_eq!(resume.status.code(), Some(1), "{}", text(&resume.stderr));
    assert!(text(&resume.stderr).contains("already in the output"), "{}", text(&resume.stderr));
    assert_eq!(lines(&resumed), expected, "same records, same bytes, no duplicates or gaps");
    assert_eq!(std::fs::read(&resumed).unwrap(), std::fs::read(&clean).unwrap());
}

#[test]
fn resume_cuts_a_torn_last_record_and_skips_what_is_done() {
    let dir = scratch("torn");
    let input = write(&dir.join("in.jsonl"), corpus(60).as_bytes());
    let clean = dir.join("clean.jsonl");
    let args = ["--model", "baseline", "--fields", "id,clusters,text"];
    assert_eq!(
        corefer(&[&["batch", &input, "-o", clean.to_str().unwrap()][..], &args].concat()).status.code(),
        Some(1)
    );
    let full = std::fs::read(&clean).unwrap();
    // Keep 40 whole records and half of the 41st, as a kill in the middle of a write would.
    let ends: Vec<usize> = full.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i + 1).collect();
    let torn = dir.join("torn.jsonl");
    let mut file = std::fs::File::create(&torn).unwrap();
    file.write_all(&full[..ends[39] + (ends[40] - ends[39]) / 2]).unwrap();
    drop(file);
    let resume = corefer(&[&["batch", &input, "-o", torn.to_str().unwrap(), "--resume"][..], &args].concat());
    assert_eq!(
        resume.status.code(),
        Some(0),
        "the bad records are all before the cut: {}",
        text(&resume.stderr)
    );
    let stderr = text(&resume.stderr);
    assert!(stderr.contains("resuming"), "{stderr}");
    assert!(stderr.contains("40 records already there; cut off an incomplete last line of"), "{stderr}");
    assert!(stderr.contains("already in the output"), "{stderr}");
    assert_eq!(std::fs::read(&torn).unwrap(), full);
    // Resuming a finished output adds nothing.
    let again = corefer(&[&["batch", &input, "-o", torn.to_str().unwrap(), "--resume"][..], &args].concat());
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert!(text(&again.stderr).contains("0 documents in"), "{}", text(&again.stderr));
    assert_eq!(std::fs::read(&torn).unwrap(), full);
}

#[test]
fn a_gzip_bomb_is_refused_past_max_gunzipped_bytes_and_utf16_is_named() {
    use flate2::{write::GzEncoder, Compression};
    let dir = scratch("limits");
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    for _ in 0..20_000 {
        gz.write_all(b"{\"id\":\"x\",\"text\":\"Kim ran.\"}\n").unwrap();
    }
    let bomb = write(&dir.join("bomb.jsonl.gz"), &gz.finish().unwrap());
    let out =
        corefer(&["batch", &bomb, "--model", "baseline", "--max-gunzipped-bytes", "64K", "--fields", "id"]);
    let stderr = text(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("bomb.jsonl.gz") && stderr.contains("--max-gunzipped-bytes"), "{stderr}");
    let utf16: Vec<u8> = "{\"text\":\"Kim ran.\"}\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16 = write(&dir.join("utf16.jsonl"), &[&[0xff, 0xfe][..], &utf16].concat());
    let out = corefer(&["batch", &utf16, "--model", "baseline"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("UTF-16"), "{}", text(&out.stderr));
}
