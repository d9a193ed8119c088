//! The representative of a cluster: the name its pronouns are replaced with.
//!
//! Design decision: the representative's text is always *one contiguous piece of one mention's own
//! text*, never text assembled from several places: the mention cut before its first relative clause,
//! appositive or parenthesis, or, when the mention is "its chief executive, Maria Lopez,", the proper
//! name in its appositive; then stripped of edge punctuation, unbalanced quotes and a title before a
//! full name ("Former FBI Director James Comey" and "press secretary Sean Spicer" give "James Comey" and
//! "Sean Spicer"). It is then what the author wrote, it carries no trailing comma or clause, and
//! "contains another mention of the cluster" can be checked on the exact extent that will be copied.
//!
//! A determiner left just outside the mention (a model's "The [White House]") comes with the name.
//!
//! Preference: a proper name of two or more words, shortest first ("Jeff Sessions" over "Jeff Sessions
//! Jr."); then a one-word proper name; then the first nominal mention. Never a pronoun (reflexives
//! included), never an extent holding another mention of its own cluster, never a conjoined
//! mention ("Trump and Sessions") for a cluster that a singular pronoun refers to, and never an extent
//! opening with a clause word ("that dock workers": a span that swallowed its complementiser, or a
//! demonstrative phrase, which points somewhere else once copied).

use super::agreement::{self, Features};
use super::context::{self, Neighbour};
use super::mentions::MentionSet;
use super::phrase;
use super::words;
use super::Rules;
use crate::pronoun::{self, Number};
use crate::span::TextSpan;
use crate::span::{ByteSpan, CharSpan};

/// The chosen representative of one cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Representative<'t> {
    /// The whole mention it was taken from (pronouns inside it are never replaced).
    pub mention: TextSpan,
    /// The extent that is copied: a contiguous piece of the mention, with a determiner just before the
    /// mention when the mention left it out.
    pub extent: TextSpan,
    /// The text at `extent`, which replacements are worded from.
    pub text: &'t str,
    /// Whether it is a proper name (its head word is capitalised, and it is more than a title).
    pub proper: bool,
}

/// Words that open a relative clause or a clause attached to a noun.
const CLAUSE_OPENERS: &[&str] = &["who", "whom", "whose", "which", "that", "where", "when"];
/// Chars that open an appositive, a parenthesis or an aside.
const TAIL_OPENERS: &[char] = &[',', ';', ':', '(', '[', '{', '–', '—'];
const COORDINATORS: &[&str] = &["and", "or", "nor"];
/// Lower-case words that may sit inside a name ("Bank of England", "Ludwig van Beethoven").
const NAME_CONNECTORS: &[&str] =
    &["of", "the", "and", "de", "du", "da", "del", "van", "von", "der", "la", "le", "al", "bin", "y", "&"];

/// A mention's text that may name its cluster, with its place in the preference order.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'t> {
    rank: (u8, usize),
    /// The mention's position in its cluster.
    index: usize,
    rep: Representative<'t>,
    /// What its words show of number, animacy and gender.
    pub features: Features,
    /// Whether its text reads as a noun phrase ([`phrase::is_noun_phrase`]).
    pub noun_phrase: bool,
}

impl Candidate<'_> {
    /// The mention the candidate's text is taken from.
    pub fn mention(&self) -> TextSpan {
        self.rep.mention
    }
}

/// Chooses the representative of cluster `cluster`; `None` when it has no non-pronominal mention (or,
/// under [`Rules::noun_phrase`], none that reads as a noun phrase).
pub fn choose<'t>(set: &MentionSet<'t>, cluster: usize, rules: Rules) -> Option<Representative<'t>> {
    best_accepted(set, &candidates(set, cluster), &|c| !rules.noun_phrase || c.noun_phrase)
}

/// The representative among `candidates` by the preference order above.
fn best<'t>(set: &MentionSet<'t>, candidates: &[Candidate<'t>]) -> Option<Representative<'t>> {
    candidates.iter().min_by_key(|c| (c.rank, c.index)).map(|c| with_determiner(set, c.rep))
}

/// The name for a pronoun at byte `at`: the candidate of the nearest mention of the cluster that ends
/// before it (its best extent) among those `accept` takes, so a mention whose words disagree with the
/// pronoun is passed over for the next one back; `None` when no such candidate precedes it
/// ([`super::Naming::Nearest`]). A model that merges two entities does so through one wrong link, so the
/// nearest earlier name is the pronoun's own far more often than the cluster's best name (docs/resolve.md).
pub fn nearest_before<'t>(
    set: &MentionSet<'t>,
    candidates: &[Candidate<'t>],
    at: usize,
    accept: &dyn Fn(&Candidate<'t>) -> bool,
) -> Option<Representative<'t>> {
    // Candidates come in mention (text) order, so the ones starting before `at` are a prefix; scanning
    // it backwards, the first that also ends before `at` is the nearest.
    let started = &candidates[..candidates.partition_point(|c| c.rep.mention.bytes.start() < at)];
    let mut end = started.len();
    loop {
        let last = started[..end].iter().rposition(|c| c.rep.mention.bytes.end() <= at)?;
        let index = started[last].index;
        let first = started[..last].iter().rposition(|c| c.index != index).map_or(0, |p| p + 1);
        let accepted: Vec<Candidate<'t>> =
            started[first..=last].iter().filter(|c| accept(c)).copied().collect();
        if let Some(rep) = best(set, &accepted) {
            return Some(rep);
        }
        end = first;
    }
}

/// The representative among the candidates `accept` takes (the cluster's name for a pronoun with no
/// earlier name that agrees with it).
pub fn best_accepted<'t>(
    set: &MentionSet<'t>,
    candidates: &[Candidate<'t>],
    accept: &dyn Fn(&Candidate<'t>) -> bool,
) -> Option<Representative<'t>> {
    let accepted: Vec<Candidate<'t>> = candidates.iter().filter(|c| accept(c)).copied().collect();
    best(set, &accepted)
}

/// Every extent of cluster `cluster` that may name it, in mention order.
pub fn candidates<'t>(set: &MentionSet<'t>, cluster: usize) -> Vec<Candidate<'t>> {
    let mentions = &set.clusters()[cluster];
    let singular = mentions.iter().any(|m| {
        pronoun::lookup(set.slice(m.bytes))
            .is_some_and(|p| p.is_third_person() && p.number == Number::Singular)
    });
    let holds_own = |mention: &TextSpan, extent: ByteSpan| {
        let first = mentions.partition_point(|m| m.bytes.start() < extent.start());
        mentions[first..]
            .iter()
            .take_while(|m| m.bytes.start() < extent.end())
            .any(|m| m != mention && extent.encloses(&m.bytes))
    };
    mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| !words::is_pronominal(set.slice(m.bytes)))
        .flat_map(|(index, &mention)| {
            let extents = [trim(set.text(), mention.bytes), appositive_name(set.text(), mention.bytes)];
            extents.into_iter().flatten().map(move |extent| (index, mention, extent))
        })
        .filter_map(|(index, mention, bytes)| {
            let text = &set.text()[bytes.range()];
            if words::is_pronominal(text)
                || holds_own(&mention, bytes)
                || (singular && is_conjoined(text))
                || opens_with_clause_word(text)
            {
                return None;
            }
            let proper = starts_upper(head_word(text)) && !is_only_title(text);
            let rank = match (proper, content_words(text)) {
                (true, n) if n >= 2 => (0, n),
                (true, _) => (1, 0),
                (false, _) => (2, 0),
            };
            let start =
                mention.chars.start() + set.text()[mention.bytes.start()..bytes.start()].chars().count();
            let chars = CharSpan::at(start, text.chars().count());
            let rep = Representative { mention, extent: TextSpan { bytes, chars }, text, proper };
            let (features, noun_phrase) = (agreement::features(text), phrase::is_noun_phrase(text));
            Some(Candidate { rank, index, rep, features, noun_phrase })
        })
        .collect()
}

/// A model may leave the determiner out of a mention ("The [White House]"); a name copied without it
/// would read "said White House would", so a determiner right before the mention comes with it, unless
/// it belongs to another mention ("[the [Acme] Board]") or may be a complementiser ("so that [dock
/// workers]").
fn with_determiner<'t>(set: &MentionSet<'t>, mut rep: Representative<'t>) -> Representative<'t> {
    let (text, at) = (set.text(), rep.extent);
    let Neighbour::Word(word) = context::previous(text, at.bytes.start()) else { return rep };
    let word_start = text[..at.bytes.start()].trim_end().len() - word.len();
    let outside = at.bytes.start() == rep.mention.bytes.start() && !set.covered(word_start);
    if !outside || !words::is_determiner(word) || is_clause_opener(word) {
        return rep;
    }
    let added = text[word_start..at.bytes.start()].chars().count();
    let (Ok(bytes), Ok(chars)) =
        (ByteSpan::new(word_start, at.bytes.end()), CharSpan::new(at.chars.start() - added, at.chars.end()))
    else {
        return rep;
    };
    rep.extent = TextSpan { bytes, chars };
    rep.text = &text[rep.extent.bytes.range()];
    rep
}

/// The proper name set off by commas or a dash after the head of a mention ("its chief executive, Maria
/// Lopez," gives "Maria Lopez"; a model's "ELLEN, March 3 — Mayor Ruth Okafor", a span run across a
/// dateline, gives "Ruth Okafor"); `None` when there is no such appositive or it is not a name.
pub fn appositive_name(text: &str, at: ByteSpan) -> Option<ByteSpan> {
    let mention = &text[at.range()];
    [',', '—', '–'].into_iter().find_map(|opener| {
        let open = mention.find(opener)?;
        let after = open + opener.len_utf8();
        let rest = &mention[after..];
        let close = rest.find([',', ';', '(', ')', '—', '–']);
        // A comma piece cut short by a dash ("ELLEN, March 3 — …") is not an appositive set off by commas.
        if opener == ',' && close.is_some_and(|c| rest[c..].starts_with(['—', '–'])) {
            return None;
        }
        let end = after + close.unwrap_or(rest.len());
        let (start, end) = strip_edges(mention, after, end);
        let name = &mention[start..end];
        let words: Vec<&str> = name.split_whitespace().collect();
        let is_name = !words.is_empty()
            && words.iter().all(|w| starts_upper(w) || NAME_CONNECTORS.contains(w))
            && words.first().is_some_and(|w| starts_upper(w))
            && !mention[..open].trim().is_empty();
        let start = start + name_start(name);
        is_name.then(|| ByteSpan::new(at.start() + start, at.start() + end).ok()).flatten()
    })
}

/// The extent of a mention worth copying: cut before a relative clause, appositive or parenthesis, or a
/// prepositional phrase after a full name ("Paul Adeyemi [for the final match]"), then stripped of edge
/// punctuation and unbalanced quotes; `None` if nothing is left.
pub fn trim(text: &str, at: ByteSpan) -> Option<ByteSpan> {
    let mention = &text[at.range()];
    let mut end = mention.len();
    let mut words_seen = 0;
    for (i, c) in mention.char_indices() {
        let word_start =
            c.is_alphanumeric() && mention[..i].chars().next_back().is_none_or(char::is_whitespace);
        if words_seen > 0 && (TAIL_OPENERS.contains(&c) || mention[i..].starts_with("--")) {
            end = i;
            break;
        }
        if word_start {
            let word: String = mention[i..].chars().take_while(|c| c.is_alphanumeric()).collect();
            if words_seen > 0 && is_clause_opener(&word) {
                end = i;
                break;
            }
            // "Paul Adeyemi for the final match": a full name ends before a preposition other than "of".
            let name_before =
                mention[..i].split_whitespace().rev().take(2).filter(|w| starts_upper(w)).count() == 2;
            if name_before && word != "of" && PREPOSITIONS.contains(&word.as_str()) {
                end = i;
                break;
            }
            words_seen += 1;
        }
    }
    let (start, end) = strip_edges(mention, 0, end);
    let start = start + name_start(&mention[start..end]);
    (start < end).then(|| ByteSpan::new(at.start() + start, at.start() + end).ok()).flatten()
}

/// Where a full name starts after a title: after the last lower-case word ("press secretary Sean
/// Spicer"), then after a leading run of title words and acronyms ending in a title word ("Former FBI
/// Director James Comey"), in each case only if a name of two or more capitalised words follows.
fn name_start(part: &str) -> usize {
    let words: Vec<(usize, &str)> =
        part.split_whitespace().map(|w| (w.as_ptr() as usize - part.as_ptr() as usize, w)).collect();
    let full_name_from = |i: usize| {
        let name = &words[i..];
        name.iter().filter(|(_, w)| starts_upper(w)).count() >= 2
            && name.first().is_some_and(|(_, w)| starts_upper(w))
            && name.iter().all(|(_, w)| starts_upper(w) || NAME_CONNECTORS.contains(w))
    };
    let lower_title = |w: &str| w.starts_with(char::is_lowercase) && !NAME_CONNECTORS.contains(&w);
    let mut from = match words.iter().rposition(|(_, w)| lower_title(w)) {
        Some(i) if full_name_from(i + 1) => i + 1,
        _ => 0,
    };
    let titled_run = words[from..].iter().take_while(|(_, w)| is_title(w) || is_acronym(w)).count();
    if let Some(last_title) = words[from..from + titled_run].iter().rposition(|(_, w)| is_title(w)) {
        if full_name_from(from + last_title + 1) {
            from += last_title + 1;
        }
    }
    words.get(from).map_or(0, |(offset, _)| *offset)
}

/// Titles and roles written before a name.
const TITLES: &[&str] = &[
    "president",
    "vice",
    "attorney",
    "general",
    "director",
    "secretary",
    "senator",
    "sen.",
    "rep.",
    "representative",
    "gov.",
    "governor",
    "mayor",
    "judge",
    "justice",
    "chief",
    "executive",
    "officer",
    "former",
    "minister",
    "prime",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "prof.",
    "professor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "sir",
    "lord",
    "lady",
    "captain",
    "capt.",
    "lt.",
    "sgt.",
    "deputy",
    "acting",
    "press",
    "spokesman",
    "spokeswoman",
    "coach",
    "commissioner",
    "ambassador",
    "speaker",
    "leader",
    "chancellor",
    "detective",
    "inspector",
    "agent",
];

/// Prepositions that end a noun phrase's head ("women [in Australia]", "Bank [of England]").
const PREPOSITIONS: &[&str] =
    &["of", "in", "at", "on", "for", "from", "with", "by", "about", "to", "under", "over"];

/// The head of a noun phrase, approximately: the word before its first preposition, else its last word.
fn head_word(text: &str) -> &str {
    let words: Vec<&str> = text.split_whitespace().collect();
    let cut = words.iter().skip(1).position(|w| PREPOSITIONS.iter().any(|p| p.eq_ignore_ascii_case(w)));
    cut.map_or(words.last().copied(), |i| Some(words[i])).unwrap_or("")
}

/// "the President", "Senator": a title alone is a role, not a name.
fn is_only_title(text: &str) -> bool {
    text.split_whitespace().all(|w| is_title(w) || words::is_determiner(w))
}

fn is_title(word: &str) -> bool {
    TITLES.iter().any(|t| t.eq_ignore_ascii_case(word))
}

/// "FBI", "U.S.": two or more letters, all capitals.
fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// Strips whitespace, trailing punctuation and unbalanced quotes or brackets from `mention[start..end]`.
fn strip_edges(mention: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    loop {
        let part = &mention[start..end];
        let trimmed_start = part.len() - part.trim_start().len();
        let trimmed_end = part.trim_end().len();
        let (s, e) = (start + trimmed_start, start + trimmed_end.max(trimmed_start));
        let part = &mention[s..e];
        let last = part.chars().next_back();
        let first = part.chars().next();
        if let Some(clitic) = possessive_clitic(part) {
            (start, end) = (s, e - clitic);
        } else if let Some(c) = last.filter(|&c| is_trailing_punctuation(part, c) || is_unbalanced(part, c)) {
            (start, end) = (s, e - c.len_utf8());
        } else if let Some(c) = first.filter(|&c| is_unbalanced(part, c)) {
            (start, end) = (s + c.len_utf8(), e);
        } else {
            return (s, e);
        }
    }
}

/// The length of a possessive ending ("Gloria's", "the Sams'") that a mention of a possessor may carry;
/// the name is copied without it (the slot adds its own).
fn possessive_clitic(part: &str) -> Option<usize> {
    for ending in ["'s", "’s", "'S", "’S"] {
        if part.len() > ending.len() && part.ends_with(ending) {
            return Some(ending.len());
        }
    }
    for ending in ["s'", "s’"] {
        if part.len() > ending.len() && part.ends_with(ending) {
            return Some(ending.len() - 1);
        }
    }
    None
}

/// Trailing punctuation never belongs to a name, except the period of an abbreviation with inner periods
/// ("U.S.").
fn is_trailing_punctuation(part: &str, c: char) -> bool {
    let abbreviation =
        c == '.' && part.split_whitespace().next_back().is_some_and(|w| w[..w.len() - 1].contains('.'));
    ".,;:!?-–—".contains(c) && !abbreviation
}

/// A quote or bracket at an edge of `part` whose partner is not inside `part`.
fn is_unbalanced(part: &str, c: char) -> bool {
    const PAIRS: &[(char, char)] = &[('“', '”'), ('«', '»'), ('(', ')'), ('[', ']'), ('{', '}')];
    if c == '"' || c == '\'' {
        return part.matches(c).count() % 2 == 1 && !(c == '\'' && part.ends_with("s'"));
    }
    PAIRS
        .iter()
        .any(|&(open, close)| (c == open && !part.contains(close)) || (c == close && !part.contains(open)))
}

fn starts_upper(word: &str) -> bool {
    word.chars().find(|c| c.is_alphanumeric()).is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Words other than a leading determiner.
fn content_words(text: &str) -> usize {
    let mut words = text.split_whitespace().peekable();
    if words.peek().is_some_and(|w| words::is_determiner(w)) {
        words.next();
    }
    words.count()
}

fn is_clause_opener(word: &str) -> bool {
    CLAUSE_OPENERS.iter().any(|o| o.eq_ignore_ascii_case(word))
}

fn opens_with_clause_word(text: &str) -> bool {
    is_clause_opener(text.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or(""))
}

fn is_conjoined(text: &str) -> bool {
    text.split_whitespace()
        .skip(1)
        .any(|w| COORDINATORS.iter().any(|c| c.eq_ignore_ascii_case(w)) || w == "&")
}
