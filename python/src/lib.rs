//! The native module `corefer._corefer` behind the `corefer` Python package: the classes and the
//! exceptions Python sees; the package's `__init__.py` re-exports them and adds the module-level helpers.
//!
//! Design decision: the binding adds no behaviour of its own. It calls the library's public surface
//! (`Resolver`, `tokenize`, `rewrite`) and hands Python the library's own JSON records, so a result from
//! Python is, field for field, what the CLI prints for the same text and options.

mod resolution;
mod resolver;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    corefer,
    CoreferError,
    PyException,
    "Base class of the errors corefer raises (ValueError and TypeError aside)."
);
create_exception!(
    corefer,
    ModelError,
    CoreferError,
    "A model could not be loaded: an unknown name, a missing or broken model directory."
);
create_exception!(
    corefer,
    DocumentError,
    CoreferError,
    "A document could not be resolved: too long for max_words, or refused by the model."
);

#[pymodule]
fn _corefer(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("HAS_EMBEDDED_MODEL", corefer::HAS_EMBEDDED_MODEL)?;
    m.add("CoreferError", py.get_type::<CoreferError>())?;
    m.add("ModelError", py.get_type::<ModelError>())?;
    m.add("DocumentError", py.get_type::<DocumentError>())?;
    m.add_class::<resolver::PyResolver>()?;
    m.add_class::<resolution::Resolution>()?;
    m.add_class::<resolution::Mention>()?;
    m.add_class::<resolution::Edit>()?;
    m.add_class::<resolution::Representative>()?;
    m.add_class::<resolution::Skipped>()?;
    Ok(())
}
