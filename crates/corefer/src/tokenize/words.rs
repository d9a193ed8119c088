//! Splitting text into words (tokens), GUM/PTB style, as byte spans into the text.
//!
//! Design decision: a small hand-written lexer over each whitespace-delimited chunk, trying at each
//! position, in order: a URL or e-mail (kept whole), a tag ("#science"), an elided form ("'em", "’70s"),
//! a clitic ('s, n't, 're …), a word (letters and digits joined by the few connectors that belong inside
//! a word: "3.5", "1,000", "U.S.", "non-profit", "O'Brien"), else one punctuation mark (or a run of
//! dots/dashes). Tokens are only ever *byte ranges* of the input, advanced by whole chars, so offsets
//! are exact for any UTF-8 text by construction; the property tests in `mod.rs` check it. Each attempt
//! looks only a bounded distance ahead, so lexing is linear in the length of the text.

use crate::doc::DocError;
use crate::span::ByteSpan;

use super::chars::{is_apostrophe, is_extender, is_hyphen, is_word_char};
use super::lexicon::{fused_split, is_abbreviation, is_elided, is_hyphen_prefix};
use super::Limits;

/// The byte spans of the words of `text`, in order, non-empty, never containing whitespace.
#[cfg(test)]
pub fn split_words(text: &str) -> Vec<ByteSpan> {
    let mut spans = Vec::new();
    // Nothing is refused without limits, so `spans` always ends complete.
    let _ = lex(text, Limits::NONE, &mut spans);
    spans
}

/// [`split_words`], refusing the text as soon as it passes `limits`: the words found so far are dropped,
/// so a hostile text costs no more memory than the limit's worth of words.
pub fn split_words_limited(text: &str, limits: Limits) -> Result<Vec<ByteSpan>, DocError> {
    let mut spans = Vec::new();
    lex(text, limits, &mut spans)?;
    Ok(spans)
}

fn lex(text: &str, limits: Limits, spans: &mut Vec<ByteSpan>) -> Result<(), DocError> {
    let mut line_start = true;
    let mut chunk_start = None;
    for (pos, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        // A byte-order mark opening the text is an encoding note, not part of the first word.
        let separates = c.is_whitespace() || (pos == 0 && c == '\u{feff}');
        match (separates, chunk_start) {
            (true, Some(start)) => {
                lex_chunk(text, start, pos, line_start, limits, spans)?;
                chunk_start = None;
                line_start = false;
            }
            (false, None) => chunk_start = Some(pos),
            _ => {}
        }
        if c == '\n' {
            line_start = true;
        }
    }
    Ok(())
}

/// Lexes one whitespace-free chunk `text[start..end]`.
fn lex_chunk(
    text: &str,
    start: usize,
    end: usize,
    line_start: bool,
    limits: Limits,
    spans: &mut Vec<ByteSpan>,
) -> Result<(), DocError> {
    let mut pos = start;
    let has_at = text[start..end].contains('@');
    while pos < end {
        let rest = &text[pos..end];
        let len = url_len(rest)
            .or_else(|| has_at.then(|| email_len(rest)).flatten())
            .or_else(|| tag_len(rest, pos == start))
            .or_else(|| elided_len(rest))
            .or_else(|| clitic_len(rest))
            .or_else(|| word_len(rest, line_start && pos == start))
            .unwrap_or_else(|| punct_len(rest));
        let len = with_extenders(rest, len);
        if let Some(max) = limits.max_word_bytes.filter(|&max| len > max) {
            let line = 1 + text.as_bytes()[..pos].iter().filter(|&&b| b == b'\n').count();
            return Err(DocError::WordTooLong {
                start: pos,
                line,
                len,
                max,
                knob: limits.max_word_bytes_knob,
            });
        }
        spans.push(ByteSpan::at(pos, len));
        if let Some(max) = limits.max_words.filter(|&max| spans.len() > max) {
            return Err(DocError::TooManyWords { max, knob: limits.max_words_knob });
        }
        pos += len;
    }
    Ok(())
}

/// Extends a token over the extenders (combining marks, joiners) that follow it.
fn with_extenders(rest: &str, len: usize) -> usize {
    let mut end = len;
    let mut joined = false;
    for c in rest[len..].chars() {
        if is_extender(c) || joined {
            joined = c == '\u{200D}';
            end += c.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// Trailing characters that close a sentence or a bracket rather than a URL.
fn is_url_trailer(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '’' | '”' | '»')
}

/// A URL starting at `rest`: the rest of the chunk, less trailing punctuation.
fn url_len(rest: &str) -> Option<usize> {
    let starts = |scheme: &str| {
        rest.as_bytes().get(..scheme.len()).is_some_and(|b| b.eq_ignore_ascii_case(scheme.as_bytes()))
    };
    let scheme = ["https://", "http://", "ftp://", "www."].into_iter().find(|s| starts(s))?;
    let trimmed = rest.trim_end_matches(is_url_trailer);
    (trimmed.len() > scheme.len()).then_some(trimmed.len())
}

/// The longest local part (before '@') and domain of an e-mail address (RFC 5321 limits).
const MAX_LOCAL_PART: usize = 64;
const MAX_DOMAIN: usize = 255;

/// An e-mail address starting at `rest`: local part, '@', and a dotted domain.
fn email_len(rest: &str) -> Option<usize> {
    let local_ok = |c: char| is_word_char(c) || matches!(c, '.' | '+' | '-' | '_');
    let at = rest.char_indices().take(MAX_LOCAL_PART + 1).find(|&(_, c)| !local_ok(c))?.0;
    if at == 0 || !rest[at..].starts_with('@') || !rest.starts_with(is_word_char) {
        return None;
    }
    let domain_len = rest[at + 1..]
        .char_indices()
        .take(MAX_DOMAIN + 1)
        .find(|&(_, c)| !(is_word_char(c) || c == '.' || c == '-'))
        .map_or(rest.len() - at - 1, |(b, _)| b);
    let domain = rest[at + 1..at + 1 + domain_len].trim_end_matches(['.', '-']);
    let dot = domain.find('.')?;
    (dot > 0 && dot + 1 < domain.len() && domain.len() <= MAX_DOMAIN).then_some(at + 1 + domain.len())
}

/// A clitic at the start of `rest` that ends there: 's 're 'll 've 'd 'm (any apostrophe) or n't.
fn clitic_len(rest: &str) -> Option<usize> {
    let mut chars = rest.char_indices();
    let (_, first) = chars.next()?;
    let body_start = if first == 'n' || first == 'N' {
        let (at, apostrophe) = chars.next()?;
        if !is_apostrophe(apostrophe) {
            return None;
        }
        let after = at + apostrophe.len_utf8();
        let t = rest[after..].chars().next()?;
        if t != 't' && t != 'T' {
            return None;
        }
        return ends_word(rest, after + 1);
    } else if is_apostrophe(first) {
        first.len_utf8()
    } else {
        return None;
    };
    let body = &rest[body_start..];
    let len = ["s", "re", "ll", "ve", "d", "m"]
        .iter()
        .find(|c| body.get(..c.len()).is_some_and(|b| b.eq_ignore_ascii_case(c)))?
        .len();
    ends_word(rest, body_start + len)
}

/// `Some(len)` when no word character follows `rest[..len]`.
fn ends_word(rest: &str, len: usize) -> Option<usize> {
    let next = rest[len..].chars().next();
    (!next.is_some_and(is_word_char)).then_some(len)
}

/// A word starting at `rest`, or `None` when `rest` does not start with a word character.
///
/// Looks at most one character past the word, so lexing a chunk stays linear in its length.
fn word_len(rest: &str, line_start: bool) -> Option<usize> {
    let at = |b: usize| rest[b..].chars().next();
    if !at(0).is_some_and(is_word_char) {
        return None;
    }
    let mut end = 0;
    let mut segment_start = 0;
    let mut joined = false;
    loop {
        while let Some(c) = at(end).filter(|&c| is_word_char(c)) {
            end += c.len_utf8();
        }
        let Some(c) = at(end) else { break };
        let after = end + c.len_utf8();
        let Some(next) = at(after).filter(|&n| is_word_char(n)) else { break };
        // The word is not empty here: `rest` starts with a word character.
        let Some(prev) = rest[..end].chars().next_back() else { break };
        if is_apostrophe(c) {
            if clitic_len(&rest[end..]).is_some() {
                break;
            }
            if (prev == 'n' || prev == 'N') && end > 1 && clitic_len(&rest[end - 1..]).is_some() {
                return Some(end - 1);
            }
        }
        let digits = prev.is_ascii_digit() && next.is_ascii_digit();
        let join = match c {
            '.' | '_' => true,
            ',' => digits && is_thousands_group(&rest[after..]),
            ':' | '/' => digits,
            '&' => prev.is_uppercase() && next.is_uppercase(),
            c if is_hyphen(c) => digits || is_hyphen_prefix(&rest[segment_start..end]),
            c => is_apostrophe(c),
        };
        if !join {
            break;
        }
        end = after;
        segment_start = end;
        joined = true;
    }
    if let Some(hyphen) = truncating_hyphen(rest, end) {
        return Some(end + hyphen);
    }
    let word = &rest[..end];
    if !joined {
        if let Some(first) = fused_split(word) {
            return Some(first);
        }
    }
    let period_follows = at(end) == Some('.') && at(end + 1) != Some('.');
    if period_follows && keeps_period(word, line_start && end + 1 == rest.len()) {
        return Some(end + 1);
    }
    Some(end)
}

/// Whether `rest` starts with exactly three digits, as after the comma of "1,000" (but not "[13,14]").
fn is_thousands_group(rest: &str) -> bool {
    let bytes = rest.as_bytes();
    bytes.len() >= 3
        && bytes[..3].iter().all(u8::is_ascii_digit)
        && !bytes.get(3).is_some_and(u8::is_ascii_digit)
}

/// The byte length of a hyphen at `rest[end..]` that ends a cut-off word ("th-", "re- —"): after a
/// letter, and not followed by a word character or another hyphen.
fn truncating_hyphen(rest: &str, end: usize) -> Option<usize> {
    let hyphen = rest[end..].chars().next().filter(|&c| is_hyphen(c))?;
    let after = rest[end + hyphen.len_utf8()..].chars().next();
    let cut_off = rest[..end].chars().next_back().is_some_and(char::is_alphabetic)
        && !after.is_some_and(|c| is_word_char(c) || is_hyphen(c));
    cut_off.then_some(hyphen.len_utf8())
}

/// A tag or handle: '#' or '@' at the start of a chunk, then a word ("#science", "@corefer").
fn tag_len(rest: &str, chunk_start: bool) -> Option<usize> {
    let body = rest.strip_prefix(['#', '@'])?;
    let word = body.find(|c: char| !is_word_char(c) && c != '_').unwrap_or(body.len());
    (chunk_start && word > 0).then_some(1 + word)
}

/// A word with an elided start: a decade ("'70s", "’80s", "'99") or a form such as "'em", "’til".
fn elided_len(rest: &str) -> Option<usize> {
    let mut chars = rest.chars();
    let apostrophe = chars.next().filter(|&c| is_apostrophe(c))?;
    let body = &rest[apostrophe.len_utf8()..];
    let word = body.find(|c: char| !is_word_char(c)).unwrap_or(body.len());
    if is_elided(&body[..word]) {
        return Some(apostrophe.len_utf8() + word);
    }
    let digits = chars.clone().take_while(char::is_ascii_digit).count();
    if digits != 2 {
        return None;
    }
    let tail: usize = chars.skip(2).take_while(|c| c.is_alphabetic()).map(char::len_utf8).sum();
    Some(apostrophe.len_utf8() + 2 + tail)
}

/// Whether a word followed by '.' takes the period: abbreviations, initials, dotted forms of short
/// segments ("U.S.", "Ph.D.", but not "Represent.com."), and list numbers alone at the start of a line
/// ("2.").
fn keeps_period(word: &str, alone_at_line_start: bool) -> bool {
    let single_letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    let short_segment = |s: &str| (1..=3).contains(&s.chars().count()) && s.chars().all(char::is_alphabetic);
    let dotted = word.contains('.') && word.split('.').all(short_segment);
    let list_number = alone_at_line_start && word.len() <= 2 && word.chars().all(|c| c.is_ascii_digit());
    single_letter || dotted || list_number || is_abbreviation(word)
}

/// Punctuation at the start of `rest`: a run of dots, hyphens and the like as one token, a doubled
/// quote mark ("''", "``") as one token, else one char.
fn punct_len(rest: &str) -> usize {
    // Called on a non-empty chunk; an empty one has no punctuation to take.
    let Some(first) = rest.chars().next() else { return 0 };
    let len = first.len_utf8();
    match first {
        '.' | '-' | '*' | '=' | '_' | '~' | '!' | '?' => rest.find(|c| c != first).unwrap_or(rest.len()),
        '\'' | '`' if rest[len..].starts_with(first) => 2 * len,
        _ => len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        split_words(text).iter().map(|s| &text[s.range()]).collect()
    }

    #[test]
    fn splits_punctuation_and_clitics() {
        assert_eq!(
            words("I don't know, it's Kim's."),
            ["I", "do", "n't", "know", ",", "it", "'s", "Kim", "'s", "."]
        );
        assert_eq!(words("We’re sure they’ll can’t"), ["We", "’re", "sure", "they", "’ll", "ca", "n’t"]);
        assert_eq!(words("the states' rights"), ["the", "states", "'", "rights"]);
        assert_eq!(words("gonna go? Cannot!"), ["gon", "na", "go", "?", "Can", "not", "!"]);
    }

    #[test]
    fn keeps_abbreviations_numbers_and_addresses() {
        assert_eq!(
            words("Dr. Lee met the U.S. team at 3 p.m. etc."),
            ["Dr.", "Lee", "met", "the", "U.S.", "team", "at", "3", "p.m.", "etc."]
        );
        assert_eq!(words("won 7-2, 3.5% of $1,000"), ["won", "7-2", ",", "3.5", "%", "of", "$", "1,000"]);
        assert_eq!(
            words("refs [13,14] at site.com."),
            ["refs", "[", "13", ",", "14", "]", "at", "site.com", "."]
        );
        assert_eq!(
            words("see (https://example.org/a?b=1). Mail jo.ly@ex.co.uk."),
            ["see", "(", "https://example.org/a?b=1", ")", ".", "Mail", "jo.ly@ex.co.uk", "."]
        );
    }

    #[test]
    fn hyphens_split_except_prefixes() {
        assert_eq!(words("a well-known non-profit"), ["a", "well", "-", "known", "non-profit"]);
        assert_eq!(words("O'Brien said... end--really"), ["O'Brien", "said", "...", "end", "--", "really"]);
    }

    #[test]
    fn tags_decades_and_cut_off_words_stay_whole() {
        assert_eq!(
            words("#science @kim the ’70s or '80s"),
            ["#science", "@kim", "the", "’70s", "or", "'80s"]
        );
        assert_eq!(words("put 'em on 'til dawn"), ["put", "'em", "on", "'til", "dawn"]);
        assert_eq!(words("'00𑠀s"), ["'00𑠀s"], "multibyte letters after a decade");
        assert_eq!(
            words("you lose th- complete t-? re--no"),
            ["you", "lose", "th-", "complete", "t-", "?", "re", "--", "no"]
        );
    }

    #[test]
    fn list_numbers_keep_their_period_only_at_line_start() {
        assert_eq!(words("2. Go\nin 2005."), ["2.", "Go", "in", "2005", "."]);
    }

    #[test]
    fn long_chunks_lex_in_linear_time() {
        let chunk = "a-".repeat(200_000) + &"x@".repeat(100_000) + &"'".repeat(100_000);
        assert_eq!(split_words(&chunk).len(), 400_000 + 200_000 + 50_000);
    }

    #[test]
    fn graphemes_stay_whole() {
        assert_eq!(words("cafe\u{301}! 👍🏽👍"), ["cafe\u{301}", "!", "👍🏽", "👍"]);
        assert_eq!(words("👨\u{200D}👩 שלום."), ["👨\u{200D}👩", "שלום", "."]);
    }
}
