//! Edits on the original text and their application: the only way the rewriter changes text.
//!
//! Design decision: a rewrite is a set of replacements of mention spans, held in an [`EditList`] that
//! refuses an edit overlapping one it holds. Applying it copies every byte outside an edit unchanged, so
//! the rewrite is lossless by construction, and each [`AppliedEdit`] keeps the original span, the
//! original text and its span in the resolved text, so the rewrite can be undone and positions mapped
//! both ways.

use std::collections::BTreeMap;

use crate::doc::Probability;
use crate::span::TextSpan;
use crate::span::{ByteSpan, CharSpan};

/// Replace the text at `at` with `replacement`, on behalf of cluster `cluster`, whose mention `name`
/// gave the replacement its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Where the text to replace lies in the original text.
    pub at: TextSpan,
    /// The text to put in its place.
    pub replacement: String,
    /// The id of the cluster the edit is made for (its index among the input clusters).
    pub cluster: usize,
    /// The whole mention of that cluster whose words the replacement uses, in the original text.
    pub name: TextSpan,
    /// The model's confidence in the link of the replaced mention, when it gave one.
    pub confidence: Option<Probability>,
}

/// The error of inserting an edit that overlaps one already in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("edit at bytes {new:?} overlaps the edit at bytes {held:?}")]
pub struct Overlap {
    /// The byte span of the edit refused.
    pub new: ByteSpan,
    /// The byte span of the held edit it overlaps (or starts at the same byte as).
    pub held: ByteSpan,
}

/// Non-overlapping edits in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditList {
    by_start: BTreeMap<usize, Edit>,
}

impl EditList {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an edit unless it overlaps one already held.
    pub fn insert(&mut self, edit: Edit) -> Result<(), Overlap> {
        let new = edit.at.bytes;
        let before = self.by_start.range(..=new.start()).next_back();
        let after = self.by_start.range(new.start()..).next();
        for (_, held) in before.into_iter().chain(after) {
            let held = held.at.bytes;
            if held.overlaps(&new) || held.start() == new.start() {
                return Err(Overlap { new, held });
            }
        }
        self.by_start.insert(new.start(), edit);
        Ok(())
    }

    /// The number of edits held.
    pub fn len(&self) -> usize {
        self.by_start.len()
    }

    /// The edits in text order.
    pub fn iter(&self) -> impl Iterator<Item = &Edit> {
        self.by_start.values()
    }

    /// The edits lying inside `span`, in text order.
    pub fn within(&self, span: ByteSpan) -> impl Iterator<Item = &Edit> {
        self.by_start
            .range(span.start()..span.end())
            .map(|(_, e)| e)
            .filter(move |e| e.at.bytes.end() <= span.end())
    }

    /// Applies the edits to `text` (the text their spans point into).
    pub fn apply(&self, text: &str) -> Resolved {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut edits = Vec::with_capacity(self.len());
        let (mut copied_to, mut char_shift) = (0usize, 0isize);
        for edit in self.iter() {
            let original = edit.at;
            out.push_str(&text[copied_to..original.bytes.start()]);
            let start_byte = out.len();
            // Invariant: the shift is what earlier edits added or removed before this one, and an edit
            // removes at most its own chars, so the shifted start is never negative.
            #[allow(clippy::expect_used)]
            let start_char =
                original.chars.start().checked_add_signed(char_shift).expect("shift stays in range");
            out.push_str(&edit.replacement);
            let replacement_chars = edit.replacement.chars().count();
            let resolved = TextSpan {
                bytes: ByteSpan::at(start_byte, edit.replacement.len()),
                chars: CharSpan::at(start_char, replacement_chars),
            };
            char_shift += replacement_chars as isize - original.chars.len() as isize;
            copied_to = original.bytes.end();
            edits.push(AppliedEdit {
                original,
                resolved,
                original_text: text[original.bytes.range()].to_string(),
                replacement: edit.replacement.clone(),
                cluster: edit.cluster,
                name: edit.name,
                confidence: edit.confidence,
            });
        }
        out.push_str(&text[copied_to..]);
        Resolved { text: out, edits }
    }
}

/// One edit as applied: where it was, what it said, where its replacement sits in the resolved text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedEdit {
    /// Where the replaced text lay in the original text.
    pub original: TextSpan,
    /// Where the replacement lies in the resolved text.
    pub resolved: TextSpan,
    /// The replaced text, as the original had it.
    pub original_text: String,
    /// The text put in its place.
    pub replacement: String,
    /// The id of the cluster the edit was made for (its index among the input clusters).
    pub cluster: usize,
    /// The mention of the cluster the replacement was taken from.
    pub name: TextSpan,
    /// The model's confidence in the link of the replaced mention, when it gave one.
    pub confidence: Option<Probability>,
}

/// The resolved text and the edits that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The rewritten text.
    pub text: String,
    /// Every edit applied, in text order.
    pub edits: Vec<AppliedEdit>,
}

impl Resolved {
    /// Undoes every edit, giving back the original text byte for byte.
    pub fn undo(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        let mut copied_to = 0;
        for edit in &self.edits {
            out.push_str(&self.text[copied_to..edit.resolved.bytes.start()]);
            out.push_str(&edit.original_text);
            copied_to = edit.resolved.bytes.end();
        }
        out.push_str(&self.text[copied_to..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(text: &str, word: &str, replacement: &str) -> Edit {
        let start = text.find(word).unwrap();
        let chars = text[..start].chars().count();
        Edit {
            at: TextSpan {
                bytes: ByteSpan::new(start, start + word.len()).unwrap(),
                chars: CharSpan::new(chars, chars + word.chars().count()).unwrap(),
            },
            replacement: replacement.into(),
            cluster: 0,
            name: TextSpan { bytes: ByteSpan::new(0, 0).unwrap(), chars: CharSpan::new(0, 0).unwrap() },
            confidence: None,
        }
    }

    #[test]
    fn overlapping_edits_are_refused() {
        let text = "Zoë saw her dog";
        let mut list = EditList::new();
        list.insert(edit(text, "her", "Zoë's")).unwrap();
        assert!(list.insert(edit(text, "her dog", "the pet")).is_err());
        assert!(list.insert(edit(text, "saw her", "x")).is_err());
        assert!(list.insert(edit(text, "her", "y")).is_err());
        list.insert(edit(text, "dog", "pup")).unwrap();
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn apply_copies_the_rest_and_maps_positions_both_ways() {
        let text = "Zoë saw her  dog; it ran.";
        let mut list = EditList::new();
        list.insert(edit(text, "it", "the dog")).unwrap();
        list.insert(edit(text, "her", "Zoë’s")).unwrap();
        let resolved = list.apply(text);
        assert_eq!(resolved.text, "Zoë saw Zoë’s  dog; the dog ran.");
        let second = &resolved.edits[1];
        assert_eq!((second.original_text.as_str(), second.original.chars.start()), ("it", 18));
        assert_eq!(second.resolved.chars.start(), 20);
        assert_eq!(&resolved.text[second.resolved.bytes.range()], "the dog");
        assert_eq!(resolved.undo(), text);
    }
}
