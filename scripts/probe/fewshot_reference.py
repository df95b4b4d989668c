"""Few-shot reference for the studio's default probe: Fashion-MNIST cases on the starter backbone,
features by torchvision's own pipeline, scikit-learn's LogisticRegression with its defaults.

    /usr/bin/python3 scripts/probe/fewshot_reference.py OUT_DIR [--cases 5,10,25,imb] [--test-per-class 200]

Writes, for each case, the exact training images as PNGs in OUT_DIR/<case>/<class slug>/<index>.png,
one shared test set in OUT_DIR/test/<class slug>/<index>.png, and OUT_DIR/reference.json:
{case: {"train": n, "counts": [...], "sklearn": accuracy, "sklearn_balanced": accuracy, "seconds": {...}}},
and each case's train features and labels as OUT_DIR/<case>-features.npy / -labels.npy.
The target classes are the five the starter backbone never saw (Pullover, Dress, Shirt, Sneaker,
Ankle boot). Features: PIL decode, convert('RGB'), torchvision Resize/CenterCrop with the backbone's
pretrained_cfg (bilinear, crop_pct 1.0), ToTensor, Normalize; the model's pooled features (fc input).
scikit-learn: StandardScaler on the train features, LogisticRegression() as it comes.
"""
import argparse
import json
import os
import sys
import time
import warnings

import numpy as np
import torch
import torchvision.transforms as T
from PIL import Image
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "scripts", "starter"))
import fmnist  # noqa: E402
from safetensors_io import load_file  # noqa: E402
from tiny_resnet import from_config  # noqa: E402

BACKBONE = os.path.join(REPO, "resources", "backbones", "starter-resnet")
TARGET = [2, 3, 6, 7, 9]
# Per-class counts of each case: K shots, and an imbalanced draw (two big classes, two small).
CASES = {"5": [5] * 5, "10": [10] * 5, "25": [25] * 5, "imb": [25, 25, 8, 5, 12], "200": [200] * 5}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--cases", default="5,10,25,imb")
    ap.add_argument("--test-per-class", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(2)
    cfg = json.load(open(os.path.join(BACKBONE, "config.json")))
    model = from_config(cfg)
    model.load_state_dict({k: torch.from_numpy(v) for k, v in load_file(os.path.join(BACKBONE, "model.safetensors")).items()})
    model.eval()
    pc = cfg["pretrained_cfg"]
    size = pc["input_size"][1]
    tf = T.Compose([T.Resize(int(size / pc["crop_pct"]), interpolation=T.InterpolationMode.BILINEAR), T.CenterCrop(size),
                    T.ToTensor(), T.Normalize(pc["mean"], pc["std"])])

    def write(images, labels, indices, folder):
        paths = []
        for img, y, i in zip(images, labels, indices):
            p = os.path.join(args.out, folder, fmnist.CLASS_SLUGS[int(y)], f"{int(i)}.png")
            os.makedirs(os.path.dirname(p), exist_ok=True)
            Image.fromarray(img, mode="L").save(p)
            paths.append(p)
        return paths

    def features(paths):
        # From the files just written, as a PyTorch user would load them.
        x = torch.stack([tf(Image.open(p).convert("RGB")) for p in paths])
        with torch.no_grad():
            return model.pre_logits(x).numpy().astype(np.float64)

    tr_x, tr_y = fmnist.load("train")
    te_x, te_y = fmnist.load("t10k")
    rng = np.random.default_rng(args.seed + 1000)
    te_idx = np.concatenate([rng.choice(np.flatnonzero(te_y == c), args.test_per_class, replace=False) for c in TARGET])
    te_paths = write(te_x[te_idx], te_y[te_idx], te_idx, "test")
    f_te = features(te_paths)
    y_te = np.array([TARGET.index(c) for c in te_y[te_idx]])
    out = {}
    for n, case in enumerate(args.cases.split(",")):
        counts = CASES[case]
        rng = np.random.default_rng(args.seed + n)
        idx = np.concatenate([rng.choice(np.flatnonzero(tr_y == c), k, replace=False) for c, k in zip(TARGET, counts)])
        paths = write(tr_x[idx], tr_y[idx], idx, case)
        t0 = time.perf_counter()
        f_tr = features(paths)
        t_feat = time.perf_counter() - t0
        y_tr = np.array([TARGET.index(c) for c in tr_y[idx]])
        np.save(os.path.join(args.out, f"{case}-features.npy"), f_tr.astype(np.float32))
        np.save(os.path.join(args.out, f"{case}-labels.npy"), y_tr.astype(np.int32))
        res = {"train": int(len(idx)), "counts": counts}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t0 = time.perf_counter()
            sc = StandardScaler().fit(f_tr)
            m = LogisticRegression().fit(sc.transform(f_tr), y_tr)
            t_fit = time.perf_counter() - t0
            res["sklearn"] = float((m.predict(sc.transform(f_te)) == y_te).mean())
            m = LogisticRegression(class_weight="balanced").fit(sc.transform(f_tr), y_tr)
            res["sklearn_balanced"] = float((m.predict(sc.transform(f_te)) == y_te).mean())
            # The studio's own protocol in scikit-learn: 11 C values, 5 folds, balanced weights.
            t0 = time.perf_counter()
            LogisticRegressionCV(Cs=np.logspace(-3, 2, 11), cv=5, class_weight="balanced").fit(sc.transform(f_tr), y_tr)
            t_cv = time.perf_counter() - t0
        res["seconds"] = {"features": t_feat, "fit": t_fit, "fit_cv": t_cv}
        out[case] = res
        print(case, json.dumps(res), file=sys.stderr)
    json.dump(out, open(os.path.join(args.out, "reference.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
