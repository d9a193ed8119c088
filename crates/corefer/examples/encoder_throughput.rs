//! Encoder throughput: tokens/s of the Rust BERT encoder on full 512-token windows (the
//! shipped models' 510 subwords + [CLS]/[SEP]), by thread count.
//!
//! Usage: encoder_throughput <dir with model.safetensors (MiniLM names)> [windows] [max threads]
//! Prints one JSON line per thread count. Used by `bench/throughput.sh`.

use std::time::Instant;

use corefer::neural::{Encoder, EncoderConfig, TensorFile, Threads, Workspace};
use rayon::prelude::*;

/// Subwords per window, without [CLS]/[SEP] (`window.size` of the shipped models).
const WINDOW: usize = 510;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).ok_or("usage: encoder_throughput DIR [windows] [max threads]")?;
    let windows: usize = args.get(2).map_or(Ok(8), |s| s.parse())?;
    let max_threads: usize = args.get(3).map_or(Ok(rayon::current_num_threads()), |s| s.parse())?;
    let bytes = std::fs::read(format!("{dir}/model.safetensors"))?;
    let config: EncoderConfig = serde_json::from_value(serde_json::json!({
        "type": "bert", "hidden": 384, "layers": 6, "heads": 12, "intermediate": 1536,
        "layer_norm_eps": 1e-12, "max_position": 512, "vocab_size": 30522, "activation": "gelu_erf"
    }))?;
    let encoder = Encoder::load(&TensorFile::parse("model.safetensors", &bytes)?, &config)?;
    let seqs: Vec<Vec<u32>> = (0..windows)
        .map(|w| {
            let mut ids = vec![101];
            ids.extend((0..WINDOW).map(|i| 1000 + ((i * 7919 + w * 104_729) % 29_000) as u32));
            ids.push(102);
            ids
        })
        .collect();
    encoder.encode(&seqs[0], Threads::ONE)?; // warm-up
    for threads in 1..=max_threads {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build()?;
        for mode in ["one-sequence", "sequences-in-parallel"] {
            if threads == 1 && mode == "sequences-in-parallel" {
                continue;
            }
            let start = Instant::now();
            pool.install(|| -> Result<(), corefer::neural::NeuralError> {
                if mode == "one-sequence" {
                    let mut ws = Workspace::default();
                    seqs.iter()
                        .try_for_each(|s| encoder.encode_in(s, Threads::new(threads), &mut ws).map(drop))
                } else {
                    seqs.par_iter().try_for_each_init(Workspace::default, |ws, s| {
                        encoder.encode_in(s, Threads::ONE, ws).map(drop)
                    })
                }
            })?;
            let secs = start.elapsed().as_secs_f64();
            let tokens = windows * (WINDOW + 2);
            println!(
                "{{\"engine\": \"rust\", \"threads\": {threads}, \"mode\": \"{mode}\", \"tokens\": {tokens}, \"seconds\": {secs:.3}, \"tokens_per_s\": {:.0}}}",
                tokens as f64 / secs
            );
        }
    }
    Ok(())
}
