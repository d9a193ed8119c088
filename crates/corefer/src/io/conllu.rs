//! CoNLL-U reader with CorefUD coreference (`Entity=` in MISC), as in GUM and OntoGUM.
//!
//! Design decision: reading has two layers. [`parse`] splits the file at `# newdoc` and turns each
//! document into a faithful [`ConlluDocument`] (sentences, `# text`, paragraphs, speakers, multiword
//! tokens, raw `Entity=` values); a malformed document is an `Err` in its own slot, so the others still
//! load. [`ConlluDocument::to_document`] then lays out a text from the tokens (spaces as `SpaceAfter`
//! says, sentences on their own lines, paragraphs separated by a blank line) and resolves the entity
//! brackets into gold clusters. Words (not multiword surface tokens) are the unit, as in UD and CoNLL-2012.

use std::collections::HashMap;

use crate::doc::Document;
use crate::io::source::ParseError;
use crate::span::{ByteSpan, WordSpan};

/// One word row of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConlluWord {
    /// The word's FORM (column 2).
    pub form: String,
    /// The raw value of `Entity=` in MISC, if any.
    pub entity: Option<String>,
    /// 1-based line in the source.
    pub line: usize,
}

/// A surface token: one word, or a multiword token (`1-2 can't`) and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConlluToken {
    /// The token as written: the FORM of the multiword token row, or of the word itself.
    pub surface: String,
    /// The words the token consists of (one, except for a multiword token).
    pub words: Vec<ConlluWord>,
    /// Whether a space follows the token (false when its row's MISC has `SpaceAfter=No`).
    pub space_after: bool,
}

/// One sentence with the comments that matter here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConlluSentence {
    /// 1-based line in the source where the sentence starts (its first comment or row).
    pub line: usize,
    /// `# text = …`
    pub text: Option<String>,
    /// A `# newpar` comment precedes the sentence.
    pub new_paragraph: bool,
    /// `# speaker = …`
    pub speaker: Option<String>,
    /// The surface tokens in order (empty nodes such as `8.1` are left out).
    pub tokens: Vec<ConlluToken>,
}

impl ConlluSentence {
    /// The sentence's words in order, multiword tokens expanded into their words.
    pub fn words(&self) -> impl Iterator<Item = &ConlluWord> {
        self.tokens.iter().flat_map(|t| &t.words)
    }
}

/// One document of a CoNLL-U file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConlluDocument {
    /// The `# newdoc id = …` value; `SOURCE#N` for a `# newdoc` without an id (N counting documents from
    /// 0), the source name for a file without `# newdoc`.
    pub id: String,
    /// The name of the source the document was read from, as given to [`parse`], for messages.
    pub source_name: String,
    /// The sentences in order.
    pub sentences: Vec<ConlluSentence>,
}

/// Parses a CoNLL-U file into documents (split at `# newdoc`); each is parsed on its own.
///
/// A file without `# newdoc` is one document named after the source.
pub fn parse(source_name: &str, text: &str) -> Vec<Result<ConlluDocument, ParseError>> {
    let mut chunks: Vec<(String, usize, Vec<&str>)> = Vec::new();
    for (index, line) in crate::io::source::strip_bom(text).lines().enumerate() {
        if let Some(rest) = line.strip_prefix("# newdoc") {
            let id = rest.trim().strip_prefix("id").map(|r| r.trim().trim_start_matches('=').trim());
            let id = id
                .filter(|id| !id.is_empty())
                .map_or_else(|| format!("{source_name}#{}", chunks.len()), str::to_string);
            chunks.push((id, index + 1, Vec::new()));
        } else if chunks.is_empty() {
            if line.trim().is_empty() {
                continue;
            }
            chunks.push((source_name.to_string(), index + 1, Vec::new()));
        }
        if let Some((_, _, lines)) = chunks.last_mut() {
            lines.push(line);
        }
    }
    chunks.into_iter().map(|(id, first, lines)| parse_document(source_name, id, first, &lines)).collect()
}

/// Parses and converts in one go: one `Document` with gold clusters per document of the file.
pub fn read_documents(source_name: &str, text: &str, lenient: bool) -> Vec<Result<Document, ParseError>> {
    parse(source_name, text).into_iter().map(|doc| doc.and_then(|d| d.to_document(lenient))).collect()
}

fn parse_document(
    source: &str,
    id: String,
    first_line: usize,
    lines: &[&str],
) -> Result<ConlluDocument, ParseError> {
    let mut sentences = Vec::new();
    let mut current = SentenceBuilder::default();
    for (offset, line) in lines.iter().enumerate() {
        let number = first_line + offset;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            sentences.extend(current.finish(source, number)?);
            current = SentenceBuilder::default();
        } else if let Some(comment) = line.strip_prefix('#') {
            current.comment(comment.trim(), number);
        } else {
            current.row(source, number, line)?;
        }
    }
    sentences.extend(current.finish(source, first_line + lines.len())?);
    Ok(ConlluDocument { id, source_name: source.to_string(), sentences })
}

/// Collects the lines of one sentence.
#[derive(Default)]
struct SentenceBuilder {
    first_line: Option<usize>,
    text: Option<String>,
    new_paragraph: bool,
    speaker: Option<String>,
    tokens: Vec<ConlluToken>,
    /// Words still owed to the last multiword token.
    pending_words: usize,
    next_id: usize,
}

impl SentenceBuilder {
    fn comment(&mut self, comment: &str, line: usize) {
        self.first_line.get_or_insert(line);
        let (key, value) = comment.split_once('=').map_or((comment, ""), |(k, v)| (k.trim(), v.trim()));
        match key {
            "text" => self.text = Some(value.to_string()),
            "speaker" => self.speaker = Some(value.to_string()),
            key if key == "newpar" || key.starts_with("newpar ") => self.new_paragraph = true,
            _ => {}
        }
    }

    fn row(&mut self, source: &str, line: usize, row: &str) -> Result<(), ParseError> {
        self.first_line.get_or_insert(line);
        let error = |message: String| ParseError::new(source, line, message);
        let fields: Vec<&str> = row.split('\t').collect();
        if fields.len() != 10 {
            return Err(error(format!("expected 10 tab-separated fields, found {}", fields.len())));
        }
        let (id, form, misc) = (fields[0], fields[1], fields[9]);
        if id.contains('.') {
            return Ok(()); // empty node of enhanced dependencies: not a word
        }
        if form.is_empty() {
            return Err(error(format!("word {id} has an empty FORM")));
        }
        let number =
            |s: &str| s.parse::<usize>().map_err(|_| error(format!("expected a word ID, found {id:?}")));
        let space_after = !misc.split('|').any(|item| item == "SpaceAfter=No");
        if let Some((first, last)) = id.split_once('-') {
            let (first, last) = (number(first)?, number(last)?);
            if first != self.next_id + 1 || last <= first || self.pending_words > 0 {
                return Err(error(format!(
                    "multiword token {id} does not start at word {}",
                    self.next_id + 1
                )));
            }
            self.tokens.push(ConlluToken { surface: form.to_string(), words: Vec::new(), space_after });
            self.pending_words = last - first + 1;
            return Ok(());
        }
        if number(id)? != self.next_id + 1 {
            return Err(error(format!("expected word ID {}, found {id}", self.next_id + 1)));
        }
        self.next_id += 1;
        let entity = misc.split('|').find_map(|item| item.strip_prefix("Entity=")).map(str::to_string);
        let word = ConlluWord { form: form.to_string(), entity, line };
        match self.tokens.last_mut() {
            // Words are owed only right after a multiword token was pushed.
            Some(token) if self.pending_words > 0 => {
                self.pending_words -= 1;
                token.words.push(word);
            }
            _ => self.tokens.push(ConlluToken { surface: form.to_string(), words: vec![word], space_after }),
        }
        Ok(())
    }

    fn finish(self, source: &str, line: usize) -> Result<Option<ConlluSentence>, ParseError> {
        if self.pending_words > 0 {
            return Err(ParseError::new(
                source,
                line,
                format!("multiword token lacks {} words", self.pending_words),
            ));
        }
        let Some(first_line) = self.first_line else { return Ok(None) };
        if self.tokens.is_empty() {
            // Comments only, such as the document header: carry nothing into the sentence list.
            return Ok(None);
        }
        let SentenceBuilder { text, new_paragraph, speaker, tokens, .. } = self;
        Ok(Some(ConlluSentence { line: first_line, text, new_paragraph, speaker, tokens }))
    }
}

impl ConlluDocument {
    /// Lays out the document's text and words, and resolves `Entity=` brackets into gold clusters
    /// (singletons included). `lenient` skips brackets that close nothing or never close.
    pub fn to_document(&self, lenient: bool) -> Result<Document, ParseError> {
        let mut text = String::new();
        let mut spans = Vec::new();
        let mut sentences = Vec::new();
        for (index, sentence) in self.sentences.iter().enumerate() {
            if index > 0 {
                text.push_str(if sentence.new_paragraph { "\n\n" } else { "\n" });
            }
            for (t, token) in sentence.tokens.iter().enumerate() {
                lay_out_token(token, &mut text, &mut spans);
                if token.space_after && t + 1 < sentence.tokens.len() {
                    text.push(' ');
                }
            }
            sentences.push((sentence.words().count(), sentence.speaker.clone()));
        }
        let clusters = self.gold_clusters(lenient)?;
        let line = self.sentences.first().map_or(0, |s| s.line);
        let error = |e: crate::doc::DocError| ParseError::new(&self.source_name, line, e.to_string());
        let mut doc = Document::new(self.id.clone(), text, &spans, sentences).map_err(error)?;
        doc.set_clusters(clusters).map_err(error)?;
        Ok(doc)
    }

    /// Gold clusters as word spans, one per entity in order of first mention.
    pub fn gold_clusters(&self, lenient: bool) -> Result<Vec<Vec<WordSpan>>, ParseError> {
        let mut order: Vec<String> = Vec::new();
        let mut mentions: HashMap<String, Vec<WordSpan>> = HashMap::new();
        let mut open: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let words = self.sentences.iter().flat_map(ConlluSentence::words);
        for (index, word) in words.enumerate() {
            let Some(value) = &word.entity else { continue };
            let error = |message: String| ParseError::new(&self.source_name, word.line, message);
            for bracket in parse_brackets(value).map_err(|m| error(format!("bad Entity={value:?}: {m}")))? {
                let (id, span) = match bracket {
                    Bracket::Open(id) => {
                        open.entry(id.to_string()).or_default().push((index, word.line));
                        continue;
                    }
                    Bracket::Single(id) => (id, WordSpan::at(index, 1)),
                    // `start` is this word or an earlier one: openings are pushed as their word is read.
                    Bracket::Close(id) => match open.get_mut(id).and_then(Vec::pop) {
                        Some((start, _)) => (id, WordSpan::at(start, index + 1 - start)),
                        None if lenient => continue,
                        None => return Err(error(format!("entity {id} closes here but was never opened"))),
                    },
                };
                if !mentions.contains_key(id) {
                    order.push(id.to_string());
                }
                mentions.entry(id.to_string()).or_default().push(span);
            }
        }
        if let Some((id, &(_, line))) = open.iter().find_map(|(id, v)| v.first().map(|o| (id, o))) {
            if !lenient {
                let message = format!("entity {id} opened here is never closed in document {}", self.id);
                return Err(ParseError::new(&self.source_name, line, message));
            }
        }
        Ok(order.into_iter().map(|id| mentions.remove(&id).unwrap_or_default()).collect())
    }
}

/// Appends a token's words to `text`: inside its surface form when the words spell it, else one by one.
fn lay_out_token(token: &ConlluToken, text: &mut String, spans: &mut Vec<ByteSpan>) {
    let spelled: String = token.words.iter().map(|w| w.form.as_str()).collect();
    let separator = if spelled == token.surface { "" } else { " " };
    for (i, word) in token.words.iter().enumerate() {
        if i > 0 {
            text.push_str(separator);
        }
        spans.push(ByteSpan::at(text.len(), word.form.len()));
        text.push_str(&word.form);
    }
}

/// One item of an `Entity=` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bracket<'a> {
    /// `(id-…` a mention starts here
    Open(&'a str),
    /// `(id-…)` a one-word mention
    Single(&'a str),
    /// `id)` the innermost open mention of `id` ends here
    Close(&'a str),
}

/// Splits an `Entity=` value such as `(7-abstract-new(3)5)4)` into brackets. The entity id is the text
/// before the first `-` of an opening payload (`3` in `(3-person-new-…`), or the whole closing item.
fn parse_brackets(value: &str) -> Result<Vec<Bracket<'_>>, String> {
    let mut brackets = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        if let Some(body) = rest.strip_prefix('(') {
            let end = body.find(['(', ')']).unwrap_or(body.len());
            let id = body[..end].split('-').next().unwrap_or_default();
            if id.is_empty() {
                return Err("expected an entity id after '('".to_string());
            }
            if body[end..].starts_with(')') {
                brackets.push(Bracket::Single(id));
                rest = &body[end + 1..];
            } else {
                brackets.push(Bracket::Open(id));
                rest = &body[end..];
            }
        } else {
            let end = rest.find(')').ok_or("expected ')' after an entity id")?;
            let id = &rest[..end];
            if id.is_empty() || id.contains('(') {
                return Err("expected an entity id before ')'".to_string());
            }
            brackets.push(Bracket::Close(id));
            rest = &rest[end + 1..];
        }
    }
    Ok(brackets)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# newpar\n# text = Kim's dog barked.\n\
        1-2\tKim's\t_\t_\t_\t_\t_\t_\t_\t_\n\
        1\tKim\tKim\tPROPN\tNNP\t_\t3\tnmod\t_\tEntity=(1-person-new-1-coref)(2-animal-new\n\
        2\t's\t's\tPART\tPOS\t_\t1\tcase\t_\t_\n\
        3\tdog\tdog\tNOUN\tNN\t_\t4\tnsubj\t_\tEntity=2)\n\
        4\tbarked\tbark\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n\
        5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n\
        # newpar\n# speaker = Lee\n\
        1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\tEntity=(1)\n\
        2\tran\trun\tVERB\tVBD\t_\t0\troot\t_\t_\n\n";

    fn texts(doc: &Document) -> Vec<Vec<&str>> {
        doc.clusters().iter().map(|c| c.iter().map(|m| doc.mention_text(m)).collect()).collect()
    }

    #[test]
    fn reads_words_paragraphs_speakers_and_clusters() {
        let docs = read_documents("s.conllu", SAMPLE, false);
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.id, "d1");
        assert_eq!(doc.text(), "Kim's dog barked.\n\nShe ran");
        assert_eq!(doc.words().len(), 7);
        assert_eq!(doc.sentences()[1].speaker.as_deref(), Some("Lee"));
        assert_eq!(texts(doc), [vec!["Kim", "She"], vec!["Kim's dog"]]);
    }

    #[test]
    fn a_speaker_comment_covers_its_own_sentence_only() {
        let row = |form: &str| format!("1\t{form}\t_\t_\t_\t_\t0\troot\t_\t_\n");
        let text = format!(
            "{}\n# speaker = Kim\n{}\n{}\n# speaker = Lee\n{}",
            row("A"),
            row("B"),
            row("C"),
            row("D")
        );
        let docs = read_documents("s.conllu", &text, false);
        let speakers: Vec<Option<&str>> =
            docs[0].as_ref().unwrap().sentences().iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(speakers, [None, Some("Kim"), None, Some("Lee")]);
    }

    #[test]
    fn brackets_follow_corefud() {
        use Bracket::*;
        assert_eq!(
            parse_brackets("(7-abstract-new-nnnss(3-abstract-giv:act)").unwrap(),
            [Open("7"), Single("3")]
        );
        assert_eq!(parse_brackets("7)6)(e12)").unwrap(), [Close("7"), Close("6"), Single("e12")]);
        assert!(parse_brackets("(").is_err() && parse_brackets("7").is_err());
    }

    #[test]
    fn errors_name_file_and_line_and_spare_other_documents() {
        let text = "# newdoc id = bad\n1\tA\n\n# newdoc id = good\n1\tB\tb\tX\tX\t_\t0\troot\t_\t_\n";
        let docs = read_documents("c.conllu", text, false);
        assert_eq!(
            docs[0].as_ref().unwrap_err().to_string(),
            "c.conllu:2: expected 10 tab-separated fields, found 2"
        );
        assert_eq!(docs[1].as_ref().unwrap().text(), "B");
        let empty = read_documents("e.conllu", "1\t\tx\tX\tX\t_\t0\troot\t_\t_\n", false);
        assert_eq!(empty[0].as_ref().unwrap_err().to_string(), "e.conllu:1: word 1 has an empty FORM");
    }

    #[test]
    fn unbalanced_brackets_are_errors_unless_lenient() {
        let text = "1\tA\ta\tX\tX\t_\t0\troot\t_\tEntity=(1\n2\tB\tb\tX\tX\t_\t1\tdep\t_\tEntity=2)\n";
        let strict = read_documents("u.conllu", text, false);
        assert_eq!(
            strict[0].as_ref().unwrap_err().to_string(),
            "u.conllu:2: entity 2 closes here but was never opened"
        );
        let lenient = read_documents("u.conllu", text, true);
        assert!(lenient[0].as_ref().unwrap().clusters().is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_text(text in proptest::prelude::any::<String>()) {
            for doc in parse("p", &text).into_iter().flatten() {
                let _ = doc.to_document(false);
            }
        }

        #[test]
        fn never_panics(text in "((# newdoc id = d|# newpar|1-2\tab|[0-9]\t[a-z]*\t_\t_\t_\t_\t0\t_\t_\t(_|Entity=[()0-9a-z-]{0,8}|SpaceAfter=No))\n{1,2}){0,12}") {
            for doc in parse("p", &text).into_iter().flatten() {
                let _ = doc.to_document(false);
                let _ = doc.to_document(true);
            }
        }
    }

    #[test]
    fn reads_gum_when_present() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/gum/ontogum");
        let Ok(text) = crate::io::source::read_text(&dir.join("dev.conllu.gz"), false) else {
            println!("skipping: GUM data not found at {}", dir.display());
            return;
        };
        let docs: Vec<ConlluDocument> = parse("dev", &text).into_iter().map(Result::unwrap).collect();
        assert_eq!(docs.len(), 30);
        let words: usize = docs.iter().map(|d| d.to_document(false).unwrap().words().len()).sum();
        let mentions: usize =
            docs.iter().flat_map(|d| d.gold_clusters(false).unwrap()).map(|c| c.len()).sum();
        // Counts published in shared/data/gum/README.md for OntoGUM dev.
        assert_eq!((words, mentions), (28119, 3818));
    }
}
