"""Build resources/demo: 60 Fashion-MNIST train images per target class, as 28x28 grey PNGs in
class folders, disjoint from the probe fixture's train images (run probe_reference.py first).

    /usr/bin/python3 scripts/starter/make_demo.py
"""
import argparse
import json
import os
import shutil
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist  # noqa: E402
from probe_reference import FIXTURES, REPO, pick  # noqa: E402

DEMO = os.path.join(REPO, "resources", "demo")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-class", type=int, default=60)
    ap.add_argument("--seed", type=int, default=2017)
    ap.add_argument("--out", default=DEMO)
    args = ap.parse_args()
    ref_path = os.path.join(FIXTURES, "probe-reference.json")
    if not os.path.exists(ref_path):
        sys.exit(f"{ref_path} is missing: run scripts/starter/probe_reference.py first")
    with open(ref_path) as f:
        ref = json.load(f)
    target = [c["id"] for c in ref["target_classes"]]
    used = [it["index"] for it in ref["train"]]

    images, labels = fmnist.load("train")
    idx = pick(labels, target, args.per_class, np.random.default_rng(args.seed), exclude=used)
    assert not set(idx.tolist()) & set(used)
    from PIL import Image
    for c in target:
        d = os.path.join(args.out, fmnist.CLASS_SLUGS[c])
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)
    for i in idx:
        name = f"fmnist-train-{int(i):05d}.png"
        Image.fromarray(images[i], mode="L").save(
            os.path.join(args.out, fmnist.CLASS_SLUGS[int(labels[i])], name), optimize=True)
    print(f"wrote {len(idx)} images to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
