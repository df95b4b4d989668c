"""Pretrain the starter backbone shipped in resources/backbones/starter-resnet.

A reduced-width ResNet (timm naming, BasicBlock, layers [1,1,1,1], channels [32,64,128,256])
trained on five *source* Fashion-MNIST classes; the other five (the target classes) are what the
demo dataset and the transfer tests use, so the backbone has never seen them.

    /usr/bin/python3 scripts/starter/pretrain_starter.py            # writes resources/backbones/starter-resnet
    /usr/bin/python3 scripts/starter/pretrain_starter.py --source 1,2,3,7,8 --out /tmp/x  # try a split
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist  # noqa: E402
from safetensors_io import save_file, load_file  # noqa: E402
from tiny_resnet import from_config, export_state_dict  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEFAULT_OUT = os.path.join(REPO, "resources", "backbones", "starter-resnet")
SOURCE_CLASSES = [0, 1, 4, 5, 8]  # T-shirt/top, Trouser, Coat, Sandal, Bag


def make_config(source):
    return {
        "architecture": "resnet18",
        "num_classes": len(source),
        "num_features": 256,
        "global_pool": "avg",
        "model_args": {
            "block": "basic",
            "layers": [1, 1, 1, 1],
            "channels": [32, 64, 128, 256],
            "stem_width": 64,
            "in_chans": 3,
            "num_classes": len(source),
        },
        "label_names": [fmnist.CLASS_NAMES[c] for c in source],
        "pretrained_cfg": {
            "tag": "fmnist5",
            "custom_load": False,
            "input_size": [3, fmnist.INPUT_SIZE, fmnist.INPUT_SIZE],
            "fixed_input_size": False,
            "interpolation": "bilinear",
            "crop_pct": 1.0,
            "crop_mode": "center",
            "mean": [fmnist.MEAN] * 3,
            "std": [fmnist.STD] * 3,
            "num_classes": len(source),
            "pool_size": [fmnist.INPUT_SIZE // 32] * 2,
            "first_conv": "conv1",
            "classifier": "fc",
            "license": "mit",
        },
    }


def augment(batch_u8, gen):
    """Random shift up to 2 px (zero padding) and horizontal flip, on 28x28 uint8 images."""
    n = batch_u8.shape[0]
    padded = np.pad(batch_u8, ((0, 0), (2, 2), (2, 2)))
    dx = torch.randint(0, 5, (n,), generator=gen).numpy()
    dy = torch.randint(0, 5, (n,), generator=gen).numpy()
    flip = torch.rand(n, generator=gen).numpy() < 0.5
    out = np.empty_like(batch_u8)
    for i in range(n):
        img = padded[i, dy[i]:dy[i] + 28, dx[i]:dx[i] + 28]
        out[i] = img[:, ::-1] if flip[i] else img
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", default=",".join(map(str, SOURCE_CLASSES)))
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    source = [int(c) for c in args.source.split(",")]
    remap = {c: i for i, c in enumerate(source)}

    tr_x, tr_y = fmnist.load("train")
    te_x, te_y = fmnist.load("t10k")
    tr_keep = np.isin(tr_y, source)
    te_keep = np.isin(te_y, source)
    tr_x, tr_y = tr_x[tr_keep], np.array([remap[c] for c in tr_y[tr_keep]])
    te_x, te_y = te_x[te_keep], np.array([remap[c] for c in te_y[te_keep]])
    print(f"source {[fmnist.CLASS_NAMES[c] for c in source]}: {len(tr_x)} train, {len(te_x)} test",
          file=sys.stderr)

    cfg = make_config(source)
    model = from_config(cfg)
    steps_per_epoch = math.ceil(len(tr_x) / args.batch)
    total = steps_per_epoch * args.epochs
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4,
                          nesterov=True)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=total,
                                                pct_start=0.15)
    gen = torch.Generator().manual_seed(args.seed)
    t0 = time.time()
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(tr_x), generator=gen).numpy()
        run_loss = 0.0
        for s in range(steps_per_epoch):
            idx = perm[s * args.batch:(s + 1) * args.batch]
            x = fmnist.to_input(augment(tr_x[idx], gen))
            y = torch.from_numpy(tr_y[idx])
            loss = F.cross_entropy(model(x), y, label_smoothing=args.label_smoothing)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            run_loss += loss.item()
        acc = evaluate(model, te_x, te_y)
        print(f"epoch {epoch + 1}/{args.epochs} loss {run_loss / steps_per_epoch:.4f} "
              f"source-test acc {acc:.4f} ({time.time() - t0:.0f}s)", file=sys.stderr)

    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "model.safetensors")
    save_file(export_state_dict(model), path, metadata={"format": "pt"})
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    # Round trip: the file must load strictly into a fresh model and give the same accuracy.
    fresh = from_config(cfg)
    fresh.load_state_dict({k: torch.from_numpy(v) for k, v in load_file(path).items()}, strict=True)
    acc_reloaded = evaluate(fresh, te_x, te_y)
    assert abs(acc_reloaded - acc) < 1e-9, (acc, acc_reloaded)
    summary = {"source_classes": source, "source_test_accuracy": round(acc, 4),
               "source_test_items": int(len(te_x)), "epochs": args.epochs, "seed": args.seed,
               "lr": args.lr, "batch": args.batch,
               "label_smoothing": args.label_smoothing, "seconds": round(time.time() - t0),
               "bytes": os.path.getsize(path),
               "params": int(sum(p.numel() for p in model.parameters()))}
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    print(json.dumps(summary))


@torch.no_grad()
def evaluate(model, x_u8, y, batch=500):
    model.eval()
    correct = 0
    for i in range(0, len(x_u8), batch):
        pred = model(fmnist.to_input(x_u8[i:i + batch])).argmax(1).numpy()
        correct += int((pred == y[i:i + batch]).sum())
    return correct / len(x_u8)


if __name__ == "__main__":
    main()
