//! Speech attribution: the pronoun that says who spoke a quotation ("…," she said) and the speaker the
//! text named before it ("Yusuf said her staff …").
//!
//! Design decision: read straight off the text, with a closed list of speech verbs. A pronoun in the
//! attribution slot of a quotation (right after the closing quote, next to a speech verb) refers to the
//! quotation's speaker; when the text names a speaker shortly before the quotation (`"<Name> said"`,
//! `"said <Name>"`, outside quotes) and the pronoun's name is someone else, the model's link contradicts the
//! text, and the pronoun is left as written rather than given a name that says someone else spoke.

use super::context::{self, Neighbour};

/// Verbs that report speech.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "asked",
    "asks",
    "explained",
    "explains",
    "wrote",
    "writes",
    "noted",
    "notes",
    "replied",
    "replies",
    "continued",
    "continues",
    "insisted",
    "insists",
    "recalled",
    "recalls",
    "stated",
    "states",
    "argued",
    "argues",
    "answered",
    "answers",
    "declared",
    "declares",
    "admitted",
    "admits",
    "warned",
    "warns",
    "concluded",
    "concludes",
];
const CLOSING_QUOTES: &[char] = &['"', '”', '’', '\''];
const OPENING_QUOTES: &[char] = &['"', '“'];
/// How far back, in bytes, a speaker named before the quotation is looked for.
const LOOK_BACK: usize = 600;

/// Verbs of telling, whose object is the one addressed: a pronoun right after one ("Acheson told him
/// that …") is the addressee, not the subject of what is reported.
const TELLING: &[&str] = &["told", "tells", "asked", "asks", "warned", "warns", "answered", "answers"];

/// Whether `word` is a speech verb as written mid-sentence: lower case, so that a capitalised noun of the
/// same spelling ("the United States", "Notes") is not read as one.
fn is_speech_verb(word: &str) -> bool {
    SPEECH_VERBS.contains(&word)
}

/// Whether the pronoun at `start..end` attributes the quotation that closes right before it: `…,"
/// she said` or `…," said she`. Returns the byte where the quotation closes.
pub fn attributes_quote(text: &str, start: usize, end: usize) -> Option<usize> {
    let before = text[..start].trim_end();
    let (closing, verb_after) = match context::previous(text, start) {
        Neighbour::Mark(c) if CLOSING_QUOTES.contains(&c) => (before.len() - c.len_utf8(), true),
        Neighbour::Word(w) if is_speech_verb(w) => {
            let head = before[..before.len() - w.len()].trim_end();
            let c = head.chars().next_back().filter(|c| CLOSING_QUOTES.contains(c))?;
            (head.len() - c.len_utf8(), false)
        }
        _ => return None,
    };
    if verb_after && !matches!(context::next(text, end), Neighbour::Word(w) if is_speech_verb(w)) {
        return None;
    }
    Some(closing)
}

/// The speaker named before the quotation that closes at byte `closing`: the capitalised words before
/// a speech verb ("Amina Yusuf said", "Yusuf told reporters") or after it ("said Yusuf"), outside the
/// quotation, within a few sentences. `None` when a pronoun speaks in between ("she said") or no name
/// is found. Returns the byte span of the name.
pub fn earlier_speaker(text: &str, closing: usize) -> Option<(usize, usize)> {
    let opening = text[..closing].rfind(OPENING_QUOTES)?;
    let from = text[..opening.saturating_sub(LOOK_BACK)].len();
    let from = (from..=opening).find(|&i| text.is_char_boundary(i))?;
    let region = &text[from..opening];
    let words: Vec<(usize, &str)> = region
        .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '\'' || c == '’' || c == '-'))
        .filter(|w| !w.is_empty())
        .map(|w| (from + (w.as_ptr() as usize - region.as_ptr() as usize), w))
        .collect();
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    for i in (0..words.len()).rev() {
        if !is_speech_verb(words[i].1) {
            continue;
        }
        if i > 0 && crate::pronoun::lookup(words[i - 1].1).is_some() {
            return None; // "she said": the speaker is a pronoun; nothing to check against
        }
        // "<Name> said": the capitalised run before the verb.
        let mut first = i;
        while first > 0 && capitalised(words[first - 1].1) {
            first -= 1;
        }
        let run = if first < i { Some((first, i)) } else { None };
        // "said <Name>": the capitalised run after it.
        let after = || {
            let mut last = i + 1;
            while last < words.len() && capitalised(words[last].1) {
                last += 1;
            }
            (last > i + 1).then_some((i + 1, last))
        };
        let Some((a, b)) = run.or_else(after) else { continue };
        let names: Vec<&str> = words[a..b].iter().map(|w| w.1).collect();
        if names.iter().any(|w| crate::pronoun::lookup(w).is_some()) {
            return None; // "she said", "He told": the speaker is a pronoun; nothing to check against
        }
        let (start, last) = (words[a].0, words[b - 1]);
        return Some((start, last.0 + last.1.len()));
    }
    None
}

/// The speaker whose reported speech the pronoun at `start` opens as its subject: "Miller said (that)
/// he …" gives "Miller" (the capitalised words right before the speech verb). `None` otherwise, and for
/// the addressee right after a verb of telling ("Acheson told him").
pub fn reporting_subject(text: &str, start: usize) -> Option<(usize, usize)> {
    let mut at = start;
    let mut verb = context::previous(text, at);
    if matches!(verb, Neighbour::Word(w) if w.eq_ignore_ascii_case("that")) {
        at = text[..at].trim_end().len() - "that".len();
        verb = context::previous(text, at);
    }
    let Neighbour::Word(v) = verb else { return None };
    if !is_speech_verb(v) || (at == start && TELLING.contains(&v)) {
        return None;
    }
    let verb_start = text[..at].trim_end().len() - v.len();
    let mut name_start = verb_start;
    let mut name_end = None;
    while let Neighbour::Word(w) = context::previous(text, name_start) {
        if !w.chars().next().is_some_and(char::is_uppercase) || crate::pronoun::lookup(w).is_some() {
            break;
        }
        let end = text[..name_start].trim_end().len();
        name_end.get_or_insert(end);
        name_start = end - w.len();
    }
    name_end.map(|end| (name_start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attribution_slot_and_the_earlier_speaker() {
        let text = "Yusuf said the staff would open early. \"They asked us for it,\" she said.";
        let she = text.find("she").unwrap();
        let closing = attributes_quote(text, she, she + 3).unwrap();
        let (s, e) = earlier_speaker(text, closing).unwrap();
        assert_eq!(&text[s..e], "Yusuf");
        let text = "Okafor spoke. \"We listened,\" said she.";
        let she = text.find("she").unwrap();
        assert!(attributes_quote(text, she, she + 3).is_some());
        let text = "\"We listened,\" she thought.";
        assert!(attributes_quote(text, text.find("she").unwrap(), text.find("she").unwrap() + 3).is_none());
        let text = "Coach Brian Miller benched him. Miller said he had warned the player.";
        let he = text.rfind("he had").unwrap();
        let (s, e) = reporting_subject(text, he).unwrap();
        assert_eq!(&text[s..e], "Miller");
        assert!(reporting_subject(text, text.find("him").unwrap()).is_none());
        // "him" after "told" is who was told, not the subject of the report
        let text = "He told me that Dean Acheson told him that Truman refused.";
        assert!(reporting_subject(text, text.find("him").unwrap()).is_none());
        // "States" in "the United States" is no speech verb, so "United" is no speaker
        let text = "Eastman says firms could act, in line with the United States. \"We tried,\" he said.";
        let he = text.rfind("he said").unwrap();
        let (s, e) = earlier_speaker(text, attributes_quote(text, he, he + 2).unwrap()).unwrap();
        assert_eq!(&text[s..e], "Eastman");
        let text = "Yusuf spoke, and Ann Lee said so. He said: \"We listened,\" she said.";
        let she = text.rfind("she").unwrap();
        assert_eq!(earlier_speaker(text, attributes_quote(text, she, she + 3).unwrap()), None);
    }
}
