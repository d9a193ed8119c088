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
use crate::model::{CorefModel, ModelError, Precision, PronounGuard, Threads};
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

/// Builds a [`Resolver`]: which model, the limits text is tokenised under, the pronoun guard. Loading the
/// model (the one fallible, slow step) happens in [`ResolverBuilder::build`].
///
/// ```
/// use corefer::{Limits, PronounGuard, Resolver};
///
/// let resolver = Resolver::builder()
///     .model("baseline")
///     .limits(Limits { max_words: Some(100_000), ..Limits::NONE })
///     .pronoun_guard(PronounGuard::FOR_REWRITING)
///     .build()?;
/// assert_eq!(resolver.model_name(), "baseline");
/// # Ok::<(), corefer::ResolveError>(())
/// ```
#[must_use = "a builder does nothing until `build` is called"]
pub struct ResolverBuilder {
    model: ModelSource,
    precision: Precision,
    limits: Limits,
    guard: PronounGuard,
}

enum ModelSource {
    Named(String),
    Given(Box<dyn CorefModel>),
}

impl ResolverBuilder {
    /// The model called `name` (one of [`crate::KNOWN_MODELS`] or a model directory); "default" if unset.
    pub fn model(mut self, name: &str) -> Self {
        self.model = ModelSource::Named(name.to_string());
        self
    }

    /// An already loaded model, or one of the caller's own.
    pub fn model_instance(mut self, model: Box<dyn CorefModel>) -> Self {
        self.model = ModelSource::Given(model);
        self
    }

    /// The number format of a named neural model's dense products; [`Precision::Auto`] if unset.
    pub fn precision(mut self, precision: Precision) -> Self {
        self.precision = precision;
        self
    }

    /// The limits raw text is tokenised under (and pre-tokenised documents are checked against); their
    /// knobs name how the caller's users raise them in refusals. No limits if unset.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Leaves third-person pronouns out of clusters the model is less sure of than `guard`; off if unset.
    pub fn pronoun_guard(mut self, guard: PronounGuard) -> Self {
        self.guard = guard;
        self
    }

    /// Loads the model (unless one was given) and returns the resolver.
    pub fn build(self) -> Result<Resolver, ResolveError> {
        let model = match self.model {
            ModelSource::Named(name) => registry::load(&name, self.precision)?,
            ModelSource::Given(model) => model,
        };
        Ok(Resolver { model, limits: self.limits, guard: self.guard })
    }
}

impl Resolver {
    /// A builder, for a resolver with limits or a pronoun guard.
    pub fn builder() -> ResolverBuilder {
        ResolverBuilder {
            model: ModelSource::Named("default".to_string()),
            precision: Precision::Auto,
            limits: Limits::NONE,
            guard: PronounGuard::OFF,
        }
    }

    /// The default model, without limits: the embedded neural model, or the baseline in a build without one.
    #[allow(clippy::should_implement_trait)] // fallible: loading a model can fail
    pub fn default() -> Result<Self, ResolveError> {
        Self::builder().build()
    }

    /// The model called `name`, without limits (`Resolver::builder().model(name).build()`).
    pub fn named(name: &str) -> Result<Self, ResolveError> {
        Self::builder().model(name).build()
    }

    /// A resolver around any model, without limits or pronoun guard.
    pub fn with_model(model: Box<dyn CorefModel>) -> Self {
        Resolver { model, limits: Limits::NONE, guard: PronounGuard::OFF }
    }

    /// The limits raw text is tokenised under (as [`tokenize_limited`] takes them).
    pub fn limits(&self) -> Limits {
        self.limits
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
        let prediction = self.model.predict(&doc, threads, guard)?;
        doc.set_scored_clusters(prediction.clusters, prediction.confidence)?;
        Ok(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Prediction;
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
        ) -> Result<Prediction, ModelError> {
            let n = doc.words().len();
            Ok(vec![vec![WordSpan::new(0, 1).unwrap(), WordSpan::new(n - 1, n).unwrap()]].into())
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
        let limited = |limits| Resolver::builder().model_instance(Box::new(FirstLast)).limits(limits).build();
        let resolver = limited(Limits { max_words: Some(2), ..Limits::NONE }).unwrap();
        let err = resolver.resolve_text("long", "Kim saw Kim").unwrap_err();
        let expected = "more than 2 words (max_words 2); split the document or raise the limit";
        assert_eq!(err.to_string(), expected);
        assert!(resolver.resolve_text("short", "Kim left").is_ok());
        let doc = Document::from_sentences("d", &[(vec!["Kim", "saw", "Kim"], None)]).unwrap();
        let err = resolver.resolve_document(doc.clone()).unwrap_err();
        assert_eq!(err.to_string(), expected, "raw and pre-tokenised documents are refused alike");
        let knobs = Limits { max_words_knob: "--max-words", ..resolver.limits() };
        let err = limited(knobs).unwrap().resolve_document(doc).unwrap_err();
        assert!(
            err.to_string().starts_with("more than 2 words (--max-words 2)"),
            "the caller names the knob"
        );
        let resolver = limited(Limits { max_word_bytes: Some(3), ..Limits::NONE }).unwrap();
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
