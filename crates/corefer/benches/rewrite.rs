//! Rewriting speed: a news-like document of 1 MB with 10,000 mentions must rewrite in under 50 ms, and
//! time must grow linearly with size. Measured next to copying the text once (the floor for any rewrite
//! that builds a new string) at each size.
//!
//! Run: `cargo bench -p corefer --bench rewrite`.

use std::hint::black_box;

use corefer::records::{ClustersRecord, MentionRecord};
use corefer::rewrite::{rewrite, Options};
use corefer::Offsets;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

const NAMES: &[&str] = &["Jeff Sessions", "Zoë Ríos", "Northwind Brewing", "James Comey", "Maria Lopez"];

/// One sentence per mention, cycling through a name, a pronoun and a possessive of one of 200
/// entities; the text is padded to `bytes` and has `bytes / 105` mentions.
fn document(bytes: usize) -> (String, ClustersRecord) {
    let mentions = bytes / 105;
    let entities = 200;
    let mut text = String::with_capacity(bytes + 200);
    let mut chars = 0;
    let mut clusters: Vec<Vec<MentionRecord>> = vec![Vec::new(); entities];
    for i in 0..mentions {
        let entity = (i / 3) % entities;
        let name = format!("{} {}", NAMES[entity % NAMES.len()], entity);
        let (before, mention, after) = match i % 3 {
            0 => (
                "",
                name.as_str(),
                " reported strong results for the quarter, according to a statement late on Monday. ",
            ),
            1 => (
                "Analysts said ",
                "his",
                " outlook for the coming year remained cautious despite the rise in sales. ",
            ),
            _ => (
                "Later in the week ",
                "he",
                " told investors that costs would keep rising across the region. ",
            ),
        };
        text.push_str(before);
        chars += before.chars().count();
        let (start, start_byte) = (chars, text.len());
        text.push_str(mention);
        chars += mention.chars().count();
        clusters[entity].push(MentionRecord {
            offsets: Offsets { start, end: chars, start_byte, end_byte: text.len() },
            text: mention.to_string(),
        });
        text.push_str(after);
        chars += after.chars().count();
    }
    while text.len() < bytes {
        text.push_str("News. ");
    }
    (text, ClustersRecord { id: "bench".into(), clusters })
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("rewrite");
    group.sample_size(20);
    for size in [256 * 1024, 512 * 1024, 1024 * 1024] {
        let (text, record) = document(size);
        let set = record.mention_set(&text).unwrap();
        let mentions: usize = set.clusters().iter().map(Vec::len).sum();
        let label = format!("{}KiB_{}mentions", size / 1024, mentions);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("rewrite", &label), &set, |b, set| {
            b.iter(|| rewrite(black_box(set), &Options::default()))
        });
        group.bench_with_input(BenchmarkId::new("check_and_rewrite", &label), &record, |b, record| {
            b.iter(|| {
                let set = record.mention_set(black_box(&text)).unwrap();
                rewrite(&set, &Options::default()).resolved.text.len()
            })
        });
        group.bench_with_input(BenchmarkId::new("copy_text", &label), &text, |b, text| {
            b.iter(|| black_box(text).to_string())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
