#!/usr/bin/python3
"""PyTorch reference gradients for the fine-tuned tail of a tiny bottleneck ResNet (test/fixtures/onnx-train).

  make_train_refs.py --out DIR

Writes DIR/model.safetensors + config.json: a timm-named resnet50 with model_args (layers [1, 1, 1, 2],
channels [4, 4, 4, 8], stem 8 wide) and random BatchNorm statistics; DIR/refs.safetensors: the cut-point
activations `acts` (NHWC [3, 6, 6, 16], what the studio caches before layer4), `labels` (as float32), the
head (`head.weight` in the studio's layout [featureDim, K], `head.bias`), the `logits`, the `loss` (label smoothing 0.1, mean
over the batch) and the gradient of every layer4 parameter and of the head under `grad.<name>`, computed
with BatchNorm in eval mode (running statistics), as the studio fine-tunes. torch.set_num_threads(1).
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
from torchvision.models.resnet import Bottleneck

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "starter"))
from safetensors_io import save_file  # noqa: E402


class TinyBottleneckResNet(nn.Module):
    def __init__(self, layers, channels, stem):
        super().__init__()
        self.conv1 = nn.Conv2d(3, stem, 7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(stem)
        inplanes = stem
        for i, (n, planes) in enumerate(zip(layers, channels)):
            stride = 1 if i == 0 else 2
            blocks = []
            for j in range(n):
                down = None
                if j == 0 and (stride != 1 or inplanes != planes * 4):
                    down = nn.Sequential(nn.Conv2d(inplanes, planes * 4, 1, stride=stride, bias=False), nn.BatchNorm2d(planes * 4))
                blocks.append(Bottleneck(inplanes, planes, stride if j == 0 else 1, down))
                inplanes = planes * 4
            self.add_module(f"layer{i + 1}", nn.Sequential(*blocks))
        self.fc = nn.Linear(inplanes, 1000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    layers, channels, stem = [1, 1, 1, 2], [4, 4, 4, 8], 8
    model = TinyBottleneckResNet(layers, channels, stem)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.3, 0.3)
    model.eval()
    os.makedirs(a.out, exist_ok=True)
    state = {k: v.detach().float().contiguous() for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    save_file(state, os.path.join(a.out, "model.safetensors"))
    cfg = {"architecture": "resnet50", "model_args": {"layers": layers, "channels": channels, "stem_width": stem},
           "num_classes": 1000, "num_features": channels[-1] * 4, "global_pool": "avg",
           "pretrained_cfg": {"input_size": [3, 96, 96], "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}}
    with open(os.path.join(a.out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=1)

    k, b = 3, 3
    cin = channels[2] * 4
    acts = torch.relu(torch.randn(b, 6, 6, cin))  # NHWC, as cached
    labels = torch.tensor([0, 2, 1])
    feat = channels[3] * 4
    head_w = (torch.randn(feat, k) * 0.3).requires_grad_(True)  # studio layout [featureDim, K]
    head_b = (torch.randn(k) * 0.1).requires_grad_(True)
    tail = model.layer4
    x = acts.permute(0, 3, 1, 2).contiguous()
    logits = tail(x).mean(dim=(2, 3)) @ head_w + head_b
    loss = nn.functional.cross_entropy(logits, labels, label_smoothing=0.1)
    params = [(f"layer4.{n}", p) for n, p in tail.named_parameters()]
    grads = torch.autograd.grad(loss, [p for _, p in params] + [head_w, head_b])
    refs = {"acts": acts, "labels": labels.to(torch.float32), "head.weight": head_w.detach(), "head.bias": head_b.detach(),
            "loss": loss.detach().reshape(1), "logits": logits.detach()}
    for (n, _), g in zip(params, grads[:-2]):
        refs[f"grad.{n}"] = g
    refs["grad.head.weight"] = grads[-2]
    refs["grad.head.bias"] = grads[-1]
    save_file({n: t.detach().contiguous() for n, t in refs.items()}, os.path.join(a.out, "refs.safetensors"),
              metadata={"torch": torch.__version__, "smoothing": "0.1"})


if __name__ == "__main__":
    sys.exit(main())
