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
use crate::model::{self, CorefModel, ModelError};
use crate::tokenize::tokenize;

/// Why a text could not be resolved.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error(transparent)]
    Document(#[from] DocError),
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// Tokenises, predicts and attaches clusters with one model.
pub struct Resolver {
    model: Box<dyn CorefModel>,
}

impl Resolver {
    /// The default model (the baseline, until the neural model is embedded).
    #[allow(clippy::should_implement_trait)] // fallible: loading a model can fail
    pub fn default() -> Result<Self, ResolveError> {
        Self::named("baseline")
    }

    /// The model called `name` (as `--model` accepts it).
    pub fn named(name: &str) -> Result<Self, ResolveError> {
        Ok(Self::with_model(model::load(name)?))
    }

    pub fn with_model(model: Box<dyn CorefModel>) -> Self {
        Resolver { model }
    }

    pub fn model_name(&self) -> &str {
        self.model.name()
    }

    /// Resolves raw text; the document's id is empty.
    pub fn resolve(&self, text: &str) -> Result<Document, ResolveError> {
        self.resolve_text("", text)
    }

    /// Resolves raw text into a document with the given id.
    pub fn resolve_text(&self, id: &str, text: &str) -> Result<Document, ResolveError> {
        self.resolve_document(tokenize(id, text)?)
    }

    /// Resolves a document that is already tokenised (its existing clusters are replaced).
    pub fn resolve_document(&self, mut doc: Document) -> Result<Document, ResolveError> {
        let clusters = self.model.predict(&doc)?;
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

        fn predict(&self, doc: &Document) -> Result<Vec<Vec<WordSpan>>, ModelError> {
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
    fn default_is_the_baseline_and_unknown_names_fail() {
        assert_eq!(Resolver::default().unwrap().model_name(), "baseline");
        let err = Resolver::named("nope").err().unwrap();
        assert_eq!(err.to_string(), "unknown model \"nope\" (known: baseline)");
    }

    #[test]
    fn pretokenised_documents_keep_their_words() {
        let doc =
            Document::from_sentences("p", &[(vec!["Ann", "left", "."], None), (vec!["She", "ran"], None)])
                .unwrap();
        let doc = Resolver::default().unwrap().resolve_document(doc).unwrap();
        assert_eq!(doc.text(), "Ann left .\nShe ran");
        assert_eq!(doc.clusters().len(), 1);
    }
}
