#!/usr/bin/python3
"""Small VGG references for the ONNX parity tests (Debian torch 1.13 + torchvision 0.14).

torchvision's VGG trunk with a narrow classifier (hidden 64 instead of 4096: fc1 is 1.6M weights, not
103M), so a test can build, load and run it in seconds. Same tensor names and maths as the full model;
the full-size vgg16 stays in the tfjs parity test and the benchmark.

  make_small_vgg_refs.py --out DIR   → DIR/{vgg11, vgg11_bn_timm}/{model.safetensors, config.json,
                                         input_<size>.npy, features_<size>.npy}
"""
import argparse
import copy
import json
import os
import sys

import torch
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "parity"))
from make_cnn_refs import perturb, save_npy, save_safetensors, timm_config  # noqa: E402

torch.set_num_threads(1)
HIDDEN = 64


def small_vgg(arch, gen, size):
    torch.manual_seed(1234)
    m = getattr(torchvision.models, arch)()
    m.classifier = torch.nn.Sequential(
        torch.nn.Linear(512 * 7 * 7, HIDDEN), torch.nn.ReLU(True), torch.nn.Dropout(),
        torch.nn.Linear(HIDDEN, HIDDEN), torch.nn.ReLU(True), torch.nn.Dropout(),
        torch.nn.Linear(HIDDEN, 10),
    )
    perturb(m, size, gen)
    return m


def to_timm(sd):
    out = {}
    for k, v in sd.items():
        if k.startswith("classifier.0."):
            out["pre_logits.fc1." + k.split(".")[-1]] = v.reshape(HIDDEN, 512, 7, 7) if k.endswith("weight") else v
        elif k.startswith("classifier.3."):
            out["pre_logits.fc2." + k.split(".")[-1]] = v.reshape(HIDDEN, HIDDEN, 1, 1) if k.endswith("weight") else v
        elif k.startswith("classifier.6."):
            out["head.fc." + k.split(".")[-1]] = v
        else:
            out[k] = v
    return out


def case(out, name, arch, sizes, timm):
    gen = torch.Generator().manual_seed(1234)
    m = small_vgg(arch, gen, min(sizes))
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    sd = m.state_dict()
    save_safetensors(os.path.join(d, "model.safetensors"), to_timm(sd) if timm else sd, {"format": "pt"})
    cfg = timm_config(arch, HIDDEN)
    cfg["num_classes"] = cfg["pretrained_cfg"]["num_classes"] = 10  # the narrow classifier's 10 outputs
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    m64 = copy.deepcopy(m).double()
    for s in sizes:
        x = torch.randn(2, 3, s, s, generator=gen)
        with torch.no_grad():
            feats = m64.classifier[:5](torch.flatten(m64.avgpool(m64.features(x.double())), 1)).float()
            logits = m64(x.double()).float()
        save_npy(os.path.join(d, f"input_{s}.npy"), x.numpy())
        save_npy(os.path.join(d, f"features_{s}.npy"), feats.numpy())
        save_npy(os.path.join(d, f"logits_{s}.npy"), logits.numpy())
        print(f"{name}: {s}px features {tuple(feats.shape)}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    # 224 px → a 7×7 map (the adaptive pool is the identity); 64 px → 2×2, pooled up to 7×7.
    case(a.out, "vgg11", "vgg11", [224, 64], timm=False)
    case(a.out, "vgg11_bn_timm", "vgg11_bn", [64], timm=True)


if __name__ == "__main__":
    main()
