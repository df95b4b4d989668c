"""Fashion-MNIST IDX reader and the preprocessing the starter backbone was trained with.

Shared by pretrain_starter.py, probe_reference.py and make_demo.py. Reads Debian's
`dataset-fashion-mnist` (/usr/share/datasets/fashion-mnist) unless FMNIST_DIR says otherwise.
"""
import gzip
import os
import struct

import numpy as np

FMNIST_DIR = os.environ.get("FMNIST_DIR", "/usr/share/datasets/fashion-mnist")

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
# Folder names for exported images (no '/' or spaces, so they survive every file system).
CLASS_SLUGS = ["t-shirt-top", "trouser", "pullover", "dress", "coat",
               "sandal", "shirt", "sneaker", "bag", "ankle-boot"]

# Mean/std of Fashion-MNIST train pixels in [0,1]; the grey image is replicated to RGB, so
# all three channels share them.
MEAN = 0.2860
STD = 0.3530
INPUT_SIZE = 64

_IDX_DTYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path):
    """Parse an IDX file (optionally gzipped): magic 0,0,dtype,ndim then big-endian dims."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise ValueError(f"{path}: not an IDX file (bad magic)")
    dtype, ndim = data[2], data[3]
    if dtype not in _IDX_DTYPES:
        raise ValueError(f"{path}: unknown IDX dtype 0x{dtype:02x}")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=_IDX_DTYPES[dtype], offset=4 + 4 * ndim)
    if arr.size != int(np.prod(dims)):
        raise ValueError(f"{path}: expected {int(np.prod(dims))} values, found {arr.size}")
    return arr.reshape(dims)


def load(split):
    """split: 'train' (60000) or 't10k' (10000) -> (uint8 images [N,28,28], int64 labels [N])."""
    if split not in ("train", "t10k"):
        raise ValueError(f"unknown split {split!r}")
    images = read_idx(os.path.join(FMNIST_DIR, f"{split}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(FMNIST_DIR, f"{split}-labels-idx1-ubyte.gz")).astype(np.int64)
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{split}: {images.shape[0]} images but {labels.shape[0]} labels")
    return images, labels


def to_input(images_u8, size=INPUT_SIZE):
    """uint8 [N,28,28] -> float32 NCHW [N,3,size,size], normalised as pretrained_cfg says.

    Bilinear resize with half-pixel centres (align_corners=False), as timm's 'bilinear' and
    tf.image.resizeBilinear(halfPixelCenters=true) do; no crop (crop_pct 1.0).
    """
    import torch
    import torch.nn.functional as F
    x = torch.from_numpy(np.ascontiguousarray(images_u8)).float().div_(255.0).unsqueeze(1)
    if size != x.shape[-1]:
        x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    x = (x - MEAN) / STD
    return x.expand(-1, 3, -1, -1).contiguous()
