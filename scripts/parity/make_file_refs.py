#!/usr/bin/python3
"""References for features computed from image *files* (test/backbones/file-parity.test.ts).

Usage: make_file_refs.py --out DIR

Real photos from Debian's python3-skimage (JPEG and PNG, colour and grey, some with ICC profiles)
plus small Fashion-MNIST PNGs from test/fixtures/fmnist (28 px, upscaled by every config here) are
copied to DIR/images. Each case directory holds a random-weight checkpoint in hub layout and
features.npy: the checkpoint's features of every image, through the reference pipeline:

  resnet_bicubic_0875  timm eval transform, pretrained_cfg interpolation bicubic, crop_pct 0.875
                       (torchvision Resize(floor(64/0.875)) + CenterCrop(64) on PIL images)
  resnet_bilinear_1    the same with bilinear and crop_pct 1.0
  vit_hf               transformers' ViTImageProcessor from preprocessor_config.json: PIL resize to
                       size, rescale, normalise (its steps, written out here: transformers is not packaged
                       in Debian); the ViT is torchvision's VisionTransformer in transformers' naming.

Every image goes through PIL: Image.open(f).convert('RGB'). Features are computed in float64.
"""
import argparse
import copy
import glob
import json
import math
import os
import shutil
import sys

import numpy as np
import torch
import torchvision
from PIL import Image
from torchvision import transforms as T

sys.path.insert(0, os.path.dirname(__file__))
from make_cnn_refs import perturb, resnet_features, save_safetensors, timm_config  # noqa: E402

torch.set_num_threads(2)
ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
SKIMAGE = ["astronaut.png", "chelsea.png", "coffee.png", "camera.png", "page.png", "rocket.jpg", "retina.jpg",
           "hubble_deep_field.jpg", "motorcycle_left.png", "color.png", "grass.png", "logo.png"]
SIZE = 64


def images(out):
    import skimage

    d = os.path.join(out, "images")
    os.makedirs(d, exist_ok=True)
    names = []
    for f in SKIMAGE:
        shutil.copy(os.path.join(skimage.data_dir, f), os.path.join(d, f))
        names.append(f)
    fm = sorted(glob.glob(os.path.join(ROOT, "test", "fixtures", "fmnist", "target", "test", "*", "*.png")))[::60][:8]
    for i, f in enumerate(fm):
        n = f"fmnist_{i}_{os.path.basename(f)}"
        shutil.copy(f, os.path.join(d, n))
        names.append(n)
    return d, names


def load(path):
    with open(path, "rb") as f:
        return Image.open(f).convert("RGB")


def resnet_case(out, name, img_dir, names, interpolation, crop_pct, model):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    save_safetensors(os.path.join(d, "model.safetensors"), model.state_dict(), {"format": "pt"})
    cfg = timm_config("resnet18", 512, SIZE)
    cfg["pretrained_cfg"].update(interpolation=interpolation, crop_pct=crop_pct)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
    mode = {"bilinear": T.InterpolationMode.BILINEAR, "bicubic": T.InterpolationMode.BICUBIC}[interpolation]
    # timm transforms_imagenet_eval: scale_size = floor(img_size / crop_pct), Resize(scale_size), CenterCrop.
    tf = T.Compose([T.Resize(math.floor(SIZE / crop_pct), interpolation=mode), T.CenterCrop(SIZE), T.ToTensor(),
                    T.Normalize(cfg["pretrained_cfg"]["mean"], cfg["pretrained_cfg"]["std"])])
    x = torch.stack([tf(load(os.path.join(img_dir, n))) for n in names])
    m64 = copy.deepcopy(model).double()
    with torch.no_grad():
        feats = resnet_features(m64, x.double()).float()
    np.save(os.path.join(d, "input.npy"), x.numpy().astype(np.float32))
    np.save(os.path.join(d, "features.npy"), feats.numpy())
    print(f"{name}: features {tuple(feats.shape)}", file=sys.stderr)


def vit_to_hf(sd, layers):
    out = {
        "embeddings.cls_token": sd["class_token"],
        "embeddings.position_embeddings": sd["encoder.pos_embedding"],
        "embeddings.patch_embeddings.projection.weight": sd["conv_proj.weight"],
        "embeddings.patch_embeddings.projection.bias": sd["conv_proj.bias"],
        "layernorm.weight": sd["encoder.ln.weight"],
        "layernorm.bias": sd["encoder.ln.bias"],
    }
    for i in range(layers):
        p, q = f"encoder.layers.encoder_layer_{i}.", f"encoder.layer.{i}."
        w, b = sd[p + "self_attention.in_proj_weight"], sd[p + "self_attention.in_proj_bias"]
        for j, n in enumerate(["query", "key", "value"]):
            h = w.shape[0] // 3
            out[f"{q}attention.attention.{n}.weight"] = w[j * h:(j + 1) * h].clone()
            out[f"{q}attention.attention.{n}.bias"] = b[j * h:(j + 1) * h].clone()
        for a, c in [("ln_1", "layernorm_before"), ("ln_2", "layernorm_after"), ("self_attention.out_proj", "attention.output.dense"),
                     ("mlp.0", "intermediate.dense"), ("mlp.3", "output.dense")]:
            for s in ("weight", "bias"):
                out[f"{q}{c}.{s}"] = sd[f"{p}{a}.{s}"]
    return out


def vit_case(out, img_dir, names):
    d = os.path.join(out, "vit_hf")
    os.makedirs(d, exist_ok=True)
    gen = torch.Generator().manual_seed(99)
    torch.manual_seed(99)
    layers, hidden = 2, 64
    model = torchvision.models.VisionTransformer(image_size=32, patch_size=8, num_layers=layers, num_heads=4, hidden_dim=hidden, mlp_dim=128)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.05 * torch.randn(p.shape, generator=gen))
    model.eval()
    sd = vit_to_hf(model.state_dict(), layers)
    sd["pooler.dense.weight"] = 0.05 * torch.randn(hidden, hidden, generator=gen)
    sd["pooler.dense.bias"] = torch.zeros(hidden)
    save_safetensors(os.path.join(d, "model.safetensors"), sd, {"format": "pt"})
    config = {"architectures": ["ViTModel"], "model_type": "vit", "hidden_size": hidden, "num_hidden_layers": layers, "num_attention_heads": 4,
              "intermediate_size": 128, "hidden_act": "gelu", "layer_norm_eps": 1e-6, "image_size": 32, "patch_size": 8, "num_channels": 3, "qkv_bias": True}
    pp = {"do_normalize": True, "do_rescale": True, "do_resize": True, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5],
          "image_processor_type": "ViTImageProcessor", "resample": 2, "rescale_factor": 1 / 255, "size": {"height": 32, "width": 32}}
    for n, v in [("config.json", config), ("preprocessor_config.json", pp)]:
        with open(os.path.join(d, n), "w") as f:
            json.dump(v, f, indent=2)
    xs = []
    for n in names:
        # ViTImageProcessor: resize (PIL, reducing_gap None), rescale (float64), normalise, channels first.
        im = load(os.path.join(img_dir, n)).resize((32, 32), resample=pp["resample"])
        a = np.asarray(im).astype(np.float64) * pp["rescale_factor"]
        a = ((a - np.array(pp["image_mean"])) / np.array(pp["image_std"])).astype(np.float32)
        xs.append(torch.from_numpy(a.transpose(2, 0, 1).copy()))
    x = torch.stack(xs)
    m64 = copy.deepcopy(model).double()
    with torch.no_grad():
        h = m64._process_input(x.double())
        h = torch.cat([m64.class_token.expand(h.shape[0], -1, -1), h], dim=1)
        feats = m64.encoder(h)[:, 0].float()  # CLS after the final LayerNorm = transformers' last_hidden_state[:, 0]
    np.save(os.path.join(d, "input.npy"), x.numpy())
    np.save(os.path.join(d, "features.npy"), feats.numpy())
    print(f"vit_hf: features {tuple(feats.shape)}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    img_dir, names = images(a.out)
    with open(os.path.join(a.out, "images.json"), "w") as f:
        json.dump(names, f)
    gen = torch.Generator().manual_seed(4321)
    torch.manual_seed(4321)
    model = torchvision.models.resnet18()
    perturb(model, SIZE, gen)
    resnet_case(a.out, "resnet_bicubic_0875", img_dir, names, "bicubic", 0.875, model)
    resnet_case(a.out, "resnet_bilinear_1", img_dir, names, "bilinear", 1.0, model)
    vit_case(a.out, img_dir, names)


if __name__ == "__main__":
    main()
