"""Training entry point: python -m train.fit --config train/configs/<name>.toml [--data DIR]

Design decision: CPU time is the binding constraint, so the embeddings and the lowest `freeze_layers`
encoder layers are frozen and their outputs cached once per document (f16); each step runs only the upper
layers and the head. Training is bounded by `max_minutes` (wall clock, including the final evaluation);
after every epoch the dev CoNLL F1 (train/metrics.py) is logged and the best epoch is checkpointed, so
`python -m train.export --checkpoint train/runs/<name>/best.pt --out models/<name>` works at any time.
An optional auxiliary loss (`optim.aux_type_weight`) trains a throw-away word classifier for the full
GUM scheme's entity types, and another (`optim.aux_chain_weight`) a throw-away antecedent scorer for the
full GUM scheme's chains; they shape the shared projection only and are not exported. An optional coarse loss
(`optim.coarse_weight`) trains the coarse scores over all earlier words, not only the top k.
At the end the best checkpoint is exported, the dummy (no-antecedent) score is tuned on dev
(predict.tune_dummy) and dev/test prediction files are written. With `run.train_splits` containing "dev"
there is no selection: the last epoch is checkpointed and exported, δ stays 0, only test is predicted.
`run.init` warm-starts the encoder and head from an earlier run's best.pt or export directory (same [model]
section). `optim.bf16` runs the encoder under bf16 autocast while training.
With `optim.ema_decay` > 0 the weights evaluated, checkpointed and exported are a moving average.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import random
import time
import tomllib
from pathlib import Path

import torch

from . import augment, data, features, predict
from .export import export, for_base, load_checkpoint, load_export, pretrained
from .model import HeadConfig, Teacher

REPO = Path(__file__).resolve().parent.parent


def log(path: Path, msg: str) -> None:
    line = f"{time.strftime('%H:%M:%S')} {msg}"
    print(line, flush=True)
    with open(path, "a") as f:
        f.write(line + "\n")


def build_cache(model, inputs, layers: int) -> None:
    """Store hidden states after the frozen layers (eval mode, no dropout) in each DocInput."""
    model.eval()
    with torch.no_grad():
        for di in inputs:
            di.cache = model.bert(di.windows, stop=layers).half()
            di.cache_layers = layers


def gum_twins(data_dir: Path, splits: list[str], docs: list[data.Doc]) -> list[data.Doc | None]:
    """The full-GUM-scheme version of each (OntoGUM) document; None where it is missing or its words differ."""
    gum = {d.doc_id: d for split in splits for d in data.read_conllu(data_dir / f"gum/gum/{split}.conllu.gz")}
    twins = [gum.get(d.doc_id) for d in docs]
    return [g if g is not None and g.words == d.words else None for g, d in zip(twins, docs)]


def aux_type_targets(twins: list[data.Doc | None], c: HeadConfig):
    """A training-only classifier (projected word vector -> none/GUM entity type) and its targets per train
    document, from the full GUM scheme (singletons included); None where a document has no GUM twin."""
    targets = [torch.tensor(data.word_types(g)) if g is not None else None for g in twins]
    return torch.nn.Linear(c.proj_dim, 1 + len(data.GUM_TYPES)), targets


def aux_chain_targets(twins: list[data.Doc | None], c: HeadConfig):
    """A training-only bilinear antecedent scorer on the projected word vectors and its targets per train
    document: the head clusters of the full GUM scheme, whose links are a superset of OntoGUM's (99.5% of
    OntoGUM's train head pairs are GUM pairs; GUM has 32% more anaphors); None where there is no twin."""
    return (torch.nn.Linear(c.proj_dim, c.proj_dim, bias=False),
            [data.head_clusters(g)[0] if g is not None else None for g in twins])


def teacher_targets(teacher_dir: Path, docs: list[data.Doc], cache: Path, logf: Path) -> list[Teacher]:
    """The teacher model's antecedent candidates and scores on each document (MODEL_FORMAT §6–§8 up to the
    links), computed once and kept in `cache` (a later run with the same teacher and documents reuses it)."""
    key = {"teacher": str(teacher_dir.resolve()), "docs": [d.doc_id for d in docs]}
    if cache.exists():
        saved = torch.load(cache, weights_only=False)
        if saved["key"] == key:
            log(logf, f"teacher: {len(docs)} docs from {cache}")
            return saved["targets"]
    t0 = time.time()
    teacher = load_export(teacher_dir)
    tok = features.load_tokenizer(teacher_dir / "tokenizer.json")
    targets = []
    with torch.no_grad():
        for d in docs:
            di = teacher.inputs(tok, d.words, d.sent, d.speaker or None)
            x = teacher.head.proj(teacher.word_vectors(di))
            cand, scores, _, _ = teacher.antecedent_scores(x, di.sent, di.speaker, di.lex)
            targets.append(Teacher(cand.int(), scores.half(), teacher.c.dummy_score))
    torch.save({"key": key, "targets": targets}, cache)
    log(logf, f"teacher: {len(docs)} docs scored by {teacher_dir} in {time.time() - t0:.0f}s")
    return targets


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", type=Path, required=True)
    ap.add_argument("--data", type=Path, help="data root (default: run.data_dir of the config, relative to repo)")
    a = ap.parse_args()
    cfg = tomllib.loads(a.config.read_text())
    run, opt = cfg["run"], cfg["optim"]
    c = for_base(HeadConfig(**cfg.get("model", {})))
    name = run["name"]
    data_dir = a.data or (REPO / run.get("data_dir", "../shared/data")).resolve()
    out_dir = REPO / "train/runs" / name
    out_dir.mkdir(parents=True, exist_ok=True)
    logf = out_dir / "log.txt"
    t0 = time.time()
    budget = run["max_minutes"] * 60

    random.seed(run["seed"])
    torch.manual_seed(run["seed"])
    torch.set_num_threads(run.get("threads", 2))
    log(logf, f"config {json.dumps(cfg)}")

    tok = features.load_tokenizer(base=c.base)
    train_splits = run.get("train_splits", ["train"])
    # Dev among the training data leaves nothing to select on: the last (averaged) weights are exported and
    # the dummy score stays 0; test is then the first held-out measure.
    select_on_dev = "dev" not in train_splits
    train_docs = [d for split in train_splits for d in data.read_conllu(data_dir / f"gum/ontogum/{split}.conllu.gz")]
    dev_docs = data.read_conllu(data_dir / "gum/ontogum/dev.conllu.gz") if select_on_dev else []
    if run.get("exclude_genres"):       # e.g. the non-commercial GUM genres (genre = 2nd field of the doc id)
        train_docs = [d for d in train_docs if d.doc_id.split("_")[1] not in run["exclude_genres"]]
    if run.get("train_docs"):
        train_docs = train_docs[: run["train_docs"]]
    if run.get("dev_docs"):
        dev_docs = dev_docs[: run["dev_docs"]]
    model = pretrained(c)
    if run.get("init"):                 # warm start: an earlier run's checkpoint, or an export directory
        path = REPO / run["init"]
        init = load_export(path) if path.is_dir() else load_checkpoint(path)[0]
        # the dummy score is tuned after training (an export carries its δ); it is this run's to tune again
        if dataclasses.replace(init.c, dummy_score=model.c.dummy_score) != model.c:
            raise SystemExit(f"run.init {run['init']}: its head config differs from this run's [model]")
        model.load_state_dict(init.state_dict())
        log(logf, f"init: weights from {run['init']}")
    frozen = opt["freeze_layers"]
    train_in = [model.inputs(tok, d.words, d.sent, d.speaker) for d in train_docs]
    dev_in = [model.inputs(tok, d.words, d.sent, d.speaker) for d in dev_docs]
    gold = [data.head_clusters(d) for d in train_docs]
    # Gender-swapped twins (train/augment.py): each step trains on the twin with probability `gender_swap`.
    swap_p = opt.get("gender_swap", 0.0)
    swapped_in = [None] * len(train_docs)
    if swap_p > 0:
        names = augment.with_lexicon_names(augment.name_map(train_docs), augment.tokens(train_docs))
        for i, d in enumerate(train_docs):
            twin = augment.gender_swapped(d, names)
            if twin.words != d.words:
                swapped_in[i] = model.inputs(tok, twin.words, twin.sent, twin.speaker)
        log(logf, f"gender swap: {sum(s is not None for s in swapped_in)}/{len(train_docs)} docs change, "
                  f"{len(names)} first names paired, p {swap_p}")
    aux_weight, chain_weight = opt.get("aux_type_weight", 0.0), opt.get("aux_chain_weight", 0.0)
    twins = gum_twins(data_dir, train_splits, train_docs) if aux_weight > 0 or chain_weight > 0 else []
    type_head, aux_targets = None, [None] * len(train_docs)
    if aux_weight > 0:
        type_head, aux_targets = aux_type_targets(twins, c)
        log(logf, f"aux: GUM entity types for {sum(t is not None for t in aux_targets)}/{len(train_docs)} docs, "
                  f"weight {aux_weight}")
    chain_head, chain_targets = None, [None] * len(train_docs)
    if chain_weight > 0:
        chain_head, chain_targets = aux_chain_targets(twins, c)
        log(logf, f"aux: GUM chains for {sum(t is not None for t in chain_targets)}/{len(train_docs)} docs, "
                  f"weight {chain_weight}")
    # Distillation (`[distill]`): a teacher model's antecedent distributions on the training documents and,
    # on unlabeled documents, as the only target; `per_epoch` unlabeled documents join each epoch.
    dist = cfg.get("distill", {})
    teach = [None] * len(train_docs)
    unlabeled, unlabeled_in, unlabeled_teach = [], [], []
    if dist.get("teacher"):
        tdir = REPO / dist["teacher"]
        teach = teacher_targets(tdir, train_docs, out_dir / "teacher-train.pt", logf)
        for path in dist.get("unlabeled", []):
            unlabeled += data.read_conllu(data_dir / path)
        unlabeled = [d for d in unlabeled if len(d.words) >= 20][: dist.get("max_unlabeled")]
        unlabeled_teach = teacher_targets(tdir, unlabeled, out_dir / "teacher-unlabeled.pt", logf)
        unlabeled_in = [model.inputs(tok, d.words, d.sent) for d in unlabeled]
        log(logf, f"distill: weight {dist['weight']}, {len(unlabeled)} unlabeled docs, "
                  f"{dist.get('per_epoch', 0)} per epoch")
    if frozen > 0:
        build_cache(model, train_in + dev_in + [s for s in swapped_in if s is not None] + unlabeled_in, frozen)
    for p in model.bert.embeddings.parameters():
        p.requires_grad_(False)
    if c.encoder_type == "mpnet":       # the position bias feeds every layer, the frozen (cached) ones too
        model.bert.encoder["relative_attention_bias"].weight.requires_grad_(False)
    for layer in model.bert.encoder["layer"][:frozen]:
        for p in layer.parameters():
            p.requires_grad_(False)
    log(logf, f"data: {len(train_docs)} train / {len(dev_docs)} dev docs, cache after layer {frozen} "
              f"({time.time() - t0:.0f}s)")

    enc_params = [p for p in model.bert.parameters() if p.requires_grad]
    head_params = [p for h in (model.head, type_head, chain_head) if h is not None for p in h.parameters()]
    optim = torch.optim.AdamW([{"params": enc_params, "lr": opt["lr_encoder"]},
                               {"params": head_params, "lr": opt["lr_head"]}],
                              weight_decay=opt.get("weight_decay", 0.0))
    # LR: linear warm-up over `warmup_steps`, then linear decay in *wall-clock* time to 0 at the end of the
    # training budget, so the schedule anneals whatever the CPU contention (fixed epoch counts did not).
    t_train0, t_train = time.time(), budget - (time.time() - t0) - 5 * 60
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / opt["warmup_steps"], max(0.02, 1 - (time.time() - t_train0) / t_train)))
    # Dev F1 moves by ±1 from epoch to epoch late in training; an exponential moving average of the weights
    # (`optim.ema_decay`, per step) is what gets evaluated, checkpointed and exported when it is on.
    ema = (torch.optim.swa_utils.AveragedModel(model, multi_avg_fn=torch.optim.swa_utils.get_ema_multi_avg_fn(
        opt["ema_decay"])) if opt.get("ema_decay", 0.0) > 0 else None)

    # `optim.bf16`: the encoder runs under bf16 autocast while training (CPUs with AVX-512 BF16 or AMX run
    # its matrix products several times faster); the head, weights, gradients and evaluation stay f32.
    model.encoder_bf16 = opt.get("bf16", False)
    if model.encoder_bf16:
        log(logf, "bf16 autocast on")

    best, best_epoch, eval_secs = -1.0, -1, 60.0
    out_of_time = False
    for epoch in range(run["epochs"]):
        te = time.time()
        model.train()
        order = list(range(len(train_docs)))
        # unlabeled documents (distillation only) are numbered after the training documents
        order += [len(train_docs) + u for u in random.sample(range(len(unlabeled)), min(len(unlabeled),
                                                                                         dist.get("per_epoch", 0)))]
        random.shuffle(order)
        losses = []
        for n, i in enumerate(order):
            if time.time() - t0 > budget - 4 * eval_secs - 60:   # room for dev eval + final dev/test
                out_of_time = True
                break
            if i >= len(train_docs):           # unlabeled: the teacher is the only target
                u = i - len(train_docs)
                loss = model.loss(unlabeled_in[u], None, {}, teacher=unlabeled_teach[u], teacher_weight=dist["weight"])
            else:
                aux = (type_head, aux_targets[i]) if aux_targets[i] is not None else None
                chains = (chain_head, chain_targets[i]) if chain_targets[i] is not None else None
                di = swapped_in[i] if swapped_in[i] is not None and random.random() < swap_p else train_in[i]
                loss = model.loss(di, *gold[i], bce_weight=opt["bce_weight"], aux=aux, aux_weight=aux_weight,
                                  coarse_weight=opt.get("coarse_weight", 0.0), chains=chains,
                                  chain_weight=chain_weight, teacher=teach[i],
                                  teacher_weight=dist.get("weight", 0.0))
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for g in optim.param_groups for p in g["params"]], opt["grad_clip"])
            optim.step()
            sched.step()
            if ema is not None:
                ema.update_parameters(model)
            losses.append(loss.item())
            if (n + 1) % 25 == 0:
                log(logf, f"epoch {epoch} doc {n + 1}/{len(order)} loss {sum(losses[-25:]) / len(losses[-25:]):.4f}")
        train_secs = time.time() - te
        if not losses:
            break
        scored = ema.module if ema is not None else model
        tv = time.time()
        scores = (predict.run_split(scored, tok, data_dir, "dev", None, dev_in, dev_docs) if select_on_dev
                  else {k: float("nan") for k in ("conll_f1", "muc_f1", "b3_f1", "ceafe_f1")})
        eval_secs = time.time() - tv if select_on_dev else 0.0
        f1 = scores["conll_f1"]
        log(logf, f"EPOCH {epoch} loss {sum(losses) / len(losses):.4f} dev_conll_f1 {100 * f1:.2f} "
                  f"muc {100 * scores['muc_f1']:.2f} b3 {100 * scores['b3_f1']:.2f} ceafe {100 * scores['ceafe_f1']:.2f} "
                  f"train_s {train_secs:.0f} eval_s {eval_secs:.0f} docs {len(losses)}{' (partial)' if out_of_time else ''}")
        if f1 > best or not select_on_dev:
            best, best_epoch = f1, epoch
            torch.save({"model": scored.state_dict(), "head_config": dataclasses.asdict(c), "epoch": epoch,
                        "dev": scores, "config": cfg}, out_dir / "best.pt")
            log(logf, f"saved best.pt (epoch {epoch})")
        elif epoch - best_epoch >= run["patience"]:
            log(logf, "early stop")
            break
        if out_of_time:
            log(logf, "time budget reached")
            break

    model, ck = load_checkpoint(out_dir / "best.pt")
    export(model, REPO / "models" / name, name, matrices=run.get("export_matrices", "f16"))
    log(logf, f"exported models/{name} from epoch {ck['epoch']}")
    model = load_export(REPO / "models" / name)          # predictions from the f16 weights Rust will read
    model.c.dummy_score = predict.tune_dummy(model, tok, data_dir, lambda m: log(logf, m)) if select_on_dev else 0.0
    predict.set_dummy(REPO / "models" / name, model.c.dummy_score)
    log(logf, f"head.dummy_score = {model.c.dummy_score}")
    if run.get("predict_at_end", True):
        results = {}
        for split in ("dev", "test") if select_on_dev else ("test",):
            results[split] = predict.run_split(model, tok, data_dir, split, out_dir / f"{split}.pred.conll")
            log(logf, f"final {split} conll_f1 {100 * results[split]['conll_f1']:.2f} (python scorer)")
        if select_on_dev:
            dev = data.read_conllu(data_dir / "gum/ontogum/dev.conllu.gz")
            names = augment.with_lexicon_names(augment.name_map(train_docs), augment.tokens(dev))
            docs = [augment.gender_swapped(d, names) for d in dev]
            results["dev_gender_swapped"] = predict.run_split(model, tok, data_dir, "dev", None, docs=docs)
            log(logf, f"final dev (gender-swapped) conll_f1 {100 * results['dev_gender_swapped']['conll_f1']:.2f}")
        (out_dir / "scores.json").write_text(json.dumps({"epoch": ck["epoch"], **results}, indent=1) + "\n")
    log(logf, f"done in {(time.time() - t0) / 60:.1f} min")


if __name__ == "__main__":
    main()
