"""Load a Transfer Studio safetensors export of a BERT or GPT-2 run strictly into the transformers
task class of the same naming (BertForSequenceClassification / GPT2ForSequenceClassification, as
scripts/text/tiny_text_models.py implements them) and compare its logits with the app's.

    /usr/bin/python3 scripts/text/check_text_export.py --export DIR --ids I.npy --mask M.npy [--types T.npy]
        --logits L.npy [--json]

I/M/T: int32 [N, L] token ids, attention mask and token types as the app fed its model. For GPT-2 the
export's pad_token_id decides each text's last token (as transformers does); the app uses the mask.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "export"))
from check_torch_load import read_safetensors  # noqa: E402
from tiny_text_models import BertForSequenceClassification, GPT2ForSequenceClassification  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--export", required=True)
    ap.add_argument("--ids", required=True)
    ap.add_argument("--mask", required=True)
    ap.add_argument("--types")
    ap.add_argument("--logits", required=True)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(1)
    cfg = json.load(open(os.path.join(a.export, "config.json")))
    sd = read_safetensors(os.path.join(a.export, "model.safetensors"))
    arch = (cfg.get("architectures") or [None])[0]
    cfg["num_labels"] = len(cfg["id2label"])
    if cfg["model_type"] == "bert":
        model = BertForSequenceClassification(cfg)
    elif cfg["model_type"] == "gpt2":
        model = GPT2ForSequenceClassification(cfg)
    else:
        raise SystemExit(f"model_type {cfg['model_type']} is not a text family")
    expected = set(model.state_dict().keys())
    got = set(sd.keys())
    report = {"architecture": arch, "missing": sorted(expected - got), "unexpected": sorted(got - expected)}
    shapes = {k: list(v.shape) for k, v in model.state_dict().items()}
    report["shape_mismatch"] = sorted(k for k in expected & got if list(sd[k].shape) != shapes[k])
    try:
        model.load_state_dict(sd, strict=True)
        report["strict"] = True
    except RuntimeError as e:
        report["strict"] = False
        report["error"] = str(e).splitlines()[0]
    model.eval()
    ids = torch.from_numpy(np.load(a.ids).astype(np.int64))
    mask = torch.from_numpy(np.load(a.mask).astype(np.int64))
    with torch.no_grad():
        if cfg["model_type"] == "bert":
            tt = torch.from_numpy(np.load(a.types).astype(np.int64)) if a.types else torch.zeros_like(ids)
            logits = model(ids, mask, tt)
        else:
            # transformers sees no mask for its pooling, only pad_token_id: pad positions must hold it.
            ids = torch.where(mask.bool(), ids, torch.full_like(ids, cfg["pad_token_id"]))
            logits = model(ids, mask)
    app = np.load(a.logits)
    diff = float(np.abs(logits.numpy() - app).max())
    report.update({"max_abs_diff": diff, "same_classes": bool((logits.numpy().argmax(1) == app.argmax(1)).all()),
                   "ok": report["strict"] and diff < 1e-4})
    print(json.dumps(report) if a.json else json.dumps(report, indent=1))
    sys.exit(0 if report["ok"] else 1)


if __name__ == "__main__":
    main()
