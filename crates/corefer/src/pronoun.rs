//! English pronoun lexicon: person, number, gender and form of each personal pronoun.
//!
//! Design decision: one closed table, looked up case-insensitively (with ’ folded to '), shared by every
//! stage that needs pronoun knowledge: the baseline's agreement checks, the rewriter's choice of what to
//! replace and how (possessive or not), and the scorer's pronoun-accuracy metric. A closed class is
//! better served by a table than by a model. The table is the data file `data/pronouns.tsv`, which the
//! trainer reads too (its third-person words decide the string-match feature, MODEL_FORMAT.md §6).

use std::collections::HashMap;
use std::sync::OnceLock;

/// Grammatical person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Person {
    /// The speaker: I, me, we, us, my, ours, myself.
    First,
    /// The addressee: you, your, yours, yourself, yourselves.
    Second,
    /// Anyone else: he, she, it, they and their other forms.
    Third,
}

/// Grammatical number; `Either` for forms used for both (you, they as singular).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Number {
    /// One referent: I, he, she, it, yourself.
    Singular,
    /// Several referents: we, us, ourselves, yourselves.
    Plural,
    /// Either one or several referents: you, your, they, them, their.
    Either,
}

/// Gender of third-person singular forms; `Unknown` where the form does not mark it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// he, him, his, himself.
    Masculine,
    /// she, her, hers, herself.
    Feminine,
    /// it, its, itself.
    Neuter,
    /// Not marked by the form: every first- and second-person form, and they/their/theirs/themselves.
    Unknown,
}

/// The syntactic form of a pronoun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// he, him, they, them, it
    Personal,
    /// his (as in "his book"), her (ambiguous with object "her"), its, their
    PossessiveDeterminer,
    /// hers, theirs, his (as in "it is his")
    PossessivePronoun,
    /// himself, themselves
    Reflexive,
}

/// What the lexicon knows of one pronoun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pronoun {
    /// First, second or third person.
    pub person: Person,
    /// Singular, plural, or either.
    pub number: Number,
    /// The gender the form marks (`Unknown` where it marks none).
    pub gender: Gender,
    /// Personal, possessive determiner, possessive pronoun or reflexive.
    pub form: Form,
}

impl Pronoun {
    /// Whether this is a third-person form (he, she, it, they and their other forms).
    pub fn is_third_person(&self) -> bool {
        self.person == Person::Third
    }
}

/// The classes resolved text is measured by (`corefer eval`, per class): the rules that decide a
/// replacement differ between them (gender for he/she, animacy for it, number for they).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// he, him, she, object "her"
    HeShe,
    /// it
    It,
    /// they, them
    They,
    /// his, possessive "her", hers, its, their, theirs
    Possessive,
    /// himself, herself, itself, themselves (never replaced)
    Reflexive,
}

impl Class {
    /// Every class, in the order reports list them.
    pub const ALL: [Class; 5] = [Class::HeShe, Class::It, Class::They, Class::Possessive, Class::Reflexive];

    /// The class of a third-person pronoun (`None` for any other word); "her" is possessive when
    /// `her_is_possessive` says so (the caller decides from context or tags).
    pub fn of(word: &str, her_is_possessive: bool) -> Option<Class> {
        let pronoun = lookup(word).filter(Pronoun::is_third_person)?;
        Some(match pronoun.form {
            Form::Reflexive => Class::Reflexive,
            Form::PossessiveDeterminer if word.eq_ignore_ascii_case("her") && !her_is_possessive => {
                Class::HeShe
            }
            Form::PossessiveDeterminer | Form::PossessivePronoun => Class::Possessive,
            Form::Personal => match pronoun.gender {
                Gender::Neuter => Class::It,
                Gender::Masculine | Gender::Feminine => Class::HeShe,
                Gender::Unknown => Class::They,
            },
        })
    }

    /// The class's key in JSON (a model's calibration, `corefer eval --json`): "he_she", "it", "they",
    /// "possessive", "reflexive".
    pub fn key(self) -> &'static str {
        match self {
            Class::HeShe => "he_she",
            Class::It => "it",
            Class::They => "they",
            Class::Possessive => "possessive",
            Class::Reflexive => "reflexive",
        }
    }

    /// The class's label in human-readable reports ("he/she", "it", "they", "possessive", "reflexive").
    pub fn name(self) -> &'static str {
        match self {
            Class::HeShe => "he/she",
            Class::It => "it",
            Class::They => "they",
            Class::Possessive => "possessive",
            Class::Reflexive => "reflexive",
        }
    }
}

/// Looks a word up; `None` for anything that is not a personal pronoun.
///
/// "her" is listed as a possessive determiner; whether it is one in context ("her book" vs "saw her")
/// is for the caller to decide. "his" is listed as a possessive determiner too.
pub fn lookup(word: &str) -> Option<Pronoun> {
    let lower = word.to_lowercase().replace('’', "'");
    table().get(lower.as_str()).copied()
}

/// The lexicon, `crates/corefer/data/pronouns.tsv`: the one list of pronouns the library and the trainer
/// (`train/rules.py`) share (train/MODEL_FORMAT.md, "Rules shared by Python and Rust"), compiled in and
/// parsed on first use.
fn table() -> &'static HashMap<&'static str, Pronoun> {
    static TABLE: OnceLock<HashMap<&'static str, Pronoun>> = OnceLock::new();
    TABLE.get_or_init(|| parse(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/pronouns.tsv"))))
}

/// The rows of a pronoun table (`word person number gender form`, tab-separated, `#` comments). A row that
/// does not parse is left out, which the test of the compiled-in table catches.
fn parse(text: &'static str) -> HashMap<&'static str, Pronoun> {
    text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).filter_map(row).collect()
}

fn row(line: &'static str) -> Option<(&'static str, Pronoun)> {
    let fields: Vec<&str> = line.split('\t').collect();
    let [word, person, number, gender, form] = fields[..] else { return None };
    let person = match person {
        "first" => Person::First,
        "second" => Person::Second,
        "third" => Person::Third,
        _ => return None,
    };
    let number = match number {
        "singular" => Number::Singular,
        "plural" => Number::Plural,
        "either" => Number::Either,
        _ => return None,
    };
    let gender = match gender {
        "masculine" => Gender::Masculine,
        "feminine" => Gender::Feminine,
        "neuter" => Gender::Neuter,
        "unknown" => Gender::Unknown,
        _ => return None,
    };
    let form = match form {
        "personal" => Form::Personal,
        "possessive-determiner" => Form::PossessiveDeterminer,
        "possessive-pronoun" => Form::PossessivePronoun,
        "reflexive" => Form::Reflexive,
        _ => return None,
    };
    Some((word, Pronoun { person, number, gender, form }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_keys_are_their_json_names() {
        for class in Class::ALL {
            assert_eq!(serde_json::to_value(class).unwrap(), class.key());
        }
    }

    #[test]
    fn looks_up_case_insensitively() {
        let his = lookup("His").unwrap();
        assert_eq!(
            (his.person, his.gender, his.form),
            (Person::Third, Gender::Masculine, Form::PossessiveDeterminer)
        );
        assert_eq!(lookup("THEMSELVES").unwrap().form, Form::Reflexive);
        assert_eq!(lookup("y’all").unwrap().person, Person::Second);
        assert!(lookup("the").is_none() && lookup("who").is_none());
    }

    #[test]
    fn the_table_holds_every_row_of_the_data_file() {
        let rows = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/pronouns.tsv"))
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(table().len(), rows, "a row of pronouns.tsv does not parse or repeats a word");
        assert!(table().keys().all(|w| lookup(w).is_some() && lookup(&w.to_uppercase()).is_some()));
    }

    #[test]
    fn classes_split_her_by_its_role() {
        assert_eq!(Class::of("Her", true), Some(Class::Possessive));
        assert_eq!(Class::of("her", false), Some(Class::HeShe));
        assert_eq!(Class::of("them", false), Some(Class::They));
        assert_eq!(Class::of("its", false), Some(Class::Possessive));
        assert_eq!(Class::of("itself", false), Some(Class::Reflexive));
        assert_eq!((Class::of("we", false), Class::of("the", false)), (None, None));
    }
}
