//! The service over real loopback HTTP, in-process: every status code it answers with, the exact bodies,
//! and that every answer is one the OpenAPI document declares for its route.
//!
//! A model that sleeps stands in for a slow document where a test needs requests to overlap (503,
//! timeout, draining), so those tests depend on ordering by hundreds of milliseconds, not on machine speed.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::thread::JoinHandle;
use std::time::Duration;

use corefer::records::{DocumentRecord, Fields};
use corefer::rewrite::Options;
use corefer::{CorefModel, Document, ModelError, Prediction, PronounGuard, Resolver, Threads, WordSpan};
use corefer_serve::{Limits, ModelInfo, Service};
use serde_json::{json, Value};

/// Links the first and last word after sleeping `delay`.
struct Slow {
    delay: Duration,
}

impl CorefModel for Slow {
    fn name(&self) -> &str {
        "slow"
    }

    fn predict(&self, doc: &Document, _: Threads, _: PronounGuard) -> Result<Prediction, ModelError> {
        std::thread::sleep(self.delay);
        let n = doc.words().len();
        let clusters = if n >= 2 {
            vec![vec![WordSpan::new(0, 1).unwrap(), WordSpan::new(n - 1, n).unwrap()]]
        } else {
            vec![]
        };
        Ok(clusters.into())
    }
}

fn limits() -> Limits {
    Limits {
        workers: 2,
        queue: 4,
        max_body_bytes: 4096,
        max_words: 50,
        max_batch_documents: 3,
        timeout: Duration::from_secs(30),
        retry_after_s: 1,
    }
}

struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl Server {
    fn start(resolver: Resolver, limits: Limits) -> Server {
        let info = ModelInfo::new(resolver.model_name(), None);
        let service = Service::new(resolver, limits, info);
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime =
                tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
                addr_tx.send(listener.local_addr()?).unwrap();
                corefer_serve::serve(listener, service, async move {
                    let _ = stopped.await;
                })
                .await
            })
        });
        let addr = addr_rx.recv_timeout(Duration::from_secs(10)).expect("the server starts");
        Server { addr, stop: Some(stop), thread: Some(thread) }
    }

    fn baseline() -> Server {
        Server::start(
            Resolver::builder().model("baseline").pronoun_guard(PronounGuard::FOR_REWRITING).build().unwrap(),
            limits(),
        )
    }

    fn slow(delay_ms: u64, limits: Limits) -> Server {
        Server::start(Resolver::with_model(Box::new(Slow { delay: Duration::from_millis(delay_ms) })), limits)
    }

    /// Stops accepting, waits for the requests in flight, and returns how serving ended.
    fn shut_down(&mut self) -> std::io::Result<()> {
        let _ = self.stop.take().unwrap().send(());
        self.thread.take().unwrap().join().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request on a fresh connection; also checks that the OpenAPI document declares the answer.
fn call(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    let _ = stream.write_all(body); // a server that refuses early may close before reading it all
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads the reply");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete head");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_string(), v.trim().to_string())
        })
        .collect();
    let reply = Reply { status, headers, body: raw[split + 4..].to_vec() };
    assert!(
        documented(method, path, reply.status),
        "{method} {path} answered {status}, which openapi.json does not declare"
    );
    reply
}

fn post(addr: SocketAddr, path: &str, body: Value) -> Reply {
    call(addr, "POST", path, body.to_string().as_bytes())
}

/// Whether openapi.json declares `status` for `method path` (unknown routes: 404 and 405 only).
fn documented(method: &str, path: &str, status: u16) -> bool {
    let doc: Value = serde_json::from_str(corefer_serve::OPENAPI).unwrap();
    match doc["paths"].get(path) {
        Some(item) => {
            item.get(method.to_lowercase())
                .is_some_and(|op| op["responses"].get(status.to_string()).is_some())
                || (status == 405 && item.get(method.to_lowercase()).is_none())
        }
        None => status == 404,
    }
}

const TEXT: &str = "Ann Lee met Bob. She smiled at him. Ann Lee left.";

#[test]
fn resolve_answers_the_same_record_as_the_library_serializer() {
    let server = Server::baseline();
    let reply = post(server.addr, "/v1/resolve", json!({"id": "d1", "text": TEXT}));
    assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.body));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let resolver =
        Resolver::builder().model("baseline").pronoun_guard(PronounGuard::FOR_REWRITING).build().unwrap();
    let doc = resolver.resolve_text("d1", TEXT).unwrap();
    let expected = serde_json::to_vec(&DocumentRecord::new(&doc, &Options::default(), Fields::ALL)).unwrap();
    assert_eq!(String::from_utf8(reply.body).unwrap(), String::from_utf8(expected).unwrap());
}

#[test]
fn options_choose_fields_and_rewriting() {
    let server = Server::baseline();
    let reply = post(
        server.addr,
        "/v1/resolve",
        json!({"text": TEXT, "options": {"fields": ["id", "text"], "replace": "all", "names": "representative",
               "possessive_style": "apostrophe", "min_pronoun_probability": 0}}),
    );
    assert_eq!(reply.status, 200);
    let body = reply.json();
    assert_eq!(body.as_object().unwrap().keys().collect::<Vec<_>>(), ["id", "text"]);
    assert_eq!(body["id"], "");
    // "him" keeps its form: the baseline links it to Ann Lee, whose first name the agreement check knows.
    assert_eq!(body["text"], "Ann Lee met Bob. Bob smiled at him. Ann Lee left.");
}

#[test]
fn batch_answers_one_record_per_document_in_order() {
    let server = Server::baseline();
    let reply = post(
        server.addr,
        "/v1/resolve/batch",
        json!({"documents": [{"text": TEXT}, {"id": "x", "text": "Kim ran. He fell."}], "options": {"fields": ["clusters"]}}),
    );
    assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.body));
    let docs = reply.json()["documents"].as_array().unwrap().clone();
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["0", "x"]);
    assert_eq!(
        docs[1]["clusters"][0][1],
        json!({"start": 9, "end": 11, "start_byte": 9, "end_byte": 11, "text": "He"})
    );
}

#[test]
fn invalid_json_is_400_with_the_position_of_the_error() {
    let server = Server::baseline();
    let reply = call(server.addr, "POST", "/v1/resolve", b"{\"text\": \"Ann left.\",\n \"id\": }");
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.json(),
        json!({"error": "invalid request body: expected value at line 2 column 8", "line": 2, "column": 8})
    );
    let unknown = post(server.addr, "/v1/resolve", json!({"txt": "Ann left."}));
    assert_eq!(unknown.status, 400);
    assert!(unknown.json()["error"]
        .as_str()
        .unwrap()
        .starts_with("invalid request body: unknown field `txt`"));
    let bad_option = post(
        server.addr,
        "/v1/resolve/batch",
        json!({"documents": [], "options": {"min_pronoun_probability": 2}}),
    );
    assert_eq!(bad_option.status, 400);
    assert!(
        bad_option.json()["error"].as_str().unwrap().contains("must lie in [0, 1]"),
        "{:?}",
        bad_option.json()
    );
}

#[test]
fn a_body_over_the_limit_is_413() {
    let server = Server::baseline();
    let text = "word ".repeat(1000); // 5,000 bytes against a limit of 4,096
    let reply = post(server.addr, "/v1/resolve", json!({ "text": text }));
    assert_eq!(reply.status, 413);
    assert_eq!(
        reply.json(),
        json!({"error": "request body is larger than this server's limit of 4096 bytes"})
    );
}

#[test]
fn too_many_words_or_documents_is_422_naming_the_limit() {
    let server = Server::baseline();
    let long = "word ".repeat(51);
    let reply = post(server.addr, "/v1/resolve", json!({ "text": long }));
    assert_eq!(reply.status, 422);
    assert_eq!(
        reply.json(),
        json!({"error": "the document has 51 words, more than this server's limit of 50 words per document"})
    );
    let batch =
        post(server.addr, "/v1/resolve/batch", json!({"documents": [{"text": "Hi."}, {"text": long}]}));
    assert_eq!(batch.status, 422);
    assert_eq!(
        batch.json(),
        json!({"error": "documents[1] has 51 words, more than this server's limit of 50 words per document"})
    );
    let many = post(
        server.addr,
        "/v1/resolve/batch",
        json!({"documents": [{"text": "a"}, {"text": "b"}, {"text": "c"}, {"text": "d"}]}),
    );
    assert_eq!(many.status, 422);
    assert_eq!(
        many.json(),
        json!({"error": "4 documents, more than this server's limit of 3 documents per batch request"})
    );
}

#[test]
fn a_full_server_answers_503_with_retry_after_and_recovers() {
    let server = Server::slow(800, Limits { workers: 1, queue: 1, ..limits() });
    let addr = server.addr;
    let first: Vec<_> = (0..2)
        .map(|i| {
            std::thread::spawn(move || post(addr, "/v1/resolve", json!({"text": format!("Ann left {i}.")})))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300)); // both admitted: one running, one waiting
    let refused = post(addr, "/v1/resolve", json!({"text": "Kim ran."}));
    assert_eq!(refused.status, 503);
    assert_eq!(refused.header("retry-after"), Some("1"));
    assert_eq!(
        refused.json(),
        json!({"error": "the server is at capacity (every worker busy and the queue full); retry later"})
    );
    for request in first {
        assert_eq!(request.join().unwrap().status, 200);
    }
    assert_eq!(post(addr, "/v1/resolve", json!({"text": "Kim ran."})).status, 200);
}

#[test]
fn a_request_over_the_timeout_is_504() {
    let server = Server::slow(1000, Limits { timeout: Duration::from_millis(200), ..limits() });
    let reply = post(server.addr, "/v1/resolve", json!({"text": "Ann left."}));
    assert_eq!(reply.status, 504);
    assert_eq!(reply.json(), json!({"error": "the request took longer than this server's limit of 0.200 s"}));
}

#[test]
fn shutting_down_answers_the_requests_in_flight_then_refuses_connections() {
    let mut server = Server::slow(700, limits());
    let addr = server.addr;
    let in_flight =
        std::thread::spawn(move || post(addr, "/v1/resolve", json!({"id": "late", "text": "Ann met Bob."})));
    std::thread::sleep(Duration::from_millis(200));
    server.shut_down().expect("serving ends cleanly");
    let reply = in_flight.join().unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["clusters"][0][1]["text"], ".");
    assert!(TcpStream::connect(addr).is_err(), "the listener is closed once drained");
}

#[test]
fn health_model_openapi_and_unknown_routes() {
    let server = Server::baseline();
    let health = call(server.addr, "GET", "/healthz", b"");
    assert_eq!((health.status, health.json()), (200, json!({"status": "ok"})));
    let model = call(server.addr, "GET", "/v1/model", b"");
    assert_eq!(model.status, 200);
    assert_eq!(
        model.json(),
        json!({"name": "baseline", "version": null, "corefer_version": env!("CARGO_PKG_VERSION"), "scored_with": null, "scores": null})
    );
    let openapi = call(server.addr, "GET", "/openapi.json", b"");
    assert_eq!(openapi.status, 200);
    assert_eq!(openapi.json(), serde_json::from_str::<Value>(corefer_serve::OPENAPI).unwrap());
    let missing = call(server.addr, "GET", "/v2/resolve", b"");
    assert_eq!((missing.status, missing.json()), (404, json!({"error": "no route GET /v2/resolve"})));
    let wrong = call(server.addr, "GET", "/v1/resolve", b"");
    assert_eq!((wrong.status, wrong.json()), (405, json!({"error": "/v1/resolve does not accept GET"})));
}

/// The property names of `schema` in openapi.json.
fn properties(schema: &str) -> Vec<String> {
    let doc: Value = serde_json::from_str(corefer_serve::OPENAPI).unwrap();
    let mut names: Vec<String> =
        doc["components"]["schemas"][schema]["properties"].as_object().unwrap().keys().cloned().collect();
    names.sort();
    names
}

fn keys(value: &Value) -> Vec<String> {
    let mut names: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    names.sort();
    names
}

#[test]
fn openapi_describes_exactly_the_routes_and_the_fields_served() {
    let doc: Value = serde_json::from_str(corefer_serve::OPENAPI).unwrap();
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    let mut declared: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().unwrap().keys().map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    declared.sort();
    let mut routes: Vec<(String, String)> =
        corefer_serve::ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    routes.sort();
    assert_eq!(declared, routes);

    // Every route answers (no 404 or 405), and the bodies have exactly the documented fields.
    let server = Server::start(Resolver::with_model(Box::new(Slow { delay: Duration::ZERO })), limits());
    for (method, path) in corefer_serve::ROUTES {
        let body = if path.ends_with("batch") { json!({"documents": []}) } else { json!({"text": "x"}) };
        let reply = call(server.addr, method, path, body.to_string().as_bytes());
        assert_eq!(reply.status, 200, "{method} {path}");
    }
    let record = post(server.addr, "/v1/resolve", json!({"text": "Sam left and Kim saw him"})).json();
    assert_eq!(keys(&record), ["clusters", "edits", "id", "representatives", "text"]);
    assert!(keys(&record).iter().all(|k| properties("DocumentRecord").contains(k)));
    assert_eq!(keys(&record["clusters"][0][0]), properties("Mention"));
    assert_eq!(keys(&record["edits"][0]), properties("Edit"));
    assert_eq!(keys(&record["representatives"][0]), properties("Representative"));
    let model = call(server.addr, "GET", "/v1/model", b"").json();
    assert_eq!(keys(&model), properties("ModelInfo"));
    let options = serde_json::to_value(corefer_serve::RequestOptions::example()).unwrap();
    assert_eq!(keys(&options), properties("Options"));
    let request = serde_json::to_value(corefer_serve::ResolveRequest {
        text: "x".into(),
        id: Some("i".into()),
        options: corefer_serve::RequestOptions::example(),
    })
    .unwrap();
    assert_eq!(keys(&request), properties("ResolveRequest"));
}
