//! Half-open spans `[start, end)` over one unit: bytes, chars (Unicode code points) or words.
//!
//! Design decision: the unit is part of the type (`Span<Bytes>`, `Span<Chars>`, `Span<Words>`), and a span
//! can only be built through [`Span::new`], which refuses `start > end`. Offsets in three units travel
//! side by side through the whole pipeline; making them distinct types means a char offset can never be
//! used to slice a `&str` (which wants bytes) without the compiler noticing.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Unit marker: UTF-8 byte offsets (valid for slicing `&str` when on char boundaries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bytes {}
/// Unit marker: Unicode code point offsets (as Python `str` indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Chars {}
/// Unit marker: word (token) indices within a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Words {}

/// A half-open interval `[start, end)` with `start <= end`, in unit `U`.
#[derive(PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span<U> {
    start: usize,
    end: usize,
    unit: PhantomData<U>,
}

/// A half-open span of UTF-8 byte offsets into a text.
pub type ByteSpan = Span<Bytes>;
/// A half-open span of Unicode code point offsets into a text (Python `str` indices).
pub type CharSpan = Span<Chars>;
/// A half-open span of word indices within a document.
pub type WordSpan = Span<Words>;

/// The error of building a span whose start lies after its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("span start {start} lies after its end {end}")]
pub struct InvertedSpan {
    /// The requested start, which is greater than `end`.
    pub start: usize,
    /// The requested (exclusive) end.
    pub end: usize,
}

impl<U> Span<U> {
    /// Builds `[start, end)`; refuses `start > end`.
    pub fn new(start: usize, end: usize) -> Result<Self, InvertedSpan> {
        if start > end {
            return Err(InvertedSpan { start, end });
        }
        Ok(Span { start, end, unit: PhantomData })
    }

    /// Builds `[start, start + len)`, which is never inverted.
    pub fn at(start: usize, len: usize) -> Self {
        Span { start, end: start + len, unit: PhantomData }
    }

    /// Builds the inclusive range `[first, last]` as the half-open `[first, last + 1)`.
    pub fn inclusive(first: usize, last: usize) -> Result<Self, InvertedSpan> {
        Self::new(first, last + 1)
    }

    /// The first unit inside the span (inclusive).
    pub fn start(&self) -> usize {
        self.start
    }

    /// The unit just after the span (exclusive).
    pub fn end(&self) -> usize {
        self.end
    }

    /// The number of units the span covers (`end - start`).
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no unit (`start == end`).
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The last unit inside a non-empty span.
    pub fn last(&self) -> Option<usize> {
        (!self.is_empty()).then(|| self.end - 1)
    }

    /// Whether the unit at `index` lies inside the span (`start <= index < end`).
    pub fn contains(&self, index: usize) -> bool {
        self.start <= index && index < self.end
    }

    /// Whether `other` lies inside `self` (a span contains itself).
    pub fn encloses(&self, other: &Self) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one unit.
    pub fn overlaps(&self, other: &Self) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Whether the spans overlap without either enclosing the other.
    pub fn crosses(&self, other: &Self) -> bool {
        self.overlaps(other) && !self.encloses(other) && !other.encloses(self)
    }

    /// The span as the standard range `start..end`.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

impl<U> Clone for Span<U> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<U> Copy for Span<U> {}

impl<U> fmt::Debug for Span<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {})", self.start, self.end)
    }
}

impl Span<Bytes> {
    /// The text this byte span covers, if it lies inside `text` on char boundaries.
    pub fn slice<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.range())
    }
}

/// Serialised as a two-element array `[start, end]`; deserialising checks `start <= end`.
impl<U> Serialize for Span<U> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(serializer)
    }
}

impl<'de, U> Deserialize<'de> for Span<U> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let [start, end] = <[usize; 2]>::deserialize(deserializer)?;
        Span::new(start, end).map_err(serde::de::Error::custom)
    }
}

/// Where a piece of text lies, in UTF-8 bytes (for slicing) and in chars (for reporting, as Python `str`
/// indices): the two always describe the same extent of one text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextSpan {
    /// The extent in UTF-8 bytes.
    pub bytes: ByteSpan,
    /// The same extent in chars.
    pub chars: CharSpan,
}

/// A [`TextSpan`] as JSON records carry it (`#[serde(flatten)]`ed among a record's own fields): chars
/// `start`/`end` (Python `str` indices) and bytes `start_byte`/`end_byte`. Read from outside, it is
/// unchecked until it is located in its text (as the rewriter does with clusters it is given).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offsets {
    /// First code point (inclusive).
    pub start: usize,
    /// Code point after the end (exclusive).
    pub end: usize,
    /// First byte (inclusive).
    pub start_byte: usize,
    /// Byte after the end (exclusive).
    pub end_byte: usize,
}

impl Offsets {
    /// The offsets of `chars` and `bytes` (which should describe one extent).
    pub fn new(chars: CharSpan, bytes: ByteSpan) -> Self {
        Offsets { start: chars.start(), end: chars.end(), start_byte: bytes.start(), end_byte: bytes.end() }
    }
}

impl From<TextSpan> for Offsets {
    fn from(at: TextSpan) -> Self {
        Offsets::new(at.chars, at.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverted_spans_cannot_be_built() {
        assert_eq!(WordSpan::new(3, 2), Err(InvertedSpan { start: 3, end: 2 }));
        assert!(WordSpan::new(2, 2).unwrap().is_empty());
    }

    #[test]
    fn relations() {
        let outer = CharSpan::new(0, 10).unwrap();
        let inner = CharSpan::new(2, 4).unwrap();
        let crossing = CharSpan::new(8, 12).unwrap();
        assert!(outer.encloses(&inner) && !inner.encloses(&outer));
        assert!(outer.crosses(&crossing) && !outer.crosses(&inner));
        assert!(!inner.overlaps(&CharSpan::new(4, 5).unwrap()));
        assert_eq!(WordSpan::inclusive(3, 3).unwrap().len(), 1);
    }

    #[test]
    fn serde_refuses_inverted() {
        assert!(serde_json::from_str::<ByteSpan>("[5, 1]").is_err());
        let span: ByteSpan = serde_json::from_str("[1, 5]").unwrap();
        assert_eq!(serde_json::to_string(&span).unwrap(), "[1,5]");
    }

    #[test]
    fn byte_slices_respect_char_boundaries() {
        let text = "héllo";
        assert_eq!(ByteSpan::new(0, 1).unwrap().slice(text), Some("h"));
        assert_eq!(ByteSpan::new(0, 2).unwrap().slice(text), None);
    }
}
