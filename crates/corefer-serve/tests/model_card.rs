//! The scores `GET /v1/model` reports come from the default model's `card.json`; this checks every number
//! there against the Scores table of MODEL_CARD.md, so the two cannot drift apart.
//!
//! The rule: in the section "## Scores" of MODEL_CARD.md, the row whose first cell's first word is the
//! split's name exactly (`dev`, `test`, `test2`; rows such as "dev, previous model" do not match) gives,
//! in order, MUC F1, B³ F1, CEAFe F1, CoNLL F1, LEA F1 and mention F1.

use std::path::PathBuf;

use corefer_serve::card;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The six numbers of the MODEL_CARD.md Scores row for `split`.
fn model_card_row(split: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(root().join("MODEL_CARD.md")).unwrap();
    let scores = text.split("\n## Scores").nth(1).expect("a Scores section");
    let scores = scores.split("\n## ").next().unwrap();
    let rows: Vec<Vec<&str>> = scores
        .lines()
        .filter(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect::<Vec<_>>())
        .filter(|cells| cells[0].split_whitespace().next() == Some(split))
        .collect();
    assert_eq!(rows.len(), 1, "exactly one Scores row for {split}: {rows:?}");
    rows[0][1..7].iter().map(|c| c.trim_matches('*').parse().unwrap()).collect()
}

#[test]
fn the_default_models_card_matches_model_card_md() {
    let Ok(name) = std::fs::read_to_string(root().join("models/DEFAULT")) else {
        eprintln!("skipped: no models/DEFAULT");
        return;
    };
    let dir = root().join("models").join(name.trim());
    let json = std::fs::read_to_string(dir.join("card.json")).expect("the default model has a card.json");
    let card = card::parse("card.json", &json).unwrap();
    let config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("config.json")).unwrap()).unwrap();
    assert_eq!(card.name, config["name"].as_str().unwrap());
    let splits: Vec<&str> = card.scores.iter().map(|s| s.split.as_str()).collect();
    assert_eq!(splits, ["dev", "test", "test2"]);
    for s in &card.scores {
        let got = [s.muc_f1, s.b3_f1, s.ceafe_f1, s.conll_f1, s.lea_f1, s.mention_f1];
        let want = model_card_row(&s.split);
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() < 0.005, "{}: card.json {got:?}, MODEL_CARD.md {want:?}", s.split);
        }
    }
    assert_eq!(card::embedded(), Some(card.clone()), "the binary embeds the same card");
    assert_eq!(card::for_model("default", &card.name).unwrap(), Some(card.clone()));
    assert_eq!(card::for_model(dir.to_str().unwrap(), &card.name).unwrap(), Some(card.clone()));
    let err = card::for_model(dir.to_str().unwrap(), "another-model").unwrap_err();
    assert!(err.contains("the model card is for"), "{err}");
    assert_eq!(card::for_model("baseline", "baseline").unwrap(), None);
}
