//! Rule 8 properties: for random texts (any Unicode, runs of whitespace, punctuation) and random
//! well-formed clusters, the rewrite is undoable byte for byte, its edits never overlap, and every edit
//! covers exactly one mention. Checking arbitrary records never panics.

use corefer::records::{ClustersRecord, MentionRecord};
use corefer::rewrite::{rewrite, MentionSet, Naming, Options, PossessiveStyle, Replace};
use corefer::Offsets;
use corefer::{Document, WordSpan};
use proptest::prelude::*;

/// Tokens: pronouns (to be replaced or kept), names, determiners, punctuation, and arbitrary
/// non-whitespace Unicode.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "he",
            "He",
            "him",
            "his",
            "she",
            "her",
            "hers",
            "it",
            "its",
            "they",
            "them",
            "their",
            "theirs",
            "himself",
            "I",
            "you",
            "who",
            "that",
            "the",
            "The",
            "a",
            "an",
            "and",
            "Kim",
            "Zoë",
            "Lee",
            "Northwind",
            "Jeff",
            "Sessions",
            "White",
            "House",
            "company",
            ",",
            ".",
            "“",
            "”",
            "'s",
            "’s",
            "!",
            "(",
            ")",
            "—",
            "…",
        ])
        .prop_map(str::to_string),
        "[^\\s]{1,6}",
    ]
}

/// Whitespace runs between tokens, including non-ASCII spaces and line breaks.
fn gap() -> impl Strategy<Value = String> {
    "[ \t\n\u{a0}\u{3000}]{1,4}"
}

/// A text with its tokens' byte spans.
fn text() -> impl Strategy<Value = (String, Vec<(usize, usize)>)> {
    (gap(), prop::collection::vec((token(), gap()), 1..40)).prop_map(|(lead, tokens)| {
        let mut text = lead;
        let mut spans = Vec::new();
        for (token, gap) in tokens {
            spans.push((text.len(), text.len() + token.len()));
            text.push_str(&token);
            text.push_str(&gap);
        }
        (text, spans)
    })
}

/// Well-formed clusters over token runs: random spans, keeping each only if it neither repeats nor
/// crosses one kept before; each span goes to one of a few clusters.
fn clusters(tokens: usize) -> impl Strategy<Value = Vec<Vec<(usize, usize)>>> {
    prop::collection::vec((0..tokens, 1..4usize, 0..5usize), 0..30).prop_map(move |picks| {
        let mut kept: Vec<(usize, usize)> = Vec::new();
        let mut clusters = vec![Vec::new(); 5];
        for (first, len, cluster) in picks {
            let span = (first, (first + len).min(tokens));
            let crosses = |k: &(usize, usize)| {
                k.0 < span.1
                    && span.0 < k.1
                    && !(k.0 <= span.0 && span.1 <= k.1)
                    && !(span.0 <= k.0 && k.1 <= span.1)
            };
            if !kept.contains(&span) && !kept.iter().any(crosses) {
                kept.push(span);
                clusters[cluster].push(span);
            }
        }
        clusters
    })
}

fn record(text: &str, tokens: &[(usize, usize)], clusters: &[Vec<(usize, usize)>]) -> ClustersRecord {
    let mention = |&(first, end): &(usize, usize)| {
        let (start_byte, end_byte) = (tokens[first].0, tokens[end - 1].1);
        let start = text[..start_byte].chars().count();
        let end = start + text[start_byte..end_byte].chars().count();
        let offsets = Offsets { start, end, start_byte, end_byte };
        MentionRecord { offsets, text: text[start_byte..end_byte].to_string() }
    };
    ClustersRecord {
        id: "p".into(),
        clusters: clusters.iter().map(|c| c.iter().map(mention).collect()).collect(),
    }
}

fn options() -> impl Strategy<Value = Options> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(all, apostrophe, nearest)| Options {
        replace: if all { Replace::All } else { Replace::Pronouns },
        possessive: if apostrophe { PossessiveStyle::Apostrophe } else { PossessiveStyle::S },
        naming: if nearest { Naming::Nearest } else { Naming::Representative },
        ..Options::default()
    })
}

fn case() -> impl Strategy<Value = (String, ClustersRecord, Options)> {
    text().prop_flat_map(|(text, tokens)| {
        let n = tokens.len();
        (Just(text), Just(tokens), clusters(n), options()).prop_map(|(text, tokens, clusters, options)| {
            let record = record(&text, &tokens, &clusters);
            (text, record, options)
        })
    })
}

/// Model-like clusters: random word spans, crossing and repeated ones included.
/// Clusters as lists of token-index spans `(first, end)`.
type TokenClusters = Vec<Vec<(usize, usize)>>;

fn model_case() -> impl Strategy<Value = (Vec<String>, TokenClusters, Options)> {
    prop::collection::vec(token(), 1..40).prop_flat_map(|words| {
        let n = words.len();
        let span = (0..n, 1..4usize).prop_map(move |(s, len)| (s, (s + len).min(n)));
        (Just(words), prop::collection::vec(prop::collection::vec(span, 0..6), 0..5), options())
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn rewrite_is_lossless_non_overlapping_and_on_mention_boundaries((text, record, options) in case()) {
        let set = record.mention_set(&text).unwrap();
        let result = rewrite(&set, &options);
        let resolved = &result.resolved;
        // (a) undoing the edits gives back the input byte for byte.
        prop_assert_eq!(resolved.undo(), text.clone());
        // (b) no two edits overlap, in the input or in the output.
        for pair in resolved.edits.windows(2) {
            prop_assert!(pair[0].original.bytes.end() <= pair[1].original.bytes.start());
            prop_assert!(pair[0].resolved.bytes.end() <= pair[1].resolved.bytes.start());
        }
        // (c) every edit covers exactly one mention of its cluster.
        for edit in &resolved.edits {
            prop_assert!(set.clusters()[edit.cluster].contains(&edit.original));
            prop_assert_eq!(&text[edit.original.bytes.range()], edit.original_text.as_str());
            prop_assert_eq!(&resolved.text[edit.resolved.bytes.range()], edit.replacement.as_str());
            let chars: String = resolved.text.chars().skip(edit.resolved.chars.start()).take(edit.resolved.chars.len()).collect();
            prop_assert_eq!(chars, edit.replacement.clone());
        }
    }

    #[test]
    fn model_clusters_that_cross_are_skipped_and_the_rewrite_stays_lossless((words, clusters, options) in model_case()) {
        let mut doc = Document::from_sentences("m", &[(words, None)]).unwrap();
        let spans = clusters.iter().map(|c| c.iter().map(|&(s, e)| WordSpan::new(s, e).unwrap()).collect()).collect();
        doc.set_clusters(spans).unwrap();
        let (set, skipped) = MentionSet::from_document(&doc);
        let kept: usize = set.clusters().iter().map(Vec::len).sum();
        prop_assert_eq!(kept + skipped.len(), doc.clusters().iter().map(Vec::len).sum::<usize>());
        let resolved = rewrite(&set, &options).resolved;
        prop_assert_eq!(resolved.undo(), doc.text());
    }

    #[test]
    fn arbitrary_records_are_refused_or_taken_never_a_panic(
        text in "\\PC{0,30}",
        mentions in prop::collection::vec((0..40usize, 0..40usize, 0..80usize, 0..80usize, "\\PC{0,4}"), 0..6),
    ) {
        let clusters = vec![mentions.into_iter().map(|(start, end, start_byte, end_byte, text)| {
            MentionRecord { offsets: Offsets { start, end, start_byte, end_byte }, text }
        }).collect()];
        let record = ClustersRecord { id: "f".into(), clusters };
        if let Ok(set) = record.mention_set(&text) {
            prop_assert_eq!(rewrite(&set, &Options::default()).resolved.undo(), text);
        }
    }
}
