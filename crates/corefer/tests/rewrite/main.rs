//! Behaviour of the rewriter (`corefer::rewrite`): one test per rule, one per corruption seen in other
//! pipelines, and property tests over random texts and clusters.

mod common;
mod gum;
mod properties;
mod regressions;
mod representative;
mod rules;
mod trust;
