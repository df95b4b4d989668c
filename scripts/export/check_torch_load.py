"""Load a Transfer Studio safetensors export strictly in PyTorch and compare its logits with the app's.

    /usr/bin/python3 scripts/export/check_torch_load.py --export DIR [--pixels X.npy --logits L.npy] [--atol 1e-4] [--json]

DIR is what `studio export --format safetensors` wrote (model.safetensors + config.json). The architecture is
built from config.json: timm/torchvision ResNets (standard `resnet18/34/50/101/152`, or reduced widths given by
`model_args.layers` / `model_args.channels`, as the starter backbone has) and torchvision VGGs, with the classifier
resized to `label_names`. `load_state_dict(strict=True)` must accept the file as it is: no missing or extra key.
X.npy is NCHW float32 pixels already normalised as config.json's `preprocessing` says; L.npy the app's logits.
Exit 0 when the load is strict, the classes agree and the logits are within --atol.

    check_torch_load.py --export DIR --files FILES.json --logits L.npy [--json]

FILES.json: a JSON array of image paths. Each file is decoded and transformed in PyTorch from config.json's
`preprocessing` alone (PIL, EXIF transpose, convert('RGB'), torchvision Resize / CenterCrop / ToTensor /
Normalize); the export's top-1 class is compared with the app's for every file (exit 0 when all agree).
"""
import argparse
import json
import sys

import numpy as np
import torch
import torch.nn as nn


def read_safetensors(path):
    """A minimal reader (Debian has no `safetensors` package): header JSON, then raw little-endian tensors."""
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
        base = 8 + n
        out = {}
        for name, e in header.items():
            if name == "__metadata__":
                continue
            start, end = e["data_offsets"]
            f.seek(base + start)
            arr = np.frombuffer(f.read(end - start), dtype=dtypes[e["dtype"]]).reshape(e["shape"])
            out[name] = torch.from_numpy(arr.copy())
        return out


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        s = x if self.downsample is None else self.downsample(x)
        y = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(y)) + s)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride):
        super().__init__()
        out = planes * 4
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, out, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out)
        self.downsample = None
        if stride != 1 or inplanes != out:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, out, 1, stride, bias=False), nn.BatchNorm2d(out))

    def forward(self, x):
        s = x if self.downsample is None else self.downsample(x)
        y = torch.relu(self.bn1(self.conv1(x)))
        y = torch.relu(self.bn2(self.conv2(y)))
        return torch.relu(self.bn3(self.conv3(y)) + s)


class ResNet(nn.Module):
    """torchvision/timm ResNet naming (conv1, bn1, layer1-4, fc) with configurable depths and widths."""

    def __init__(self, block, layers, channels, num_classes, stem_width=64):
        super().__init__()
        self.conv1 = nn.Conv2d(3, stem_width, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(stem_width)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        inplanes = stem_width
        for i, (n, planes) in enumerate(zip(layers, channels)):
            blocks = []
            for j in range(n):
                blocks.append(block(inplanes, planes, 2 if (j == 0 and i > 0) else 1))
                inplanes = planes * block.expansion
            self.add_module(f"layer{i + 1}", nn.Sequential(*blocks))
        self.fc = nn.Linear(inplanes, num_classes)

    def forward(self, x):
        x = self.maxpool(torch.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1))


RESNETS = {
    "resnet18": ("basic", [2, 2, 2, 2]),
    "resnet34": ("basic", [3, 4, 6, 3]),
    "resnet50": ("bottleneck", [3, 4, 6, 3]),
    "resnet101": ("bottleneck", [3, 4, 23, 3]),
    "resnet152": ("bottleneck", [3, 8, 36, 3]),
}


def build(cfg, state=None):
    labels = cfg.get("label_names") or list(cfg.get("id2label", {}).values())
    n = len(labels)
    arch = cfg.get("architecture", "")
    base = arch.split(".")[0]
    if base in RESNETS:
        kind, layers = RESNETS[base]
        args = cfg.get("model_args") or {}
        layers = args.get("layers", layers)
        channels = args.get("channels", [64, 128, 256, 512])
        block = Bottleneck if args.get("block", kind) in ("bottleneck", "Bottleneck") else BasicBlock
        return ResNet(block, layers, channels, n, args.get("stem_width", 64)), labels
    if base.startswith("vgg"):
        import torchvision

        model = getattr(torchvision.models, base)(weights=None, num_classes=n)
        # The classifier's width is whatever the checkpoint has (4096 for the ImageNet VGGs).
        if state is not None and "classifier.0.weight" in state:
            h, d = state["classifier.0.weight"].shape
            model.classifier = nn.Sequential(nn.Linear(d, h), nn.ReLU(True), nn.Dropout(), nn.Linear(h, h), nn.ReLU(True), nn.Dropout(), nn.Linear(h, n))
        return model, labels
    raise SystemExit(f"check_torch_load: architecture '{arch}' is not handled by this script")


def files_to_pixels(paths, pre):
    """The transform config.json names, built with PIL and torchvision only."""
    from PIL import Image, ImageOps
    from torchvision import transforms as T

    mode = getattr(T.InterpolationMode, pre["interpolation"].upper())
    r = pre["resize"]
    steps = [T.Resize(r["size"] if r["mode"] == "shorter-side" else (r["height"], r["width"]), interpolation=mode)]
    if pre["center_crop"]:
        if pre.get("crop_rounding", "torchvision") != "torchvision":
            raise SystemExit("only torchvision crop rounding is reproduced here")
        steps.append(T.CenterCrop(tuple(pre["input_size"][1:])))
    steps += [T.ToTensor(), T.Normalize(pre["mean"], pre["std"])]
    tf = T.Compose(steps)
    xs = []
    for p in paths:
        with open(p, "rb") as f:
            im = Image.open(f)
            if pre.get("decode", {}).get("exif_transpose"):
                im = ImageOps.exif_transpose(im)
            xs.append(tf(im.convert("RGB")))
    return torch.stack(xs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--export", required=True)
    ap.add_argument("--pixels")
    ap.add_argument("--logits")
    ap.add_argument("--files")
    ap.add_argument("--atol", type=float, default=1e-4)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(1)
    with open(f"{a.export}/config.json") as f:
        cfg = json.load(f)
    state = read_safetensors(f"{a.export}/model.safetensors")
    model, labels = build(cfg, state)
    result = model.load_state_dict(state, strict=True)  # raises on any missing / unexpected key or shape
    model.eval()
    report = {"strict": True, "missing": list(result.missing_keys), "unexpected": list(result.unexpected_keys), "labels": labels}
    ok = True
    if a.files:
        with open(a.files) as f:
            paths = json.load(f)
        x = files_to_pixels(paths, cfg["preprocessing"])
        with torch.no_grad():
            got = model(x).numpy()
        want = np.load(a.logits)
        agree = got.argmax(1) == want.argmax(1)
        report.update({"files": len(paths), "top1_agree": int(agree.sum()), "disagree": [paths[i] for i in np.nonzero(~agree)[0]],
                       "max_abs_diff": float(np.abs(got - want).max()), "classes": [labels[i] for i in got.argmax(1)]})
        ok = bool(agree.all())
    elif a.pixels:
        x = torch.from_numpy(np.load(a.pixels).astype(np.float32))
        with torch.no_grad():
            got = model(x).numpy()
        report["logits"] = got.tolist()
        report["classes"] = [labels[i] for i in got.argmax(1)]
        if a.logits:
            want = np.load(a.logits)
            diff = float(np.abs(got - want).max())
            same = bool((got.argmax(1) == want.argmax(1)).all())
            report.update({"max_abs_diff": diff, "same_classes": same})
            ok = same and diff <= a.atol
    report["ok"] = ok
    if a.json:
        print(json.dumps(report))
    else:
        print(f"strict load ok; {len(labels)} labels" + (f"; max |Δlogit| {report['max_abs_diff']:.2e}" if "max_abs_diff" in report else "")
              + (f", same classes: {report['same_classes']}" if "same_classes" in report else "")
              + (f"; top-1 agrees on {report['top1_agree']} of {report['files']} files" if "files" in report else ""))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
