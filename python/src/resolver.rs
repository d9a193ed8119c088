//! `corefer.Resolver`: a loaded model with its rewriting options and its own worker threads, shared by
//! every Python thread that calls it.
//!
//! Design decision: all model work runs with the GIL released (`Python::detach`) on the resolver's own
//! rayon pool. A batch runs its documents in parallel, one thread each (a batch of one document gets
//! every thread), and collects the results in input order, as the CLI's pipeline does; so Python
//! threads never wait on one another for the GIL, and a result never depends on scheduling.

use std::path::PathBuf;

use corefer::records::{ClustersRecord, ResolvedRecord};
use corefer::rewrite::{rewrite, MentionSet, Naming, Options, PossessiveStyle, Replace};
use corefer::tokenize;
use corefer::ModelError as LibModelError;
use corefer::{Precision, PronounGuard, ResolveError, Resolver, Threads};
use pyo3::exceptions::{PyRuntimeWarning, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;
use rayon::prelude::*;

use crate::resolution::Resolution;
use crate::{DocumentError, ModelError};

/// Why one document gave no result, before it becomes a Python exception.
enum Failure {
    TooLong { words: usize, max: usize },
    Library(ResolveError),
}

/// Resolves English text into coreference clusters and resolved text with one loaded model.
#[pyclass(frozen, name = "Resolver", module = "corefer")]
pub struct PyResolver {
    resolver: Resolver,
    pool: rayon::ThreadPool,
    options: Options,
    model: String,
    guard: PronounGuard,
    max_words: Option<usize>,
}

#[pymethods]
impl PyResolver {
    #[new]
    #[pyo3(signature = (
        model = PathBuf::from("default"),
        threads = None,
        *,
        min_pronoun_probability = PronounGuard::FOR_REWRITING.get(),
        max_words = Some(100_000),
        replace = "pronouns",
        possessive_style = "s",
        names = "nearest",
        precision = "auto",
    ))]
    #[allow(clippy::too_many_arguments)] // the Python keyword arguments, one each
    fn new(
        py: Python<'_>,
        model: PathBuf,
        threads: Option<usize>,
        min_pronoun_probability: f32,
        max_words: Option<usize>,
        replace: &str,
        possessive_style: &str,
        names: &str,
        precision: &str,
    ) -> PyResult<Self> {
        let Some(model) = model.to_str().map(str::to_owned) else {
            return Err(PyValueError::new_err(format!("model path {} is not valid UTF-8", model.display())));
        };
        let options = Options {
            replace: match replace {
                "pronouns" => Replace::Pronouns,
                "all" => Replace::All,
                other => return Err(choice_error("replace", other, &["pronouns", "all"])),
            },
            possessive: match possessive_style {
                "s" => PossessiveStyle::S,
                "apostrophe" => PossessiveStyle::Apostrophe,
                other => return Err(choice_error("possessive_style", other, &["s", "apostrophe"])),
            },
            naming: match names {
                "nearest" => Naming::Nearest,
                "representative" => Naming::Representative,
                other => return Err(choice_error("names", other, &["nearest", "representative"])),
            },
            ..Options::default()
        };
        let precision: Precision = match precision.parse() {
            Ok(p) => p,
            Err(_) => return Err(choice_error("precision", precision, &Precision::NAMES)),
        };
        let guard = PronounGuard::new(min_pronoun_probability)
            .map_err(|e| PyValueError::new_err(format!("min_pronoun_probability: {e}")))?;
        if threads == Some(0) {
            return Err(PyValueError::new_err("threads must be at least 1 (or None: one per core)"));
        }
        if max_words == Some(0) {
            return Err(PyValueError::new_err("max_words must be at least 1 (or None: no limit)"));
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.unwrap_or(0))
            .thread_name(|i| format!("corefer-{i}"))
            .build()
            .map_err(|e| PyValueError::new_err(format!("cannot start {threads:?} worker threads: {e}")))?;
        let loaded =
            py.detach(|| Resolver::builder().model(&model).precision(precision).pronoun_guard(guard).build());
        let resolver = loaded.map_err(|e| model_error(&model, e))?;
        if model == "default" && !corefer::HAS_EMBEDDED_MODEL {
            PyErr::warn(
                py,
                &py.get_type::<PyRuntimeWarning>(),
                c"this corefer build has no embedded neural model (models/DEFAULT was absent when it was \
                  compiled), so model=\"default\" is the rule-based baseline",
                1,
            )?;
        }
        Ok(PyResolver { resolver, pool, options, model, guard, max_words })
    }

    /// Resolves one text; `id` is copied into the result. Raises `DocumentError` when the document
    /// cannot be resolved.
    #[pyo3(signature = (text, id = String::new()))]
    fn resolve(&self, py: Python<'_>, text: String, id: String) -> PyResult<Resolution> {
        let threads = Threads::new(self.pool.current_num_threads());
        let result = py.detach(|| self.pool.install(|| self.resolve_one(id.clone(), text, threads)));
        result.map_err(|e| document_error(&format!("document {id:?}"), e))
    }

    /// Resolves many texts in parallel and returns their results in the order of `texts`.
    /// `ids` (as many as texts) are copied into the results. With `on_error="raise"` the first failed
    /// document raises `DocumentError` (naming its position); with `on_error="return"` its place in the
    /// list holds the `DocumentError` instead of a `Resolution`.
    #[pyo3(signature = (texts, ids = None, *, on_error = "raise"))]
    fn resolve_batch(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        ids: Option<&Bound<'_, PyAny>>,
        on_error: &str,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let raise = match on_error {
            "raise" => true,
            "return" => false,
            other => return Err(choice_error("on_error", other, &["raise", "return"])),
        };
        let texts = strings("texts", texts)?;
        let ids = match ids {
            None => vec![String::new(); texts.len()],
            Some(ids) => {
                let ids = strings("ids", ids)?;
                if ids.len() != texts.len() {
                    return Err(PyValueError::new_err(format!(
                        "{} ids were given for {} texts; give one id per text",
                        ids.len(),
                        texts.len()
                    )));
                }
                ids
            }
        };
        let threads =
            if texts.len() > 1 { Threads::ONE } else { Threads::new(self.pool.current_num_threads()) };
        let results: Vec<Result<Resolution, Failure>> = py.detach(|| {
            self.pool.install(|| {
                ids.into_par_iter().zip(texts).map(|(id, text)| self.resolve_one(id, text, threads)).collect()
            })
        });
        let mut out = Vec::with_capacity(results.len());
        for (i, result) in results.into_iter().enumerate() {
            match result {
                Ok(resolution) => out.push(Py::new(py, resolution)?.into_any()),
                Err(failure) => {
                    let err = document_error(&format!("texts[{i}]"), failure);
                    if raise {
                        return Err(err);
                    }
                    out.push(err.into_value(py).into_any());
                }
            }
        }
        Ok(out)
    }

    /// The model as it was asked for: "default", "accurate", a model directory...
    #[getter]
    fn model(&self) -> &str {
        &self.model
    }

    /// The loaded model's own name (such as "minilm-wl-coarse", or "baseline").
    #[getter]
    fn model_name(&self) -> &str {
        self.resolver.model_name()
    }

    /// The number of worker threads.
    #[getter]
    fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    #[getter]
    fn min_pronoun_probability(&self) -> f32 {
        self.guard.get()
    }

    #[getter]
    fn max_words(&self) -> Option<usize> {
        self.max_words
    }

    fn __repr__(&self) -> String {
        format!(
            "Resolver(model='{}', model_name='{}', threads={}, min_pronoun_probability={})",
            self.model.replace('\'', "\\'"),
            self.model_name(),
            self.threads(),
            self.guard.get()
        )
    }
}

impl PyResolver {
    /// Tokenises, resolves and rewrites one text on at most `threads` threads of the current pool.
    fn resolve_one(&self, id: String, text: String, threads: Threads) -> Result<Resolution, Failure> {
        let doc = tokenize(id, text.clone()).map_err(|e| Failure::Library(e.into()))?;
        let words = doc.words().len();
        if let Some(max) = self.max_words.filter(|&max| words > max) {
            return Err(Failure::TooLong { words, max });
        }
        let doc = self.resolver.resolve_document_with(doc, threads).map_err(Failure::Library)?;
        let (set, skipped) = MentionSet::from_document(&doc);
        let resolved = ResolvedRecord::new(doc.id.clone(), &rewrite(&set, &self.options), &skipped);
        Ok(Resolution::new(text, ClustersRecord::new(&doc), resolved))
    }
}

/// The strings of a list (or any iterable) of `str`, refusing a lone `str` (whose characters would
/// otherwise each become a document).
fn strings(what: &str, items: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if items.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a list (or other iterable) of str, not a single str; use Resolver.resolve for one text"
        )));
    }
    let iter = items.try_iter().map_err(|_| {
        PyTypeError::new_err(format!("{what} must be an iterable of str, not {}", type_name(items)))
    })?;
    let mut out = Vec::new();
    for (i, item) in iter.enumerate() {
        let item = item?;
        if !item.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err(format!("{what}[{i}] is {}, not str", type_name(&item))));
        }
        out.push(item.extract::<String>()?);
    }
    Ok(out)
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().name().map_or_else(|_| "an object".into(), |n| n.to_string())
}

fn choice_error(argument: &str, value: &str, choices: &[&str]) -> PyErr {
    let choices: Vec<String> = choices.iter().map(|c| format!("{c:?}")).collect();
    PyValueError::new_err(format!("{argument} must be one of {}, not {value:?}", choices.join(", ")))
}

/// `ModelError` for a model that could not be loaded, saying what `model` may be.
fn model_error(model: &str, error: ResolveError) -> PyErr {
    let hint = match &error {
        ResolveError::Model(LibModelError::Unknown { .. }) => {
            "; model must be \"default\", \"accurate\", \"baseline\", \"neural\" or the path of a model \
             directory (holding config.json, model.safetensors and tokenizer.json)"
        }
        _ => "",
    };
    ModelError::new_err(format!("cannot load model {model:?}: {error}{hint}"))
}

fn document_error(which: &str, failure: Failure) -> PyErr {
    match failure {
        Failure::TooLong { words, max } => DocumentError::new_err(format!(
            "{which} has {words} words, more than max_words={max}; split it or raise max_words"
        )),
        Failure::Library(e) => DocumentError::new_err(format!("{which} could not be resolved: {e}")),
    }
}
