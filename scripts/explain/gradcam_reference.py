#!/usr/bin/python3
"""Grad-CAM references for ResNet and VGG, as pytorch-grad-cam's GradCAM computes them (the package is not
installed here; its maths is a few lines), in float64 on torchvision models loaded from a hub-layout folder.

  gradcam_reference.py make-vgg --out DIR          a random vgg11 (torchvision names) with a small classifier
                                                   (hidden 32, 5 classes), BatchNorm-free, for tests
  gradcam_reference.py --jobs JOBS.json            [{"dir","pixels","classes","cams","logits"}, ...]

Per job: pixels NCHW float32 (normalised); classes int32 [N] (-1: the predicted class). Target layer as the
pytorch-grad-cam README picks it: ResNet `layer4[-1]` (the last stage's output), VGG `features[-1]` (the
last conv stage's output, after its max pool). The target is ClassifierOutputTarget: the class's logit.
  weights = grads.mean over (h, w)           (GradCAM.get_cam_weights)
  cam = relu(sum_c weights_c * activations_c) (BaseCAM.get_cam_image, then np.maximum(cam, 0))
then divided by its max (0 where the max is 0) at the layer's own resolution; pytorch-grad-cam's
scale_cam_image also subtracts the min before dividing and resizes to the input, which the studio's
contract (cams.npy at the last stage's resolution, ReLU'd, divided by its max) does not.
Writes cams float32 [N, h, w] and logits float32 [N, classes].
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "starter"))
from safetensors_io import load_file, save_file  # noqa: E402
from tiny_resnet import from_config  # noqa: E402

torch.set_num_threads(1)


def vgg_classifier(hidden, classes):
    return torch.nn.Sequential(torch.nn.Linear(512 * 7 * 7, hidden), torch.nn.ReLU(True), torch.nn.Dropout(),
                               torch.nn.Linear(hidden, hidden), torch.nn.ReLU(True), torch.nn.Dropout(),
                               torch.nn.Linear(hidden, classes))


class SmallVgg(torch.nn.Module):
    """torchvision's VGG (same module names and forward) without building its 4096-wide classifier first
    (100M parameters initialised only to be replaced: seconds per load)."""

    def __init__(self, arch, hidden, classes):
        super().__init__()
        cfg = {"vgg11": "A", "vgg13": "B", "vgg16": "D", "vgg19": "E"}[arch.replace("_bn", "")]
        self.features = torchvision.models.vgg.make_layers(torchvision.models.vgg.cfgs[cfg], batch_norm=arch.endswith("_bn"))
        self.avgpool = torch.nn.AdaptiveAvgPool2d((7, 7))
        self.classifier = vgg_classifier(hidden, classes)

    def forward(self, x):
        return self.classifier(torch.flatten(self.avgpool(self.features(x)), 1))


def load_model(d):
    with open(os.path.join(d, "config.json")) as f:
        cfg = json.load(f)
    sd = {k: torch.from_numpy(v) for k, v in load_file(os.path.join(d, "model.safetensors")).items()}
    arch = cfg["architecture"]
    if arch.startswith("resnet"):
        if "model_args" in cfg:
            model = from_config(cfg)
        else:
            model = getattr(torchvision.models, arch)(num_classes=sd["fc.weight"].shape[0])
        layer = model.layer4
    elif arch.startswith("vgg"):
        model = SmallVgg(arch, sd["classifier.0.weight"].shape[0], sd["classifier.6.weight"].shape[0])
        layer = model.features
    else:
        raise SystemExit(f"{d}: Grad-CAM reference covers ResNet and VGG, not {arch}")
    missing, unexpected = model.load_state_dict(sd, strict=False)
    if unexpected or [k for k in missing if not k.endswith("num_batches_tracked")]:
        raise SystemExit(f"{d}: checkpoint does not fit {arch}: missing {missing}, unexpected {unexpected}")
    return model.double().eval(), layer


def grad_cam(model, layer, x, classes):
    store = {}
    h1 = layer.register_forward_hook(lambda m, i, o: store.__setitem__("act", o))
    h2 = layer.register_full_backward_hook(lambda m, gi, go: store.__setitem__("grad", go[0]))
    try:
        logits = model(x)
        chosen = [int(logits[i].argmax()) if c < 0 else int(c) for i, c in enumerate(classes)]
        model.zero_grad()
        sum(logits[i, c] for i, c in enumerate(chosen)).backward()
    finally:
        h1.remove()
        h2.remove()
    act, grad = store["act"].detach().numpy(), store["grad"].detach().numpy()
    weights = np.mean(grad, axis=(2, 3))
    cam = np.maximum((weights[:, :, None, None] * act).sum(axis=1), 0)
    peak = cam.reshape(len(cam), -1).max(axis=1)
    cam = np.where(peak[:, None, None] > 0, cam / np.where(peak > 0, peak, 1)[:, None, None], 0)
    return cam, logits.detach().numpy()


def make_vgg(out):
    torch.manual_seed(7)
    model = SmallVgg("vgg11", 32, 5)
    with torch.no_grad():
        for n, p in model.named_parameters():
            if n.endswith("bias"):
                p.add_(0.05 * torch.randn(p.shape))
    os.makedirs(out, exist_ok=True)
    save_file({k: v.float() for k, v in model.state_dict().items()}, os.path.join(out, "model.safetensors"), {"format": "pt"})
    cfg = {"architecture": "vgg11", "num_classes": 5, "num_features": 32, "label_names": ["a", "b", "c", "d", "e"],
           "pretrained_cfg": {"input_size": [3, 96, 96], "interpolation": "bilinear", "crop_pct": 1.0, "crop_mode": "center",
                              "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "num_classes": 5,
                              "first_conv": "features.0", "classifier": "classifier.6"}}
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", nargs="?")
    ap.add_argument("--out")
    ap.add_argument("--jobs")
    a = ap.parse_args()
    if a.cmd == "make-vgg":
        make_vgg(a.out)
        return
    if not a.jobs:
        ap.error("give make-vgg --out DIR, or --jobs JOBS.json")
    with open(a.jobs) as f:
        jobs = json.load(f)
    models = {}
    for job in jobs:
        if job["dir"] not in models:
            models[job["dir"]] = load_model(job["dir"])
        model, layer = models[job["dir"]]
        x = torch.from_numpy(np.load(job["pixels"])).double()
        classes = np.load(job["classes"]).astype(int) if job.get("classes") else [-1] * len(x)
        cam, logits = grad_cam(model, layer, x, classes)
        np.save(job["cams"], cam.astype(np.float32))
        if job.get("logits"):
            np.save(job["logits"], logits.astype(np.float32))
        print(f"grad-cam {job['dir']}: {cam.shape}", file=sys.stderr)


if __name__ == "__main__":
    main()
