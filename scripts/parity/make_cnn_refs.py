#!/usr/bin/python3
"""PyTorch references for the ResNet / VGG / ViT loaders (Debian torch 1.13 + torchvision 0.14).

Subcommands:
  refs  --out DIR       parity cases: resnet50, resnet18, vgg16 (torchvision naming) and vgg16_timm
                        (timm classifier naming), each DIR/<case>/{model.safetensors, config.json,
                        input_<tag>.npy, features_<tag>.npy}
  bench --out DIR       canonical-size random checkpoints for bench/backbones.ts:
                        resnet50, vgg16, vit_base_patch16_224 (timm naming)
  throughput --arch A --size S --batch B --seconds T
                        prints {"items_per_s": ...} for features at S px on this machine's torch

Weights are random but deliberately perturbed: BatchNorm running statistics are the real batch
statistics of random inputs (neither 0/1 nor exploding), gamma/beta are jittered, counters are set.
No `safetensors` package is needed: the format (8-byte length, JSON header, raw bytes) is written here.
"""
import argparse
import copy
import json
import os
import struct
import sys
import time

import numpy as np
import torch
import torchvision

torch.set_num_threads(2)

DTYPES = {torch.float32: "F32", torch.int64: "I64", torch.int32: "I32"}


def save_safetensors(path, tensors, metadata=None):
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    offset = 0
    blobs = []
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        b = t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def save_npy(path, arr):
    np.save(path, np.ascontiguousarray(arr, dtype=np.float32))


def timm_config(arch, num_features, input_size=224):
    return {
        "architecture": arch,
        "num_classes": 1000,
        "num_features": num_features,
        "pretrained_cfg": {
            "tag": "random_parity",
            "input_size": [3, input_size, input_size],
            "interpolation": "bilinear",
            "crop_pct": 0.875,
            "crop_mode": "center",
            "mean": [0.485, 0.456, 0.406],
            "std": [0.229, 0.224, 0.225],
            "num_classes": 1000,
            "first_conv": "conv1" if arch.startswith("resnet") else "features.0",
            "classifier": "fc" if arch.startswith("resnet") else "head.fc",
        },
    }


def perturb(model, size, gen):
    """Jittered affine params, then BatchNorm running statistics measured on random inputs *with* those
    params (so eval-mode activations stay O(1) through 50 layers), then non-trivial counters."""
    bns = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    # The last BatchNorm of each residual branch gets a small gamma, as in trained ResNets: with gamma ~1
    # the residual stream of a random ResNet-50 is so ill-conditioned that PyTorch's own fp32 result is
    # 2e-4 away from fp64, and a 1e-4 parity test would measure noise, not the loader.
    last = {id(m.bn3) for m in model.modules() if isinstance(m, torchvision.models.resnet.Bottleneck)}
    last |= {id(m.bn2) for m in model.modules() if isinstance(m, torchvision.models.resnet.BasicBlock)}
    with torch.no_grad():
        for n, p in model.named_parameters():
            if n.endswith("bias") and p.abs().sum() == 0:
                p.add_(0.02 * torch.randn(p.shape, generator=gen))
        for m in bns:
            m.weight.mul_(1 + 0.2 * torch.rand(m.weight.shape, generator=gen)).add_(0.05)
            if id(m) in last:
                m.weight.mul_(0.3)
            m.bias.add_(0.1 * torch.randn(m.bias.shape, generator=gen))
    if bns:
        for m in bns:
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the calibration batches
        model.train()
        with torch.no_grad():
            for _ in range(2):
                model(torch.randn(4, 3, size, size, generator=gen))
        for m in bns:
            m.num_batches_tracked.fill_(12345)
    model.eval()


def resnet_features(model, x):
    body = torch.nn.Sequential(*list(model.children())[:-1])
    return torch.flatten(body(x), 1)


def vgg_features(model, x):
    # torchvision classifier[:5]: fc1, ReLU, Dropout, fc2, ReLU — the brief's VGG features.
    return model.classifier[:5](torch.flatten(model.avgpool(model.features(x)), 1))


def vgg_to_timm(sd):
    out = {}
    for k, v in sd.items():
        if k.startswith("classifier.0."):
            out["pre_logits.fc1." + k.split(".")[-1]] = v.reshape(4096, 512, 7, 7) if k.endswith("weight") else v
        elif k.startswith("classifier.3."):
            out["pre_logits.fc2." + k.split(".")[-1]] = v.reshape(4096, 4096, 1, 1) if k.endswith("weight") else v
        elif k.startswith("classifier.6."):
            out["head.fc." + k.split(".")[-1]] = v
        else:
            out[k] = v
    return out


def vit_to_timm(sd):
    """torchvision vit_b_16 → timm vit_base_patch16_224 names (same maths: pre-norm, LN eps 1e-6, exact GELU)."""
    out = {
        "cls_token": sd["class_token"],
        "pos_embed": sd["encoder.pos_embedding"],
        "patch_embed.proj.weight": sd["conv_proj.weight"],
        "patch_embed.proj.bias": sd["conv_proj.bias"],
        "norm.weight": sd["encoder.ln.weight"],
        "norm.bias": sd["encoder.ln.bias"],
        "head.weight": sd["heads.head.weight"],
        "head.bias": sd["heads.head.bias"],
    }
    i = 0
    while f"encoder.layers.encoder_layer_{i}.ln_1.weight" in sd:
        p, q = f"encoder.layers.encoder_layer_{i}.", f"blocks.{i}."
        for a, b in [("ln_1", "norm1"), ("ln_2", "norm2"), ("self_attention.out_proj", "attn.proj"), ("mlp.0", "mlp.fc1"), ("mlp.3", "mlp.fc2")]:
            for s in ("weight", "bias"):
                out[f"{q}{b}.{s}"] = sd[f"{p}{a}.{s}"]
        out[f"{q}attn.qkv.weight"] = sd[f"{p}self_attention.in_proj_weight"]
        out[f"{q}attn.qkv.bias"] = sd[f"{p}self_attention.in_proj_bias"]
        i += 1
    return out


def build(arch, seed, size):
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    if arch == "vit_base_patch16_224":
        model = torchvision.models.vit_b_16()
        with torch.no_grad():
            for n, p in model.named_parameters():
                p.add_(0.02 * torch.randn(p.shape, generator=gen))  # zero-initialised head/biases become non-trivial
        return model.eval(), gen
    model = getattr(torchvision.models, arch)()
    perturb(model, size, gen)
    return model, gen


def make_case(out, case, arch, sizes, batch, state_dict_fn=lambda sd: sd, features_fn=None):
    d = os.path.join(out, case)
    os.makedirs(d, exist_ok=True)
    model, gen = build(arch, 1234, min(sizes))
    sd = state_dict_fn(model.state_dict())
    num_features = 4096 if arch.startswith("vgg") else model.fc.in_features
    save_safetensors(os.path.join(d, "model.safetensors"), sd, {"format": "pt"})
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(timm_config(arch, num_features), f, indent=2)
    model64 = copy.deepcopy(model).double()
    for s in sizes:
        x = torch.randn(batch, 3, s, s, generator=gen)
        with torch.no_grad():
            # References in float64: the exact answer, so the test measures our fp32 error alone.
            feats = features_fn(model64, x.double()).float()
        save_npy(os.path.join(d, f"input_{s}.npy"), x.numpy())
        save_npy(os.path.join(d, f"features_{s}.npy"), feats.numpy())
        print(f"{case}: {s}px features {tuple(feats.shape)} |f|max {feats.abs().max().item():.3g}", file=sys.stderr)


def cmd_refs(out):
    make_case(out, "resnet50", "resnet50", [64], 2, features_fn=resnet_features)
    make_case(out, "resnet18", "resnet18", [64], 2, features_fn=resnet_features)
    # 224 → a 7×7 map (adaptive pool is the identity); 96 → 3×3, pooled up to 7×7 with overlapping bins.
    make_case(out, "vgg16", "vgg16", [224, 96], 1, features_fn=vgg_features)
    # timm's ConvMlp also pools maps smaller than 7 up to 7×7 (as torchvision does), so torchvision is the reference.
    make_case(out, "vgg16_timm", "vgg16", [96], 1, state_dict_fn=vgg_to_timm, features_fn=vgg_features)


def cmd_bench(out):
    for arch in ["resnet50", "vgg16", "vit_base_patch16_224"]:
        d = os.path.join(out, arch)
        os.makedirs(d, exist_ok=True)
        model, _ = build(arch, 7, 64)
        if arch.startswith("vit"):
            sd, cfg = vit_to_timm(model.state_dict()), timm_config(arch, 768)
            cfg["pretrained_cfg"].update({"mean": [0.5] * 3, "std": [0.5] * 3, "crop_pct": 0.9, "interpolation": "bicubic"})
        else:
            sd, cfg = model.state_dict(), timm_config(arch, 4096 if arch.startswith("vgg") else 2048)
        save_safetensors(os.path.join(d, "model.safetensors"), sd, {"format": "pt"})
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump(cfg, f, indent=2)
        print(f"bench checkpoint {arch}: {os.path.getsize(os.path.join(d, 'model.safetensors')) / 1e6:.0f} MB", file=sys.stderr)


def cmd_throughput(arch, size, batch, seconds, save=None):
    model, gen = build(arch, 7, 64)  # the same weights `bench` wrote
    if arch.startswith("resnet"):
        fn = resnet_features
    elif arch.startswith("vgg"):
        fn = vgg_features
    else:
        def fn(m, x):
            # torchvision ViT up to the final LN, CLS token: the brief's ViT features.
            x = m._process_input(x)
            x = torch.cat([m.class_token.expand(x.shape[0], -1, -1), x], dim=1)
            return m.encoder(x)[:, 0]
    x = torch.randn(batch, 3, size, size, generator=gen)
    with torch.no_grad():
        if save:
            # Full-size parity for the bench: two images and their float64 features.
            save_npy(os.path.join(save, "input.npy"), x[:2].numpy())
            save_npy(os.path.join(save, "features.npy"), fn(copy.deepcopy(model).double(), x[:2].double()).float().numpy())
        fn(model, x)  # warm-up
        n, t0 = 0, time.perf_counter()
        while True:
            fn(model, x)
            n += batch
            if time.perf_counter() - t0 >= seconds:
                break
    dt = time.perf_counter() - t0
    print(json.dumps({"arch": arch, "items_per_s": n / dt, "threads": torch.get_num_threads(), "torch": torch.__version__}))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    for c in ("refs", "bench"):
        sub.add_parser(c).add_argument("--out", required=True)
    t = sub.add_parser("throughput")
    t.add_argument("--arch", required=True)
    t.add_argument("--size", type=int, default=224)
    t.add_argument("--batch", type=int, default=8)
    t.add_argument("--seconds", type=float, default=5)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--save", help="also write input.npy / features.npy (2 images) here")
    a = ap.parse_args()
    if a.cmd == "refs":
        cmd_refs(a.out)
    elif a.cmd == "bench":
        cmd_bench(a.out)
    else:
        torch.set_num_threads(a.threads)
        cmd_throughput(a.arch, a.size, a.batch, a.seconds, a.save)


if __name__ == "__main__":
    main()
