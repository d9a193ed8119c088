//! The CoNLL-2012 reader and writer over the staged GUM data and the reference scorer's test files.
//! Skips (with a message) when `../shared/data` is absent.

use std::path::{Path, PathBuf};

use corefer::io::conll2012::{self, ReadOptions};

fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: no data at {}", dir.display());
        None
    }
}

#[test]
fn ontogum_splits_match_the_published_counts() {
    let Some(data) = data_dir() else { return };
    // (split, docs, sentences, tokens, mentions) from gum/README.md.
    for (split, docs, sentences, tokens, mentions) in [
        ("dev", 30, 1575, 28119, 3818),
        ("test", 30, 1464, 28397, 3581),
        ("train", 177, 10224, 177410, 23320),
    ] {
        let path = data.join(format!("gum/ontogum/{split}.conll2012.gz"));
        let file = conll2012::read_path(&path, ReadOptions::default()).unwrap();
        assert_eq!(file.documents.len(), docs, "{split}");
        let count = |f: fn(&conll2012::ConllDocument) -> usize| file.documents.iter().map(f).sum::<usize>();
        assert_eq!(count(|d| d.sentences().len()), sentences, "{split}");
        assert_eq!(count(|d| d.word_count()), tokens, "{split}");
        assert_eq!(count(|d| d.mentions().len()), mentions, "{split}");
        for doc in &file.documents {
            let document = doc.to_gold_document().unwrap();
            assert_eq!(document.words().len(), doc.word_count());
            assert_eq!(document.clusters().len(), doc.clusters().len());
        }
    }
}

#[test]
fn the_broken_gentle_poem_is_named_or_skipped() {
    let Some(data) = data_dir() else { return };
    let path = data.join("gum/ontogum/test2.conll2012.gz");
    let err = conll2012::read_path(&path, ReadOptions::default()).unwrap_err().to_string();
    assert!(err.contains("GENTLE_poetry_road"), "{err}");
    let file = conll2012::read_path(&path, ReadOptions { lenient: true, ..ReadOptions::default() }).unwrap();
    assert_eq!(file.documents.len(), 26);
    assert!(!file.warnings.is_empty() && file.warnings.iter().all(|w| w.contains("GENTLE_poetry_road")));
}

#[test]
fn writing_gold_clusters_back_reproduces_them() {
    let Some(data) = data_dir() else { return };
    let file = conll2012::read_path(&data.join("gum/gum/dev.conll2012.gz"), ReadOptions::default()).unwrap();
    let gold: Vec<_> = file.documents.iter().map(|d| d.clusters()).collect();
    let mut out = Vec::new();
    let report = file.write(&mut out, &gold).unwrap();
    assert!(report.dropped.is_empty(), "{:?}", report.dropped);
    let back = conll2012::parse(std::str::from_utf8(&out).unwrap(), Path::new("out"), ReadOptions::default())
        .unwrap();
    for (a, b) in file.documents.iter().zip(&back.documents) {
        assert_eq!(a.clusters(), b.clusters(), "{}", a.id);
        let rows = |d: &conll2012::ConllDocument| {
            d.sentences().iter().flatten().map(|r| r.without_coref().to_owned()).collect::<Vec<_>>()
        };
        assert_eq!(rows(a), rows(b));
    }
}

#[test]
fn every_scorer_test_file_reads() {
    let Some(data) = data_dir() else { return };
    let dir = data.join("conll_scorer_tests/DataFiles");
    let mut files = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let file = conll2012::read_path(&entry.unwrap().path(), ReadOptions::default()).unwrap();
        let ids = ["LuoTestCase", "nw/xinhua/00/chtb_0009"];
        assert!(file.documents.iter().all(|d| ids.contains(&d.id.as_str()) && d.word_count() > 0));
        files += 1;
    }
    assert_eq!(files, 50);
}
