//! The library's front door: text (or a tokenised document) in, a document with clusters out.
//!
//! Design decision: a [`Resolver`] owns one boxed [`CorefModel`] and nothing else; tokenising, predicting
//! and attaching clusters are the same three steps whatever the model, so swapping the baseline for the
//! neural model is a constructor argument, not a code path.
//!
//! ```
//! let resolver = corefer::Resolver::default()?;
//! let doc = resolver.resolve("Ann met Bob. He smiled.")?;
//! assert!(!doc.clusters().is_empty());
//! # Ok::<(), corefer::ResolveError>(())
//! ```

use crate::doc::{DocError, Document};
use crate::model::{CorefModel, ModelError, PronounGuard, Threads};
use crate::registry;
use crate::tokenize::{tokenize_limited, Limits};

/// Why a text could not be resolved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// The text or document was refused before the model saw it (a limit, malformed pieces).
    #[error(transparent)]
    Document(#[from] DocError),
    /// The model could not be loaded or failed on the document.
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// Tokenises, predicts and attaches clusters with one model.
pub struct Resolver {
    model: Box<dyn CorefModel>,
    limits: Limits,
    guard: PronounGuard,
}

impl Resolver {
    /// The default model: the embedded neural model, or the baseline in a build without one.
    #[allow(clippy::should_implement_trait)] // fallible: loading a model can fail
    pub fn default() -> Result<Self, ResolveError> {
        Self::named("default")
    }

    /// The model called `name` (as `--model` accepts it).
    pub fn named(name: &str) -> Result<Self, ResolveError> {
        Ok(Self::with_model(registry::load(name)?))
    }

    /// A resolver around any model (no limits, no pronoun guard).
    pub fn with_model(model: Box<dyn CorefModel>) -> Self {
        Resolver { model, limits: Limits::NONE, guard: PronounGuard::OFF }
    }

    /// Refuses documents of more than `max_words` words (`--max-words`) instead of resolving them.
    pub fn with_max_words(mut self, max_words: Option<usize>) -> Self {
        self.limits.max_words = max_words;
        self
    }

    /// Refuses documents with a word of more than `max_word_bytes` UTF-8 bytes (`--max-word-bytes`).
    pub fn with_max_word_bytes(mut self, max_word_bytes: Option<usize>) -> Self {
        self.limits.max_word_bytes = max_word_bytes;
        self
    }

    /// Tokenises (and checks pre-tokenised documents) under `limits`, whose knobs name how the caller's
    /// users raise them in refusals.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The limits raw text is tokenised under (as [`tokenize_limited`] takes them).
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Leaves third-person pronouns out of clusters the model is less sure of than `guard`
    /// (`--min-pronoun-probability`; off by default).
    pub fn with_pronoun_guard(mut self, guard: PronounGuard) -> Self {
        self.guard = guard;
        self
    }

    /// The model's name ("baseline", "minilm-wl-coarse", …).
    pub fn model_name(&self) -> &str {
        self.model.name()
    }

    /// Resolves raw text; the document's id is empty.
    pub fn resolve(&self, text: &str) -> Result<Document, ResolveError> {
        self.resolve_text("", text)
    }

    /// Resolves raw text into a document with the given id.
    pub fn resolve_text(&self, id: &str, text: &str) -> Result<Document, ResolveError> {
        self.resolve_document(tokenize_limited(id, text, self.limits)?)
    }

    /// Resolves a document that is already tokenised (its existing clusters are replaced), with every
    /// thread of the current rayon pool.
    pub fn resolve_document(&self, doc: Document) -> Result<Document, ResolveError> {
        self.resolve_document_with(doc, Threads::of_current_pool())
    }

    /// [`Resolver::resolve_document`] on at most `threads` threads (one when documents run in parallel).
    pub fn resolve_document_with(&self, doc: Document, threads: Threads) -> Result<Document, ResolveError> {
        self.resolve_document_guarded(doc, threads, self.guard)
    }

    /// The pronoun guard this resolver applies unless told otherwise.
    pub fn pronoun_guard(&self) -> PronounGuard {
        self.guard
    }

    /// [`Resolver::resolve_document_with`] with `guard` in place of the resolver's own (a service shares
    /// one resolver among requests that each choose their guard).
    pub fn resolve_document_guarded(
        &self,
        mut doc: Document,
        threads: Threads,
        guard: PronounGuard,
    ) -> Result<Document, ResolveError> {
        self.limits.check(&doc)?;
        let clusters = self.model.predict(&doc, threads, guard)?;
        doc.set_clusters(clusters)?;
        Ok(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::WordSpan;

    /// A model that links the first and last word, to show any model plugs in.
    struct FirstLast;

    impl CorefModel for FirstLast {
        fn name(&self) -> &str {
            "first-last"
        }

        fn predict(
            &self,
            doc: &Document,
            _threads: Threads,
            _guard: PronounGuard,
        ) -> Result<Vec<Vec<WordSpan>>, ModelError> {
            let n = doc.words().len();
            Ok(vec![vec![WordSpan::new(0, 1).unwrap(), WordSpan::new(n - 1, n).unwrap()]])
        }
    }

    #[test]
    fn any_model_plugs_in() {
        let resolver = Resolver::with_model(Box::new(FirstLast));
        let doc = resolver.resolve_text("d", "Kim saw Kim").unwrap();
        assert_eq!((resolver.model_name(), doc.id.as_str(), doc.clusters()[0].len()), ("first-last", "d", 2));
    }

    #[test]
    fn default_is_the_embedded_model_if_any_and_unknown_names_fail() {
        let expected = match crate::neural::embedded::load() {
            Some(model) => model.unwrap().config().name.clone(),
            None => "baseline".to_string(),
        };
        assert_eq!(Resolver::default().unwrap().model_name(), expected);
        let err = Resolver::named("nope").err().unwrap();
        assert_eq!(err.to_string(), "unknown model \"nope\" (known: default, baseline, neural, accurate)");
    }

    #[test]
    fn documents_over_max_words_are_refused() {
        let resolver = Resolver::with_model(Box::new(FirstLast)).with_max_words(Some(2));
        let err = resolver.resolve_text("long", "Kim saw Kim").unwrap_err();
        let expected = "more than 2 words (max_words 2); split the document or raise the limit";
        assert_eq!(err.to_string(), expected);
        assert!(resolver.resolve_text("short", "Kim left").is_ok());
        let doc = Document::from_sentences("d", &[(vec!["Kim", "saw", "Kim"], None)]).unwrap();
        let err = resolver.resolve_document(doc.clone()).unwrap_err();
        assert_eq!(err.to_string(), expected, "raw and pre-tokenised documents are refused alike");
        let knobs = Limits { max_words_knob: "--max-words", ..resolver.limits() };
        let err = resolver.with_limits(knobs).resolve_document(doc).unwrap_err();
        assert!(
            err.to_string().starts_with("more than 2 words (--max-words 2)"),
            "the caller names the knob"
        );
        let resolver = Resolver::with_model(Box::new(FirstLast));
        let resolver = resolver.with_max_words(None).with_max_word_bytes(Some(3));
        let err = resolver.resolve_text("long", "Kim saw Kimberly").unwrap_err();
        assert!(err.to_string().starts_with("word at byte 8 (line 1) is 8 bytes long"), "{err}");
        let doc = Document::from_sentences("p", &[(vec!["Kim", "saw", "Kimberly"], None)]).unwrap();
        assert!(matches!(
            resolver.resolve_document(doc),
            Err(ResolveError::Document(DocError::WordTooLong { .. }))
        ));
    }

    #[test]
    fn pretokenised_documents_keep_their_words() {
        let doc =
            Document::from_sentences("p", &[(vec!["Ann", "left", "."], None), (vec!["She", "ran"], None)])
                .unwrap();
        let doc = Resolver::named("baseline").unwrap().resolve_document(doc).unwrap();
        assert_eq!(doc.text(), "Ann left .\nShe ran");
        assert_eq!(doc.clusters().len(), 1);
    }
}
