//! The deterministic baseline model: proper-name matching, definite descriptions matched by their last
//! word, nearest agreeing antecedent for third-person pronouns, and one entity per speaker for first-
//! and second-person pronouns. It is the bottom line of the accuracy table and the fallback model.
//!
//! Design decision: mentions are processed once, left to right, each either starting a new entity or
//! joining an earlier one; an entity remembers what its pronouns have shown (he/she/it, or plural they),
//! so "she" will not join an entity already called "he", and "it" never joins a person's name. No lexicon
//! beyond the pronoun table and a short list of capitalised function words: the baseline must stay small
//! and explainable.

use std::collections::{HashMap, HashSet};

use crate::doc::Document;
use crate::model::{CorefModel, ModelError, Prediction, PronounGuard, Threads};
use crate::pronoun::{self, Gender, Number, Person, Pronoun};
use crate::span::WordSpan;

/// Capitalised words that do not start a name (sentence-initial function words, days, months, titles).
const NOT_NAMES: &str = "The A An This That These Those In On At For From With By To Of But And Or Nor If \
    When While After Before As So Then There Here What Who Whom Whose Which How Why Where Some Many Most \
    All Any Each Every No Not Yes Also However Today Yesterday Tomorrow Now Monday Tuesday Wednesday \
    Thursday Friday Saturday Sunday January February March April May June July August September October \
    November December Mr. Mrs. Ms. Dr. Prof. Oh Well Yeah Okay OK Please Let Do Does Did Is Are Was Were \
    Be Have Has Had Will Would Can Could Should One Two Three";

/// Words that, right before a name, say it names a thing or a group rather than a person.
const ARTICLES: &[&str] = &["the", "The", "a", "A", "an", "An"];

/// Determiners that start a definite description ("the new library").
const DEFINITES: &[&str] = &["the", "The", "this", "This", "these", "These", "those", "Those"];

/// Lowercase words that end a definite description before them (prepositions, conjunctions, verbs
/// and other function words), so "the library in" yields "the library".
const NOT_IN_DESCRIPTIONS: &str = "of in on at to for from with by about as into over after before     under between through during without within and or but nor so yet that which who whom whose what     when where why how if than then is are was were be been being has have had do does did will would     can could should may might must shall not also only just very too more most much many some all any     each every both either neither other such same own there here again ever never always already still";

/// What kind of mention the baseline found.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// A run of capitalised words; `after_article` when "the"/"a" precedes it, perhaps with up to two
    /// lowercase words between ("the new Harbor Library").
    Name {
        after_article: bool,
    },
    /// A definite description ("the new library"); it joins only earlier descriptions with the same
    /// last word, and pronouns do not join it.
    Description,
    Pronoun(Pronoun),
}

/// An entity being built: its mentions and what they said about it.
#[derive(Default)]
struct Entity {
    mentions: Vec<WordSpan>,
    /// he/she/it, once a pronoun with that gender joined.
    gender: Option<Gender>,
    /// A plural "they" joined (or started) it.
    plural: bool,
    /// It has a name not preceded by an article: it may be a person.
    person_name: bool,
    /// It has a name preceded by an article: a thing or group.
    thing_name: bool,
}

impl Entity {
    fn add(&mut self, span: WordSpan, kind: Kind) {
        match kind {
            Kind::Name { after_article: true } => self.thing_name = true,
            Kind::Description => {}
            Kind::Name { after_article: false } => self.person_name = true,
            Kind::Pronoun(p) if p.person != Person::Third => {}
            Kind::Pronoun(p) if p.gender == Gender::Unknown => self.plural = true,
            Kind::Pronoun(p) => self.gender = Some(p.gender),
        }
        self.mentions.push(span);
    }

    /// Whether a third-person pronoun may refer to this entity.
    fn accepts(&self, p: &Pronoun) -> bool {
        match p.gender {
            Gender::Masculine | Gender::Feminine => {
                !self.plural
                    && self.gender.is_none_or(|g| g == p.gender)
                    && (self.person_name || self.gender.is_some())
            }
            Gender::Neuter => {
                self.gender == Some(Gender::Neuter) || (self.thing_name && self.gender.is_none())
            }
            Gender::Unknown => self.plural,
        }
    }
}

/// Who a first- or second-person pronoun points at: the speaker (I, we) or the addressee (you), per
/// speaker of the sentence.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Deixis {
    Speaker(Option<String>),
    SpeakerGroup(Option<String>),
    Addressee(Option<String>),
}

/// Name matching plus pronoun resolution; see the module documentation.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// How many sentences back (besides the pronoun's own) a third-person pronoun looks for its antecedent.
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

    fn predict(
        &self,
        doc: &Document,
        _threads: Threads,
        _guard: PronounGuard,
    ) -> Result<Prediction, ModelError> {
        let mut entities: Vec<Entity> = Vec::new();
        let mut assigned: Vec<(WordSpan, usize)> = Vec::new();
        let mut names = NameIndex::default();
        let mut descriptions: HashMap<&str, usize> = HashMap::new();
        let mut deictic: HashMap<Deixis, usize> = HashMap::new();
        for (span, kind) in mentions(doc) {
            let speaker = || doc.sentences()[doc.words()[span.start()].sentence].speaker.clone();
            let words: Vec<&str> = span.range().map(|i| doc.word_text(i)).collect();
            let target = match kind {
                Kind::Name { .. } => names.find(&words),
                Kind::Description => descriptions.get(words.last().copied().unwrap_or_default()).copied(),
                Kind::Pronoun(p) if p.person == Person::Third => {
                    self.pronoun_antecedent(doc, &entities, &assigned, span, p)
                }
                Kind::Pronoun(p) => {
                    let deixis = match (p.person, p.number) {
                        (Person::First, Number::Plural) => Deixis::SpeakerGroup(speaker()),
                        (Person::First, _) => Deixis::Speaker(speaker()),
                        _ => Deixis::Addressee(speaker()),
                    };
                    let index = *deictic.entry(deixis).or_insert(entities.len());
                    (index < entities.len()).then_some(index)
                }
            };
            let index = target.unwrap_or_else(|| {
                entities.push(Entity::default());
                entities.len() - 1
            });
            entities[index].add(span, kind);
            match kind {
                Kind::Name { .. } => names.insert(words, index),
                Kind::Description => {
                    descriptions.insert(words.last().copied().unwrap_or_default(), index);
                }
                Kind::Pronoun(_) => {}
            }
            assigned.push((span, index));
        }
        let clusters: Vec<Vec<WordSpan>> =
            entities.into_iter().filter(|e| e.mentions.len() > 1).map(|e| e.mentions).collect();
        Ok(clusters.into())
    }
}

impl Baseline {
    /// The entity of the nearest earlier mention, within the window, that the pronoun agrees with.
    fn pronoun_antecedent(
        &self,
        doc: &Document,
        entities: &[Entity],
        assigned: &[(WordSpan, usize)],
        span: WordSpan,
        p: Pronoun,
    ) -> Option<usize> {
        let first_sentence = doc.words()[span.start()].sentence.saturating_sub(self.pronoun_window);
        assigned
            .iter()
            .rev()
            .take_while(|(earlier, _)| doc.words()[earlier.start()].sentence >= first_sentence)
            .find(|(_, entity)| entities[*entity].accepts(&p))
            .map(|(_, entity)| *entity)
    }
}

/// Earlier names by their words and by their last word, each mapped to the latest entity holding one.
#[derive(Default)]
struct NameIndex<'d> {
    exact: HashMap<Vec<&'d str>, usize>,
    last_of_long: HashMap<&'d str, usize>,
    last_of_short: HashMap<&'d str, usize>,
}

impl<'d> NameIndex<'d> {
    /// The latest entity with a name equal to `words`, or sharing its last word when either name has
    /// more than one word ("Maria Lopez" … "Lopez").
    fn find(&self, words: &[&'d str]) -> Option<usize> {
        let last = words.last()?;
        let short = if words.len() > 1 { self.last_of_short.get(last) } else { None };
        [self.exact.get(words), self.last_of_long.get(last), short].into_iter().flatten().max().copied()
    }

    fn insert(&mut self, words: Vec<&'d str>, entity: usize) {
        let Some(&last) = words.last() else { return };
        let by_last = if words.len() > 1 { &mut self.last_of_long } else { &mut self.last_of_short };
        for slot in [by_last.entry(last).or_insert(entity), self.exact.entry(words).or_insert(entity)] {
            *slot = (*slot).max(entity);
        }
    }
}

/// Names (runs of capitalised words) and personal pronouns, in text order.
///
/// A run cannot start with a listed function word, nor, at the start of a sentence, with a word the
/// document also uses in lowercase ("Later" when "later" occurs). Headlines (title-case sentences) hold
/// no names: their capitals say nothing.
fn mentions(doc: &Document) -> Vec<(WordSpan, Kind)> {
    let headlines: Vec<bool> = doc.sentences().iter().map(|s| is_headline(doc, s.words)).collect();
    let lowercase: HashSet<&str> = (0..doc.words().len())
        .map(|i| doc.word_text(i))
        .filter(|w| w.starts_with(char::is_lowercase))
        .collect();
    let sentence_start = |i: usize| doc.sentences()[doc.words()[i].sentence].words.start() == i;
    let starts_name = |i: usize, w: &str| {
        !(NOT_NAMES.split_whitespace().any(|n| n == w)
            || sentence_start(i) && lowercase.contains(w.to_lowercase().as_str()))
    };
    let mut found = Vec::new();
    let mut run_start: Option<usize> = None;
    let count = doc.words().len();
    for i in 0..=count {
        let word = (i < count).then(|| doc.word_text(i));
        let in_name = word.is_some_and(|w| is_capitalised(w) && (run_start.is_some() || starts_name(i, w)))
            && !headlines[doc.words()[i].sentence]
            && run_start.is_none_or(|start| doc.words()[start].sentence == doc.words()[i].sentence);
        if let (false, Some(start)) = (in_name, run_start) {
            let after_article = (start.saturating_sub(3)..start)
                .rev()
                .map(|j| doc.word_text(j))
                .take_while(|w| w.starts_with(char::is_lowercase) || ARTICLES.contains(w))
                .any(|w| ARTICLES.contains(&w));
            found.push((WordSpan::at(start, i - start), Kind::Name { after_article }));
            run_start = None;
        }
        if in_name && run_start.is_none() {
            run_start = Some(i);
        }
        if let Some(p) = word.and_then(pronoun::lookup) {
            found.push((WordSpan::at(i, 1), Kind::Pronoun(p)));
        }
        if let Some(end) = word.filter(|w| DEFINITES.contains(w)).and_then(|_| description_end(doc, i)) {
            found.push((WordSpan::at(i, end - i), Kind::Description));
        }
    }
    found.sort_by_key(|(span, _)| (span.start(), span.end()));
    found
}

/// The most content words a definite description may have after its determiner.
const DESCRIPTION_WORDS: usize = 2;

/// The end of the definite description whose determiner is word `det`: up to [`DESCRIPTION_WORDS`]
/// lowercase content words of the same sentence; `None` when there are none or a capitalised word
/// follows (a name's premodifiers, as in "the new Harbor Library"). Without part-of-speech tags a
/// following verb may be taken in ("the library closed"); function words stop it ("the library was").
fn description_end(doc: &Document, det: usize) -> Option<usize> {
    let sentence_end = doc.sentences()[doc.words()[det].sentence].words.end();
    let limit = sentence_end.min(det + 1 + DESCRIPTION_WORDS);
    let content = |w: &str| {
        w.chars().all(|c| c.is_lowercase() || c == '-')
            && pronoun::lookup(w).is_none()
            && !NOT_IN_DESCRIPTIONS.split_whitespace().any(|f| f == w)
    };
    let end = (det + 1..limit).find(|&j| !content(doc.word_text(j))).unwrap_or(limit);
    let followed_by_name = end < sentence_end && doc.word_text(end).starts_with(char::is_uppercase);
    (end > det + 1 && !followed_by_name).then_some(end)
}

/// A sentence of at least four words, most of them capitalised, with no final punctuation
/// ("Harbor Town Opens Its First Library").
fn is_headline(doc: &Document, words: WordSpan) -> bool {
    let alphabetic: Vec<&str> =
        words.range().map(|i| doc.word_text(i)).filter(|w| w.starts_with(char::is_alphabetic)).collect();
    let capitalised = alphabetic.iter().filter(|w| w.starts_with(char::is_uppercase)).count();
    let unterminated = words.last().is_some_and(|last| !matches!(doc.word_text(last), "." | "!" | "?"));
    unterminated && alphabetic.len() >= 4 && 4 * capitalised >= 3 * alphabetic.len()
}

/// A word that starts with an uppercase letter and is no pronoun ("Kim", "U.S.", but not "It").
fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && pronoun::lookup(word).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn clusters_of(doc: &Document) -> Vec<Vec<String>> {
        let mut spans = Baseline::default().predict(doc, Threads::ONE, PronounGuard::OFF).unwrap().clusters;
        spans.sort();
        spans
            .iter()
            .map(|c| c.iter().map(|s| doc.mention_text(&doc.mention(*s).unwrap()).to_string()).collect())
            .collect()
    }

    fn clusters(text: &str) -> Vec<Vec<String>> {
        clusters_of(&tokenize("t", text).unwrap())
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
    fn pronouns_take_the_nearest_agreeing_entity() {
        assert_eq!(clusters("Ann met Bob. He smiled. She waved."), [["Ann", "She"], ["Bob", "He"]]);
        assert_eq!(clusters("It rained. Rain fell. It stopped."), [["It", "It"]]);
        assert!(clusters("Bob left. It rained.").is_empty(), "it never refers to a person's name");
        assert_eq!(clusters("Ann saw the new Town Library. She smiled."), [["Ann", "She"]]);
        assert_eq!(
            clusters("Ann visited the Town Library. It was new. She smiled."),
            [["Ann", "She"], ["Town Library", "It"]]
        );
        assert_eq!(
            clusters("Ann met the twins. They smiled. She left. They waved."),
            [["Ann", "She"], ["They", "They"]]
        );
    }

    #[test]
    fn pronouns_look_back_only_within_the_window() {
        assert_eq!(clusters("Ann sang. We ate. We drank. We slept. She left."), [["We", "We", "We"]]);
    }

    #[test]
    fn first_person_pronouns_join_per_speaker() {
        let sentences = [
            (vec!["I", "know", "my", "job"], Some("A".to_string())),
            (vec!["I", "agree"], Some("B".to_string())),
            (vec!["Me", "too"], Some("B".to_string())),
        ];
        let doc = Document::from_sentences("d", &sentences).unwrap();
        assert_eq!(clusters_of(&doc), [["I", "my"], ["I", "Me"]]);
    }

    #[test]
    fn they_never_joins_first_person() {
        assert!(clusters("I left. They stayed.").is_empty());
    }

    #[test]
    fn large_documents_resolve_in_linear_time() {
        let text = "Ann Lee met Bob. She smiled. It rained. They waved. I left. ".repeat(20_000);
        let doc = tokenize("big", text).unwrap();
        let clusters = Baseline::default().predict(&doc, Threads::ONE, PronounGuard::OFF).unwrap().clusters;
        // Ann Lee (every repeat), Bob + She, and I chain; It and They find no antecedent in their window.
        assert_eq!(clusters.iter().map(Vec::len).collect::<Vec<_>>(), [20_000, 40_000, 20_000]);
    }

    #[test]
    fn headlines_hold_no_names() {
        assert_eq!(
            clusters("Town Opens Its New Library\n\nThe Library opened. Ann Lee came. She smiled."),
            [["Ann Lee", "She"]]
        );
    }

    #[test]
    fn definite_descriptions_match_by_last_word() {
        assert_eq!(
            clusters("Ann saw the old library in town. It rained. The library was closed."),
            [["the old library", "The library"]]
        );
        assert!(clusters("We saw the new Town Hall. The hall was empty.").iter().all(|c| c[0] != "the new"));
    }

    #[test]
    fn sentence_initial_common_words_do_not_start_names() {
        assert_eq!(clusters("Later Lopez spoke. We met later with Lopez."), [["Lopez", "Lopez"]]);
    }
}
