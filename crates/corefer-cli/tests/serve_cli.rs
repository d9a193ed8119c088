//! `corefer serve` as a process: it loads the model named by the flags, reports the embedded model's
//! card, and on SIGTERM answers the request in flight before exiting 0.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Starts `corefer serve` on a free port; returns the child, its address and its stderr lines.
fn serve(args: &[&str]) -> (Child, SocketAddr, std::sync::mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corefer"))
        .args([&["serve", "--addr", "127.0.0.1:0"][..], args].concat())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || {
        for line in stderr.lines() {
            let _ = tx.send(line.unwrap());
        }
    });
    let first = rx.recv_timeout(Duration::from_secs(60)).expect("the server says where it listens");
    let addr = first.split("http://").nth(1).and_then(|rest| rest.split(' ').next()).expect(&first);
    (child, addr.parse().unwrap(), rx)
}

/// One request; the status and the body.
fn call(addr: SocketAddr, method: &str, path: &str, body: &str) -> (u16, serde_json::Value) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: t\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, serde_json::from_str(body).unwrap())
}

#[test]
fn sigterm_answers_the_request_in_flight_then_exits_0() {
    let (mut child, addr, stderr) = serve(&["--model", "default", "--threads", "1"]);
    let (status, model) = call(addr, "GET", "/v1/model", "");
    assert_eq!(status, 200);
    let name = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/DEFAULT")).unwrap();
    assert_eq!(model["name"], name.trim());
    assert!(model["scores"][0]["conll_f1"].as_f64().is_some(), "{model}");

    // A document long enough to be still in flight when the signal comes.
    let sentence = "The mayor said that she would ask the council to approve her plan for the harbor. ";
    let body =
        serde_json::json!({"id": "long", "text": sentence.repeat(150), "options": {"fields": ["clusters"]}});
    let request = std::thread::spawn(move || call(addr, "POST", "/v1/resolve", &body.to_string()));
    std::thread::sleep(Duration::from_millis(300));
    let term = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(term.success());
    let (status, record) = request.join().unwrap();
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["id"], "long");
    assert!(!record["clusters"].as_array().unwrap().is_empty());
    let exit = child.wait().unwrap();
    assert_eq!(exit.code(), Some(0));
    let said: Vec<String> = stderr.iter().collect();
    assert_eq!(
        said,
        ["corefer serve: shutting down; finishing the requests in flight", "corefer serve: stopped"]
    );
    assert!(TcpStream::connect(addr).is_err());
}

#[test]
fn an_address_in_use_exits_2() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_corefer"))
        .args(["serve", "--model", "baseline", "--addr", &addr])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("error: serving on {addr}: ")), "{stderr}");
}
