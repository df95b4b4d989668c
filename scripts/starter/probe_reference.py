"""Reference for the transfer acceptance test: a linear probe on starter-backbone features vs on
features of a randomly initialised backbone of the same architecture, on the five target classes.

    /usr/bin/python3 scripts/starter/probe_reference.py          # writes test/fixtures/fmnist/
    /usr/bin/python3 scripts/starter/probe_reference.py --backbone /tmp/x --target 0,4,5,6,9 --dry-run

Writes test/fixtures/fmnist/probe-reference.json and the exact images it used as PNGs in
test/fixtures/fmnist/target/{train,test}/<class slug>/<split index>.png.
"""
import argparse
import json
import os
import shutil
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist  # noqa: E402
from safetensors_io import load_file  # noqa: E402
from tiny_resnet import from_config, embed  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BACKBONE = os.path.join(REPO, "resources", "backbones", "starter-resnet")
FIXTURES = os.path.join(REPO, "test", "fixtures", "fmnist")
TARGET_CLASSES = [2, 3, 6, 7, 9]  # Pullover, Dress, Shirt, Sneaker, Ankle boot
L2 = 1e-3


def pick(labels, classes, per_class, rng, exclude=()):
    """per_class indices of each class, drawn without replacement, sorted within a class."""
    out = []
    excluded = set(int(i) for i in exclude)
    for c in classes:
        pool = [int(i) for i in np.flatnonzero(labels == c) if int(i) not in excluded]
        out.extend(sorted(int(i) for i in rng.choice(pool, per_class, replace=False)))
    return np.array(out)


def fit_probe(f_tr, y_tr, f_te, y_te, n_classes, standardize, l2=L2):
    """Multinomial logistic regression, full-batch LBFGS in float64, loss = CE + l2/2 * |W|^2."""
    f_tr, f_te = f_tr.double(), f_te.double()
    if standardize:
        mu, sd = f_tr.mean(0), f_tr.std(0) + 1e-6
        f_tr, f_te = (f_tr - mu) / sd, (f_te - mu) / sd
    w = torch.zeros(f_tr.shape[1], n_classes, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(n_classes, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], lr=1, max_iter=1000, tolerance_grad=1e-9,
                            tolerance_change=1e-12, history_size=20, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(f_tr @ w + b, y_tr) + 0.5 * l2 * (w * w).sum()
        loss.backward()
        return loss

    opt.step(closure)
    with torch.no_grad():
        return float(((f_te @ w + b).argmax(1) == y_te).double().mean())


def load_backbone(path):
    with open(os.path.join(path, "config.json")) as f:
        cfg = json.load(f)
    model = from_config(cfg)
    state = {k: torch.from_numpy(v) for k, v in load_file(os.path.join(path, "model.safetensors")).items()}
    model.load_state_dict(state, strict=True)
    return cfg, model.eval()


def random_backbone(cfg, seed):
    torch.manual_seed(seed)
    return from_config(cfg).eval()


def probe_all(models, tr_x, te_x, y_tr, y_te, n_classes):
    res = {}
    for name, m in models.items():
        f_tr, f_te = embed(m, fmnist.to_input(tr_x)), embed(m, fmnist.to_input(te_x))
        res[name] = {s: fit_probe(f_tr, y_tr, f_te, y_te, n_classes, s == "standardized")
                     for s in ("raw", "standardized")}
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--backbone", default=BACKBONE)
    ap.add_argument("--target", default=",".join(map(str, TARGET_CLASSES)))
    ap.add_argument("--train-per-class", type=int, default=10)
    ap.add_argument("--test-per-class", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=5, help="extra draws for the spread (not exported)")
    ap.add_argument("--out", default=FIXTURES)
    ap.add_argument("--dry-run", action="store_true", help="print accuracies, write nothing")
    args = ap.parse_args()
    torch.set_num_threads(2)
    target = [int(c) for c in args.target.split(",")]
    remap = {c: i for i, c in enumerate(target)}

    tr_all_x, tr_all_y = fmnist.load("train")
    te_all_x, te_all_y = fmnist.load("t10k")
    cfg, pretrained = load_backbone(args.backbone)

    # Test items are fixed for every draw; train items are drawn per repeat (repeat 0 = exported).
    te_idx = pick(te_all_y, target, args.test_per_class, np.random.default_rng(args.seed + 1000))
    te_x, y_te = te_all_x[te_idx], torch.tensor([remap[c] for c in te_all_y[te_idx]])
    te_feats = {}
    runs = []
    for r in range(1 + args.repeats):
        tr_idx = pick(tr_all_y, target, args.train_per_class, np.random.default_rng(args.seed + r))
        tr_x, y_tr = tr_all_x[tr_idx], torch.tensor([remap[c] for c in tr_all_y[tr_idx]])
        res = probe_all({"pretrained": pretrained, "random": random_backbone(cfg, args.seed + r)},
                        tr_x, te_x, y_tr, y_te, len(target))
        runs.append(res)
        print(f"draw {r}: {json.dumps(res)}", file=sys.stderr)
        if r == 0:
            exported_tr_idx = tr_idx
    summary = {m: {s: {"mean": round(float(np.mean([x[m][s] for x in runs])), 4),
                       "min": round(float(np.min([x[m][s] for x in runs])), 4),
                       "max": round(float(np.max([x[m][s] for x in runs])), 4)}
                   for s in ("raw", "standardized")} for m in ("pretrained", "random")}
    print(json.dumps({"exported_draw": runs[0], "over_draws": summary}, indent=1))
    if args.dry_run:
        return

    # Parity values for the tfjs loader: features and logits of the first exported train image
    # of each class, computed from the uint8 pixels exactly as stored in the PNGs.
    first = [int(exported_tr_idx[i * args.train_per_class]) for i in range(len(target))]
    with torch.no_grad():
        xin = fmnist.to_input(tr_all_x[first])
        feats = pretrained.pre_logits(xin)
        logits = pretrained.fc(feats)

    slug = lambda c: fmnist.CLASS_SLUGS[c]  # noqa: E731
    item = lambda split, i, y: {"file": f"target/{'train' if split == 'train' else 'test'}/{slug(int(y))}/{int(i)}.png",  # noqa: E501,E731
                                 "split": split, "index": int(i), "label": fmnist.CLASS_NAMES[int(y)]}
    ref = {
        "description": "Linear probe on 10 train images per target class; pretrained starter "
                       "backbone vs the same architecture randomly initialised. Regenerate with "
                       "/usr/bin/python3 scripts/starter/probe_reference.py",
        "backbone": os.path.relpath(args.backbone, REPO),
        "target_classes": [{"id": c, "name": fmnist.CLASS_NAMES[c], "slug": slug(c)} for c in target],
        "settings": {
            "seed": args.seed,
            "train_per_class": args.train_per_class,
            "test_per_class": args.test_per_class,
            "train_source": "Fashion-MNIST train split (indices into train-*-ubyte)",
            "test_source": "Fashion-MNIST t10k split (indices into t10k-*-ubyte)",
            "preprocessing": {"resize": [fmnist.INPUT_SIZE, fmnist.INPUT_SIZE],
                              "interpolation": "bilinear, half-pixel centres",
                              "grey_to_rgb": "replicate", "mean": fmnist.MEAN, "std": fmnist.STD},
            "features": "global average pool of layer4 (fc input), 256-d, BatchNorm in eval mode",
            "probe": {"model": "multinomial logistic regression (weights + bias)",
                      "optimizer": "LBFGS full batch, strong Wolfe, float64, up to 1000 iterations",
                      "loss": "mean cross-entropy + l2/2 * sum(W^2) (bias not penalised)",
                      "l2": L2,
                      "variants": {"raw": "features as the backbone outputs them",
                                   "standardized": "z-scored with the 50 train features' mean/std"}},
            "random_init": "torch.manual_seed(seed) then the model's init: kaiming_normal(fan_out) "
                           "convs, BatchNorm weight 1 / bias 0 / running mean 0 / var 1, "
                           "PyTorch default Linear init",
        },
        "accuracy": {"pretrained": runs[0]["pretrained"], "random": runs[0]["random"]},
        "accuracy_over_draws": {"draws": 1 + args.repeats, **summary,
                                "note": "train items redrawn with seeds seed..seed+repeats, "
                                        "test items fixed; only draw 0 is exported"},
        "train": [item("train", i, tr_all_y[i]) for i in exported_tr_idx],
        "test": [item("t10k", i, te_all_y[i]) for i in te_idx],
        "parity": {
            "files": [item("train", i, tr_all_y[i])["file"] for i in first],
            "features": [[round(float(v), 6) for v in row] for row in feats],
            "logits": [[round(float(v), 6) for v in row] for row in logits],
            "note": "pretrained starter, input = PNG pixels through the preprocessing above",
        },
    }
    target_dir = os.path.join(args.out, "target")
    if os.path.isdir(target_dir):
        shutil.rmtree(target_dir)
    from PIL import Image
    for split_name, idxs, xs, ys in (("train", exported_tr_idx, tr_all_x, tr_all_y),
                                     ("t10k", te_idx, te_all_x, te_all_y)):
        for i in idxs:
            p = os.path.join(args.out, item(split_name, i, ys[i])["file"])
            os.makedirs(os.path.dirname(p), exist_ok=True)
            Image.fromarray(xs[i], mode="L").save(p, optimize=True)
    with open(os.path.join(args.out, "probe-reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
