"""Article-sized documents for the batch and service benchmarks, from the GUM texts in ../shared/data.

Usage: python3 bench/make_articles.py COUNT OUT.jsonl [MIN_WORDS MAX_WORDS]

Each GUM document's raw text is rebuilt from its CoNLL-U `# text =` lines (sentences of a paragraph joined
by a space, paragraphs by a blank line) and cut at paragraph ends into pieces of MIN_WORDS..MAX_WORDS
words (default 500..900, the size of a news article); pieces are taken in turn, repeating the list until
COUNT documents are written as JSONL {"id": "a00001", "text": ...}. Deterministic: same data, same file.
"""
import gzip
import json
import pathlib
import sys

DATA = pathlib.Path(__file__).resolve().parent.parent.parent / "shared/data/gum/gum"


def documents():
    for split in ("train", "dev", "test"):
        paragraphs, sentences, doc = [], [], None
        with gzip.open(DATA / f"{split}.conllu.gz", "rt", encoding="utf-8") as f:
            for line in f:
                if line.startswith("# newdoc id"):
                    if sentences:
                        paragraphs.append(" ".join(sentences))
                    if paragraphs:
                        yield paragraphs
                    paragraphs, sentences = [], []
                elif line.startswith("# newpar"):
                    if sentences:
                        paragraphs.append(" ".join(sentences))
                    sentences = []
                elif line.startswith("# text = "):
                    sentences.append(line[len("# text = "):].rstrip("\n"))
        if sentences:
            paragraphs.append(" ".join(sentences))
        if paragraphs:
            yield paragraphs


def pieces(lo, hi):
    for paragraphs in documents():
        piece, words = [], 0
        for p in paragraphs:
            n = len(p.split())
            if words + n > hi and words >= lo:
                yield "\n\n".join(piece)
                piece, words = [], 0
            piece.append(p)
            words += n
        if words >= lo:
            yield "\n\n".join(piece)


def main():
    count, out = int(sys.argv[1]), sys.argv[2]
    lo, hi = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (500, 900)
    texts = list(pieces(lo, hi))
    with open(out, "w", encoding="utf-8") as f:
        for i in range(count):
            f.write(json.dumps({"id": f"a{i + 1:05d}", "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n")
    words = sum(len(texts[i % len(texts)].split()) for i in range(count))
    print(f"{out}: {count} documents ({len(texts)} distinct), {words} words, {words / count:.0f} per document",
          file=sys.stderr)


if __name__ == "__main__":
    main()
