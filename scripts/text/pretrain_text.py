"""Recipe for the starter text backbones: `--model bert` (masked LM + a bag-of-words objective on the [CLS]
state, the default; `--objective mlm-nsp` is BERT's original next-sentence prediction, `mlm-contrastive` a
contrastive pooler, `mlm` masked LM alone: each transferred worse, see resources/backbones/starter-bert/README.md)
or `--model gpt2` (causal LM), on the manual pages' NAME/DESCRIPTION text.

    /usr/bin/python3 scripts/text/pretrain_text.py --model bert   # → resources/backbones/starter-bert
    /usr/bin/python3 scripts/text/pretrain_text.py --model gpt2   # → resources/backbones/starter-gpt2

One CPU thread, fixed seeds and a fixed number of steps, so a rerun on the same man pages gives the
same file. Writes model.safetensors, config.json, tokenizer.json, tokenizer_config.json (and
vocab.txt / vocab.json + merges.txt), training.json.
"""
import argparse
import json
import os
import random
import shutil
import sys
import time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "starter"))
import corpus  # noqa: E402
import pretrain_batches as PB  # noqa: E402
import tokenizers_mini as T  # noqa: E402
from safetensors_io import save_file  # noqa: E402
from tiny_text_models import BertForPreTraining, GPT2LMHeadModel  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
VOCAB = 4096
SEQ = 64
BERT_CFG = {
    "architectures": ["BertForPreTraining"], "model_type": "bert", "vocab_size": VOCAB, "hidden_size": 128,
    "num_hidden_layers": 3, "num_attention_heads": 4, "intermediate_size": 512, "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "max_position_embeddings": 128,
    "type_vocab_size": 2, "initializer_range": 0.02, "layer_norm_eps": 1e-12, "pad_token_id": 0,
    "position_embedding_type": "absolute", "torch_dtype": "float32",
}
GPT2_CFG = {
    "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "vocab_size": VOCAB, "n_embd": 128, "n_layer": 3,
    "n_head": 4, "n_inner": None, "n_positions": 128, "activation_function": "gelu_new", "resid_pdrop": 0.1,
    "embd_pdrop": 0.1, "attn_pdrop": 0.1, "layer_norm_epsilon": 1e-5, "initializer_range": 0.02,
    "bos_token_id": VOCAB - 1, "eos_token_id": VOCAB - 1, "scale_attn_weights": True, "torch_dtype": "float32",
}


def corpus_sample(n_chars):
    """Every k-th paragraph of the whole man-page corpus, so no one package's pages dominate."""
    paras = corpus.man_paragraphs()
    total = sum(len(p) for p in paras)
    k = max(1, round(total / n_chars))
    return paras[::k]


def lr_at(step, steps, peak):
    warm = max(1, steps // 20)
    return peak * (step + 1) / warm if step < warm else peak * max(0.0, (steps - step) / (steps - warm))


def save_weights(model, cfg, args, out):
    cfg = dict(cfg)
    if args.model == "gpt2":
        cfg["pad_token_id"] = None
    # BertForMaskedLM has no next-sentence head; only the NSP recipe trained it.
    tensors = {k: v for k, v in model.state_dict().items()
               if not (args.model == "bert" and args.objective != "mlm-nsp" and k.startswith("cls.seq_relationship."))}
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    save_file(tensors, os.path.join(out, "model.safetensors"), metadata={"format": "pt"})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", choices=["bert", "gpt2"], required=True)
    ap.add_argument("--out")
    # Defaults are what the shipped starters were made with (bert: 1200 × 32 at 2e-3; gpt2: 700 × 16 at 2e-3).
    ap.add_argument("--steps", type=int)
    ap.add_argument("--batch", type=int)
    ap.add_argument("--chars", type=int, default=2_000_000, help="corpus sample size")
    ap.add_argument("--lr", type=float)
    ap.add_argument("--objective", choices=["mlm-bow", "mlm-nsp", "mlm-contrastive", "mlm"], default="mlm-bow",
                    help="BERT, beside MLM: the pooler predicts its paragraph's idf-weighted bag of words (default), "
                         "next-sentence prediction, a contrastive loss on the pooler, or nothing")
    ap.add_argument("--mlm-weight", type=float, default=1.0, help="mlm-bow: weight of the MLM loss beside the bag of words")
    ap.add_argument("--save-every", type=int, default=0, help="also write the weights every N steps to OUT-stepN")
    ap.add_argument("--seq", type=int, default=SEQ, help="tokens per training sequence")
    args = ap.parse_args()
    shipped = {"bert": (1200, 32, 2e-3), "gpt2": (700, 16, 2e-3)}[args.model]
    args.steps = args.steps if args.steps is not None else shipped[0]
    args.batch = args.batch if args.batch is not None else shipped[1]
    args.lr = args.lr if args.lr is not None else shipped[2]
    if args.model == "bert":
        BERT_CFG["architectures"] = ["BertForPreTraining"] if args.objective == "mlm-nsp" else ["BertForMaskedLM"]
    bow_head = None
    torch.set_num_threads(1)
    torch.manual_seed(0)
    rng = random.Random(0)
    out = args.out or os.path.join(ROOT, "resources", "backbones", f"starter-{args.model}")
    os.makedirs(out, exist_ok=True)
    t0 = time.time()
    paras = corpus_sample(args.chars)
    print(f"corpus: {len(paras)} paragraphs, {sum(map(len, paras))} chars", flush=True)

    if args.model == "bert":
        vocab_list = T.train_wordpiece(paras, VOCAB)
        tok = T.WordPiece(vocab_list)
        vocab = tok.vocab
        docs = [ids for ids in (tok.encode(p) for p in paras) if len(ids) >= 4]
        cfg = dict(BERT_CFG)
        model = BertForPreTraining(cfg)
        if args.objective == "mlm-nsp":
            batches = PB.bert_batches(docs, rng, args.batch, vocab, args.seq)
        elif args.objective == "mlm-contrastive":
            batches = PB.bert_views(docs, rng, args.batch, vocab, args.seq)
        else:
            idf = PB.idf_weights(docs, VOCAB, len(T.BERT_SPECIALS))
            batches = PB.bert_bow_batches(docs, rng, args.batch, vocab, args.seq, idf)
            # A pretraining-only head (like NSP's), left out of the checkpoint: BertForMaskedLM has none.
            bow_head = torch.nn.Linear(cfg["hidden_size"], VOCAB) if args.objective == "mlm-bow" else None
            PB.init_output_biases(model.cls.predictions.bias, bow_head.bias if bow_head is not None else None, docs, idf)
        T.write_json(os.path.join(out, "tokenizer.json"), T.wordpiece_tokenizer_json(vocab_list))
        with open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(vocab_list) + "\n")
        T.write_json(os.path.join(out, "tokenizer_config.json"), {
            "tokenizer_class": "BertTokenizer", "do_lower_case": True, "model_max_length": 128,
            "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]",
            "mask_token": "[MASK]"})
    else:
        vocab_list, merges = T.train_bpe(paras, VOCAB)
        tok = T.ByteBPE(vocab_list, merges)
        eot = tok.vocab[T.EOT]
        stream = []
        for p in paras:
            stream += tok.encode(p) + [eot]
        cfg = dict(GPT2_CFG)
        model = GPT2LMHeadModel(cfg)
        batches = PB.gpt2_batches(stream, rng, args.batch, args.seq)
        T.write_json(os.path.join(out, "tokenizer.json"), T.bpe_tokenizer_json(vocab_list, merges))
        T.write_json(os.path.join(out, "vocab.json"), {t: i for i, t in enumerate(vocab_list)})
        with open(os.path.join(out, "merges.txt"), "w", encoding="utf-8") as f:
            f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
        T.write_json(os.path.join(out, "tokenizer_config.json"), {
            "tokenizer_class": "GPT2Tokenizer", "model_max_length": 128, "add_prefix_space": False,
            "bos_token": T.EOT, "eos_token": T.EOT, "unk_token": T.EOT})
    print(f"tokenizer ready ({time.time() - t0:.0f} s)", flush=True)

    params = list(model.parameters()) + (list(bow_head.parameters()) if bow_head is not None else [])
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01, betas=(0.9, 0.98))
    model.train()
    log = []
    for step in range(args.steps):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args.steps, args.lr)
        if args.model == "bert" and args.objective == "mlm-contrastive":
            pooled, l_mlm = [], 0.0
            for ids, labels in next(batches):
                at = labels != -100
                mlm, _, pool = model(ids, (ids != 0).long(), torch.zeros_like(ids), at, return_pooled=True)
                l_mlm = l_mlm + F.cross_entropy(mlm, labels[at]) / 2
                pooled.append(F.normalize(pool, dim=-1))
            sim = pooled[0] @ pooled[1].t() / 0.05
            target = torch.arange(sim.shape[0])
            l_con = (F.cross_entropy(sim, target) + F.cross_entropy(sim.t(), target)) / 2
            loss = l_mlm + l_con
            parts = {"mlm": l_mlm.item(), "contrastive": l_con.item()}
        elif args.model == "bert" and args.objective in ("mlm-bow", "mlm"):
            ids, labels, target = next(batches)
            at = labels != -100
            mlm, cls_state = model(ids, (ids != 0).long(), torch.zeros_like(ids), at, return_cls=True)
            l_mlm = F.cross_entropy(mlm, labels[at])
            loss, parts = args.mlm_weight * l_mlm, {"mlm": l_mlm.item()}
            if bow_head is not None:
                # On the [CLS] state, not the pooler: the pooler keeps its initial weights, where tanh(dense(·)) is
                # near-linear and full rank and so passes on all [CLS] says (a trained tanh pooler saturates to
                # near-binary outputs; RoBERTa's pooler is untrained too, having no next-sentence task).
                l_bow = -(target * F.log_softmax(bow_head(cls_state), dim=-1)).sum(-1).mean()
                loss = loss + l_bow
                parts["bow"] = l_bow.item()
        elif args.model == "bert":
            ids, tts, labels, nsp = next(batches)
            at = labels != -100
            mlm, rel = model(ids, (ids != 0).long(), tts, at)
            l_mlm = F.cross_entropy(mlm, labels[at])
            l_nsp = F.cross_entropy(rel, nsp)
            loss = l_mlm + l_nsp
            parts = {"mlm": l_mlm.item(), "nsp": l_nsp.item()}
        else:
            x, y = next(batches)
            loss = F.cross_entropy(model(x, torch.ones_like(x)).view(-1, VOCAB), y.reshape(-1))
            parts = {"lm": loss.item()}
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        if args.save_every and (step + 1) % args.save_every == 0 and step + 1 < args.steps:
            # A look at the weights part-way (to see how transfer grows with steps); never the shipped file.
            mid = f"{out}-step{step + 1}"
            shutil.copytree(out, mid, dirs_exist_ok=True)
            save_weights(model, cfg, args, mid)
        if step % 100 == 0 or step == args.steps - 1:
            log.append({"step": step, **{k: round(v, 4) for k, v in parts.items()}})
            print(f"step {step} {parts} ({time.time() - t0:.0f} s)", flush=True)

    save_weights(model, cfg, args, out)
    with open(os.path.join(out, "training.json"), "w") as f:
        json.dump({"recipe": f"scripts/text/pretrain_text.py --model {args.model} --steps {args.steps} --batch {args.batch} --lr {args.lr}"
                   + (f" --objective {args.objective}" if args.model == "bert" else ""), "steps": args.steps,
                   "batch": args.batch, "seq_len": args.seq, "lr": args.lr, "corpus_chars": sum(map(len, paras)),
                   "corpus_paragraphs": len(paras), "seconds": round(time.time() - t0), "log": log}, f, indent=1)
        f.write("\n")
    print(f"wrote {out} ({time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
