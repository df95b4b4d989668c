"""Text classification data from Debian package short descriptions labelled by Section (`apt-cache
dumpavail`), a source the starter text backbones were not pretrained on (they read man pages).

    /usr/bin/python3 scripts/text/make_text_data.py --demo            # → resources/text-demo/packages.csv
    /usr/bin/python3 scripts/text/make_text_data.py --split OUT.json  # bench split (train/val/test)
    /usr/bin/python3 scripts/text/make_text_data.py --split OUT.json --sections admin,devel,editors,net,text,web
    /usr/bin/python3 scripts/text/make_text_data.py --fixture OUT.json --per-class 24

Per section: unique descriptions, sorted, shuffled with seed 0, then cut in order: 40 for the demo,
then 80 train, 40 validation, 80 test for the benchmark — the parts never overlap.
"""
import argparse
import collections
import csv
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpus  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SECTIONS = ["database", "games", "graphics", "mail", "science", "sound"]
CUTS = {"demo": (0, 40), "train": (40, 120), "val": (120, 160), "test": (160, 240)}


def parts(sections=SECTIONS):
    by = collections.defaultdict(set)
    for _, desc, sec in corpus.package_descriptions():
        if sec in sections:
            by[sec].add(desc.strip())
    out = collections.defaultdict(list)
    for sec in sections:
        xs = sorted(by[sec])
        random.Random(0).shuffle(xs)
        if len(xs) < CUTS["test"][1]:
            raise SystemExit(f"section {sec} has only {len(xs)} descriptions here")
        for part, (a, b) in CUTS.items():
            out[part] += [{"text": t, "label": sec} for t in xs[a:b]]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--demo", action="store_true")
    ap.add_argument("--split")
    ap.add_argument("--fixture")
    ap.add_argument("--per-class", type=int, default=24)
    ap.add_argument("--sections", help="--split only: other Debian sections, comma-separated (a second task)")
    a = ap.parse_args()
    sections = a.sections.split(",") if a.sections else SECTIONS
    p = parts(sections)
    if a.demo:
        d = os.path.join(ROOT, "resources", "text-demo")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "packages.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["text", "label"])
            for r in p["demo"]:
                w.writerow([r["text"], r["label"]])
        print(f"demo: {len(p['demo'])} rows")
    if a.split:
        with open(a.split, "w") as f:
            json.dump({"labels": sections, **{k: p[k] for k in ("train", "val", "test")}}, f)
    if a.fixture:
        # A small balanced slice of the benchmark split for the fast test: n train and n test per class.
        n = a.per_class
        take = lambda part: [r for s in SECTIONS for r in [x for x in p[part] if x["label"] == s][:n]]
        with open(a.fixture, "w") as f:
            json.dump({"labels": SECTIONS, "source": "apt-cache dumpavail (Debian bookworm), Description by Section",
                       "train": take("train"), "test": take("test")}, f, indent=0)
            f.write("\n")


if __name__ == "__main__":
    main()
