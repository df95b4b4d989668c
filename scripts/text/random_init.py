"""The same architecture as a starter text backbone with random weights (transformers' initialisation,
seed 0), its tokenizer files copied: the "no pretraining" control of the text benchmark.

    /usr/bin/python3 scripts/text/random_init.py --like resources/backbones/starter-bert --out DIR
"""
import argparse
import json
import os
import shutil
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "starter"))
from safetensors_io import save_file  # noqa: E402
from tiny_text_models import BertForPreTraining, GPT2LMHeadModel  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--like", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.manual_seed(a.seed)
    os.makedirs(a.out, exist_ok=True)
    cfg = json.load(open(os.path.join(a.like, "config.json")))
    model = BertForPreTraining(cfg) if cfg["model_type"] == "bert" else GPT2LMHeadModel(cfg)
    save_file(model.state_dict(), os.path.join(a.out, "model.safetensors"), metadata={"format": "pt"})
    for f in os.listdir(a.like):
        if f not in ("model.safetensors", "README.md", "training.json"):
            shutil.copy(os.path.join(a.like, f), os.path.join(a.out, f))


if __name__ == "__main__":
    main()
