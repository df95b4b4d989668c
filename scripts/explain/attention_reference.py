#!/usr/bin/python3
"""Attention probabilities as transformers (output_attentions=True, eager) and timm (`Attention`) compute
them, re-implemented in a few lines of torch (neither library is installed here), in float64.

  attention_reference.py DIR --ids IDS.npy --mask MASK.npy [--types TYPES.npy] --out A.npy [--hidden H.npy]
  attention_reference.py DIR --pixels X.npy --out A.npy [--hidden H.npy]
  attention_reference.py --jobs JOBS.json   (a list of {"dir","ids","mask","types","pixels","out","hidden","rollout"}:
                                             one process, one torch import, for a test's many cases)

DIR is a hub-layout folder (model.safetensors + config.json): BERT (BertModel names, optional `bert.`
prefix), GPT-2 (GPT2Model, optional `transformer.` prefix) or ViT (timm `blocks.N.attn.qkv` or
transformers ViTModel names). A.npy: float32 [N, layers, heads, T, T]. --hidden writes the final hidden
states (BERT/GPT-2 last_hidden_state, ViT tokens after the final norm) so a test can check this
reference against the outputs the real libraries wrote into the parity fixtures.

Masking as transformers 5 does it: BERT adds (1 - mask) * finfo(float32).min to the scores of padded
key columns; GPT-2 additionally hides future positions (causal) with the same minimum.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "starter"))
from safetensors_io import load_file  # noqa: E402

torch.set_num_threads(1)
MIN = float(np.finfo(np.float32).min)


def weights(d, prefixes):
    raw = load_file(os.path.join(d, "model.safetensors"))
    for p in prefixes:
        if any(k.startswith(p) for k in raw) and (p or True):
            sub = {k[len(p):]: torch.from_numpy(v).double() for k, v in raw.items() if k.startswith(p)}
            if sub:
                return sub
    raise SystemExit(f"{d}: no tensors under {prefixes}")


def ln(x, w, b, eps):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), w, b, eps)


def lin(x, w, b):  # torch Linear layout [out, in]
    return x @ w.T + b


def gelu_new(x):
    return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))


def heads_of(x, h):
    b, t, d = x.shape
    return x.view(b, t, h, d // h).transpose(1, 2)


def attend(q, k, v, bias, scale):
    p = torch.softmax(q @ k.transpose(-1, -2) * scale + bias, dim=-1)
    b, h, t, dh = v.shape
    return (p @ v).transpose(1, 2).reshape(b, t, h * dh), p


def bert(d, cfg, ids, mask, types):
    W = weights(d, ["bert.", ""])
    g = lambda n: W.get(n, W.get(n.replace(".weight", ".gamma").replace(".bias", ".beta")))  # noqa: E731
    eps, H = cfg["layer_norm_eps"], cfg["num_attention_heads"]
    t = ids.shape[1]
    x = W["embeddings.word_embeddings.weight"][ids] + W["embeddings.position_embeddings.weight"][:t][None] \
        + W["embeddings.token_type_embeddings.weight"][types]
    x = ln(x, g("embeddings.LayerNorm.weight"), g("embeddings.LayerNorm.bias"), eps)
    bias = ((1.0 - mask.double()) * MIN)[:, None, None, :]
    act = torch.nn.functional.gelu if cfg.get("hidden_act", "gelu") == "gelu" else gelu_new
    probs = []
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q, k, v = (heads_of(lin(x, W[p + f"attention.self.{n}.weight"], W[p + f"attention.self.{n}.bias"]), H) for n in ("query", "key", "value"))
        ctx, pr = attend(q, k, v, bias, 1 / math.sqrt(q.shape[-1]))
        probs.append(pr)
        x = ln(lin(ctx, W[p + "attention.output.dense.weight"], W[p + "attention.output.dense.bias"]) + x,
               g(p + "attention.output.LayerNorm.weight"), g(p + "attention.output.LayerNorm.bias"), eps)
        f = lin(act(lin(x, W[p + "intermediate.dense.weight"], W[p + "intermediate.dense.bias"])), W[p + "output.dense.weight"], W[p + "output.dense.bias"])
        x = ln(f + x, g(p + "output.LayerNorm.weight"), g(p + "output.LayerNorm.bias"), eps)
    return torch.stack(probs, 1), x


def gpt2(d, cfg, ids, mask):
    W = weights(d, ["transformer.", ""])
    eps, H, t = cfg.get("layer_norm_epsilon", 1e-5), cfg["n_head"], ids.shape[1]
    x = W["wte.weight"][ids] + W["wpe.weight"][:t][None]
    causal = torch.tril(torch.ones(t, t, dtype=torch.bool))
    allowed = causal[None, None] & mask.bool()[:, None, None, :]
    bias = torch.where(allowed, 0.0, MIN).double()
    probs = []
    for i in range(cfg["n_layer"]):
        p = f"h.{i}."
        a = ln(x, W[p + "ln_1.weight"], W[p + "ln_1.bias"], eps) @ W[p + "attn.c_attn.weight"] + W[p + "attn.c_attn.bias"]  # Conv1D [in, out]
        q, k, v = (heads_of(z, H) for z in a.split(a.shape[-1] // 3, dim=-1))
        scale = 1 / math.sqrt(q.shape[-1]) if cfg.get("scale_attn_weights", True) else 1.0
        if cfg.get("scale_attn_by_inverse_layer_idx", False):
            scale /= i + 1
        ctx, pr = attend(q, k, v, bias, scale)
        probs.append(pr)
        x = x + ctx @ W[p + "attn.c_proj.weight"] + W[p + "attn.c_proj.bias"]
        m = gelu_new(ln(x, W[p + "ln_2.weight"], W[p + "ln_2.bias"], eps) @ W[p + "mlp.c_fc.weight"] + W[p + "mlp.c_fc.bias"])
        x = x + m @ W[p + "mlp.c_proj.weight"] + W[p + "mlp.c_proj.bias"]
    return torch.stack(probs, 1), ln(x, W["ln_f.weight"], W["ln_f.bias"], eps)


def vit(d, cfg, pixels):
    W = weights(d, ["vit.", ""])
    timm = "cls_token" in W
    if timm:
        a = cfg.get("model_args", {})
        H, eps, depth = a.get("num_heads", 12), 1e-6, a.get("depth", 12)
        patch_w, patch_b, cls, pos, norm = W["patch_embed.proj.weight"], W["patch_embed.proj.bias"], W["cls_token"], W["pos_embed"], "norm"
    else:
        H, eps, depth = cfg["num_attention_heads"], cfg.get("layer_norm_eps", 1e-12), cfg["num_hidden_layers"]
        e = "embeddings."
        patch_w, patch_b, cls, pos, norm = W[e + "patch_embeddings.projection.weight"], W[e + "patch_embeddings.projection.bias"], W[e + "cls_token"], W[e + "position_embeddings"], "layernorm"
    x = torch.nn.functional.conv2d(pixels, patch_w, patch_b, stride=patch_w.shape[-1]).flatten(2).transpose(1, 2)
    x = torch.cat([cls.expand(x.shape[0], -1, -1), x], 1) + pos
    probs = []
    for i in range(depth):
        if timm:
            p = f"blocks.{i}."
            n1, n2, proj, fc1, fc2 = p + "norm1", p + "norm2", p + "attn.proj", p + "mlp.fc1", p + "mlp.fc2"
            wq, bq = W[p + "attn.qkv.weight"], W[p + "attn.qkv.bias"]
        else:
            p = f"encoder.layer.{i}."
            n1, n2, proj, fc1, fc2 = p + "layernorm_before", p + "layernorm_after", p + "attention.output.dense", p + "intermediate.dense", p + "output.dense"
            s = p + "attention.attention."
            wq = torch.cat([W[s + n + ".weight"] for n in ("query", "key", "value")])
            bq = torch.cat([W[s + n + ".bias"] for n in ("query", "key", "value")])
        h = ln(x, W[n1 + ".weight"], W[n1 + ".bias"], eps)
        q, k, v = (heads_of(z, H) for z in lin(h, wq, bq).split(h.shape[-1], dim=-1))
        ctx, pr = attend(q, k, v, 0.0, 1 / math.sqrt(q.shape[-1]))
        probs.append(pr)
        x = x + lin(ctx, W[proj + ".weight"], W[proj + ".bias"])
        m = torch.nn.functional.gelu(lin(ln(x, W[n2 + ".weight"], W[n2 + ".bias"], eps), W[fc1 + ".weight"], W[fc1 + ".bias"]))
        x = x + lin(m, W[fc2 + ".weight"], W[fc2 + ".bias"])
    return torch.stack(probs, 1), ln(x, W[norm + ".weight"], W[norm + ".bias"], eps)


def rollout(p):
    """Attention rollout (Abnar & Zuidema): heads averaged, (A + I) rows renormalised, multiplied over layers;
    the CLS row over the patches as a square grid, divided by its max."""
    n, layers, _, t, _ = p.shape
    g = int(round((t - 1) ** 0.5))
    out = []
    for b in range(n):
        r = np.eye(t)
        for a in p[b].mean(axis=1):
            a = a + np.eye(t)
            r = (a / a.sum(axis=-1, keepdims=True)) @ r
        cls = r[0, 1:]
        out.append((cls / cls.max()).reshape(g, g))
    return np.stack(out)


def run(a):
    with open(os.path.join(a.dir, "config.json")) as f:
        cfg = json.load(f)
    kind = cfg.get("model_type") or ("vit" if "vit" in cfg.get("architecture", "") else None)
    with torch.no_grad():
        if a.pixels:
            probs, hidden = vit(a.dir, cfg, torch.from_numpy(np.load(a.pixels)).double())
        else:
            ids = torch.from_numpy(np.load(a.ids).astype(np.int64))
            mask = torch.from_numpy(np.load(a.mask).astype(np.int64))
            if kind == "bert":
                types = torch.from_numpy(np.load(a.types).astype(np.int64)) if a.types else torch.zeros_like(ids)
                probs, hidden = bert(a.dir, cfg, ids, mask, types)
            elif kind == "gpt2":
                probs, hidden = gpt2(a.dir, cfg, ids, mask)
            else:
                raise SystemExit(f"{a.dir}: model_type {kind!r} is not BERT or GPT-2")
    np.save(a.out, probs.float().numpy())
    if getattr(a, "rollout", None):
        np.save(a.rollout, rollout(probs.numpy()).astype(np.float32))
    if a.hidden:
        np.save(a.hidden, hidden.float().numpy())
    print(f"attention {tuple(probs.shape)}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?")
    ap.add_argument("--jobs")
    ap.add_argument("--ids")
    ap.add_argument("--mask")
    ap.add_argument("--types")
    ap.add_argument("--pixels")
    ap.add_argument("--out")
    ap.add_argument("--hidden")
    a = ap.parse_args()
    if a.jobs:
        with open(a.jobs) as f:
            for job in json.load(f):
                run(argparse.Namespace(**{k: job.get(k) for k in ("dir", "ids", "mask", "types", "pixels", "out", "hidden", "rollout")}))
    elif a.dir and a.out:
        run(a)
    else:
        ap.error("give DIR and --out, or --jobs")


if __name__ == "__main__":
    main()
