#!/usr/bin/python3
"""The user's probe job, as a plain PyTorch script would do it (the baseline of `npm run bench -- onnx`).

  probe_job.py make --out DIR [--n 300]
      writes N photos-like JPEGs (500×375, two classes told apart by colour and texture) as DIR/<class>/*.jpg
  probe_job.py run --images DIR --backbone CKPT [--threads T]
      torchvision resnet50 with CKPT's weights (a hub-layout model.safetensors), the timm/torchvision eval
      transform (PIL, resize 256, centre crop 224, normalise), features in batches of 32 under no_grad,
      scikit-learn LogisticRegression on 80 %, accuracy on 20 %. Prints {"seconds", "accuracy", "n"}.
"""
import argparse
import json
import os
import struct
import sys
import time

T0 = time.perf_counter()

import numpy as np  # noqa: E402


def make(out, n):
    from PIL import Image, ImageDraw, ImageFilter

    rng = np.random.default_rng(0)
    for c, name in enumerate(["bolts", "washers"]):
        os.makedirs(os.path.join(out, name), exist_ok=True)
        for i in range(n // 2):
            base = rng.integers(0, 255, 3)
            arr = (rng.normal(0, 30, (375, 500, 3)) + base).clip(0, 255).astype(np.uint8)
            im = Image.fromarray(arr).filter(ImageFilter.GaussianBlur(2))
            d = ImageDraw.Draw(im)
            for _ in range(6):
                x, y = rng.integers(0, 450), rng.integers(0, 325)
                r = int(rng.integers(15, 60))
                colour = tuple(int(v) for v in rng.integers(0, 255, 3))
                (d.ellipse if c else d.rectangle)([x, y, x + r, y + r * (1 if c else 2)], fill=colour)
            im.save(os.path.join(out, name, f"{name}_{i:03d}.jpg"), quality=90)


def load_safetensors(path):
    import torch

    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    dt = {"F32": np.float32, "I64": np.int64, "I32": np.int32}
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        out[k] = torch.from_numpy(np.frombuffer(data[a:b], dtype=dt[v["dtype"]]).reshape(v["shape"]).copy())
    return out


def run(images, backbone, threads):
    import torch
    import torchvision
    from PIL import Image
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split

    torch.set_num_threads(threads)
    model = torchvision.models.resnet50()
    model.load_state_dict(load_safetensors(os.path.join(backbone, "model.safetensors")))
    model.fc = torch.nn.Identity()
    model.eval()
    tf = torchvision.transforms.Compose([
        torchvision.transforms.Resize(256),
        torchvision.transforms.CenterCrop(224),
        torchvision.transforms.ToTensor(),
        torchvision.transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])
    files, labels = [], []
    for c, name in enumerate(sorted(os.listdir(images))):
        for f in sorted(os.listdir(os.path.join(images, name))):
            files.append(os.path.join(images, name, f))
            labels.append(c)
    feats = []
    with torch.no_grad():
        for i in range(0, len(files), 32):
            x = torch.stack([tf(Image.open(f).convert("RGB")) for f in files[i:i + 32]])
            feats.append(model(x).numpy())
    X = np.concatenate(feats)
    Xtr, Xte, ytr, yte = train_test_split(X, np.array(labels), test_size=0.2, random_state=0, stratify=labels)
    clf = LogisticRegression(max_iter=1000).fit(Xtr, ytr)
    print(json.dumps({"seconds": time.perf_counter() - T0, "accuracy": float(clf.score(Xte, yte)), "n": len(files), "threads": threads}))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make")
    m.add_argument("--out", required=True)
    m.add_argument("--n", type=int, default=300)
    r = sub.add_parser("run")
    r.add_argument("--images", required=True)
    r.add_argument("--backbone", required=True)
    r.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    if a.cmd == "make":
        make(a.out, a.n)
    else:
        run(a.images, a.backbone, a.threads)


if __name__ == "__main__":
    sys.exit(main())
