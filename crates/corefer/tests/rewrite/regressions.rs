//! The corruptions another pipeline produced on news text, rebuilt by hand: each must be impossible.

use corefer::rewrite::{Naming, Options, PossessiveStyle, Replace, Rules};

use crate::common::{resolve, resolve_with};

const ALL: Options = Options {
    replace: Replace::All,
    possessive: PossessiveStyle::S,
    naming: Naming::Nearest,
    rules: Rules::ON,
};

/// Was: "…testify Thursday about Former FBI Director James Comey private discussions…" (possessive lost).
#[test]
fn possessive_is_not_lost() {
    let text = "Former FBI Director James Comey is set to testify Thursday about his private discussions with Trump.";
    let clusters: &[&[&str]] = &[&["Former FBI Director James Comey", "his"], &["Trump"]];
    assert_eq!(
        resolve(text, clusters),
        "Former FBI Director James Comey is set to testify Thursday about James Comey's private \
         discussions with Trump."
    );
}

/// Was: "\" I have not had a discussion with him White House press secretary Sean Spicer that , \" Spicer
/// White House press secretary Sean Spicer ." (replacements drifted onto "about" and "said").
#[test]
fn replacements_do_not_drift_onto_neighbouring_words() {
    let text =
        "Trump met Comey . White House press secretary Sean Spicer was asked about it . \" I have not had a \
                discussion with him about that , \" Spicer said .";
    let clusters: &[&[&str]] =
        &[&["Trump", "him"], &["White House press secretary Sean Spicer", "I", "Spicer#1"], &["Comey"]];
    let expected =
        "Trump met Comey . White House press secretary Sean Spicer was asked about it . \" I have not had \
                    a discussion with Trump about that , \" Spicer said .";
    assert_eq!(resolve(text, clusters), expected);
    assert_eq!(resolve_with(text, clusters, ALL), expected);
}

/// Was: "Trump told Trump and Sessions News Trump and Sessions he fired Comey" ("NBC" and "that" destroyed).
#[test]
fn conjoined_clusters_do_not_destroy_neighbours() {
    let text =
        "Trump and Sessions met on Monday , and they talked . Trump told NBC News that he fired Comey .";
    let clusters: &[&[&str]] = &[
        &["Trump and Sessions", "they"],
        &["Trump#0", "Trump#1", "he"],
        &["Sessions"],
        &["NBC News"],
        &["Comey"],
    ];
    let expected =
        "Trump and Sessions met on Monday , and Trump and Sessions talked . Trump told NBC News that Trump \
                    fired Comey .";
    assert_eq!(resolve(text, clusters), expected);
    assert_eq!(resolve_with(text, clusters, ALL), expected);
}

/// Was: "Sessions expressed himself would be willing to resign if Trump no longer wanted himself there"
/// (a reflexive chosen as the entity's name).
#[test]
fn a_reflexive_is_never_the_name() {
    let text =
        "Asked about himself , Sessions expressed that he would be willing to resign if Trump no longer \
                wanted him there .";
    let clusters: &[&[&str]] = &[&["himself", "Sessions", "he", "him"], &["Trump"]];
    assert_eq!(
        resolve(text, clusters),
        "Asked about himself , Sessions expressed that Sessions would be willing to resign if Trump no longer \
         wanted Sessions there ."
    );
}

/// Was: "the the White House" (determiner doubled).
#[test]
fn determiners_are_never_doubled() {
    let text =
        "The White House declined to comment . A spokesman for the administration said it would respond .";
    let clusters: &[&[&str]] = &[&["The White House", "administration", "it"]];
    assert_eq!(
        resolve_with(text, clusters, ALL),
        "The White House declined to comment . A spokesman for the White House said the White House would respond ."
    );
}

/// Was: "…questions about the President ’s     and adviser…" (words lost).
#[test]
fn no_words_are_lost() {
    let text = "Trump spoke . Reporters asked questions about the President ’s lawyers and adviser Kellyanne Conway , \
                and he answered her .";
    let clusters: &[&[&str]] = &[
        &["Trump", "the President", "he"],
        &["the President ’s lawyers"],
        &["adviser Kellyanne Conway", "her"],
    ];
    assert_eq!(
        resolve_with(text, clusters, ALL),
        "Trump spoke . Reporters asked questions about Trump ’s lawyers and adviser Kellyanne Conway , and Trump \
         answered Kellyanne Conway ."
    );
}

/// Was (corefer's own model on examples/news.txt): "so that dock workers could borrow books before that dock
/// workers' shifts. \"That dock workers asked us for it\"" (a span that swallowed its complementiser became
/// the name). With no other name in the cluster, its pronouns stay.
#[test]
fn a_span_opening_with_a_clause_word_is_never_the_name() {
    let text =
        "Staff would open early so that dock workers could borrow books before their shifts . \" They \
                asked us for it , \" she said .";
    let clusters: &[&[&str]] = &[&["that dock workers", "their", "They"], &["Staff"]];
    assert_eq!(resolve(text, clusters), text);
    assert_eq!(resolve_with(text, clusters, ALL), text);
}

/// The same text when the model's span leaves the complementiser out: "that" is not taken along as a
/// determiner.
#[test]
fn a_complementiser_before_the_name_is_not_taken_along() {
    let text = "Staff would open early so that dock workers could borrow books before their shifts .";
    let clusters: &[&[&str]] = &[&["dock workers", "their"], &["Staff"]];
    assert_eq!(
        resolve(text, clusters),
        "Staff would open early so that dock workers could borrow books before dock workers' shifts ."
    );
}

/// Was (corefer's own model on examples/news.txt): "Council member Tom Reyes … said … Ruth Okafor added
/// that Ruth Okafor would still visit the library with Ruth Okafor's daughter" — a cluster that merged
/// Okafor and Reyes gave "he" and "his" a woman's name. A cluster whose pronouns mark two genders keeps
/// its gendered pronouns as written; a cluster whose pronouns agree is still resolved.
#[test]
fn a_cluster_mixing_genders_keeps_its_gendered_pronouns() {
    let text = "Mayor Ruth Okafor cut the ribbon . She was pleased . Council member Tom Reyes objected . He \
                added that he would visit with his daughter . The library said it would open .";
    let clusters: &[&[&str]] = &[
        &["Mayor Ruth Okafor", "She", "Council member Tom Reyes", "He", "he", "his"],
        &["The library", "it"],
    ];
    let expected = "Mayor Ruth Okafor cut the ribbon . She was pleased . Council member Tom Reyes objected . \
                    He added that he would visit with his daughter . The library said the library would open .";
    assert_eq!(resolve(text, clusters), expected);
    let agreeing: &[&[&str]] = &[&["Council member Tom Reyes", "He", "he", "his"]];
    assert!(resolve(text, agreeing)
        .contains("Tom Reyes added that Tom Reyes would visit with Tom Reyes's daughter"));
}

/// From `examples/news.txt` with `minilm-wl-match`: the span predictor ran Okafor's mention back across the
/// dateline ("ELLEN, March 3 — Mayor Ruth Okafor"), and the cut before the comma made "ELLEN" the name,
/// so "She said" became "ELLEN said". A name set off by a dash is an appositive like one set off by commas.
#[test]
fn a_name_after_a_dash_beats_a_dateline_word_before_a_comma() {
    let text = "PORT ELLEN , March 3 — Mayor Ruth Okafor cut the ribbon . She said it was time .";
    let clusters: &[&[&str]] = &[&["ELLEN , March 3 — Mayor Ruth Okafor", "She"]];
    let expected = "PORT ELLEN , March 3 — Mayor Ruth Okafor cut the ribbon . Ruth Okafor said it was time .";
    assert_eq!(resolve(text, clusters), expected);
}
