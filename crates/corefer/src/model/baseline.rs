//! The deterministic baseline model: proper-name matching plus nearest compatible antecedent for
//! third-person pronouns. It is the bottom line of the accuracy table and the fallback model.
//!
//! Design decision: mentions are processed once, left to right, each either starting a new entity or
//! joining an earlier one; an entity remembers the gender and number its pronouns have shown, so "she"
//! will not join an entity already referred to as "he". No lexicon beyond the pronoun table and a short
//! list of capitalised function words: the baseline must stay small and explainable.

use std::collections::HashSet;

use crate::doc::Document;
use crate::model::{CorefModel, ModelError};
use crate::pronoun::{self, Gender, Number, Pronoun};
use crate::span::WordSpan;

/// Capitalised words that do not start a name (sentence-initial function words, days, months).
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "In",
    "On",
    "At",
    "For",
    "From",
    "With",
    "By",
    "To",
    "Of",
    "But",
    "And",
    "Or",
    "Nor",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "So",
    "Then",
    "There",
    "Here",
    "What",
    "Who",
    "Whom",
    "Whose",
    "Which",
    "How",
    "Why",
    "Where",
    "Some",
    "Many",
    "Most",
    "All",
    "Any",
    "Each",
    "Every",
    "No",
    "Not",
    "Yes",
    "Also",
    "However",
    "Today",
    "Yesterday",
    "Tomorrow",
    "Now",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Prof.",
    "Oh",
    "Well",
    "Yeah",
    "Okay",
    "OK",
    "Please",
    "Let",
    "Do",
    "Does",
    "Did",
    "Is",
    "Are",
    "Was",
    "Were",
    "Be",
    "Have",
    "Has",
    "Had",
    "Will",
    "Would",
    "Can",
    "Could",
    "Should",
    "One",
    "Two",
    "Three",
    "Our",
    "We",
    "Its",
];

/// What kind of mention the baseline found.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Name,
    Pronoun(Pronoun),
}

/// An entity being built: its mentions and what its pronouns said about it.
struct Entity {
    mentions: Vec<(WordSpan, Kind)>,
    gender: Option<Gender>,
    number: Option<Number>,
}

/// Name matching plus nearest compatible antecedent for third-person pronouns.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// How many sentences back (besides the pronoun's own) a pronoun looks for its antecedent.
    pub pronoun_window: usize,
}

impl Default for Baseline {
    fn default() -> Self {
        Baseline { pronoun_window: 2 }
    }
}

impl CorefModel for Baseline {
    fn name(&self) -> &str {
        "baseline"
    }

    fn predict(&self, doc: &Document) -> Result<Vec<Vec<WordSpan>>, ModelError> {
        let mut entities: Vec<Entity> = Vec::new();
        for (span, kind) in mentions(doc) {
            let target = match kind {
                Kind::Name => name_antecedent(doc, &entities, span),
                Kind::Pronoun(p) => self.pronoun_antecedent(doc, &entities, span, p),
            };
            match target {
                Some(index) => entities[index].add(span, kind),
                None => entities.push(Entity::new(span, kind)),
            }
        }
        Ok(entities
            .into_iter()
            .filter(|e| e.mentions.len() > 1)
            .map(|e| e.mentions.into_iter().map(|(span, _)| span).collect())
            .collect())
    }
}

impl Entity {
    fn new(span: WordSpan, kind: Kind) -> Self {
        let mut entity = Entity { mentions: Vec::new(), gender: None, number: None };
        entity.add(span, kind);
        entity
    }

    fn add(&mut self, span: WordSpan, kind: Kind) {
        if let Kind::Pronoun(p) = kind {
            if p.gender != Gender::Unknown {
                self.gender = Some(p.gender);
            }
            if p.number != Number::Either {
                self.number = Some(p.number);
            }
        }
        self.mentions.push((span, kind));
    }

    fn has_name(&self) -> bool {
        self.mentions.iter().any(|(_, kind)| matches!(kind, Kind::Name))
    }

    /// Whether a pronoun may refer to this entity.
    fn accepts(&self, p: &Pronoun) -> bool {
        let gender_ok = match (self.gender, p.gender) {
            (Some(known), wanted) if wanted != Gender::Unknown => known == wanted,
            (None, Gender::Neuter) => !self.has_name(),
            _ => true,
        };
        let number_ok = match (self.number, p.number) {
            (Some(known), wanted) if wanted != Number::Either => known == wanted,
            (None, Number::Either) => !self.has_name(),
            _ => true,
        };
        gender_ok && number_ok
    }
}

impl Baseline {
    /// The entity of the nearest earlier mention, within the window, that the pronoun agrees with.
    fn pronoun_antecedent(
        &self,
        doc: &Document,
        entities: &[Entity],
        span: WordSpan,
        p: Pronoun,
    ) -> Option<usize> {
        let sentence = doc.words()[span.start()].sentence;
        let first_sentence = sentence.saturating_sub(self.pronoun_window);
        entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.accepts(&p))
            .filter_map(|(i, e)| e.mentions.last().map(|(last, _)| (i, *last)))
            .filter(|(_, last)| doc.words()[last.start()].sentence >= first_sentence)
            .max_by_key(|(_, last)| last.start())
            .map(|(i, _)| i)
    }
}

/// The entity of an earlier name with the same text or the same last word.
fn name_antecedent(doc: &Document, entities: &[Entity], span: WordSpan) -> Option<usize> {
    let words = |s: WordSpan| -> Vec<&str> { s.range().map(|i| doc.word_text(i)).collect() };
    let this = words(span);
    entities.iter().rposition(|e| {
        e.mentions.iter().any(|(earlier, kind)| {
            let earlier = words(*earlier);
            matches!(kind, Kind::Name) && (earlier == this || earlier.last() == this.last())
        })
    })
}

/// Names (runs of capitalised words) and third-person pronouns, in text order.
///
/// A run cannot start with a listed function word, nor, at the start of a sentence, with a word the
/// document also uses in lowercase ("Later" when "later" occurs).
fn mentions(doc: &Document) -> Vec<(WordSpan, Kind)> {
    let lowercase: HashSet<&str> = (0..doc.words().len())
        .map(|i| doc.word_text(i))
        .filter(|w| w.starts_with(char::is_lowercase))
        .collect();
    let sentence_start = |i: usize| doc.sentences()[doc.words()[i].sentence].words.start() == i;
    let starts_name = |i: usize, w: &str| {
        !(NOT_NAMES.contains(&w) || sentence_start(i) && lowercase.contains(w.to_lowercase().as_str()))
    };
    let mut found = Vec::new();
    let mut run_start: Option<usize> = None;
    let count = doc.words().len();
    for i in 0..=count {
        let word = (i < count).then(|| doc.word_text(i));
        let in_name = word.is_some_and(|w| is_capitalised(w) && (run_start.is_some() || starts_name(i, w)))
            && run_start.is_none_or(|start| doc.words()[start].sentence == doc.words()[i].sentence);
        if let (false, Some(start)) = (in_name, run_start) {
            found.push((WordSpan::new(start, i).expect("run grows forward"), Kind::Name));
            run_start = None;
        }
        if in_name && run_start.is_none() {
            run_start = Some(i);
        }
        if let Some(p) = word.and_then(pronoun::lookup).filter(Pronoun::is_third_person) {
            found.push((WordSpan::new(i, i + 1).expect("one word"), Kind::Pronoun(p)));
        }
    }
    found.sort_by_key(|(span, _)| (span.start(), span.end()));
    found
}

/// A word that starts with an uppercase letter and is no pronoun ("Kim", "U.S.", but not "It").
fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && pronoun::lookup(word).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn clusters(text: &str) -> Vec<Vec<String>> {
        let doc = tokenize("t", text).unwrap();
        let mut spans = Baseline::default().predict(&doc).unwrap();
        spans.sort();
        spans
            .iter()
            .map(|c| c.iter().map(|s| doc.mention_text(&doc.mention(*s).unwrap()).to_string()).collect())
            .collect()
    }

    #[test]
    fn names_match_exactly_or_by_last_word() {
        assert_eq!(
            clusters("Maria Lopez won. Reporters saw Lopez, and Maria Lopez left."),
            [["Maria Lopez", "Lopez", "Maria Lopez"]]
        );
        assert!(clusters("The Senate met. The House left.").is_empty());
    }

    #[test]
    fn pronouns_take_the_nearest_compatible_entity() {
        assert_eq!(clusters("Ann met Bob. He smiled. She waved."), [["Ann", "She"], ["Bob", "He"]]);
        assert_eq!(clusters("It rained. Rain fell. It stopped."), [["It", "It"]]);
        assert!(clusters("Bob left. It rained.").is_empty(), "it never refers to a name");
    }

    #[test]
    fn pronouns_look_back_only_within_the_window() {
        assert!(clusters("Ann sang. We ate. We drank. We slept. She left.").is_empty());
    }

    #[test]
    fn sentence_initial_common_words_do_not_start_names() {
        assert_eq!(clusters("Later Lopez spoke. We met later with Lopez."), [["Lopez", "Lopez"]]);
    }
}
