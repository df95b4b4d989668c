"""Random-weight BERT-base / GPT-2 (124M) checkpoints and a plain-torch reference forward.

Debian's python3-torch 1.13 has no transformers, so the forward is written out here with the
transformers naming and semantics (BertModel pooler output; GPT2Model last_hidden_state at the
last non-padding token). Used by bench/text-backbones.ts; nothing here is committed data.

  make  --family bert|gpt2 --out DIR          writes config.json, model.safetensors, inputs.json
  bench --family bert|gpt2 --dir DIR --threads N --batch B --seq T --seconds S --out FEATS.json
"""
import argparse
import json
import math
import os
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F

CONFIGS = {
    "bert": {"model_type": "bert", "vocab_size": 30522, "hidden_size": 768, "num_hidden_layers": 12,
             "num_attention_heads": 12, "intermediate_size": 3072, "max_position_embeddings": 512,
             "type_vocab_size": 2, "layer_norm_eps": 1e-12, "hidden_act": "gelu"},
    "gpt2": {"model_type": "gpt2", "vocab_size": 50257, "n_embd": 768, "n_layer": 12, "n_head": 12,
             "n_positions": 1024, "n_inner": None, "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new"},
}


def shapes(family, c):
    out = {}
    if family == "bert":
        H, I = c["hidden_size"], c["intermediate_size"]
        out.update({"embeddings.word_embeddings.weight": (c["vocab_size"], H),
                    "embeddings.position_embeddings.weight": (c["max_position_embeddings"], H),
                    "embeddings.token_type_embeddings.weight": (c["type_vocab_size"], H),
                    "embeddings.LayerNorm.weight": (H,), "embeddings.LayerNorm.bias": (H,),
                    "pooler.dense.weight": (H, H), "pooler.dense.bias": (H,)})
        for i in range(c["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            for n in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"]:
                out[p + n + ".weight"], out[p + n + ".bias"] = (H, H), (H,)
            out[p + "intermediate.dense.weight"], out[p + "intermediate.dense.bias"] = (I, H), (I,)
            out[p + "output.dense.weight"], out[p + "output.dense.bias"] = (H, I), (H,)
            for n in ["attention.output.LayerNorm", "output.LayerNorm"]:
                out[p + n + ".weight"], out[p + n + ".bias"] = (H,), (H,)
    else:
        H = c["n_embd"]
        I = 4 * H
        out.update({"wte.weight": (c["vocab_size"], H), "wpe.weight": (c["n_positions"], H),
                    "ln_f.weight": (H,), "ln_f.bias": (H,)})
        for i in range(c["n_layer"]):
            p = f"h.{i}."
            out.update({p + "ln_1.weight": (H,), p + "ln_1.bias": (H,), p + "ln_2.weight": (H,), p + "ln_2.bias": (H,),
                        p + "attn.c_attn.weight": (H, 3 * H), p + "attn.c_attn.bias": (3 * H,),
                        p + "attn.c_proj.weight": (H, H), p + "attn.c_proj.bias": (H,),
                        p + "mlp.c_fc.weight": (H, I), p + "mlp.c_fc.bias": (I,),
                        p + "mlp.c_proj.weight": (I, H), p + "mlp.c_proj.bias": (H,)})
    return out


def save_safetensors(tensors, path):
    header, offset = {}, 0
    names = sorted(tensors)
    for n in names:
        size = tensors[n].nbytes
        header[n] = {"dtype": "F32", "shape": list(tensors[n].shape), "data_offsets": [offset, offset + size]}
        offset += size
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for n in names:
            f.write(np.ascontiguousarray(tensors[n], dtype="<f4").tobytes())


def load_safetensors(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        s, e = info["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[8 + n + s:8 + n + e], dtype="<f4").reshape(info["shape"]).copy())
    return out


def make(family, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    c = CONFIGS[family]
    rng = np.random.default_rng(0)
    tensors = {}
    for name, shape in shapes(family, c).items():
        if name.endswith(("LayerNorm.weight", "ln_1.weight", "ln_2.weight", "ln_f.weight")):
            t = 1 + 0.1 * rng.standard_normal(shape, dtype=np.float32)
        else:
            t = 0.02 * rng.standard_normal(shape, dtype=np.float32)
        tensors[name] = t.astype(np.float32)
    save_safetensors(tensors, os.path.join(out_dir, "model.safetensors.tmp"))
    os.replace(os.path.join(out_dir, "model.safetensors.tmp"), os.path.join(out_dir, "model.safetensors"))
    # Parity inputs: 4 rows of different real lengths, right-padded to 128.
    lengths = [128, 100, 37, 5]
    ids = rng.integers(1000, 30000, size=(4, 128)).tolist()
    mask = [[1 if j < L else 0 for j in range(128)] for L in lengths]
    for r in range(4):
        for j in range(lengths[r], 128):
            ids[r][j] = 0
    json.dump({"input_ids": ids, "attention_mask": mask}, open(os.path.join(out_dir, "inputs.json"), "w"))
    json.dump(c, open(os.path.join(out_dir, "config.json"), "w"), indent=1)
    write_tokenizer(family, c, out_dir)


def write_tokenizer(family, c, out_dir):
    # A synthetic tokenizer so the folder is a complete hub-layout backbone (the app's loader
    # requires one); the bench itself feeds random token ids.
    if family == "bert":
        special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        words = special + [f"w{i}" for i in range(c["vocab_size"] - len(special))]
        open(os.path.join(out_dir, "vocab.txt"), "w").write("\n".join(words) + "\n")
    else:
        bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1)) + list(range(ord("\u00ae"), ord("\u00ff") + 1))
        cs, n = bs[:], 0
        for b in range(256):
            if b not in bs:
                bs.append(b)
                cs.append(256 + n)
                n += 1
        vocab = {chr(ch): i for i, ch in enumerate(cs)}
        vocab["<|endoftext|>"] = len(vocab)
        json.dump(vocab, open(os.path.join(out_dir, "vocab.json"), "w"))
        open(os.path.join(out_dir, "merges.txt"), "w").write("#version: 0.2\n")


def layer_norm(x, w, b, eps):
    return F.layer_norm(x, (x.shape[-1],), w, b, eps)


def bert_forward(W, c, ids, mask):
    B, T = ids.shape
    H, nh = c["hidden_size"], c["num_attention_heads"]
    d = H // nh
    h = W["embeddings.word_embeddings.weight"][ids] + W["embeddings.position_embeddings.weight"][:T] \
        + W["embeddings.token_type_embeddings.weight"][torch.zeros_like(ids)]
    h = layer_norm(h, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"], c["layer_norm_eps"])
    bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    lin = lambda x, n: F.linear(x, W[n + ".weight"], W[n + ".bias"])
    heads = lambda x: x.view(B, T, nh, d).transpose(1, 2)
    for i in range(c["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q, k, v = (heads(lin(h, p + "attention.self." + n)) for n in ("query", "key", "value"))
        probs = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + bias, -1)
        ctx = (probs @ v).transpose(1, 2).reshape(B, T, H)
        h = layer_norm(lin(ctx, p + "attention.output.dense") + h, W[p + "attention.output.LayerNorm.weight"],
                       W[p + "attention.output.LayerNorm.bias"], c["layer_norm_eps"])
        ff = lin(F.gelu(lin(h, p + "intermediate.dense")), p + "output.dense")
        h = layer_norm(ff + h, W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"], c["layer_norm_eps"])
    return torch.tanh(lin(h[:, 0], "pooler.dense"))


def gpt2_forward(W, c, ids, mask):
    B, T = ids.shape
    H, nh = c["n_embd"], c["n_head"]
    d = H // nh
    h = W["wte.weight"][ids] + W["wpe.weight"][:T]
    causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
    allowed = causal[None, None] & mask[:, None, None, :].bool()
    conv = lambda x, n: torch.addmm(W[n + ".bias"], x.reshape(-1, x.shape[-1]), W[n + ".weight"]).view(*x.shape[:-1], -1)
    heads = lambda x: x.view(B, T, nh, d).transpose(1, 2)
    eps = c["layer_norm_epsilon"]
    for i in range(c["n_layer"]):
        p = f"h.{i}."
        qkv = conv(layer_norm(h, W[p + "ln_1.weight"], W[p + "ln_1.bias"], eps), p + "attn.c_attn")
        q, k, v = (heads(t) for t in qkv.split(H, dim=2))
        scores = (q @ k.transpose(-1, -2) / math.sqrt(d)).masked_fill(~allowed, torch.finfo(torch.float32).min)
        ctx = (torch.softmax(scores, -1) @ v).transpose(1, 2).reshape(B, T, H)
        h = h + conv(ctx, p + "attn.c_proj")
        m = conv(layer_norm(h, W[p + "ln_2.weight"], W[p + "ln_2.bias"], eps), p + "mlp.c_fc")
        h = h + conv(F.gelu(m, approximate="tanh"), p + "mlp.c_proj")
    h = layer_norm(h, W["ln_f.weight"], W["ln_f.bias"], eps)
    last = (mask * torch.arange(1, T + 1)).max(1).values.clamp(min=1) - 1
    return h[torch.arange(B), last]


def bench(family, d, threads, batch, seq, seconds, out):
    torch.set_num_threads(threads)
    c = json.load(open(os.path.join(d, "config.json")))
    W = load_safetensors(os.path.join(d, "model.safetensors"))
    fwd = bert_forward if family == "bert" else gpt2_forward
    inp = json.load(open(os.path.join(d, "inputs.json")))
    with torch.no_grad():
        feats = fwd(W, c, torch.tensor(inp["input_ids"]), torch.tensor(inp["attention_mask"]))
        if out:
            json.dump(feats.tolist(), open(out, "w"))
        ids = torch.randint(1000, 30000, (batch, seq))
        mask = torch.ones(batch, seq, dtype=torch.long)
        fwd(W, c, ids, mask)  # warm-up
        n, t0 = 0, time.perf_counter()
        while True:
            fwd(W, c, ids, mask)
            n += batch
            if time.perf_counter() - t0 >= seconds:
                break
        print(json.dumps({"itemsPerSec": n / (time.perf_counter() - t0), "threads": threads, "torch": torch.__version__}))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["make", "bench"])
    ap.add_argument("--family", choices=["bert", "gpt2"], required=True)
    ap.add_argument("--out")
    ap.add_argument("--dir")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--seconds", type=float, default=5)
    a = ap.parse_args()
    if a.cmd == "make":
        make(a.family, a.out)
    else:
        bench(a.family, a.dir, a.threads, a.batch, a.seq, a.seconds, a.out)
