//! Every expected score of the reference scorer's own test cases (`conll_scorer_tests/expected_scores.tsv`,
//! 36 cases, 125 triples) within 1e-4. Skips (with a message) when the data is absent.

use std::path::Path;

use corefer::eval::{evaluate, EvalOptions, Prf};
use corefer::io::conll2012::{read_path, ReadOptions};

#[test]
fn reference_test_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/conll_scorer_tests");
    let Ok(table) = std::fs::read_to_string(dir.join("expected_scores.tsv")) else {
        eprintln!("skipping: no scorer test data at {}", dir.display());
        return;
    };
    let (mut checked, mut cases, mut failures) = (0, std::collections::HashSet::new(), Vec::new());
    for line in table.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [case, key, response, metric, recall, precision, f1, ..] = fields[..] else {
            panic!("bad row {line}");
        };
        let read = |name: &str| read_path(&dir.join("DataFiles").join(name), ReadOptions::default()).unwrap();
        let scores = evaluate(&read(key), &read(response), EvalOptions::default()).unwrap().total.scores();
        let got: Prf = match metric {
            "muc" => scores.muc,
            "bcub" => scores.bcub,
            "ceafm" => scores.ceafm,
            "ceafe" => scores.ceafe,
            "blanc" => scores.blanc,
            "lea" => scores.lea,
            other => panic!("unknown metric {other}"),
        };
        let expected = [recall, precision, f1].map(|v| v.parse::<f64>().unwrap());
        let actual = [got.recall, got.precision, got.f1];
        if expected.iter().zip(&actual).any(|(e, a)| (e - a).abs() > 1e-4) {
            failures.push(format!("{case} {metric}: expected {expected:?}, got {actual:?}"));
        }
        checked += 1;
        cases.insert(case.to_owned());
    }
    assert!(failures.is_empty(), "{} of {checked} differ:\n{}", failures.len(), failures.join("\n"));
    assert_eq!((cases.len(), checked), (36, 125));
}
