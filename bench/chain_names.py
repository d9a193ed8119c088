#!/usr/bin/env python3
"""Would naming a pronoun after the mention its own antecedent links reach (pronoun -> best antecedent -> ...
until a word that is no pronoun) be righter than the rewriter's nearest earlier mention of its cluster? A
cluster is a tree of best-antecedent links, so the nearest earlier name can sit on another branch than the
pronoun's own chain. For each replacement `corefer eval --list-rewrites` lists (run on the default model's
predictions), this reruns the PyTorch export of the default model (parity-tested with Rust), follows the
chain, takes the span the span predictor gives its first non-pronoun word, and counts it right when it ends
on the last word of a key mention of the pronoun's entity (the rule `corefer eval` scores names by). It
ignores the rewriter's agreement and phrase checks, so it is an estimate of what the change could gain.

Usage: venv/bin/python bench/chain_names.py SPLIT REWRITES.tsv
"""
import csv, sys, torch
from pathlib import Path
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO)); sys.path.insert(0, str(REPO / 'bench'))
from train import data, features
from train.export import load_export
from train.model import best_links
from rewrite_errors import key_chains
PRON = {w.split('\t')[0].lower() for w in open(REPO / 'crates/corefer/data/pronouns.tsv') if w.strip() and not w.startswith('#')}
if len(sys.argv) != 3:
    sys.exit(__doc__)
split, rwpath = sys.argv[1], sys.argv[2]
D = REPO.parent / 'shared/data/gum/ontogum'
torch.set_num_threads(1)
model = load_export(REPO / 'models' / (REPO / 'models/DEFAULT').read_text().strip()); model.eval()
tok = features.load_tokenizer(base=model.c.base)
docs = {d.doc_id: d for d in data.read_conllu(D / f'{split}.conllu.gz')}
keys = key_chains(str(D / f'{split}.conll2012.gz'))
rows = list(csv.DictReader(open(rwpath), delimiter='\t'))
need = sorted({r['document'] for r in rows})
from collections import Counter
c = Counter()
for doc_id in need:
    d = docs[doc_id]
    di = model.inputs(tok, d.words, d.sent, d.speaker)
    with torch.no_grad():
        v = model.word_vectors(di)
        clusters, dbg = model.decode(v, di.sent, debug=True, speaker=di.speaker, lex=di.lex)
    n = len(d.words)
    links = dict(best_links(dbg['top_k'], dbg['scores'], torch.full((n,), model.c.dummy_score)))
    hc = dbg['head_clusters']
    heads = [h for g in hc for h in g]
    pos, st, en = model.span_scores(v, torch.tensor(heads), di.sent)
    start = pos.gather(1, st.argmax(1, keepdim=True)).squeeze(1).tolist()
    end = pos.gather(1, en.argmax(1, keepdim=True)).squeeze(1).tolist()
    span_of = {h: (s, e) for h, s, e in zip(heads, start, end)}
    chains = keys[doc_id]
    for r in (x for x in rows if x['document'] == doc_id):
        p = int(r['word'])
        ent = [e for e, ms in chains.items() if (p, p) in ms]
        lasts = {m[1] for e in ent for m in chains[e] if m != (p, p)}
        a = links.get(p); hops = 0
        while a is not None and d.words[a].lower() in PRON and hops < 100:
            a = links.get(a); hops += 1
        if a is None or a not in span_of:
            c['no chain name'] += 1; continue
        s, e = span_of[a]
        same = s == int(r['name_word'])
        chain_right = e in lasts
        cur = r['right'] == '1'
        c[('same' if same else 'diff', 'cur ' + ('R' if cur else 'W'), 'chain ' + ('R' if chain_right else 'W'))] += 1
for k, v in sorted(c.items(), key=str): print(split, k, v)
