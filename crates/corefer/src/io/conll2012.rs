//! CoNLL-2012 coreference files: reading them into documents and writing them back with new clusters.
//!
//! Design decision: a file is read into a *lossless* form. Every token row is kept verbatim with the position
//! of its coreference column, and the coreference annotation is kept exactly as written, as a list of
//! `(entity id, word span)` in the order the reference scorer (v8.01) builds it, duplicates included. The
//! scorer needs that raw view (duplicated mentions change the scores), the writer needs the verbatim rows
//! (only the last column may change), and the model-facing [`Document`] is derived from it on demand.
//!
//! # Format
//!
//! `#begin document (ID); part NNN` (the `; part NNN` is optional), then one row per word with
//! tab-separated columns, the coreference column last, a blank line between sentences, and
//! `#end document`. Rows of 5 or more columns have the word in column 4 (`doc part word_index word …`);
//! rows with 11 or more (the 12-column OntoNotes layout) carry the speaker in column 10 (`-` = none).
//! The scorer's test files also have 5-column rows and space-separated `doc coref` rows (no word: read as
//! `_`; such a file can be scored but not predicted on). Rows of 3 or 4 columns match no layout and are an
//! error. Trailing tabs and `\r` are ignored, and so is a UTF-8 byte-order mark opening the file. Gzipped
//! files are detected by their magic bytes.
//!
//! The coreference column is `-` (or `_`) or `|`-joined items `(N)` (one-word mention), `(N` (opening)
//! and `N)` (closing), e.g. `(7)|5)|6)`. Brackets are matched per entity id with a stack per id. Within
//! one cell the items are applied as the reference scorer applies them: one-word mentions, then openings,
//! then closings. Entities are numbered in the order the scorer meets them, and a mention is recorded
//! when it closes.
//!
//! # API
//!
//! ```no_run
//! use corefer::io::conll2012::{self, ReadOptions};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let file = conll2012::read_path("dev.conll2012.gz".as_ref(), ReadOptions::default())?;
//! for warning in &file.warnings {
//!     eprintln!("{warning}");
//! }
//! let mut predictions = Vec::new();
//! for doc in &file.documents {
//!     let document = doc.to_document()?; // corefer::Document, text = words joined by spaces, no clusters
//!     let _gold = doc.clusters(); // gold clusters as word spans, scorer order
//!     predictions.push(Vec::new()); // a model's clusters for `document`, as word spans
//! }
//! let mut out = Vec::new();
//! let report = file.write(&mut out, &predictions)?; // same rows, coreference column replaced
//! for dropped in &report.dropped {
//!     eprintln!("{dropped}");
//! }
//! # Ok(()) }
//! ```

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::doc::{DocError, Document};
use crate::io::source::{self, InputError, ReadLimits};
use crate::span::WordSpan;

/// How to read a file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Skip an unbalanced mention with a warning instead of failing.
    pub lenient: bool,
    /// How many bytes the file may have, as stored and once gunzipped (`--max-bytes`).
    pub limits: ReadLimits,
}

/// Why a CoNLL-2012 file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file could not be read: unreadable (or badly gzipped), not UTF-8, or over the size limits.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A line fits no part of the format (a bad directive, a row of 3 or 4 columns, a bad coreference
    /// cell, a document never ended).
    #[error("{path}:{line}: {message}")]
    Syntax {
        /// The path the file was read as (`-` for stdin).
        path: PathBuf,
        /// 1-based line in the file.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// A mention's brackets do not match (outside lenient mode): a closing bracket with no opening one of
    /// its entity, or an opening one never closed before `#end document`.
    #[error("{path}:{line}: document {document}: {message}")]
    Unbalanced {
        /// The path the file was read as (`-` for stdin).
        path: PathBuf,
        /// 1-based line in the file of the unmatched bracket.
        line: usize,
        /// The id of the document holding it.
        document: String,
        /// Which bracket is unmatched, and how.
        message: String,
    },
}

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The output could not be written.
    #[error("writing CoNLL-2012 output: {0}")]
    Io(#[from] io::Error),
    /// The number of cluster lists given differs from the number of documents in the file.
    #[error("{given} cluster lists given for a file of {documents} documents")]
    DocumentCount {
        /// How many cluster lists were given.
        given: usize,
        /// How many documents the file has.
        documents: usize,
    },
    /// A mention is empty or ends after the last word of its document.
    #[error("document {document}: mention at words {start}..{end} lies outside its {words} words")]
    MentionOutsideWords {
        /// The id of the document.
        document: String,
        /// The mention's first word (0-based, inclusive).
        start: usize,
        /// The word after the mention's last (exclusive).
        end: usize,
        /// How many words the document has.
        words: usize,
    },
}

/// One mention as annotated: the entity id of the file and the words it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RawMention {
    /// The entity id as written in the coreference column (the `N` of `(N)`).
    pub entity: u64,
    /// The words the mention covers, as indices into the document's words.
    pub words: WordSpan,
}

/// One token row, kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    /// The row without its line ending and trailing tabs.
    line: String,
    /// 1-based line of the row in its file.
    number: usize,
    /// Byte range of the word (column 4) in `line`; rows of fewer than 5 columns have none.
    word: Option<std::ops::Range<usize>>,
    /// Byte offset in `line` where the coreference column starts.
    coref_start: usize,
    speaker: Option<String>,
}

impl TokenRow {
    /// The word (column 4); `_` for rows too short to have one (`doc coref`).
    pub fn word(&self) -> &str {
        self.word.clone().map_or("_", |range| &self.line[range])
    }

    /// The part-of-speech column (column 5) of files that have one (`None` when absent or `-`).
    pub fn pos(&self) -> Option<&str> {
        let columns: Vec<&str> = self.without_coref().split_whitespace().collect();
        columns.get(4).copied().filter(|&pos| pos != "-" && columns.len() >= 6)
    }

    /// The speaker column (column 10 of 12-column files); `None` when absent or `-`.
    pub fn speaker(&self) -> Option<&str> {
        self.speaker.as_deref()
    }

    /// Every column before the coreference column, with its separators, verbatim.
    pub fn without_coref(&self) -> &str {
        &self.line[..self.coref_start]
    }
}

/// One document of a CoNLL-2012 file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConllDocument {
    /// The id inside the parentheses of `#begin document (ID)`.
    pub id: String,
    /// The part number (`; part NNN`), 0 when absent.
    pub part: u32,
    begin_line: String,
    sentences: Vec<Vec<TokenRow>>,
    mentions: Vec<RawMention>,
    /// Every entity id of `mentions`, once, in the order the scorer first meets them.
    entity_order: Vec<u64>,
}

impl ConllDocument {
    /// Sentences as runs of token rows.
    pub fn sentences(&self) -> &[Vec<TokenRow>] {
        &self.sentences
    }

    /// The coreference annotation as written, in the reference scorer's order (a mention is recorded
    /// when it closes), duplicates kept.
    pub fn mentions(&self) -> &[RawMention] {
        &self.mentions
    }

    /// The line of the first row that has no word column (a 2-column `doc coreference` row), if any:
    /// such a document can be scored, but gives a model nothing to read.
    pub fn row_without_word(&self) -> Option<usize> {
        self.sentences.iter().flatten().find(|row| row.word.is_none()).map(|row| row.number)
    }

    /// The number of words.
    pub fn word_count(&self) -> usize {
        self.sentences.iter().map(Vec::len).sum()
    }

    /// The annotated entities in the scorer's order, each with its mentions as written (duplicates kept).
    pub fn chains(&self) -> Vec<Vec<WordSpan>> {
        let index: HashMap<u64, usize> = self.entity_order.iter().enumerate().map(|(i, &e)| (e, i)).collect();
        let mut chains = vec![Vec::new(); self.entity_order.len()];
        for mention in &self.mentions {
            chains[index[&mention.entity]].push(mention.words);
        }
        chains.retain(|c| !c.is_empty());
        chains
    }

    /// The gold clusters as word spans, each mention once, in text order.
    pub fn clusters(&self) -> Vec<Vec<WordSpan>> {
        let mut seen = std::collections::HashSet::new();
        let mut clusters: Vec<Vec<WordSpan>> = self
            .chains()
            .into_iter()
            .map(|chain| {
                let mut chain: Vec<_> = chain.into_iter().filter(|s| seen.insert(*s)).collect();
                chain.sort();
                chain
            })
            .filter(|c| !c.is_empty())
            .collect();
        clusters.sort();
        clusters
    }

    /// The document for a model: words joined by spaces, sentences by newlines, speakers from the first
    /// word of each sentence, no clusters (so a model cannot see the gold). Its id is the CoNLL document
    /// id (the part is not added).
    pub fn to_document(&self) -> Result<Document, DocError> {
        let sentences: Vec<(Vec<&str>, Option<String>)> = self
            .sentences
            .iter()
            .map(|rows| {
                let words = rows.iter().map(TokenRow::word).collect();
                (words, rows.first().and_then(|r| r.speaker.clone()))
            })
            .collect();
        Document::from_sentences(self.id.clone(), &sentences)
    }

    /// [`Self::to_document`] with the gold clusters set (for training and inspection).
    pub fn to_gold_document(&self) -> Result<Document, DocError> {
        let mut document = self.to_document()?;
        document.set_clusters(self.clusters())?;
        Ok(document)
    }
}

/// A parsed CoNLL-2012 file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConllFile {
    /// The path the file was read as (`-` for stdin), for messages.
    pub path: PathBuf,
    /// The documents in file order.
    pub documents: Vec<ConllDocument>,
    /// Mentions skipped in lenient mode, one line each, naming file, line and document.
    pub warnings: Vec<String>,
}

/// A mention the writer could not express and left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedMention {
    /// The id of the document.
    pub document: String,
    /// The words of the mention left out.
    pub words: WordSpan,
    /// The words of the kept mention of the same cluster that it crosses.
    pub crossed: WordSpan,
}

impl fmt::Display for DroppedMention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "document {}: mention at words {:?} dropped: it crosses {:?} of the same cluster, which the \
             bracket format cannot express",
            self.document, self.words, self.crossed
        )
    }
}

/// What the writer left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Mentions left out because they cross another mention of their cluster, in writing order.
    pub dropped: Vec<DroppedMention>,
}

/// Reads a CoNLL-2012 file (`-`: stdin), plain or gzipped, strict UTF-8.
pub fn read_path(path: &Path, options: ReadOptions) -> Result<ConllFile, ReadError> {
    let text = source::read_text_with(path, false, options.limits)?;
    parse(&text, path, options)
}

/// Parses the text of a CoNLL-2012 file; `path` is used in messages only.
pub fn parse(text: &str, path: &Path, options: ReadOptions) -> Result<ConllFile, ReadError> {
    let mut parser = Parser { path, options, documents: Vec::new(), warnings: Vec::new(), open: None };
    for (index, line) in source::strip_bom(text).lines().enumerate() {
        parser.line(index + 1, line.trim_end_matches('\r'))?;
    }
    if let Some(open) = parser.open.take() {
        return Err(
            parser.syntax(open.begin_line_number, format!("document {} has no #end document", open.id))
        );
    }
    Ok(ConllFile { path: path.to_owned(), documents: parser.documents, warnings: parser.warnings })
}

/// A document being read.
struct OpenDocument {
    begin_line_number: usize,
    id: String,
    part: u32,
    begin_line: String,
    sentences: Vec<Vec<TokenRow>>,
    words: usize,
    mentions: Vec<RawMention>,
    entity_order: Vec<u64>,
    /// The entities of `entity_order`, for lookups.
    entities: HashSet<u64>,
    /// Open mentions per entity id: (first word, line of the opening bracket).
    stacks: HashMap<u64, Vec<(usize, usize)>>,
}

struct Parser<'p> {
    path: &'p Path,
    options: ReadOptions,
    documents: Vec<ConllDocument>,
    warnings: Vec<String>,
    open: Option<OpenDocument>,
}

impl Parser<'_> {
    fn syntax(&self, line: usize, message: String) -> ReadError {
        ReadError::Syntax { path: self.path.to_owned(), line, message }
    }

    fn line(&mut self, number: usize, line: &str) -> Result<(), ReadError> {
        if let Some(rest) = directive(line, "begin document") {
            if let Some(open) = &self.open {
                return Err(self.syntax(number, format!("#begin document inside document {}", open.id)));
            }
            let (id, part) = parse_begin(rest).ok_or_else(|| {
                self.syntax(number, format!("expected `#begin document (ID); part N`, found `{line}`"))
            })?;
            self.open = Some(OpenDocument {
                begin_line_number: number,
                id,
                part,
                begin_line: line.to_owned(),
                sentences: vec![Vec::new()],
                words: 0,
                mentions: Vec::new(),
                entity_order: Vec::new(),
                entities: HashSet::new(),
                stacks: HashMap::new(),
            });
            return Ok(());
        }
        let Some(mut open) = self.open.take() else {
            if line.trim().is_empty() {
                return Ok(());
            }
            return Err(self.syntax(number, format!("expected `#begin document`, found `{line}`")));
        };
        if directive(line, "end document").is_some() {
            return self.close_document(number, open);
        }
        if line.trim().is_empty() {
            if open.sentences.last().is_some_and(|s| !s.is_empty()) {
                open.sentences.push(Vec::new());
            }
        } else {
            self.token_row(number, line, &mut open)?;
        }
        self.open = Some(open);
        Ok(())
    }

    fn token_row(&mut self, number: usize, line: &str, open: &mut OpenDocument) -> Result<(), ReadError> {
        let row = parse_row(line, number).map_err(|message| self.syntax(number, message))?;
        let items =
            parse_cell(&row.line[row.coref_start..]).map_err(|message| self.syntax(number, message))?;
        let word = open.words;
        open.words += 1;
        match open.sentences.last_mut() {
            Some(sentence) => sentence.push(row),
            None => open.sentences.push(vec![row]),
        }
        for (kind, entity) in items {
            if open.entities.insert(entity) {
                open.entity_order.push(entity);
            }
            // `first` is this word or an earlier one (openings are pushed as their word is read).
            let ending_here = |first: usize| WordSpan::at(first, word + 1 - first);
            match kind {
                Bracket::Single => open.mentions.push(RawMention { entity, words: ending_here(word) }),
                Bracket::Open => open.stacks.entry(entity).or_default().push((word, number)),
                Bracket::Close => match open.stacks.get_mut(&entity).and_then(Vec::pop) {
                    Some((first, _)) => open.mentions.push(RawMention { entity, words: ending_here(first) }),
                    None => {
                        let message =
                            format!("`{entity})` closes a mention of entity {entity} that was never opened");
                        self.unbalanced(number, open.id.clone(), message)?;
                    }
                },
            }
        }
        Ok(())
    }

    fn close_document(&mut self, number: usize, mut open: OpenDocument) -> Result<(), ReadError> {
        let mut unclosed: Vec<(usize, u64)> = open
            .stacks
            .iter()
            .flat_map(|(&e, starts)| starts.iter().map(move |&(_, line)| (line, e)))
            .collect();
        unclosed.sort();
        for (line, entity) in unclosed {
            let message =
                format!("`({entity}` opened on line {line} is never closed (document ends on line {number})");
            self.unbalanced(line, open.id.clone(), message)?;
        }
        if open.sentences.last().is_some_and(Vec::is_empty) {
            open.sentences.pop();
        }
        let mentioned: HashSet<u64> = open.mentions.iter().map(|m| m.entity).collect();
        open.entity_order.retain(|e| mentioned.contains(e));
        self.documents.push(ConllDocument {
            id: open.id,
            part: open.part,
            begin_line: open.begin_line,
            sentences: open.sentences,
            mentions: open.mentions,
            entity_order: open.entity_order,
        });
        Ok(())
    }

    /// Fails, or in lenient mode records a warning and goes on without the broken mention.
    fn unbalanced(&mut self, line: usize, document: String, message: String) -> Result<(), ReadError> {
        if !self.options.lenient {
            return Err(ReadError::Unbalanced { path: self.path.to_owned(), line, document, message });
        }
        let path = self.path.display();
        self.warnings.push(format!("{path}:{line}: document {document}: {message}; mention skipped"));
        Ok(())
    }
}

/// What follows `#NAME` (spaces allowed after `#`, as the reference allows) on a directive line.
fn directive<'l>(line: &'l str, name: &str) -> Option<&'l str> {
    line.strip_prefix('#')?.trim_start().strip_prefix(name)
}

/// `(ID); part N` or `(ID)` after `#begin document`.
fn parse_begin(rest: &str) -> Option<(String, u32)> {
    let rest = rest.trim_start().strip_prefix('(')?;
    let close = rest.rfind(')')?;
    let id = rest[..close].to_owned();
    let tail = rest[close + 1..].trim();
    let tail = tail.strip_prefix(';').unwrap_or(tail).trim();
    if tail.is_empty() {
        return Some((id, 0));
    }
    let part = tail.strip_prefix("part")?.trim();
    Some((id, part.parse().ok()?))
}

/// Splits a token row into its kept pieces; the message says what is wrong.
fn parse_row(line: &str, number: usize) -> Result<TokenRow, String> {
    let line = line.trim_end_matches(['\t', ' ']);
    let mut columns: Vec<&str> = line.split('\t').collect();
    if columns.len() == 1 {
        columns = line.split_whitespace().collect();
    }
    if !matches!(columns.len(), 2 | 5..) {
        return Err(format!(
            "expected a token row of 5 or more tab-separated columns (`doc part index word … coreference`) \
             or the scorer's 2-column `doc coreference`, found {} column{}: `{line}`",
            columns.len(),
            if columns.len() == 1 { "" } else { "s" }
        ));
    }
    let offset = |column: &str| column.as_ptr() as usize - line.as_ptr() as usize;
    let word = (columns.len() >= 5).then(|| offset(columns[3])..offset(columns[3]) + columns[3].len());
    let speaker = (columns.len() >= 11 && columns[9] != "-").then(|| columns[9].to_owned());
    let coref_start = columns.last().map_or(line.len(), |column| offset(column));
    Ok(TokenRow { line: line.to_owned(), number, word, coref_start, speaker })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Bracket {
    Single,
    Open,
    Close,
}

/// The items of one coreference cell in the order the reference scorer applies them. Items may be joined
/// by `|` or written back to back (`(1(3`, `3)1)`), as in the scorer's own test files.
fn parse_cell(cell: &str) -> Result<Vec<(Bracket, u64)>, String> {
    if cell == "-" || cell == "_" {
        return Ok(Vec::new());
    }
    let bad = |at: usize| {
        format!("coreference cell `{cell}` is not made of `(N)`, `(N`, `N)` items (at byte {at})")
    };
    let bytes = cell.as_bytes();
    let mut items = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'|' && at > 0 {
            at += 1;
        }
        let opens = bytes.get(at) == Some(&b'(');
        let digits_start = at + usize::from(opens);
        let digits_end =
            digits_start + bytes[digits_start..].iter().take_while(|b| b.is_ascii_digit()).count();
        let entity: u64 = cell[digits_start..digits_end].parse().map_err(|_| bad(at))?;
        let closes = bytes.get(digits_end) == Some(&b')');
        let kind = match (opens, closes) {
            (true, true) => Bracket::Single,
            (true, false) => Bracket::Open,
            (false, true) => Bracket::Close,
            (false, false) => return Err(bad(at)),
        };
        items.push((kind, entity));
        at = digits_end + usize::from(closes);
    }
    items.sort_by_key(|&(kind, _)| kind);
    Ok(items)
}

impl ConllFile {
    /// Writes the file back with the coreference column replaced by `clusters` (one list of clusters per
    /// document, in file order). Every other column of every row is kept verbatim. Entities are numbered
    /// from 0 in the given order; each span is written once (in the first cluster naming it). A mention
    /// crossing another of its own cluster cannot be written in brackets matched per id: it is left out and
    /// reported.
    pub fn write<W: Write>(
        &self,
        out: W,
        clusters: &[Vec<Vec<WordSpan>>],
    ) -> Result<WriteReport, WriteError> {
        if clusters.len() != self.documents.len() {
            return Err(WriteError::DocumentCount { given: clusters.len(), documents: self.documents.len() });
        }
        let mut out = io::BufWriter::new(out);
        let mut report = WriteReport::default();
        for (document, clusters) in self.documents.iter().zip(clusters) {
            let cells = coref_cells(document, clusters, &mut report)?;
            writeln!(out, "{}", document.begin_line)?;
            let mut cells = cells.iter();
            for sentence in &document.sentences {
                // `cells` has one cell per word, so no row goes without one.
                for (row, cell) in sentence.iter().zip(cells.by_ref()) {
                    writeln!(out, "{}{}", row.without_coref(), cell)?;
                }
                writeln!(out)?;
            }
            writeln!(out, "#end document")?;
        }
        out.flush()?;
        Ok(report)
    }
}

/// The coreference cell of every word of `document` for `clusters`.
fn coref_cells(
    document: &ConllDocument,
    clusters: &[Vec<WordSpan>],
    report: &mut WriteReport,
) -> Result<Vec<String>, WriteError> {
    let words = document.word_count();
    let mut items: Vec<Vec<(Bracket, usize)>> = vec![Vec::new(); words];
    let mut seen = std::collections::HashSet::new();
    let mut entity = 0;
    for cluster in clusters {
        let mut kept: Vec<WordSpan> = Vec::new();
        let mut sorted = cluster.clone();
        sorted.sort();
        for span in sorted {
            if span.is_empty() || span.end() > words {
                return Err(WriteError::MentionOutsideWords {
                    document: document.id.clone(),
                    start: span.start(),
                    end: span.end(),
                    words,
                });
            }
            if !seen.insert(span) {
                continue;
            }
            if let Some(&crossed) = kept.iter().find(|k| k.crosses(&span)) {
                report.dropped.push(DroppedMention { document: document.id.clone(), words: span, crossed });
                continue;
            }
            kept.push(span);
        }
        if kept.is_empty() {
            continue;
        }
        for span in kept {
            let last = span.end() - 1;
            if span.start() == last {
                items[last].push((Bracket::Single, entity));
            } else {
                items[span.start()].push((Bracket::Open, entity));
                items[last].push((Bracket::Close, entity));
            }
        }
        entity += 1;
    }
    Ok(items
        .into_iter()
        .map(|mut cell| {
            if cell.is_empty() {
                return "-".to_owned();
            }
            cell.sort();
            let written: Vec<String> = cell
                .into_iter()
                .map(|(kind, id)| match kind {
                    Bracket::Single => format!("({id})"),
                    Bracket::Open => format!("({id}"),
                    Bracket::Close => format!("{id})"),
                })
                .collect();
            written.join("|")
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(start: usize, end: usize) -> WordSpan {
        WordSpan::new(start, end).unwrap()
    }

    fn parse_str(text: &str, lenient: bool) -> Result<ConllFile, ReadError> {
        parse(text, Path::new("t.conll"), ReadOptions { lenient, ..ReadOptions::default() })
    }

    const TWELVE: &str = "#begin document (GUM_news_x); part 000\n\
        GUM_news_x\t0\t0\tKim\tNNP\t-\tKim\t-\t-\tAnn\t*\t(1)|(2\n\
        GUM_news_x\t0\t1\tsaw\tVBD\t-\tsee\t-\t-\tAnn\t*\t-\n\
        GUM_news_x\t0\t2\therself\tPRP\t-\therself\t-\t-\tAnn\t*\t2)|(1)\n\
        \n\
        GUM_news_x\t0\t0\tShe\tPRP\t-\tshe\t-\t-\t-\t*\t(1)\n\
        GUM_news_x\t0\t1\tleft\tVBD\t-\tleave\t-\t-\t-\t*\t-\n\
        \n\
        #end document\n";

    #[test]
    fn reads_twelve_columns_with_speakers_and_scorer_order() {
        let file = parse_str(TWELVE, false).unwrap();
        let doc = &file.documents[0];
        assert_eq!((doc.id.as_str(), doc.part), ("GUM_news_x", 0));
        assert_eq!(doc.sentences.len(), 2);
        assert_eq!(doc.sentences[0][2].word(), "herself");
        assert_eq!(doc.sentences[0][0].speaker(), Some("Ann"));
        assert_eq!(doc.sentences[1][0].speaker(), None);
        // Entity 1 is met first (one-word items come before openings); mentions are recorded when they close.
        assert_eq!(doc.entity_order, [1, 2]);
        let mentions: Vec<_> = doc.mentions.iter().map(|m| (m.entity, m.words)).collect();
        assert_eq!(mentions, [(1, w(0, 1)), (1, w(2, 3)), (2, w(0, 3)), (1, w(3, 4))]);
        assert_eq!(doc.chains(), [vec![w(0, 1), w(2, 3), w(3, 4)], vec![w(0, 3)]]);
        assert!(doc.to_document().unwrap().clusters().is_empty());
        let document = doc.to_gold_document().unwrap();
        assert_eq!(document.text(), "Kim saw herself\nShe left");
        assert_eq!(document.sentences()[0].speaker.as_deref(), Some("Ann"));
        assert_eq!(document.clusters().len(), 2);
    }

    #[test]
    fn reads_minimal_files_with_trailing_tabs_and_keeps_duplicates() {
        let text = "#begin document (LuoTestCase); \n\
            test1\t0\t0\ta\t(0)\n\
            test1\t0\t1\tb\t(0)\t\n\
            \n\
            test2\t0\t0\tc\t(1\n\
            test2\t0\t1\td\t1)|(0)\n\
            test2\t0\t2\te\t(1)\n\
            #end document\n";
        let doc = &parse_str(text, false).unwrap().documents[0];
        assert_eq!(doc.id, "LuoTestCase");
        assert_eq!(doc.sentences[1][1].speaker(), None);
        assert_eq!(doc.chains(), [vec![w(0, 1), w(1, 2), w(3, 4)], vec![w(2, 4), w(4, 5)]]);
        let dup = text.replace("test2\t0\t2\te\t(1)", "test2\t0\t2\te\t(1)|(0)|(0)");
        let doc = &parse_str(&dup, false).unwrap().documents[0];
        assert_eq!(doc.chains()[0], [w(0, 1), w(1, 2), w(3, 4), w(4, 5), w(4, 5)]);
        assert_eq!(doc.clusters(), [vec![w(0, 1), w(1, 2), w(3, 4), w(4, 5)], vec![w(2, 4)]]);
    }

    #[test]
    fn directives_may_have_spaces_after_the_hash() {
        let text = "# begin document (d); part 2\nd\t0\t0\ta\t(1)\n#  end document\n";
        let doc = &parse_str(text, false).unwrap().documents[0];
        assert_eq!((doc.id.as_str(), doc.part, doc.mentions.len()), ("d", 2, 1));
    }

    #[test]
    fn nested_mentions_of_one_entity_use_a_stack() {
        let text =
            "#begin document (d)\nd\t0\t0\ta\t(3|(3\nd\t0\t1\tb\t3)\nd\t0\t2\tc\t3)(4)\n#end document\n";
        let doc = &parse_str(text, false).unwrap().documents[0];
        assert_eq!(doc.chains(), [vec![w(0, 2), w(0, 3)], vec![w(2, 3)]]);
    }

    #[test]
    fn unbalanced_brackets_name_the_document_or_are_skipped() {
        let text = "#begin document (poem); part 000\np\t0\t0\ta\t(1\np\t0\t1\tb\t2)\n#end document\n";
        let err = parse_str(text, false).unwrap_err().to_string();
        assert!(err.contains("t.conll:3: document poem") && err.contains("never opened"), "{err}");
        let file = parse_str(text, true).unwrap();
        assert!(file.documents[0].mentions.is_empty());
        assert_eq!(file.warnings.len(), 2, "{:?}", file.warnings);
        assert!(
            file.warnings[1].contains("t.conll:2: document poem")
                && file.warnings[1].contains("never closed")
        );
    }

    #[test]
    fn malformed_input_is_an_error_naming_the_line() {
        let cases = [
            ("d\t0\t0\ta\t-\n", "t.conll:1: expected `#begin document`"),
            ("#begin document d\n", "t.conll:1: expected `#begin document (ID)"),
            ("#begin document (d)\nd\n#end document\n", "t.conll:2: expected a token row"),
            ("#begin document (d)\nd\t0\t0\ta\t(x)\n#end document\n", "t.conll:2: coreference cell `(x)`"),
            ("#begin document (d)\nd\t0\t0\ta\t1(\n#end document\n", "t.conll:2: coreference cell `1(`"),
            ("#begin document (d)\nd\t0\t0\ta\t(1)|\n#end document\n", "t.conll:2: coreference cell `(1)|`"),
            ("#begin document (d)\nd\t0\t0\ta\t-\n", "t.conll:1: document d has no #end document"),
        ];
        for (text, expected) in cases {
            let err = parse_str(text, false).unwrap_err().to_string();
            assert!(err.starts_with(expected), "{err} does not start with {expected}");
        }
    }

    #[test]
    fn rows_of_three_or_four_columns_are_refused_and_two_columns_have_no_word() {
        for row in ["d\t0\t(1)", "d\t0\t0\t(1)", "d 0 0 (1)"] {
            let text = format!("#begin document (d)\n{row}\n#end document\n");
            let err = parse_str(&text, false).unwrap_err().to_string();
            assert!(
                err.starts_with("t.conll:2: expected a token row of 5 or more tab-separated columns"),
                "{err}"
            );
            assert!(err.contains(&format!("found {} columns", row.split_whitespace().count())), "{err}");
        }
        let text = "#begin document (d)\nd\t0\t0\ta\t(1)\nd (1)\n#end document\n";
        let doc = &parse_str(text, false).unwrap().documents[0];
        assert_eq!((doc.sentences[0][1].word(), doc.row_without_word()), ("_", Some(3)));
        assert_eq!(parse_str(TWELVE, false).unwrap().documents[0].row_without_word(), None);
    }

    #[test]
    fn a_byte_order_mark_opening_the_file_is_skipped() {
        let file = parse_str(&format!("\u{feff}{TWELVE}"), false).unwrap();
        assert_eq!(file.documents[0].id, "GUM_news_x");
    }

    #[test]
    fn writes_rows_verbatim_with_new_coreference() {
        let file = parse_str(TWELVE, false).unwrap();
        let mut out = Vec::new();
        let report = file.write(&mut out, &[vec![vec![w(3, 4), w(0, 1)], vec![w(0, 3), w(0, 1)]]]).unwrap();
        assert!(report.dropped.is_empty());
        let expected =
            TWELVE.replace("(1)|(2", "(0)|(1").replace("2)|(1)", "1)").replace("\t(1)\n", "\t(0)\n");
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn writer_round_trips_clusters_and_reports_crossing_mentions() {
        let file = parse_str(TWELVE, false).unwrap();
        let clusters = vec![vec![w(0, 1), w(3, 5)], vec![w(2, 4), w(1, 3), w(3, 4)]];
        let mut out = Vec::new();
        let report = file.write(&mut out, &[clusters]).unwrap();
        assert_eq!(report.dropped.len(), 1);
        assert_eq!((report.dropped[0].words, report.dropped[0].crossed), (w(2, 4), w(1, 3)));
        let back = parse(std::str::from_utf8(&out).unwrap(), Path::new("o"), ReadOptions::default()).unwrap();
        assert_eq!(back.documents[0].clusters(), [vec![w(0, 1), w(3, 5)], vec![w(1, 3), w(3, 4)]]);
        assert!(file.write(Vec::new(), &[vec![vec![w(4, 6)]]]).is_err());
        assert!(file.write(Vec::new(), &[]).is_err());
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Text made of the pieces CoNLL files are made of, in any order.
    fn conllish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("#begin document (d); part 0\n".to_owned()),
            Just("#end document\n".to_owned()),
            Just("\n".to_owned()),
            Just("\t".to_owned()),
            Just("d\t0\t0\tw\t".to_owned()),
            "[-_()|0-9]{0,6}\n",
            "\\PC{0,4}",
        ];
        proptest::collection::vec(piece, 0..30).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn any_text_reads_or_fails_cleanly_and_round_trips(text in conllish(), lenient in any::<bool>()) {
            let options = ReadOptions { lenient, ..ReadOptions::default() };
            let Ok(file) = parse(&text, Path::new("p"), options) else { return Ok(()) };
            let gold: Vec<_> = file.documents.iter().map(ConllDocument::clusters).collect();
            let mut out = Vec::new();
            let report = file.write(&mut out, &gold).unwrap();
            let back = parse(std::str::from_utf8(&out).unwrap(), Path::new("o"), ReadOptions::default()).unwrap();
            for (a, b) in file.documents.iter().zip(&back.documents) {
                if report.dropped.iter().all(|d| d.document != a.id) {
                    prop_assert_eq!(a.clusters(), b.clusters());
                }
                prop_assert_eq!(a.word_count(), b.word_count());
            }
        }
    }
}
