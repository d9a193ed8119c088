"""PyTorch peer of `neural_throughput`: the trainer's reference implementation (`train/model.py`,
`CorefModel.predict`) on the same model directory and the same documents.

Usage: python bench/torch_pipeline.py MODEL_DIR SETS.jsonl [max threads]
SETS.jsonl comes from `neural_throughput ... --dump`. The `train` package is this repository's.
Prints JSON lines like the Rust side.
"""
import json
import sys
import time
from pathlib import Path

import torch

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    model_dir, sets_path = Path(sys.argv[1]), Path(sys.argv[2])
    max_threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    sys.path.insert(0, str(REPO))
    from train import features
    from train.export import load_export

    start = time.perf_counter()
    model = load_export(model_dir)
    tok = features.load_tokenizer(model_dir / "tokenizer.json")
    print(json.dumps({"engine": "pytorch", "model_load_s": round(time.perf_counter() - start, 3)}))
    sets: dict[str, list[dict]] = {}
    for line in sets_path.read_text().splitlines():
        d = json.loads(line)
        sets.setdefault(d["set"], []).append(d)
    with torch.inference_mode():
        for name, docs in sets.items():
            words = sum(len(d["words"]) for d in docs)
            for threads in range(1, max_threads + 1):
                torch.set_num_threads(threads)
                start = time.perf_counter()
                tokens = 0
                for d in docs:
                    di = model.inputs(tok, d["words"], d["sentence_ids"], d["speaker_ids"])
                    tokens += di.windows.numel()
                    model.predict(di)
                secs = time.perf_counter() - start
                print(json.dumps({"engine": "pytorch", "set": name, "threads": threads, "mode": "doc-threads",
                                  "docs": len(docs), "words": words, "encoder_tokens": tokens,
                                  "seconds": round(secs, 3), "tokens_per_s": round(tokens / secs),
                                  "words_per_s": round(words / secs), "docs_per_s": round(len(docs) / secs, 2)}))


if __name__ == "__main__":
    main()
