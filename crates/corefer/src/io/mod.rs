//! Readers and writers of corpus file formats. One module per format.

pub mod conll2012;
