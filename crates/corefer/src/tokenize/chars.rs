//! Character classes the tokenizer decides with: word characters, extenders, symbols, quotes.
//!
//! Design decision: classes are defined on Unicode code point ranges (no general-category tables), with
//! one rule that keeps every grapheme whole: an *extender* (combining mark, joiner, variation selector,
//! emoji modifier, tag) always stays with the character before it. A token boundary can then never fall
//! inside "é" written as e + U+0301, or inside a ZWJ emoji sequence.

/// Characters that never start a token of their own: they extend the preceding character.
pub fn is_extender(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F      // combining diacritical marks
        | 0x0483..=0x0489    // Cyrillic combining
        | 0x0591..=0x05C7    // Hebrew points
        | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED // Arabic marks
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 // Devanagari marks
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF // combining extended / supplement
        | 0x200C | 0x200D    // zero-width non-joiner, joiner
        | 0x20D0..=0x20FF    // combining marks for symbols
        | 0xFE00..=0xFE0F    // variation selectors
        | 0xFE20..=0xFE2F    // combining half marks
        | 0x1F3FB..=0x1F3FF  // emoji skin-tone modifiers
        | 0xE0020..=0xE007F  // tags (flag sequences)
        | 0xE0100..=0xE01EF  // variation selectors supplement
    )
}

/// Symbols and punctuation outside ASCII: each is a token of its own.
fn is_unicode_symbol(c: char) -> bool {
    matches!(c as u32,
        0x00A1..=0x00A9 | 0x00AB..=0x00B1 | 0x00B4 | 0x00B6..=0x00B8 | 0x00BB | 0x00BF | 0x00D7 | 0x00F7
        | 0x2000..=0x206F    // general punctuation (extenders are tested first)
        | 0x20A0..=0x20CF    // currency
        | 0x2100..=0x2BFF    // letterlike, arrows, math, technical, box drawing, shapes, dingbats
        | 0x2E00..=0x2E7F    // supplemental punctuation
        | 0x3000..=0x303F    // CJK punctuation
        | 0xFE30..=0xFE4F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0x1F000..=0x1FAFF  // emoji and pictographs
    )
}

/// Letters, digits and marks: what words are made of.
pub fn is_word_char(c: char) -> bool {
    if c.is_alphanumeric() || is_extender(c) {
        return true;
    }
    !c.is_ascii() && !c.is_whitespace() && !c.is_control() && !is_unicode_symbol(c)
}

/// Apostrophes that may start a clitic ('s, n't) or close a plural possessive.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`')
}

/// Hyphens that may join a prefix or a number range into one token.
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// Closing quotes and brackets, which stay inside the sentence they close.
pub fn is_closing(token: &str) -> bool {
    matches!(token, "\"" | "'" | "''" | "’" | "”" | "»" | "›" | ")" | "]" | "}")
}

/// Opening quotes and brackets, which may start a sentence.
pub fn is_opening(token: &str) -> bool {
    matches!(token, "\"" | "'" | "``" | "`" | "‘" | "“" | "«" | "‹" | "(" | "[" | "{")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_word_char('é') && is_word_char('ש') && is_word_char('中') && is_word_char('7'));
        assert!(!is_word_char('“') && !is_word_char('😀') && !is_word_char('€') && !is_word_char('.'));
        assert!(is_extender('\u{301}') && is_extender('\u{200D}') && !is_extender('a'));
        assert!(!is_word_char('\u{a0}'), "NBSP is whitespace, not a word char");
    }
}
