//! Encoder throughput: tokens/s of the Rust encoder (BERT or MPNet) on full windows (the shipped models'
//! 510 subwords + [CLS]/[SEP]), by thread count.
//!
//! Usage: encoder_throughput <model dir> [windows] [max threads] [f32|bf16]
//! bf16 runs the dense products in bf16 (`--precision bf16`: AMX tiles or AVX-512 BF16); it fails on a CPU
//! with neither.
//! The directory's `config.json` gives the encoder (and, for a delta model, the base file that completes
//! its weights); a directory without one is read as the original all-MiniLM-L6-v2. Prints one JSON line
//! per thread count. Used by `bench/throughput.sh`.

use std::time::Instant;

use corefer::internals::{Config, Encoder, EncoderConfig, TensorFile, Threads, Workspace};
use rayon::prelude::*;

/// Subwords per window, without [CLS]/[SEP] (`window.size` of the shipped models).
const WINDOW: usize = 510;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).ok_or("usage: encoder_throughput DIR [windows] [max threads]")?;
    let windows: usize = args.get(2).map_or(Ok(8), |s| s.parse())?;
    let max_threads: usize = args.get(3).map_or(Ok(rayon::current_num_threads()), |s| s.parse())?;
    let precision = args.get(4).map_or("f32", String::as_str);
    if !matches!(precision, "f32" | "bf16") {
        return Err(format!("precision must be f32 or bf16, not {precision:?}").into());
    }
    let bytes = std::fs::read(format!("{dir}/model.safetensors"))?;
    let (config, base, cls, sep) = match std::fs::read(format!("{dir}/config.json")) {
        Ok(json) => {
            let config = Config::parse(&json)?;
            let base = match &config.base_weights {
                Some(b) => Some(std::fs::read(format!("{dir}/{}", b.file))?),
                None => None,
            };
            let (cls, sep) = (config.tokenizer.cls_token_id, config.tokenizer.sep_token_id);
            (config.encoder, base, cls, sep)
        }
        Err(_) => {
            let config: EncoderConfig = serde_json::from_value(serde_json::json!({
                "type": "bert", "hidden": 384, "layers": 6, "heads": 12, "intermediate": 1536,
                "layer_norm_eps": 1e-12, "max_position": 512, "vocab_size": 30522, "activation": "gelu_erf"
            }))?;
            (config, None, 101, 102)
        }
    };
    let encoder = {
        let mut file = TensorFile::parse("model.safetensors", &bytes)?;
        if let Some(base) = &base {
            file = file.completed_by(TensorFile::parse("base weights", base)?);
        }
        let encoder = Encoder::load(&file, &config)?;
        if precision == "bf16" {
            let encoder = encoder.into_bf16();
            if !encoder.is_bf16() {
                return Err("bf16 needs a CPU with AMX-BF16 or AVX-512 BF16".into());
            }
            encoder
        } else {
            encoder
        }
    };
    drop((base, bytes));
    let seqs: Vec<Vec<u32>> = (0..windows)
        .map(|w| {
            let mut ids = vec![cls];
            ids.extend((0..WINDOW).map(|i| 1000 + ((i * 7919 + w * 104_729) % 29_000) as u32));
            ids.push(sep);
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
            pool.install(|| -> Result<(), corefer::internals::NeuralError> {
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
                "{{\"engine\": \"rust\", \"precision\": \"{precision}\", \"threads\": {threads}, \"mode\": \"{mode}\", \"tokens\": {tokens}, \"seconds\": {secs:.3}, \"tokens_per_s\": {:.0}}}",
                tokens as f64 / secs
            );
        }
    }
    Ok(())
}
