//! The numbers every metric produces: recall and precision as numerator/denominator pairs.
//!
//! Design decision: metrics return *counts*, never ratios. The reference scorer micro-averages by summing
//! numerators and denominators over documents and divides once at the end; keeping counts until the end
//! makes corpus, per-genre and per-document scores the same sum, just over different documents.

use std::ops::AddAssign;

use serde::Serialize;

/// Recall and precision as summable numerators and denominators.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Recall numerator: how much of the key the response recovers, in the metric's own unit (links,
    /// mentions, entity similarity).
    pub recall_num: f64,
    /// Recall denominator: the key's total in the same unit.
    pub recall_den: f64,
    /// Precision numerator: how much of the response the key confirms, in the metric's own unit.
    pub precision_num: f64,
    /// Precision denominator: the response's total in the same unit.
    pub precision_den: f64,
}

/// Recall, precision and F1 as fractions in [0, 1].
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Recall in [0, 1]; 0 when its denominator is 0.
    pub recall: f64,
    /// Precision in [0, 1]; 0 when its denominator is 0.
    pub precision: f64,
    /// The harmonic mean of recall and precision, in [0, 1].
    pub f1: f64,
}

/// `num / den`, or 0 when the denominator is 0 (as the reference does).
pub fn ratio(num: f64, den: f64) -> f64 {
    if den == 0.0 {
        0.0
    } else {
        num / den
    }
}

/// The harmonic mean of recall and precision, 0 when both are 0.
pub fn f1(recall: f64, precision: f64) -> f64 {
    if recall + precision == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

impl Counts {
    /// Counts from the four numbers, in the order of the fields.
    pub fn new(recall_num: f64, recall_den: f64, precision_num: f64, precision_den: f64) -> Self {
        Counts { recall_num, recall_den, precision_num, precision_den }
    }

    /// Recall, precision and F1 of these counts, each 0 where a denominator is 0.
    pub fn prf(&self) -> Prf {
        let recall = ratio(self.recall_num, self.recall_den);
        let precision = ratio(self.precision_num, self.precision_den);
        Prf { recall, precision, f1: f1(recall, precision) }
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        self.recall_num += other.recall_num;
        self.recall_den += other.recall_den;
        self.precision_num += other.precision_num;
        self.precision_den += other.precision_den;
    }
}

/// BLANC's two halves: coreference links and non-coreference links.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct BlancCounts {
    /// Counts of coreference links (unordered pairs of mentions in one chain).
    pub coreference: Counts,
    /// Counts of non-coreference links (unordered pairs of mentions in two different chains).
    pub non_coreference: Counts,
}

impl BlancCounts {
    /// BLANC as the reference prints it from summed counts: the mean of the two halves, or only the half
    /// the key has links for when it has none of the other kind.
    pub fn prf(&self) -> Prf {
        let (c, n) = (self.coreference.prf(), self.non_coreference.prf());
        match (self.coreference.recall_den == 0.0, self.non_coreference.recall_den == 0.0) {
            (true, true) => Prf::default(),
            (true, false) => n,
            (false, true) => c,
            (false, false) => Prf {
                recall: (c.recall + n.recall) / 2.0,
                precision: (c.precision + n.precision) / 2.0,
                f1: (c.f1 + n.f1) / 2.0,
            },
        }
    }
}

impl AddAssign for BlancCounts {
    fn add_assign(&mut self, other: BlancCounts) {
        self.coreference += other.coreference;
        self.non_coreference += other.non_coreference;
    }
}

/// A fraction as a percentage truncated to two decimals, as the reference prints it.
pub fn percent(fraction: f64) -> String {
    format!("{:.2}", (fraction * 10000.0).trunc() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_denominators_give_zero() {
        assert_eq!(Counts::new(0.0, 0.0, 0.0, 0.0).prf(), Prf::default());
        let prf = Counts::new(1.0, 2.0, 1.0, 1.0).prf();
        assert!((prf.f1 - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn blanc_uses_the_half_the_key_has() {
        let coref = Counts::new(1.0, 4.0, 1.0, 2.0);
        let non = Counts::new(0.0, 0.0, 0.0, 3.0);
        assert_eq!(BlancCounts { coreference: coref, non_coreference: non }.prf(), coref.prf());
        let both = BlancCounts { coreference: coref, non_coreference: Counts::new(2.0, 4.0, 2.0, 4.0) };
        assert_eq!(both.prf().recall, (0.25 + 0.5) / 2.0);
        assert_eq!(BlancCounts::default().prf(), Prf::default());
    }
}
