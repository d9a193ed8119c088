//! Printing an [`Evaluation`]: text in the reference scorer's style, or JSON.
//!
//! Design decision: text percentages are truncated to two decimals exactly as the reference prints them
//! (`int(x * 10000) / 100`), so a line can be compared with the reference's by eye; JSON carries the
//! unrounded fractions in [0, 1].

use std::fmt::Write;

use serde_json::{json, Value};

use corefer::eval::{genre, percent, Counts, Evaluation, MetricCounts, Prf};
use corefer::pronoun::Class;

/// Which sections to include besides the corpus total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sections {
    pub per_document: bool,
    pub by_genre: bool,
}

fn number(value: f64) -> String {
    let text = format!("{value:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn counted_line(name: &str, counts: &Counts) -> String {
    let prf = counts.prf();
    format!(
        "{name:<9} Recall: ({} / {}) {}%\tPrecision: ({} / {}) {}%\tF1: {}%\n",
        number(counts.recall_num),
        number(counts.recall_den),
        percent(prf.recall),
        number(counts.precision_num),
        number(counts.precision_den),
        percent(prf.precision),
        percent(prf.f1)
    )
}

fn block(counts: &MetricCounts) -> String {
    let mut text = String::new();
    for (name, metric) in [
        ("MUC", &counts.muc),
        ("B3", &counts.bcub),
        ("CEAFm", &counts.ceafm),
        ("CEAFe", &counts.ceafe),
        ("LEA", &counts.lea),
        ("Mentions", &counts.mentions),
    ] {
        text.push_str(&counted_line(name, metric));
    }
    let blanc: Prf = counts.blanc.prf();
    let _ = writeln!(
        text,
        "{:<9} Recall: {}%\tPrecision: {}%\tF1: {}%",
        "BLANC",
        percent(blanc.recall),
        percent(blanc.precision),
        percent(blanc.f1)
    );
    let _ = writeln!(text, "CoNLL F1: {}", percent(counts.scores().conll_f1));
    let pronouns = counts.pronouns;
    let _ = writeln!(
        text,
        "Pronouns: {} of {} resolved ({}%); {} of {} linked right ({}%); {} of {} rewritten right ({}%)",
        pronouns.correct,
        pronouns.total,
        percent(pronouns.accuracy()),
        pronouns.linked_right,
        pronouns.linked,
        percent(pronouns.precision()),
        pronouns.rewritten_right,
        pronouns.rewritten,
        percent(pronouns.rewrite_precision())
    );
    let classes: Vec<String> = Class::ALL
        .iter()
        .map(|&class| {
            let c = pronouns.class(class);
            format!("{} {} of {} ({} resolvable)", class.name(), c.rewritten_right, c.rewritten, c.total)
        })
        .collect();
    let _ = writeln!(text, "Rewritten right by class: {}", classes.join("; "));
    text
}

/// The text report.
pub fn text(evaluation: &Evaluation, sections: Sections) -> String {
    let mut text = String::new();
    if sections.per_document {
        for doc in &evaluation.documents {
            let missing = if doc.missing { " (missing from the response)" } else { "" };
            let _ = writeln!(text, "== document {} part {}{missing}", doc.id, doc.part);
            text.push_str(&block(&doc.counts));
            text.push('\n');
        }
    }
    if sections.by_genre {
        for (name, counts) in evaluation.by_genre() {
            let documents = evaluation.documents.iter().filter(|d| genre(&d.id) == name).count();
            let _ = writeln!(text, "== genre {name} ({documents} documents)");
            text.push_str(&block(&counts));
            text.push('\n');
        }
    }
    let _ = writeln!(text, "== total ({} documents)", evaluation.documents.len());
    text.push_str(&block(&evaluation.total));
    text
}

/// The scores of some counts as JSON: one `{recall, precision, f1}` per metric, `conll_f1`, `pronouns`.
pub fn scores_json(counts: &MetricCounts) -> Value {
    // Invariant: scores are a struct of numbers under field names, which always serialises.
    #[allow(clippy::expect_used)]
    let mut value = serde_json::to_value(counts.scores()).expect("scores serialise");
    value["pronouns"] = json!({
        "correct": counts.pronouns.correct,
        "total": counts.pronouns.total,
        "accuracy": counts.pronouns.accuracy(),
        "linked_right": counts.pronouns.linked_right,
        "linked": counts.pronouns.linked,
        "precision": counts.pronouns.precision(),
        "rewritten_right": counts.pronouns.rewritten_right,
        "rewritten": counts.pronouns.rewritten,
        "rewrite_precision": counts.pronouns.rewrite_precision(),
        "rewrite_recall": counts.pronouns.rewrite_recall(),
        "by_class": Class::ALL.iter().map(|&class| {
            let c = counts.pronouns.class(class);
            (class.name().to_string(), json!({
                "total": c.total,
                "rewritten_right": c.rewritten_right,
                "rewritten": c.rewritten,
                "rewrite_precision": c.rewrite_precision(),
                "rewrite_recall": c.rewrite_recall(),
            }))
        }).collect::<serde_json::Map<String, Value>>(),
    });
    value
}

/// The JSON report: the corpus scores at top level, plus `documents` and `genres` when asked for.
pub fn json(evaluation: &Evaluation, sections: Sections) -> Value {
    let mut value = scores_json(&evaluation.total);
    value["documents_scored"] = json!(evaluation.documents.len());
    if sections.per_document {
        value["documents"] = evaluation
            .documents
            .iter()
            .map(|doc| {
                let mut scores = scores_json(&doc.counts);
                scores["id"] = json!(doc.id);
                scores["part"] = json!(doc.part);
                scores["missing"] = json!(doc.missing);
                scores
            })
            .collect();
    }
    if sections.by_genre {
        value["genres"] = evaluation
            .by_genre()
            .iter()
            .map(|(name, counts)| {
                let mut scores = scores_json(counts);
                let documents = evaluation.documents.iter().filter(|d| genre(&d.id) == name).count();
                scores["documents_scored"] = json!(documents);
                (name.clone(), scores)
            })
            .collect();
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use corefer::eval::DocumentResult;

    fn evaluation() -> Evaluation {
        let counts = MetricCounts { muc: Counts::new(1.0, 3.0, 1.0, 1.0), ..MetricCounts::default() };
        let doc = |id: &str| DocumentResult { id: id.to_owned(), part: 0, counts, missing: false };
        let mut total = counts;
        total += counts;
        Evaluation { documents: vec![doc("GUM_news_a"), doc("GUM_bio_b")], total, warnings: Vec::new() }
    }

    #[test]
    fn percentages_are_truncated_like_the_reference() {
        assert_eq!(
            (percent(2.0 / 3.0), percent(0.5), percent(1.0)),
            ("66.66".into(), "50.00".into(), "100.00".into())
        );
    }

    #[test]
    fn text_has_the_reference_layout() {
        let text = text(&evaluation(), Sections { per_document: true, by_genre: true });
        assert!(
            text.contains("MUC       Recall: (2 / 6) 33.33%\tPrecision: (2 / 2) 100.00%\tF1: 50.00%"),
            "{text}"
        );
        assert!(
            text.contains("== document GUM_bio_b part 0") && text.contains("== genre news (1 documents)")
        );
        assert!(text.contains("CoNLL F1: 16.66"));
    }

    #[test]
    fn json_has_fractions_per_metric() {
        let value = json(&evaluation(), Sections { per_document: true, by_genre: true });
        assert_eq!(value["muc"]["recall"], json!(1.0 / 3.0));
        assert_eq!(value["muc"]["precision"], json!(1.0));
        for metric in ["bcub", "ceafm", "ceafe", "blanc", "lea", "mentions"] {
            assert!(value[metric]["f1"].is_number(), "{metric}");
        }
        assert!(value["conll_f1"].is_number());
        assert_eq!(value["documents"][1]["id"], json!("GUM_bio_b"));
        assert_eq!(value["genres"]["news"]["muc"]["f1"], json!(0.5));
        assert_eq!(value["genres"]["news"]["documents_scored"], json!(1));
    }
}
