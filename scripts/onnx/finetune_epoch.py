#!/usr/bin/python3
"""The fine-tune epoch as plain PyTorch does it: the reference of `npm run bench -- finetune`.

  finetune_epoch.py make --out DIR [--n 80] [--classes 2]
      writes DIR/acts.npy (float32 [N, 14, 14, 1024], NHWC: what the studio caches at ResNet-50's cut
      before layer4, ReLU'd like a real layer3 output) and DIR/labels.npy (int32 [N]), seeded.
  finetune_epoch.py run --backbone CKPT --acts X.npy --labels Y.npy --train N --val M --batch B
                        [--threads T] [--epochs E]
      torchvision resnet50 with CKPT's weights; layer4 + avgpool + a new fc(K) train on the cached
      activations (BatchNorm in eval mode, as the studio fine-tunes), AdamW, the first N items in
      batches of B, then the next M items evaluated under no_grad. Prints one JSON line: the median
      epoch's wall seconds, its CPU seconds (process_time), and its forward / backward / optimizer split.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probe_job import load_safetensors  # noqa: E402


def make(out, n, classes):
    rng = np.random.default_rng(0)
    os.makedirs(out, exist_ok=True)
    acts = np.maximum(rng.standard_normal((n, 14, 14, 1024), dtype=np.float32), 0)
    np.save(os.path.join(out, "acts.npy"), acts)
    np.save(os.path.join(out, "labels.npy"), (np.arange(n) % classes).astype(np.int32))


def run(a):
    import torch
    import torchvision

    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = torchvision.models.resnet50()
    model.load_state_dict(load_safetensors(os.path.join(a.backbone, "model.safetensors")))
    labels_all = np.load(a.labels).astype(np.int64)
    k = int(labels_all.max()) + 1
    tail = torch.nn.Sequential(model.layer4, torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(2048, k))
    tail.eval()  # BatchNorm uses its running statistics, as the studio's tail does
    params = [p for p in tail.parameters()]
    opt = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.01)
    acts = torch.from_numpy(np.load(a.acts)).permute(0, 3, 1, 2).contiguous()
    labels = torch.from_numpy(labels_all)
    tr = range(0, a.train)
    va = range(a.train, a.train + a.val)
    epochs = []
    for _ in range(a.epochs):
        fwd = bwd = step = 0.0
        t0 = time.perf_counter()
        c0 = time.process_time()
        order = torch.randperm(a.train)
        for s in range(0, a.train, a.batch):
            idx = order[s:s + a.batch]
            x, y = acts[idx], labels[idx]
            t = time.perf_counter()
            loss = torch.nn.functional.cross_entropy(tail(x), y, label_smoothing=0.1)
            t1 = time.perf_counter()
            opt.zero_grad()
            loss.backward()
            t2 = time.perf_counter()
            opt.step()
            t3 = time.perf_counter()
            fwd += t1 - t
            bwd += t2 - t1
            step += t3 - t2
        t = time.perf_counter()
        with torch.no_grad():
            for s in range(va.start, va.stop, a.batch):
                tail(acts[s:min(s + a.batch, va.stop)])
        val = time.perf_counter() - t
        epochs.append({"seconds": time.perf_counter() - t0, "cpuSeconds": time.process_time() - c0, "forward": fwd, "backward": bwd, "optimizer": step, "valSeconds": val})
    epochs.sort(key=lambda e: e["seconds"])
    med = epochs[len(epochs) // 2]
    print(json.dumps({**med, "threads": a.threads, "train": a.train, "valItems": a.val, "batch": a.batch, "torch": torch.__version__}))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("--out", required=True)
    m.add_argument("--n", type=int, default=80)
    m.add_argument("--classes", type=int, default=2)
    r = sub.add_parser("run")
    r.add_argument("--backbone", required=True)
    r.add_argument("--acts", required=True)
    r.add_argument("--labels", required=True)
    r.add_argument("--train", type=int, required=True)
    r.add_argument("--val", type=int, default=0)
    r.add_argument("--batch", type=int, required=True)
    r.add_argument("--threads", type=int, default=1)
    r.add_argument("--epochs", type=int, default=3)
    a = ap.parse_args()
    if a.cmd == "make":
        make(a.out, a.n, a.classes)
    else:
        run(a)


if __name__ == "__main__":
    sys.exit(main())
