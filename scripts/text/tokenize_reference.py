"""Token ids the recipe's own encoders give (what the starters were pretrained on), for checking that the
studio tokenizes the shipped tokenizer.json identically.

    /usr/bin/python3 scripts/text/tokenize_reference.py --backbone DIR --texts T.json  → {"ids": [[...]]}

Ids without special tokens: WordPiece from vocab.txt (BERT), byte-level BPE from vocab.json + merges.txt (GPT-2).
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tokenizers_mini as T  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--backbone", required=True)
    ap.add_argument("--texts", required=True)
    a = ap.parse_args()
    texts = json.load(open(a.texts, encoding="utf-8"))
    texts = texts["texts"] if isinstance(texts, dict) else texts
    d = a.backbone
    if os.path.exists(os.path.join(d, "vocab.txt")):
        vocab = open(os.path.join(d, "vocab.txt"), encoding="utf-8").read().split("\n")[:-1]
        tok = T.WordPiece(vocab)
    else:
        vocab = json.load(open(os.path.join(d, "vocab.json"), encoding="utf-8"))
        merges = [tuple(l.split(" ")) for l in open(os.path.join(d, "merges.txt"), encoding="utf-8").read().split("\n")[1:] if l]
        tok = T.ByteBPE(sorted(vocab, key=vocab.get), merges)
    print(json.dumps({"ids": [tok.encode(t) for t in texts]}))


if __name__ == "__main__":
    main()
