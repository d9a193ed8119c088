//! The tokenizer on GUM dev+test meets its targets: token-boundary F1 >= 99%, sentence-boundary F1 >= 95%.
//! Skips (with a message) when the data is absent.

use std::path::Path;

use corefer::eval::Agreement;
use corefer::io::{conllu, source};

#[test]
fn tokenizer_meets_its_targets_on_gum_dev_and_test() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/gum/gum");
    let mut total = Agreement::default();
    for split in ["dev", "test"] {
        let path = data.join(format!("{split}.conllu.gz"));
        let Ok(text) = source::read_text(&path, false) else {
            println!("skipping: GUM data not found at {}", path.display());
            return;
        };
        for doc in conllu::parse(split, &text) {
            let gold = corefer::eval::gold_boundaries(&doc.expect("GUM parses"));
            total.add(&gold, &corefer::eval::predicted_boundaries(&gold.text).expect("tokenizes"));
        }
    }
    assert_eq!((total.documents, total.unplaced), (60, 0));
    assert!(total.tokens.f1() >= 0.99, "token F1 {:.4}", total.tokens.f1());
    assert!(total.sentences.f1() >= 0.95, "sentence F1 {:.4}", total.sentences.f1());
}
