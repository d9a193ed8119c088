//! The rewriter over every OntoGUM dev document with its gold clusters: lossless, no overlapping edits,
//! edits on mentions only, no pronoun or reflexive as a name, no trailing punctuation copied, no
//! doubled determiner introduced. Skips (with a message) when ../shared/data is absent.

use std::path::Path;

use corefer::io::{conllu, source};
use corefer::pronoun;
use corefer::rewrite::{rewrite, MentionSet, Options, Replace};

fn doubled_determiners(text: &str) -> usize {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    words.windows(2).filter(|w| w[0] == w[1] && matches!(w[0].as_str(), "the" | "a" | "an")).count()
}

#[test]
fn gold_clusters_of_ontogum_dev_rewrite_cleanly() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/gum/ontogum/dev.conllu.gz");
    if !path.exists() {
        println!("skipping: no data at {}", path.display());
        return;
    }
    let text = source::read_text(&path, false).unwrap();
    let (mut documents, mut edits) = (0, 0);
    for doc in conllu::read_documents("dev.conllu.gz", &text, true) {
        let doc = doc.unwrap();
        let (set, _) = MentionSet::from_document(&doc);
        for replace in [Replace::Pronouns, Replace::All] {
            let result = rewrite(&set, &Options { replace, ..Options::default() });
            let resolved = &result.resolved;
            assert_eq!(resolved.undo(), doc.text(), "{}: undo", doc.id);
            for pair in resolved.edits.windows(2) {
                assert!(
                    pair[0].original.bytes.end() <= pair[1].original.bytes.start(),
                    "{}: overlap",
                    doc.id
                );
            }
            for edit in &resolved.edits {
                assert!(set.clusters()[edit.cluster].contains(&edit.original), "{}: off a mention", doc.id);
                assert!(pronoun::lookup(edit.replacement.trim_end_matches("'s")).is_none(), "{edit:?}");
                assert!(!edit.replacement.ends_with([',', '.', ';', ':']), "{}: {edit:?}", doc.id);
            }
            assert!(doubled_determiners(&resolved.text) <= doubled_determiners(doc.text()), "{}", doc.id);
            edits += resolved.edits.len();
        }
        documents += 1;
    }
    println!("OntoGUM dev: {documents} documents, {edits} edits (both modes), all lossless");
    assert!(documents > 0 && edits > 0);
}
