#!/usr/bin/python3
"""PIL's resize on the cases a test hands over (Debian python3-pil), the reference for
electron/core/images/resample.ts.

Usage: pil_resize.py IN OUT
IN:  int32 count, then per case: int32 width, height, channels (1 or 3), out_width, out_height,
     filter (PIL code: 0 nearest, 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming), then the
     width*height*channels pixel bytes.
OUT: per case, PIL's out_width*out_height*channels bytes, concatenated.
"""
import struct
import sys

from PIL import Image


def main(src, dst):
    with open(src, "rb") as f:
        data = f.read()
    (count,) = struct.unpack_from("<i", data, 0)
    pos = 4
    out = []
    for _ in range(count):
        w, h, c, ow, oh, flt = struct.unpack_from("<6i", data, pos)
        pos += 24
        n = w * h * c
        im = Image.frombytes("RGB" if c == 3 else "L", (w, h), data[pos:pos + n])
        pos += n
        out.append(im.resize((ow, oh), flt).tobytes())
    with open(dst, "wb") as f:
        f.write(b"".join(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
