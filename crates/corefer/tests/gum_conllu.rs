//! The CoNLL-U reader on every staged GUM/OntoGUM and UD file: all documents parse, and word and mention
//! counts equal those published in ../shared/data (gum/README.md, README.md). Skips without the data.

use std::path::{Path, PathBuf};

use corefer::io::{conllu, source};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

/// Documents, words and gold mentions of a file read strictly (or leniently), and the ids that failed.
fn counts(path: &Path, lenient: bool) -> Option<(usize, usize, usize, Vec<String>)> {
    let Ok(text) = source::read_text(path, false) else {
        println!("skipping: data not found at {}", path.display());
        return None;
    };
    let (mut docs, mut words, mut mentions, mut failed) = (0, 0, 0, Vec::new());
    for doc in conllu::parse("f", &text) {
        let doc = doc.expect("every document parses");
        match (doc.to_document(lenient), doc.gold_clusters(lenient)) {
            (Ok(document), Ok(clusters)) => {
                docs += 1;
                words += document.words().len();
                mentions += clusters.iter().map(Vec::len).sum::<usize>();
            }
            _ => failed.push(doc.id.clone()),
        }
    }
    Some((docs, words, mentions, failed))
}

#[test]
fn gum_and_ontogum_counts_match_the_published_statistics() {
    let expected = [
        ("ontogum", "train", 177, 177410, 23320),
        ("ontogum", "dev", 30, 28119, 3818),
        ("ontogum", "test", 30, 28397, 3581),
        ("gum", "train", 177, 177410, 49649),
        ("gum", "dev", 30, 28119, 7897),
        ("gum", "test", 30, 28397, 7927),
        ("gum", "test2", 26, 17799, 5680),
    ];
    for (scheme, split, docs, words, mentions) in expected {
        let path = data().join(format!("gum/{scheme}/{split}.conllu.gz"));
        let Some(found) = counts(&path, false) else { return };
        assert_eq!(found, (docs, words, mentions, Vec::new()), "{scheme} {split}");
    }
}

#[test]
fn the_unbalanced_ontogum_document_fails_alone_unless_lenient() {
    let path = data().join("gum/ontogum/test2.conllu.gz");
    let Some((docs, _, _, failed)) = counts(&path, false) else { return };
    assert_eq!((docs, failed), (25, vec!["GENTLE_poetry_road".to_string()]));
    let (docs, words, mentions, failed) = counts(&path, true).expect("read above");
    // Published counts ignore the two unmatched brackets, as the lenient reader does.
    assert_eq!((docs, words, mentions, failed.len()), (26, 17799, 1909, 0));
}

#[test]
fn ud_ewt_without_coreference_parses() {
    let path = data().join("ud/UD_English-EWT/en_ewt-ud-dev.conllu.gz");
    let Some((docs, words, mentions, failed)) = counts(&path, false) else { return };
    assert!(docs > 0 && failed.is_empty());
    assert_eq!((words, mentions), (25147, 0));
}
