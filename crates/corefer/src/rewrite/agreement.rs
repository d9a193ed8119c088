//! Whether a name can stand for a pronoun: the number, animacy and gender a name's own words show, and the
//! ones a pronoun asks for.
//!
//! Design decision: a name is refused only on positive evidence. Each feature is read off the name's words
//! (titles, a first name's usual gender, a gendered or person noun, a plural head) and is `None` when the
//! words do not tell; a pronoun disagrees with a name only where both say something and it differs. So a
//! surname alone ("Okafor") or an unknown word names any singular pronoun, as before, and the rules cost
//! recall only where the text itself contradicts the replacement.

use super::lexicon::{self, NameGender};
use super::words::{self, is_in};
use crate::pronoun::{Gender, Pronoun};

/// What a name's words show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Features {
    /// `Some(true)` plural, `Some(false)` singular.
    pub plural: Option<bool>,
    /// `Some(true)` a person, `Some(false)` not a person.
    pub person: Option<bool>,
    pub gender: Option<NameGender>,
}

/// Titles before a name that mark its gender.
const MALE_TITLES: &[&str] =
    &["mr", "mr.", "sir", "king", "prince", "lord", "duke", "count", "baron", "emperor"];
const FEMALE_TITLES: &[&str] = &[
    "mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "dame", "lady", "queen", "princess", "duchess",
    "countess", "baroness", "empress",
];
/// Titles that mark a person of either gender.
const PERSON_TITLES: &[&str] = &[
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "president",
    "senator",
    "sen.",
    "rep.",
    "gov.",
    "governor",
    "mayor",
    "judge",
    "justice",
    "minister",
    "coach",
    "captain",
    "capt.",
    "sgt.",
    "lt.",
    "gen.",
    "general",
    "officer",
    "detective",
    "inspector",
    "chancellor",
    "ambassador",
    "secretary",
    "director",
    "chairman",
    "chairwoman",
    "councillor",
    "councilman",
    "councilwoman",
    "pastor",
    "rev.",
    "reverend",
    "saint",
    "st.",
];
/// Nouns that name a man or a woman.
const MALE_NOUNS: &[&str] = &[
    "man",
    "boy",
    "father",
    "dad",
    "daddy",
    "son",
    "husband",
    "brother",
    "uncle",
    "nephew",
    "grandfather",
    "grandson",
    "gentleman",
    "guy",
    "boyfriend",
    "king",
    "prince",
    "actor",
    "waiter",
    "monk",
    "priest",
    "businessman",
    "chairman",
    "spokesman",
    "policeman",
    "fisherman",
    "sir",
    "lord",
    "stepfather",
    "father-in-law",
    "brother-in-law",
    "son-in-law",
    "widower",
    "bridegroom",
    "groom",
    "fiancé",
];
const FEMALE_NOUNS: &[&str] = &[
    "woman",
    "girl",
    "mother",
    "mom",
    "mum",
    "mommy",
    "mummy",
    "daughter",
    "wife",
    "sister",
    "aunt",
    "niece",
    "grandmother",
    "granddaughter",
    "lady",
    "girlfriend",
    "queen",
    "princess",
    "actress",
    "waitress",
    "nun",
    "businesswoman",
    "chairwoman",
    "spokeswoman",
    "policewoman",
    "stepmother",
    "mother-in-law",
    "sister-in-law",
    "daughter-in-law",
    "widow",
    "bride",
    "fiancée",
    "heroine",
    "grandma",
    "granny",
];
/// Nouns that name a person of either gender (a closed core of an open class: kinship, roles, trades).
const PERSON_NOUNS: &[&str] = &[
    "person",
    "child",
    "kid",
    "baby",
    "parent",
    "friend",
    "teacher",
    "student",
    "doctor",
    "nurse",
    "author",
    "writer",
    "player",
    "coach",
    "president",
    "director",
    "manager",
    "officer",
    "judge",
    "lawyer",
    "attorney",
    "victim",
    "suspect",
    "witness",
    "patient",
    "customer",
    "owner",
    "leader",
    "member",
    "worker",
    "employee",
    "researcher",
    "scientist",
    "artist",
    "singer",
    "journalist",
    "reporter",
    "editor",
    "professor",
    "minister",
    "senator",
    "governor",
    "mayor",
    "spokesperson",
    "individual",
    "resident",
    "citizen",
    "neighbor",
    "neighbour",
    "partner",
    "spouse",
    "sibling",
    "cousin",
    "grandparent",
    "boss",
    "chief",
    "captain",
    "soldier",
    "farmer",
    "driver",
    "pilot",
    "engineer",
    "architect",
    "mechanic",
    "plaintiff",
    "defendant",
    "juror",
    "prisoner",
    "candidate",
    "voter",
    "fan",
    "user",
    "guest",
    "host",
    "visitor",
    "tourist",
    "traveler",
    "traveller",
    "narrator",
    "speaker",
    "striker",
    "athlete",
    "founder",
    "chef",
    "king",
    "queen",
    "emperor",
    "poet",
    "novelist",
    "painter",
    "composer",
    "musician",
    "actor",
    "actress",
    "politician",
    "diplomat",
    "ambassador",
    "detective",
    "colleague",
    "roommate",
    "classmate",
    "teammate",
    "boyfriend",
    "girlfriend",
    "stranger",
    "adult",
    "teenager",
    "toddler",
    "infant",
    "someone",
    "somebody",
    "anyone",
    "everyone",
    "nobody",
    "protagonist",
    "hero",
    "heroine",
    "villain",
    "character",
    "inventor",
    "philosopher",
    "economist",
    "historian",
];
/// Words in a capitalised name that mark an organisation, place, work or event rather than a person.
const NON_PERSON_NAME_WORDS: &[&str] = &[
    "inc",
    "inc.",
    "corp",
    "corp.",
    "ltd",
    "ltd.",
    "llc",
    "co.",
    "company",
    "corporation",
    "group",
    "university",
    "college",
    "school",
    "institute",
    "library",
    "museum",
    "council",
    "committee",
    "agency",
    "association",
    "society",
    "department",
    "ministry",
    "party",
    "bank",
    "church",
    "hospital",
    "center",
    "centre",
    "foundation",
    "organization",
    "organisation",
    "union",
    "league",
    "club",
    "team",
    "news",
    "times",
    "post",
    "journal",
    "press",
    "standards",
    "authority",
    "court",
    "house",
    "senate",
    "congress",
    "parliament",
    "government",
    "office",
    "service",
    "services",
    "street",
    "road",
    "avenue",
    "river",
    "lake",
    "mountain",
    "island",
    "city",
    "county",
    "state",
    "states",
    "kingdom",
    "republic",
    "park",
    "festival",
    "war",
    "act",
    "bridge",
    "airport",
    "station",
    "hotel",
    "restaurant",
    "cafe",
    "café",
    "market",
    "project",
    "program",
    "programme",
    "fund",
    "network",
    "system",
    "day",
    "year",
    "award",
];
/// Determiners and quantifiers that mark a plural noun phrase.
const PLURAL_DETERMINERS: &[&str] = &[
    "these",
    "those",
    "many",
    "several",
    "both",
    "few",
    "various",
    "numerous",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
];
/// Determiners that mark a singular noun phrase.
const SINGULAR_DETERMINERS: &[&str] = &["a", "an", "this", "that", "each", "every", "one", "another"];

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// The words of a name, without edge punctuation and a possessive ending ("Kim's" → "Kim").
fn name_words(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-' && c != '\''))
        .map(|w| w.trim_end_matches("'s").trim_end_matches("’s"))
        .filter(|w| !w.is_empty() && w.chars().any(char::is_alphanumeric))
        .collect()
}

/// The head of a noun phrase, approximately: the word before its first preposition, else its last word.
fn head<'a>(words: &[&'a str]) -> Option<&'a str> {
    const PREPOSITIONS: &[&str] =
        &["of", "in", "at", "on", "for", "from", "with", "by", "about", "to", "under", "over", "named"];
    let cut = words.iter().skip(1).position(|w| is_in(PREPOSITIONS, w));
    cut.map_or(words.last(), |i| words.get(i)).copied()
}

/// What the words of a name show about its number, animacy and gender.
pub fn features(text: &str) -> Features {
    let words = name_words(text);
    let mut features = Features::default();
    let Some(&first) = words.first() else { return features };
    let Some(head) = head(&words) else { return features };
    let conjoined = words.iter().skip(1).any(|w| is_in(&["and", "&"], w));
    // Titles and a first name before a capitalised word: a person, perhaps of known gender.
    let mut rest = &words[..];
    while let Some((&word, tail)) = rest.split_first() {
        if words::is_determiner(word) && !starts_upper(tail.first().unwrap_or(&"")) {
            break;
        }
        let gender = if is_in(MALE_TITLES, word) {
            Some(NameGender::Male)
        } else if is_in(FEMALE_TITLES, word) {
            Some(NameGender::Female)
        } else if is_in(PERSON_TITLES, word) {
            None
        } else {
            break;
        };
        if tail.first().is_some_and(|w| starts_upper(w)) {
            features.person = Some(true);
            features.gender = features.gender.or(gender);
        }
        rest = tail;
    }
    let capitalised: Vec<&str> = rest.iter().copied().take_while(|w| starts_upper(w)).collect();
    if capitalised.iter().any(|w| is_in(NON_PERSON_NAME_WORDS, w)) {
        features.person = Some(false);
        features.gender = None;
    } else if let Some(&given) = capitalised.first() {
        // A first name before a surname; one word alone is as often a surname ("Yusuf said").
        let whole_name = capitalised.len() == rest.len() && capitalised.len() >= 2;
        if let Some(gender) = lexicon::first_name_gender(given).filter(|_| whole_name) {
            features.person = Some(true);
            features.gender = features.gender.or(Some(gender));
        }
    }
    let lower = head.to_lowercase();
    if !starts_upper(head) {
        if is_in(MALE_NOUNS, &lower) {
            (features.person, features.gender, features.plural) =
                (Some(true), Some(NameGender::Male), Some(false));
        } else if is_in(FEMALE_NOUNS, &lower) {
            (features.person, features.gender, features.plural) =
                (Some(true), Some(NameGender::Female), Some(false));
        } else if is_in(PERSON_NOUNS, &lower) {
            features.person = Some(true);
        }
        if lexicon::is_plural_noun(&lower) || is_in(PLURAL_DETERMINERS, first) {
            features.plural = Some(true);
        } else if is_in(SINGULAR_DETERMINERS, first) {
            features.plural = Some(false);
        }
    } else if features.person == Some(true) {
        features.plural = Some(false);
    }
    if conjoined {
        features.plural = Some(true);
    }
    features
}

/// Whether `name` may stand for `pronoun`: no feature of the name contradicts what the pronoun marks
/// (he/she: a singular person of that gender; it: a singular non-person; they: not a singular man or
/// woman).
pub fn agrees(pronoun: &Pronoun, name: &Features) -> bool {
    match pronoun.gender {
        Gender::Masculine | Gender::Feminine => {
            let wanted =
                if pronoun.gender == Gender::Masculine { NameGender::Male } else { NameGender::Female };
            name.plural != Some(true) && name.person != Some(false) && name.gender.is_none_or(|g| g == wanted)
        }
        Gender::Neuter => name.plural != Some(true) && name.person != Some(true),
        // "they" names a generic or unknown person too ("a person … their"), but not a man or a woman.
        Gender::Unknown => !(name.plural == Some(false) && name.gender.is_some()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pronoun::lookup;

    fn ok(pronoun: &str, name: &str) -> bool {
        agrees(&lookup(pronoun).unwrap(), &features(name))
    }

    #[test]
    fn gender_from_first_names_titles_and_nouns() {
        assert!(ok("she", "Amina Yusuf") && !ok("he", "Amina Yusuf"));
        assert!(ok("he", "Coach Brian Miller") && !ok("she", "Brian Miller"));
        assert!(!ok("he", "Ms. Okafor") && ok("she", "Mayor Ruth Okafor"));
        assert!(!ok("she", "the man") && ok("his", "my father"));
        assert!(ok("he", "Okafor") && ok("she", "Okafor"), "a surname alone tells nothing");
    }

    #[test]
    fn animacy_and_number() {
        assert!(!ok("it", "Paul Adeyemi") && !ok("it", "the woman") && ok("it", "the ruling"));
        assert!(!ok("he", "Food Standards Australia New Zealand") && ok("it", "Harbor Town Library"));
        assert!(!ok("it", "many slugs") && !ok("its", "the states") && ok("it", "the news"));
        assert!(!ok("they", "Amina Yusuf") && ok("they", "dock workers") && ok("they", "the company"));
        assert!(ok("their", "another person") && ok("they", "the infant") && !ok("they", "the woman"));
        assert!(!ok("he", "Trump and Sessions") && ok("they", "Trump and Sessions"));
    }
}
