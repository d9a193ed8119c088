//! Rule 2: the representative of each cluster.

use corefer::rewrite::choose_representative as choose;
use corefer::rewrite::Rules;

use crate::common::record;

fn chosen(text: &str, clusters: &[&[&str]]) -> Vec<Option<String>> {
    let set = record(text, clusters).mention_set(text).unwrap();
    (0..set.clusters().len()).map(|c| choose(&set, c, Rules::ON).map(|r| r.text.to_string())).collect()
}

#[test]
fn short_full_name_wins_over_title_and_clause() {
    let text =
        "Attorney General Jeff Sessions, who met him, said Sessions and Jeff Sessions would go; he left.";
    let reps = chosen(
        text,
        &[&["Attorney General Jeff Sessions, who met him,", "Sessions#1", "Jeff Sessions#1", "he"]],
    );
    assert_eq!(reps, [Some("Jeff Sessions".to_string())]);
}

#[test]
fn relative_clause_and_appositive_are_dropped() {
    let text = "Attorney General Jeff Sessions, who met him, left. He said.";
    assert_eq!(
        chosen(text, &[&["Attorney General Jeff Sessions, who met him,", "He"]]),
        [Some("Jeff Sessions".into())]
    );
    let text = "the company that Kim founded grew. It said.";
    assert_eq!(chosen(text, &[&["the company that Kim founded", "It"]]), [Some("the company".into())]);
    let text = "Northwind (the brewer) grew. It said.";
    assert_eq!(chosen(text, &[&["Northwind (the brewer)", "It"]]), [Some("Northwind".into())]);
}

#[test]
fn proper_name_beats_earlier_nominal() {
    let text = "The brewer said Northwind grew and it paid.";
    assert_eq!(chosen(text, &[&["The brewer", "Northwind", "it"]]), [Some("Northwind".into())]);
}

#[test]
fn first_nominal_when_no_name() {
    let text = "A man came. The man sat and he ate.";
    assert_eq!(chosen(text, &[&["A man", "The man", "he"]]), [Some("A man".into())]);
}

#[test]
fn never_a_pronoun_or_reflexive() {
    let text = "Sessions said himself that he would go and himself.";
    assert_eq!(chosen(text, &[&["himself#0", "he", "himself#1"]]), [None]);
    assert_eq!(chosen(text, &[&["Sessions", "himself#0", "he"]]), [Some("Sessions".into())]);
}

#[test]
fn never_a_mention_holding_its_own_cluster() {
    let text = "the Acme Board met Acme and it voted.";
    assert_eq!(chosen(text, &[&["the Acme Board", "Acme#0", "Acme#1", "it"]]), [Some("Acme".into())]);
}

#[test]
fn conjoined_mention_represents_only_its_own_cluster() {
    let text = "Trump and Sessions met. Trump said they agreed and he left.";
    let clusters: &[&[&str]] = &[&["Trump#0", "Trump#1", "he"], &["Trump and Sessions", "they"]];
    assert_eq!(chosen(text, clusters), [Some("Trump".into()), Some("Trump and Sessions".into())]);
    let text = "Trump and Sessions met and he left.";
    assert_eq!(chosen(text, &[&["Trump and Sessions", "he"]]), [None]);
}

#[test]
fn trailing_punctuation_and_unbalanced_quotes_are_stripped() {
    let text = "He read “The Post. It said.";
    assert_eq!(chosen(text, &[&["“The Post.", "It"]]), [Some("The Post".into())]);
    let text = "He read “The Post” and it said.";
    assert_eq!(chosen(text, &[&["“The Post”", "it"]]), [Some("“The Post”".into())]);
    let text = "the U.S. grew and it paid.";
    assert_eq!(chosen(text, &[&["the U.S.", "it"]]), [Some("the U.S.".into())]);
}

#[test]
fn lower_case_title_before_a_full_name_is_dropped() {
    let text = "White House press secretary Sean Spicer spoke; he left.";
    assert_eq!(
        chosen(text, &[&["White House press secretary Sean Spicer", "he"]]),
        [Some("Sean Spicer".into())]
    );
    let text = "press secretary Spicer spoke; he left.";
    assert_eq!(chosen(text, &[&["press secretary Spicer", "he"]]), [Some("press secretary Spicer".into())]);
    let text = "the governor of the Bank of England spoke; he left.";
    assert_eq!(
        chosen(text, &[&["the governor of the Bank of England", "he"]]),
        [Some("the governor of the Bank of England".into())]
    );
}

#[test]
fn capitalised_title_before_a_full_name_is_dropped() {
    let text = "Former FBI Director James Comey spoke; he left.";
    assert_eq!(chosen(text, &[&["Former FBI Director James Comey", "he"]]), [Some("James Comey".into())]);
    let text = "General Motors spoke; it left.";
    assert_eq!(chosen(text, &[&["General Motors", "it"]]), [Some("General Motors".into())]);
    let text = "President Trump spoke; he left.";
    assert_eq!(chosen(text, &[&["President Trump", "he"]]), [Some("President Trump".into())]);
}

#[test]
fn a_name_in_an_appositive_beats_a_nominal_head() {
    let text = "Analysts praised its chief executive, Maria Lopez, for her plan.";
    assert_eq!(chosen(text, &[&["its chief executive, Maria Lopez,", "her"]]), [Some("Maria Lopez".into())]);
    let text = "Northwind Brewing, the largest employer, grew; it paid.";
    let clusters: &[&[&str]] = &[&["Northwind Brewing, the largest employer,", "it"]];
    assert_eq!(chosen(text, clusters), [Some("Northwind Brewing".into())]);
}

#[test]
fn a_title_alone_is_not_a_name() {
    let text = "the President spoke and Trump said he left.";
    assert_eq!(chosen(text, &[&["the President", "Trump", "he"]]), [Some("Trump".into())]);
}

#[test]
fn a_capitalised_word_after_the_head_does_not_make_a_name() {
    let text = "Pregnant women in Australia need iodine and they lack it.";
    let set_reps = chosen(text, &[&["Pregnant women in Australia", "they"], &["Australia"]]);
    assert_eq!(set_reps[0].as_deref(), Some("Pregnant women in Australia"));
    let set = record(text, &[&["Pregnant women in Australia", "they"]]).mention_set(text).unwrap();
    assert!(!choose(&set, 0, Rules::ON).unwrap().proper);
    let text = "The Bank of England said it would wait.";
    let set = record(text, &[&["The Bank of England", "it"]]).mention_set(text).unwrap();
    assert!(choose(&set, 0, Rules::ON).unwrap().proper);
}

/// A cluster a model merged ("Okafor", "Brandt" and "Yusuf" as one man): each pronoun takes the nearest
/// earlier mention that can name it, so the merge costs no wrong name here; a pronoun with no mention
/// before it stays as written (the cataphora rule: a later name is far more often a wrong link).
#[test]
fn each_pronoun_is_named_by_the_nearest_earlier_mention() {
    let text = "He spoke first. Mayor Tom Okafor thanked the architect, Daniel Brandt. Brandt said he \
                liked the pier. The director, Amir Yusuf, said his staff would open it.";
    let clusters: &[&[&str]] =
        &[&["He", "Mayor Tom Okafor", "Daniel Brandt", "Brandt#1", "he", "The director, Amir Yusuf,", "his"]];
    assert_eq!(chosen(text, clusters), [Some("Tom Okafor".to_string())]);
    assert_eq!(
        crate::common::resolve(text, clusters),
        "He spoke first. Mayor Tom Okafor thanked the architect, Daniel Brandt. Brandt said Brandt \
         liked the pier. The director, Amir Yusuf, said Amir Yusuf's staff would open it."
    );
}
