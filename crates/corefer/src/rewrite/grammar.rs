//! How the representative is worded in one slot: possessive or not, capitalised or not, with which
//! determiner.
//!
//! Design decision: grammar is a pure function of (representative text, slot, the words around the slot)
//! returning the replacement string, or `None` when no grammatical replacement exists (then the mention
//! is left as written). The rewriter only ever changes text *inside* a mention, so when the surroundings
//! cannot be made to agree (an article before the slot that the replacement would contradict) the safe
//! answer is to keep the original.

use super::context::Neighbour;
use super::words;

/// The grammatical role of the replaced mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Subject or object: "he", "him", "it", "they", "them", object "her", or a full noun phrase.
    Plain,
    /// Possessive of one: "his", possessive "her", "its".
    Possessive,
    /// Possessive of several: "their", "theirs" ("the Sams' child" whatever the style).
    PluralPossessive,
}

/// How possessives of names ending in "s" are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PossessiveStyle {
    /// "Sessions's decision" (and "Kim's").
    #[default]
    S,
    /// "Sessions' decision" (and "Kim's").
    Apostrophe,
}

/// The surroundings of one slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotContext<'t> {
    pub starts_sentence: bool,
    pub before: Neighbour<'t>,
}

/// Spelling choices that hold for the whole document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spelling {
    pub possessive: PossessiveStyle,
    /// The apostrophe the document itself uses (' or ’).
    pub apostrophe: char,
}

impl Spelling {
    /// Picks the apostrophe the text uses more often (’ or ').
    pub fn for_text(text: &str, possessive: PossessiveStyle) -> Self {
        let curly = text.matches('’').count();
        let straight = text.matches('\'').count();
        Spelling { possessive, apostrophe: if curly > straight { '’' } else { '\'' } }
    }
}

/// The replacement text for a slot, or `None` when the slot's surroundings forbid one.
pub fn word(representative: &str, slot: Slot, context: &SlotContext, spelling: &Spelling) -> Option<String> {
    let spaced =
        representative.contains(|c: char| c.is_whitespace() && c != ' ') || representative.contains("  ");
    let one_line = if spaced {
        representative.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        representative.to_string()
    };
    let mut text = definite(&one_line);
    if let Neighbour::Word(before) = context.before {
        // "that" before a slot opens a clause ("told reporters that [it] holds") far more often than it
        // determines a noun the mention left out, so the name keeps its own determiner after it.
        if words::is_determiner(before) && !before.eq_ignore_ascii_case("that") {
            text = drop_determiner(&text);
            if words::is_indefinite_article(before) {
                let first = text.split_whitespace().next().unwrap_or("");
                if words::takes_an(first) != before.eq_ignore_ascii_case("an") {
                    return None;
                }
            }
        }
    }
    if slot != Slot::Plain {
        text = possessive(&text, slot == Slot::PluralPossessive, spelling);
    }
    Some(if context.starts_sentence { capitalised(&text) } else { mid_sentence(&text) })
}

/// "a man"/"an owl" become "the man"/"the owl": a later mention of an introduced entity is definite.
fn definite(text: &str) -> String {
    match text.split_once(char::is_whitespace) {
        Some((first, rest)) if words::is_indefinite_article(first) => {
            let the = if first.starts_with(char::is_uppercase) { "The" } else { "the" };
            format!("{the} {}", rest.trim_start())
        }
        _ => text.to_string(),
    }
}

fn drop_determiner(text: &str) -> String {
    match text.split_once(char::is_whitespace) {
        Some((first, rest)) if words::is_determiner(first) => rest.trim_start().to_string(),
        _ => text.to_string(),
    }
}

fn possessive(text: &str, plural: bool, spelling: &Spelling) -> String {
    let a = spelling.apostrophe;
    if (plural || spelling.possessive == PossessiveStyle::Apostrophe) && text.ends_with(['s', 'S']) {
        format!("{text}{a}")
    } else {
        format!("{text}{a}s")
    }
}

/// Upper-cases the first letter, unless the first word is already mixed-case ("eBay", "iPhone").
fn capitalised(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or("");
    if first_word.chars().skip(1).any(char::is_uppercase) {
        return text.to_string();
    }
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Lower-cases a capitalised leading determiner ("The company" → "the company"); names stay as written.
fn mid_sentence(text: &str) -> String {
    match text.split_once(char::is_whitespace) {
        Some((first, _)) if words::is_determiner(first) && first.chars().skip(1).all(char::is_lowercase) => {
            let mut chars = text.chars();
            chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Spelling = Spelling { possessive: PossessiveStyle::S, apostrophe: '\'' };
    const APOSTROPHE: Spelling = Spelling { possessive: PossessiveStyle::Apostrophe, apostrophe: '\'' };
    const MID: SlotContext = SlotContext { starts_sentence: false, before: Neighbour::Word("said") };
    const START: SlotContext = SlotContext { starts_sentence: true, before: Neighbour::Mark('.') };

    fn after(before: &str) -> SlotContext<'_> {
        SlotContext { starts_sentence: false, before: Neighbour::Word(before) }
    }

    #[test]
    fn possessives_per_style() {
        assert_eq!(word("Sessions", Slot::Possessive, &MID, &S).unwrap(), "Sessions's");
        assert_eq!(word("Sessions", Slot::Possessive, &MID, &APOSTROPHE).unwrap(), "Sessions'");
        assert_eq!(word("Northwind", Slot::Possessive, &MID, &APOSTROPHE).unwrap(), "Northwind's");
        let curly = Spelling::for_text("Kim’s dog and Lee’s cat", PossessiveStyle::S);
        assert_eq!(word("Northwind", Slot::Possessive, &MID, &curly).unwrap(), "Northwind’s");
    }

    #[test]
    fn plural_possessive_of_a_name_in_s_takes_only_the_apostrophe() {
        assert_eq!(word("the Sams", Slot::PluralPossessive, &MID, &S).unwrap(), "the Sams'");
        assert_eq!(word("the children", Slot::PluralPossessive, &MID, &S).unwrap(), "the children's");
    }

    #[test]
    fn sentence_start_is_capitalised_and_mid_sentence_the_is_lowered() {
        assert_eq!(word("the company", Slot::Plain, &START, &S).unwrap(), "The company");
        assert_eq!(word("The company", Slot::Plain, &MID, &S).unwrap(), "the company");
        assert_eq!(word("The Hague", Slot::Possessive, &MID, &S).unwrap(), "the Hague's");
        assert_eq!(word("eBay", Slot::Plain, &START, &S).unwrap(), "eBay");
        assert_eq!(word("THE FIRM", Slot::Plain, &MID, &S).unwrap(), "THE FIRM");
    }

    #[test]
    fn line_breaks_and_space_runs_inside_the_name_become_one_space() {
        assert_eq!(word("Jeff\n  Sessions", Slot::Plain, &MID, &S).unwrap(), "Jeff Sessions");
    }

    #[test]
    fn no_doubled_determiner() {
        assert_eq!(word("the White House", Slot::Plain, &after("the"), &S).unwrap(), "White House");
        assert_eq!(word("White House", Slot::Plain, &after("the"), &S).unwrap(), "White House");
        assert_eq!(word("The library", Slot::Plain, &after("that"), &S).unwrap(), "the library");
    }

    #[test]
    fn indefinite_representative_becomes_definite() {
        assert_eq!(word("a man", Slot::Plain, &MID, &S).unwrap(), "the man");
        assert_eq!(word("An owl", Slot::Possessive, &START, &S).unwrap(), "The owl's");
    }

    #[test]
    fn article_agreement_is_kept_or_the_slot_is_left() {
        assert_eq!(word("old friend", Slot::Plain, &after("an"), &S).unwrap(), "old friend");
        assert_eq!(word("the old friend", Slot::Plain, &after("an"), &S).unwrap(), "old friend");
        assert_eq!(word("the colleague", Slot::Plain, &after("an"), &S), None);
        assert_eq!(word("hour", Slot::Plain, &after("a"), &S), None);
    }
}
