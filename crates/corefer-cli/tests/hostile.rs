//! Hostile inputs: what `corefer` does with whatever a user's corpus contains. Every case states its
//! expected outcome (exit status, message, output) and checks it; none may panic (exit status 101) or take
//! more than a few seconds, and the big ones are generated here, never committed. Where `/usr/bin/time` is
//! installed, the inputs that must be refused early are also held to a memory bound.
//!
//! | case | expected outcome |
//! |---|---|
//! | empty file / stdin | `clusters`: no record, 0; `resolve`: empty output, 0 |
//! | whitespace only | `clusters`: no record, 0; `resolve`: the whitespace back, 0 |
//! | one 1 MB line of prose | refused past `--max-words` (1); read with the limit raised (0) |
//! | 100k × "he said" | refused past `--max-words` (1); resolved in seconds with it raised (0) |
//! | deep JSON nesting (JSONL line, clusters file) | that line / file refused with serde's recursion limit (1 / 2) |
//! | mixed scripts, NUL bytes, CRLF | resolved losslessly, offsets exact (0) |
//! | UTF-8 byte-order mark | text: kept, counted in offsets, not part of a word; JSONL, clusters, CoNLL: skipped (0) |
//! | UTF-16 file | refused naming UTF-16, with or without `--lossy` (2) |
//! | invalid UTF-8 | byte offset and line named (2); with `--lossy`: U+FFFD (0) |
//! | 20 MB document | refused past `--max-words` (1) or past `--max-bytes` (2), in well under a second |
//! | 20 MB of zeros, `--max-words 1` | refused at the second word (1) |
//! | one 20 MB word | refused past `--max-word-bytes` (1) |
//! | gzip bomb (2 GiB of zeros in 2 MB) | refused past `--max-bytes` once gunzipped (2); streamed as JSONL: past `--max-gunzipped-bytes` (2); memory bounded |
//! | 100 MB JSONL line | that line refused past `--max-bytes` (1), the next line still read |
//! | JSONL `"text": ""` | `clusters`: no record (0) |
//! | CoNLL-2012 rows of 3–4 columns | refused naming file and line (2); 2-column rows: scored, not predicted (1) |
//! | `--threads 3000` | lowered to 4 per core with a warning, finishes (0) |
//! | stdout full (`> /dev/full`) | `writing output: No space left on device` (2) |
//! | stdout closed early | quiet end (0) |
//! | stderr full (`2> /dev/full`) | the usual exit status, no panic |
//! | `resolve a.txt b.txt` | each text under a `==> ID <==` line |
//! | model config `layer_norm_eps: -1` | refused naming the key (2) |

mod common;

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{file, text};
/// A hostile input must be dealt with in "a few seconds" of CPU time (where `/usr/bin/time` can tell)...
const CPU_LIMIT: Duration = Duration::from_secs(5);
/// ...and of wall time, with room for a loaded shared machine (which only shows up here, hence generous).
const WALL_LIMIT: Duration = Duration::from_secs(120);
/// The most memory (max RSS) an input refused early may cost.
const REFUSED_RSS_KB: u64 = 100 * 1024;
/// GNU time's report, on the last line of stderr.
const USAGE: &str = "@corefer-usage";

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_corefer"));
    command.args(args);
    command
}

/// Runs corefer with `args` feeding `stdin` (under `/usr/bin/time` where it is installed), checks that it
/// did not panic and kept to the time limits, and returns its output and max RSS in KiB (if measured).
fn measured_with(args: &[&str], stdin: &[u8]) -> (Output, Option<u64>) {
    let time = Path::new("/usr/bin/time");
    let timed = time.exists();
    let mut command = if timed {
        let mut command = Command::new(time);
        let format = format!("{USAGE} %M %U %S");
        command.args(["-q", "-f", &format, env!("CARGO_BIN_EXE_corefer")]).args(args);
        command
    } else {
        self::command(args)
    };
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("corefer starts");
    let mut input = child.stdin.take().expect("stdin is piped");
    let stdin = stdin.to_vec();
    // A command that refuses its input may exit before reading it: a broken pipe here is no failure.
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let mut out = child.wait_with_output().expect("corefer finishes");
    feeder.join().expect("stdin written");
    let wall = started.elapsed();
    let mut rss = None;
    if timed {
        let stderr = text(&out.stderr);
        let (rest, usage) = stderr.rsplit_once(USAGE).expect("time reports usage");
        let fields: Vec<f64> = usage.split_whitespace().map(|f| f.parse().expect("a number")).collect();
        let cpu = Duration::from_secs_f64(fields[1] + fields[2]);
        assert!(cpu < CPU_LIMIT, "{args:?} took {cpu:?} of CPU:\n{rest}");
        rss = Some(fields[0] as u64);
        out.stderr = rest.as_bytes().to_vec();
    }
    assert_ne!(out.status.code(), Some(101), "{args:?} panicked:\n{}", text(&out.stderr));
    assert!(wall < WALL_LIMIT, "{args:?} took {wall:?}:\n{}", text(&out.stderr));
    (out, rss)
}

fn corefer(args: &[&str], stdin: &[u8]) -> Output {
    measured_with(args, stdin).0
}

fn measured(args: &[&str]) -> (Output, Option<u64>) {
    measured_with(args, b"")
}

fn assert_memory_bounded(rss: Option<u64>, case: &str) {
    if let Some(rss) = rss {
        assert!(rss < REFUSED_RSS_KB, "{case}: max RSS {rss} KiB");
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// Asserts the exit status and that stderr contains `message`.
fn expect(out: &Output, code: i32, message: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    assert!(stderr.contains(message), "expected {message:?} in:\n{stderr}");
}

#[test]
fn empty_and_blank_inputs() {
    for input in [&b""[..], b"  \r\n\t\n"] {
        let out = corefer(&["clusters", "--model", "baseline"], input);
        assert_eq!((out.status.code(), out.stdout.len()), (Some(0), 0), "{}", text(&out.stderr));
        let out = corefer(&["resolve", "--model", "baseline"], input);
        assert_eq!((out.status.code(), out.stdout.as_slice()), (Some(0), input), "{}", text(&out.stderr));
    }
}

#[test]
fn a_one_megabyte_line_is_refused_past_max_words_and_read_under_a_raised_limit() {
    let line = "Ann met Bob in Paris and she gave him a book. ".repeat(1 << 20 >> 6);
    let input = file("mb-line", "line.txt", line.as_bytes());
    let out = corefer(&["clusters", "--model", "baseline", path(&input)], b"");
    expect(&out, 1, "more than 100000 words (--max-words 100000); split the document or raise the limit");
    assert!(out.stdout.is_empty());
    let out = corefer(&["clusters", "--model", "baseline", "--max-words", "200000", path(&input)], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one record");
    assert!(!record["clusters"].as_array().expect("clusters").is_empty());
}

#[test]
fn a_hundred_thousand_he_said() {
    let input = "he said ".repeat(100_000);
    let out = corefer(&["clusters", "--model", "baseline"], input.as_bytes());
    expect(&out, 1, "stdin: more than 100000 words");
    let out = corefer(&["resolve", "--model", "baseline", "--max-words", "200000"], input.as_bytes());
    assert_eq!((out.status.code(), out.stdout.as_slice()), (Some(0), input.as_bytes()), "nothing to name");
}

#[test]
fn deep_nesting_is_refused_by_the_json_recursion_limit() {
    let deep = format!(
        "{{\"text\":\"Ann left.\",\"x\":{}\n{{\"id\":\"ok\",\"text\":\"Ann left.\"}}\n",
        "[".repeat(100_000)
    );
    let out = corefer(&["clusters", "--model", "baseline", "--jsonl"], deep.as_bytes());
    expect(
        &out,
        1,
        // The unknown field is skipped without recursion (serde_json's IgnoredAny), so the line fails at its end.
        "stdin:1: expected a JSON object with \"text\" or \"sentences\": EOF while parsing a list",
    );
    assert_eq!(text(&out.stdout).lines().count(), 1, "the next line still gives its record");
    let clusters =
        file("deep", "deep.json", format!("{{\"id\":\"a\",\"x\":{}", "[".repeat(100_000)).as_bytes());
    let out = corefer(&["rewrite", "--clusters", path(&clusters)], b"Ann left.");
    expect(&out, 2, "deep.json: line 1 column");
}

#[test]
fn mixed_scripts_nul_bytes_and_crlf_stay_lossless_with_exact_offsets() {
    let input = "Zoë Kim arrived\0 in Tel Aviv.\r\nשלום! Привет, 世界. She smiled 👍🏽.\r\n\0".as_bytes();
    let out = corefer(&["resolve", "--model", "baseline", "--json"], input);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one record");
    let mut undone = record["text"].as_str().expect("resolved text").to_string();
    for edit in record["edits"].as_array().expect("edits").iter().rev() {
        let range = edit["resolved_start_byte"].as_u64().expect("b") as usize
            ..edit["resolved_end_byte"].as_u64().expect("b") as usize;
        undone.replace_range(range, edit["original"].as_str().expect("original"));
    }
    assert_eq!(undone.as_bytes(), input, "the edits undo to the input");
    let out = corefer(&["clusters", "--model", "baseline"], input);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one record");
    let chars: Vec<char> = text(input).chars().collect();
    let mut mentions = 0;
    for mention in
        record["clusters"].as_array().expect("clusters").iter().flat_map(|c| c.as_array().expect("mentions"))
    {
        let (start, end) = (
            mention["start"].as_u64().expect("start") as usize,
            mention["end"].as_u64().expect("end") as usize,
        );
        let (start_byte, end_byte) = (
            mention["start_byte"].as_u64().expect("b") as usize,
            mention["end_byte"].as_u64().expect("b") as usize,
        );
        let by_chars: String = chars[start..end].iter().collect();
        assert_eq!(mention["text"].as_str(), Some(by_chars.as_str()));
        assert_eq!(&input[start_byte..end_byte], by_chars.as_bytes());
        mentions += 1;
    }
    assert!(mentions >= 2, "the pronoun and its antecedent: {record}");
}

#[test]
fn a_byte_order_mark_is_text_in_plain_files_and_skipped_in_structured_ones() {
    let out = corefer(&["clusters", "--model", "baseline"], "\u{feff}Ann left. She ran.".as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one record");
    let ann = &record["clusters"][0][0];
    assert_eq!(
        (ann["text"].as_str(), ann["start"].as_u64(), ann["start_byte"].as_u64()),
        (Some("Ann"), Some(1), Some(3))
    );

    let jsonl = "\u{feff}{\"id\":\"a\",\"text\":\"Ann left. She ran.\"}\n";
    let out = corefer(&["clusters", "--model", "baseline", "--jsonl"], jsonl.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("{\"id\":\"a\""));

    let record = "{\"id\":\"x\",\"clusters\":[[{\"start\":0,\"end\":3,\"start_byte\":0,\"end_byte\":3,\"text\":\"Ann\"},\
        {\"start\":10,\"end\":13,\"start_byte\":10,\"end_byte\":13,\"text\":\"She\"}]]}";
    let clusters = file("bom", "clusters.json", format!("\u{feff}{record}").as_bytes());
    let out = corefer(&["rewrite", "--clusters", path(&clusters)], b"Ann left. She ran.");
    assert_eq!(
        (out.status.code(), text(&out.stdout).as_str()),
        (Some(0), "Ann left. Ann ran."),
        "{}",
        text(&out.stderr)
    );

    let conll = "\u{feff}#begin document (d); part 000\nd\t0\t0\tAnn\tNNP\t(0)\nd\t0\t1\tleft\tVBD\t-\n#end document\n";
    let key = file("bom", "key.conll", conll.as_bytes());
    let out = corefer(&["eval", path(&key), path(&key)], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn utf16_is_named_with_or_without_lossy() {
    let utf16: Vec<u8> = "\u{feff}Ann left. She ran.".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let input = file("utf16", "u16.txt", &utf16);
    for lossy in [&[][..], &["--lossy"]] {
        let args = [&["clusters", "--model", "baseline"][..], lossy, &[path(&input)]].concat();
        expect(
            &corefer(&args, b""),
            2,
            "u16.txt: this looks like UTF-16 (it starts with the UTF-16LE byte-order mark FF FE)",
        );
    }
    let out = corefer(&["clusters", "--model", "baseline", "--jsonl", path(&input)], b"");
    expect(&out, 2, "this looks like UTF-16");
}

#[test]
fn invalid_utf8_is_named_by_byte_and_line_unless_lossy() {
    let input = file("invalid", "bad.txt", b"Ann left.\nShe \xff ran.");
    let out = corefer(&["clusters", "--model", "baseline", path(&input)], b"");
    expect(&out, 2, "bad.txt: invalid UTF-8 at byte 14 (line 2) (use --lossy to replace invalid bytes)");
    let out = corefer(&["resolve", "--model", "baseline", "--lossy", path(&input)], b"");
    assert_eq!((out.status.code(), text(&out.stdout).as_str()), (Some(0), "Ann left.\nAnn \u{fffd} ran."));
    let out = corefer(
        &["clusters", "--model", "baseline", "--jsonl"],
        b"{\"text\":\"Ann\"}\n{\"text\":\"\xff\"}\n",
    );
    expect(&out, 1, "stdin:2: invalid UTF-8 at byte 9 of the line (use --lossy to replace invalid bytes)");
}

#[test]
fn a_twenty_megabyte_document_is_refused_quickly() {
    let prose = "Ann met Bob in Paris. She gave him the book he wanted.\n".repeat(20 << 20 >> 6);
    let input = file("20mb", "big.txt", prose.as_bytes());
    let (out, rss) = measured(&["clusters", "--model", "baseline", path(&input)]);
    expect(&out, 1, "big.txt: more than 100000 words (--max-words 100000)");
    assert_memory_bounded(rss, "20 MB document");
    let out = corefer(&["clusters", "--model", "baseline", "--max-bytes", "16M", path(&input)], b"");
    expect(&out, 2, "big.txt: more than 16777216 bytes; raise --max-bytes to read it");
}

#[test]
fn twenty_megabytes_of_zeros_are_refused_at_the_first_word_past_the_limit() {
    let input = file("zeros", "z", vec![0u8; 20 << 20]);
    let (out, rss) = measured(&["clusters", "--model", "baseline", "--max-words", "1", path(&input)]);
    expect(&out, 1, "more than 1 words (--max-words 1)");
    assert_memory_bounded(rss, "20 MB of zeros");
}

#[test]
fn a_twenty_megabyte_word_is_refused_past_max_word_bytes() {
    let input = file("word", "w.txt", "a".repeat(20 << 20).as_bytes());
    let (out, rss) = measured(&["clusters", "--model", "baseline", path(&input)]);
    expect(&out, 1, "w.txt: word at byte 0 (line 1) is 20971520 bytes long, more than --max-word-bytes 4096");
    assert_memory_bounded(rss, "20 MB word");
}

#[test]
fn a_gzip_bomb_is_refused_once_gunzipped_past_max_bytes() {
    // 2 GiB of zeros as 2048 gzip members of 1 MiB each: about 2 MB on disk.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&vec![0u8; 1 << 20]).expect("gzip");
    let member = encoder.finish().expect("gzip");
    let bomb = file("bomb", "bomb.gz", member.repeat(2048));
    let bomb = path(&bomb);
    let whole = "bomb.gz: more than 33554432 bytes once gunzipped; raise --max-bytes to read it";
    for args in [&["clusters", "--model", "baseline", bomb][..], &["eval", bomb, bomb]] {
        let (out, rss) = measured(args);
        expect(&out, 2, whole);
        assert_memory_bounded(rss, "gzip bomb read whole");
    }
    // Streamed JSONL: its first line is refused at --max-bytes, the stream at --max-gunzipped-bytes.
    let (out, rss) = measured(&["clusters", "--model", "baseline", "--jsonl", bomb]);
    expect(&out, 2, "bomb.gz:1: line is more than 33554432 bytes");
    expect(
        &out,
        2,
        "bomb.gz: more than 1073741824 bytes once gunzipped; raise --max-gunzipped-bytes to read it",
    );
    assert_memory_bounded(rss, "gzip bomb streamed");
}

#[test]
fn a_hundred_megabyte_jsonl_line_is_refused_alone() {
    let mut content = b"{\"text\":\"".to_vec();
    content.resize(100 << 20, b'a');
    content.extend_from_slice(b"\"}\n{\"id\":\"next\",\"text\":\"Ann left. She ran.\"}\n");
    let input = file("jsonl-line", "big.jsonl", &content);
    drop(content);
    let (out, rss) = measured(&["clusters", "--model", "baseline", "--jsonl", path(&input)]);
    expect(
        &out,
        1,
        "big.jsonl:1: line is more than 33554432 bytes (--max-bytes 33554432 holds for each JSONL line)",
    );
    assert!(text(&out.stdout).starts_with("{\"id\":\"next\""), "{}", text(&out.stdout));
    assert_memory_bounded(rss, "100 MB JSONL line");
}

#[test]
fn jsonl_records_without_words_give_no_clusters_record() {
    let input = b"{\"id\":\"e\",\"text\":\"\"}\n{\"id\":\"w\",\"text\":\" \\n \"}\n{\"id\":\"s\",\"sentences\":[]}\n{\"id\":\"a\",\"text\":\"Ann left. She ran.\"}\n";
    let out = corefer(&["clusters", "--model", "baseline", "--jsonl"], input);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 1);
    assert!(text(&out.stdout).starts_with("{\"id\":\"a\""));
    let out = corefer(&["resolve", "--model", "baseline", "--jsonl", "--json"], input);
    assert_eq!(
        (out.status.code(), text(&out.stdout).lines().count()),
        (Some(0), 4),
        "resolve keeps every text"
    );
}

#[test]
fn bad_conll_rows_are_named() {
    let three = file("conll", "three.conll", b"#begin document (d)\nd\t0\t(0)\n#end document\n");
    let out = corefer(&["eval", path(&three), path(&three)], b"");
    expect(&out, 2, "three.conll:2: expected a token row of 5 or more tab-separated columns");
    let out = corefer(&["predict", "--model", "baseline", "--conll", path(&three)], b"");
    expect(&out, 2, "found 3 columns: `d\t0\t(0)`");
    let two = file("conll", "two.conll", b"#begin document (d)\nd (0)\nd -\nd (0)\n#end document\n");
    let out = corefer(&["eval", path(&two), path(&two)], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = corefer(&["predict", "--model", "baseline", "--conll", path(&two)], b"");
    expect(&out, 1, "document d: the row on line 2 has no word column");
    let unbalanced = file("conll", "open.conll", b"#begin document (d)\nd\t0\t0\ta\t(0\n#end document\n");
    expect(&corefer(&["eval", path(&unbalanced), path(&unbalanced)], b""), 2, "open.conll:2: document d:");
    expect(
        &corefer(&["eval", "--lenient", path(&unbalanced), path(&unbalanced)], b""),
        0,
        "open.conll:2: document d: `(0` opened on line 2 is never closed (document ends on line 3); mention skipped",
    );
}

#[test]
fn threads_are_capped_with_a_warning() {
    let out = corefer(
        &["clusters", "--model", "baseline", "--threads", "3000"],
        b"Ann met Bob. She smiled at him.",
    );
    expect(&out, 0, "warning: --threads 3000 is more than 4 per core");
    assert!(text(&out.stdout).starts_with("{\"id\":\"stdin\""));
    let jsonl = "{\"text\":\"Ann met Bob. She smiled at him.\"}\n".repeat(4);
    let out =
        corefer(&["clusters", "--model", "baseline", "--jsonl", "--threads", "10000"], jsonl.as_bytes());
    expect(&out, 0, "using");
    assert_eq!(text(&out.stdout).lines().count(), 4);
}

/// `/dev/full` opened for writing, where the system has it.
fn dev_full() -> Option<File> {
    File::options().write(true).open("/dev/full").ok()
}

#[test]
fn a_full_stdout_is_an_error_not_a_panic() {
    let Some(full) = dev_full() else { return };
    let key = file(
        "full",
        "k.conll",
        b"#begin document (d)\nd\t0\t0\tAnn\tNNP\t(0)\nd\t0\t1\tleft\tVBD\t-\n#end document\n",
    );
    let cases: [&[&str]; 4] = [
        &["eval", path(&key), path(&key)],
        &["clusters", "--model", "baseline"],
        &["resolve", "--model", "baseline"],
        &["predict", "--model", "baseline", "--conll", path(&key)],
    ];
    for args in cases {
        let mut command = command(args);
        command.stdout(full.try_clone().expect("dup /dev/full"));
        let out = command.stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().and_then(|mut child| {
            let _ = child.stdin.take().expect("piped").write_all(b"Ann left. She ran.");
            child.wait_with_output()
        });
        let out = out.expect("corefer runs");
        expect(&out, 2, "No space left on device");
    }
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let key = file(
        "closed",
        "k.conll",
        b"#begin document (d)\nd\t0\t0\tAnn\tNNP\t(0)\nd\t0\t1\tleft\tVBD\t-\n#end document\n",
    );
    let mut child = command(&["eval", "--per-doc", path(&key), path(&key)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("corefer starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("corefer finishes");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn an_unwritable_stderr_keeps_the_exit_status() {
    let Some(full) = dev_full() else { return };
    for (args, code) in
        [(&["clusters", "/no/such/file.txt"][..], 2), (&["clusters", "--no-such-flag"], 2), (&["--help"], 0)]
    {
        let mut command = command(args);
        command.stderr(full.try_clone().expect("dup /dev/full")).stdout(Stdio::null());
        let status = command.status().expect("corefer runs");
        assert_eq!(status.code(), Some(code), "{args:?}");
    }
    let mut command = command(&["--help"]);
    command.stdout(full.try_clone().expect("dup /dev/full"));
    assert_eq!(command.status().expect("corefer runs").code(), Some(2), "help that cannot be written");
}

#[test]
fn several_documents_resolve_under_a_header_each() {
    let a = file("headers", "a.txt", b"Ann left. She ran.");
    let b = file("headers", "b.txt", b"Bob sang.\n");
    let out = corefer(&["resolve", "--model", "baseline", path(&a), path(&b)], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let expected = format!("==> {} <==\nAnn left. Ann ran.\n==> {} <==\nBob sang.\n", path(&a), path(&b));
    assert_eq!(text(&out.stdout), expected);
    let one = corefer(&["resolve", "--model", "baseline", path(&a)], b"");
    assert_eq!(text(&one.stdout), "Ann left. Ann ran.", "one document: its text exactly");
}

#[test]
fn a_model_config_with_a_negative_layer_norm_eps_is_refused() {
    let config = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/random-tiny/config.json"),
    )
    .expect("the random-tiny model's config");
    let mut config: serde_json::Value = serde_json::from_str(&config).expect("JSON");
    config["encoder"]["layer_norm_eps"] = (-1.0).into();
    let dir = file("eps", "config.json", config.to_string().as_bytes());
    let dir = dir.parent().expect("a directory");
    let out = corefer(&["clusters", "--model", path(dir)], b"Ann left.");
    expect(&out, 2, "bad config: encoder.layer_norm_eps must be a positive number");
}
