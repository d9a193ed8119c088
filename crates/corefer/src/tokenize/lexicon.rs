//! Closed word lists the tokenizer consults: abbreviations, hyphen prefixes, fused forms.
//! Entries are ASCII and lowercase; lookups ignore ASCII case.
//!
//! Design decision: the lists are small, lowercase and checked into code, following GUM/PTB conventions
//! (the corpora our accuracy is measured on); everything else is decided by character classes in
//! [`super::words`]. Lists make each convention visible and testable one entry at a time.

/// Abbreviations (lowercase, without their final period) that keep that period: "Dr." is one token.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "mt", "ft", "fr", "rev", "hon", "gen", "gov", "sen",
    "rep", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj", "pres", "supt", "inc", "ltd", "co", "corp",
    "bros", "dept", "univ", "assn", "est", "etc", "al", "vs", "v", "cf", "viz", "ca", "approx", "vol",
    "vols", "pp", "p", "pg", "ch", "fig", "figs", "ed", "eds", "div", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
    "fri", "ave", "blvd", "rd", "hwy", "wis", "calif", "fla", "penn", "conn", "tex", "ariz", "colo", "mich",
    "minn", "okla", "ky", "tenn", "va", "ga", "md", "nev", "ala", "kan", "neb", "dak", "del", "cal", "sq",
    "misc", "esp", "incl", "op", "assoc", "govt", "intl",
];

/// Abbreviations a sentence never ends with: titles that precede a name, "e.g.", "i.e.", "p." ….
const NON_FINAL: &[&str] = &[
    "e.g", "i.e", "mr", "mrs", "ms", "dr", "prof", "st", "mt", "fr", "rev", "hon", "gen", "gov", "sen",
    "rep", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj", "pres", "supt", "vol", "pp", "p", "pg", "ch",
    "fig", "figs", "vs", "v", "cf", "ca", "approx",
];

/// Prefixes that stay joined to the word after their hyphen: "non-profit" is one token, "well-known" three.
const HYPHEN_PREFIXES: &[&str] = &[
    "non", "co", "re", "cross", "pro", "anti", "mid", "pre", "e", "counter", "semi", "post", "mini", "sub",
    "inter", "super", "socio", "multi", "ultra", "micro", "macro", "intra", "trans", "extra", "bi", "tri",
    "un", "de", "ex",
];

/// Words that start with an elided letter and keep their apostrophe: "'em", "’til".
const ELIDED: &[&str] = &["em", "til", "cause", "bout", "round", "n", "nuff", "tis", "twas"];

/// Fused forms split in two (PTB): "gonna" → "gon" + "na". The number is the length of the first part.
const FUSED: &[(&str, usize)] = &[
    ("gonna", 3),
    ("wanna", 3),
    ("gotta", 3),
    ("cannot", 3),
    ("gimme", 3),
    ("lemme", 3),
    ("dunno", 2),
    ("oughta", 5),
    ("hafta", 3),
];

fn listed(list: &[&str], word: &str) -> bool {
    list.iter().any(|entry| entry.eq_ignore_ascii_case(word))
}

/// Whether `word` (without its final period) is an abbreviation that keeps the period.
pub fn is_abbreviation(word: &str) -> bool {
    listed(ABBREVIATIONS, word)
}

/// Whether `word` (without its final period) is an abbreviation a sentence never ends with.
pub fn is_non_final(word: &str) -> bool {
    listed(NON_FINAL, word)
}

/// Whether `word` stays joined to what follows its hyphen.
pub fn is_hyphen_prefix(word: &str) -> bool {
    listed(HYPHEN_PREFIXES, word)
}

/// Whether `word` (after its apostrophe) is an elided form such as "em" in "'em".
pub fn is_elided(word: &str) -> bool {
    listed(ELIDED, word)
}

/// For a fused form ("gonna", "Cannot"), the byte length of its first part.
pub fn fused_split(word: &str) -> Option<usize> {
    FUSED.iter().find(|(form, _)| form.eq_ignore_ascii_case(word)).map(|&(_, first)| first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case() {
        assert!(is_abbreviation("Dr") && is_abbreviation("etc") && !is_abbreviation("end"));
        assert!(is_non_final("Mrs") && is_non_final("e.g") && !is_non_final("etc"));
        assert!(is_hyphen_prefix("Non") && !is_hyphen_prefix("well"));
        assert_eq!(fused_split("Gonna"), Some(3));
        assert_eq!(fused_split("gone"), None);
    }
}
