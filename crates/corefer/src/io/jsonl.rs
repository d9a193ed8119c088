//! JSONL reader: one document per line, raw (`{"id", "text"}`, tokenized here) or pre-tokenised
//! (`{"id", "sentences": [["word", …], …]}`, optionally with `"speakers": ["name" or null, …]`, one per
//! sentence).
//!
//! Design decision: each line is decoded and turned into a [`Document`] on its own, when the reader
//! ([`Documents`], an iterator over the file's text) reaches it, and yields its own `Result`; one bad line
//! is reported with its line number while the other documents still go through, and a caller holds only
//! the documents it has not finished with, never the whole file's.

use serde::Deserialize;

use crate::doc::Document;
use crate::io::source::ParseError;
use crate::tokenize::tokenize;

/// One input line; exactly one of `text` and `sentences` must be given, and `speakers` only with
/// `sentences`. Other fields are ignored.
#[derive(Deserialize)]
struct Record {
    id: Option<String>,
    text: Option<String>,
    sentences: Option<Vec<Vec<String>>>,
    speakers: Option<Vec<Option<String>>>,
}

/// The documents of one JSONL text, one per non-blank line, each built when the iteration reaches it; a
/// missing `id` becomes `SOURCE:LINE`.
#[derive(Debug)]
pub struct Documents {
    source_name: String,
    text: String,
    /// Byte offset of the next line.
    next: usize,
    /// Number of the line before `next` (lines count from 1).
    line: usize,
}

impl Documents {
    pub fn new(source_name: impl Into<String>, text: String) -> Self {
        Documents { source_name: source_name.into(), text, next: 0, line: 0 }
    }
}

impl Iterator for Documents {
    type Item = Result<Document, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.next < self.text.len() {
            let rest = &self.text[self.next..];
            let (line, len) = match rest.find('\n') {
                Some(end) => (rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]), end + 1),
                None => (rest, rest.len()),
            };
            self.next += len;
            self.line += 1;
            if !line.trim().is_empty() {
                return Some(read_line(&self.source_name, self.line, line));
            }
        }
        None
    }
}

fn read_line(source_name: &str, line: usize, json: &str) -> Result<Document, ParseError> {
    let error = |message: String| ParseError::new(source_name, line, message);
    let record: Record = serde_json::from_str(json)
        .map_err(|e| error(format!("expected a JSON object with \"text\" or \"sentences\": {e}")))?;
    let id = record.id.unwrap_or_else(|| format!("{source_name}:{line}"));
    let doc = match (record.text, record.sentences) {
        (Some(_), None) if record.speakers.is_some() => {
            return Err(error("\"speakers\" needs pre-tokenised \"sentences\", not \"text\"".to_string()))
        }
        (Some(text), None) => tokenize(id, text),
        (None, Some(sentences)) => {
            if let Some(i) = sentences.iter().position(Vec::is_empty) {
                return Err(error(format!("sentence {i} has no words")));
            }
            if let Some(word) =
                sentences.iter().flatten().find(|w| w.is_empty() || w.contains(char::is_whitespace))
            {
                return Err(error(format!("word {word:?} is empty or contains whitespace")));
            }
            let speakers = match record.speakers {
                Some(speakers) if speakers.len() != sentences.len() => {
                    return Err(error(format!(
                        "\"speakers\" has {} entries for {} sentences (one name or null per sentence)",
                        speakers.len(),
                        sentences.len()
                    )))
                }
                Some(speakers) => speakers,
                None => vec![None; sentences.len()],
            };
            let sentences: Vec<_> = sentences.into_iter().zip(speakers).collect();
            Document::from_sentences(id, &sentences)
        }
        _ => return Err(error("expected exactly one of \"text\" and \"sentences\"".to_string())),
    };
    doc.map_err(|e| error(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_raw_and_pretokenised_lines() {
        let input = "{\"id\":\"a\",\"text\":\"Kim left. She ran.\"}\n\n{\"sentences\":[[\"Hi\",\"there\"],[\"Bye\"]]}\n";
        let docs: Vec<_> = Documents::new("in.jsonl", input.into()).map(Result::unwrap).collect();
        assert_eq!((docs[0].id.as_str(), docs[0].words().len(), docs[0].sentences().len()), ("a", 6, 2));
        assert_eq!((docs[1].id.as_str(), docs[1].text()), ("in.jsonl:3", "Hi there\nBye"));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "(\\{(\"id\":\"[a-z]\",)?(\"text\":\".{0,12}\"|\"sentences\":\\[(\\[(\"[a-z ]{0,3}\",?){0,3}\\],?){0,3}\\])\\}\n?){0,4}") {
            for doc in Documents::new("p", text.clone()).flatten() {
                proptest::prop_assert!(doc.words().iter().all(|w| w.bytes.slice(doc.text()).is_some()));
            }
        }
    }

    #[test]
    fn speakers_name_one_sentence_each() {
        let input = "{\"sentences\":[[\"Hi\"],[\"Yes\"],[\"Bye\"]],\"speakers\":[\"Kim\",null,\"Lee\"]}\n\
            {\"sentences\":[[\"Hi\"]],\"speakers\":[\"A\",\"B\"]}\n\
            {\"text\":\"Hi.\",\"speakers\":[\"A\"]}\n";
        let docs: Vec<_> = Documents::new("in.jsonl", input.into()).collect();
        let speakers: Vec<Option<&str>> =
            docs[0].as_ref().unwrap().sentences().iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(speakers, [Some("Kim"), None, Some("Lee")]);
        assert_eq!(
            docs[1].as_ref().unwrap_err().to_string(),
            "in.jsonl:2: \"speakers\" has 2 entries for 1 sentences (one name or null per sentence)"
        );
        assert_eq!(
            docs[2].as_ref().unwrap_err().to_string(),
            "in.jsonl:3: \"speakers\" needs pre-tokenised \"sentences\", not \"text\""
        );
    }

    #[test]
    fn bad_lines_are_named_and_skipped() {
        let input = "{\"text\": 3}\r\n{\"id\":\"x\"}\n{\"sentences\":[[\"a b\"]]}\n{\"text\":\"ok\"}";
        let docs: Vec<_> = Documents::new("in.jsonl", input.into()).collect();
        let errors: Vec<String> = docs[..3].iter().map(|d| d.as_ref().unwrap_err().to_string()).collect();
        assert!(errors[0].starts_with("in.jsonl:1: expected a JSON object"), "{}", errors[0]);
        assert_eq!(errors[1], "in.jsonl:2: expected exactly one of \"text\" and \"sentences\"");
        assert_eq!(errors[2], "in.jsonl:3: word \"a b\" is empty or contains whitespace");
        assert_eq!(docs[3].as_ref().unwrap().text(), "ok");
    }
}
