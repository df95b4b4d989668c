#!/usr/bin/python3
"""Odd image files and what PIL makes of them, for test/images/decode-pil.test.ts.

Usage: make_decode_fixtures.py OUT
Writes OUT/<name> for each case and OUT/manifest.json: [{"name", "width", "height", "ref"}], where
OUT/<ref> holds PIL's Image.open(f).convert('RGB') bytes (Debian python3-pil is the reference).
Files PIL can write are written with PIL; the rest (RLE and 16-bit BMPs, OS/2 headers, tiled planar
LZW TIFFs, a GIF frame past its canvas) are written byte by byte here.
"""
import io
import json
import os
import struct
import sys
import zlib

import numpy as np
from PIL import Image

RNG = np.random.default_rng(7)


def photo(w, h):
    """Smooth colour ramps with noise: a picture, not a flat fill, so decoders are tested per pixel."""
    y, x = np.mgrid[0:h, 0:w]
    r = (x * 255 // max(1, w - 1))
    g = (y * 255 // max(1, h - 1))
    b = ((x + y) * 7) % 256
    a = np.stack([r, g, b], -1) + RNG.integers(-20, 20, (h, w, 3))
    return np.clip(a, 0, 255).astype(np.uint8)


# ---------------------------------------------------------------- BMP, written byte by byte

def bmp_file(header, palette, pixels, bpp_offset_extra=b""):
    off = 14 + len(header) + len(palette) + len(bpp_offset_extra)
    size = off + len(pixels)
    return b"BM" + struct.pack("<IHHI", size, 0, 0, off) + header + palette + bpp_offset_extra + pixels


def info_header(w, h, bpp, compression=0, image_size=0, colors=0, size=40):
    hdr = struct.pack("<IiiHHIIiiII", size, w, h, 1, bpp, compression, image_size, 2835, 2835, colors, 0)
    return hdr + b"\0" * (size - 40)


def palette_bgrx(n):
    return b"".join(bytes([(i * 37) % 256, (i * 91) % 256, (i * 13 + 60) % 256, 0]) for i in range(n))


def rle8(indices):
    """BI_RLE8: runs, absolute runs, a delta and end-of-line / end-of-bitmap escapes."""
    h, w = indices.shape
    out = bytearray()
    for y in range(h - 1, -1, -1):  # bottom-up
        row = list(indices[y])
        x = 0
        while x < w:
            run = 1
            while x + run < w and row[x + run] == row[x] and run < 255:
                run += 1
            if run >= 3 or w - x < 3:
                out += bytes([run, row[x]])
                x += run
            else:
                n = min(w - x, 5)
                out += bytes([0, n]) + bytes(row[x:x + n])
                if n % 2:
                    out += b"\0"
                x += n
        out += b"\0\0"
    out += b"\0\1"
    return bytes(out)


def rle4(indices):
    """BI_RLE4: alternating-nibble runs and absolute runs."""
    h, w = indices.shape
    out = bytearray()
    for y in range(h - 1, -1, -1):
        row = list(indices[y])
        x = 0
        while x < w:
            if x + 4 <= w and len(set(row[x:x + 4])) > 2:
                n = min(w - x, 6)
                out += bytes([0, n])
                nib = row[x:x + n] + [0]
                packed = bytes((nib[i] << 4) | nib[i + 1] for i in range(0, n, 2))
                out += packed
                if len(packed) % 2:
                    out += b"\0"
                x += n
            else:
                a = row[x]
                b = row[x + 1] if x + 1 < w else 0
                run = 1
                while x + run < w and run < 255 and row[x + run] == (a if run % 2 == 0 else b):
                    run += 1
                out += bytes([run, (a << 4) | b])
                x += run
        out += b"\0\0"
    out += b"\0\1"
    return bytes(out)


def bmp_cases():
    w, h = 13, 7
    idx8 = (np.arange(w * h).reshape(h, w) // 3 % 200).astype(np.uint8)
    idx8[2, :] = 9  # a long run
    yield "rle8.bmp", bmp_file(info_header(w, h, 8, 1, len(rle8(idx8)), 200), palette_bgrx(200), rle8(idx8))
    idx4 = (np.arange(w * h).reshape(h, w) * 5 // 7 % 16).astype(np.uint8)
    idx4[4, :] = 3
    yield "rle4.bmp", bmp_file(info_header(w, h, 4, 2, len(rle4(idx4)), 16), palette_bgrx(16), rle4(idx4))

    px = photo(w, h)
    stride = (w * 2 + 3) // 4 * 4

    def pack16(fn):
        rows = []
        for y in range(h - 1, -1, -1):
            row = b"".join(struct.pack("<H", fn(*px[y, x])) for x in range(w))
            rows.append(row + b"\0" * (stride - len(row)))
        return b"".join(rows)

    p555 = pack16(lambda r, g, b: ((int(r) >> 3) << 10) | ((int(g) >> 3) << 5) | (int(b) >> 3) | 0x8000)
    yield "rgb555.bmp", bmp_file(info_header(w, h, 16), b"", p555)
    p565 = pack16(lambda r, g, b: ((int(r) >> 3) << 11) | ((int(g) >> 2) << 5) | (int(b) >> 3))
    yield "rgb565.bmp", bmp_file(info_header(w, h, 16, 3, len(p565)), struct.pack("<III", 0xF800, 0x07E0, 0x001F), p565)

    # OS/2 1.x: 12-byte BITMAPCOREHEADER, 3-byte palette entries.
    core = struct.pack("<IHHHH", 12, w, h, 1, 8)
    pal3 = b"".join(bytes([(i * 37) % 256, (i * 91) % 256, (i * 13 + 60) % 256]) for i in range(256))
    stride8 = (w + 3) // 4 * 4
    pix8 = b"".join(bytes(idx8[y]) + b"\0" * (stride8 - w) for y in range(h - 1, -1, -1))
    yield "os2-8bit.bmp", bmp_file(core, pal3, pix8)
    stride24 = (w * 3 + 3) // 4 * 4
    pix24 = b"".join(bytes(px[y, :, ::-1].tobytes()) + b"\0" * (stride24 - w * 3) for y in range(h - 1, -1, -1))
    yield "os2-24bit.bmp", bmp_file(struct.pack("<IHHHH", 12, w, h, 1, 24), b"", pix24)
    # OS/2 2.x: 64-byte header.
    yield "os2v2-24bit.bmp", bmp_file(info_header(w, h, 24, size=64), b"", pix24)

    # A palette of 4 colours with indices up to 12: PIL reads them anyway.
    bad = (np.arange(w * h).reshape(h, w) % 13).astype(np.uint8)
    pixbad = b"".join(bytes(bad[y]) + b"\0" * (stride8 - w) for y in range(h - 1, -1, -1))
    yield "palette-out-of-range.bmp", bmp_file(info_header(w, h, 8, colors=4), palette_bgrx(4), pixbad)


# ---------------------------------------------------------------- TIFF, written byte by byte

def lzw_tiff(data):
    """TIFF LZW (MSB-first codes, early change): literal codes only, a clear code every 250."""
    out_bits = []
    codes = [256]
    n = 0
    for byte in data:
        codes.append(byte)
        n += 1
        if n == 250:
            codes.append(256)
            n = 0
    codes.append(257)
    # 9-bit codes throughout: the table never grows past 258 + 250 < 511 before the next clear.
    acc = 0
    bits = 0
    out = bytearray()
    for c in codes:
        acc = (acc << 9) | c
        bits += 9
        while bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
    if bits:
        out.append((acc << (8 - bits)) & 0xFF)
    del out_bits
    return bytes(out)


def tiff_file(width, height, tags, blobs):
    """Little-endian TIFF with one IFD. tags: {tag: (type, values)}; blobs: list of bytes placed after
    the IFD whose offsets fill tags 324/273 (TileOffsets / StripOffsets) in order."""
    entries = sorted(tags.items())
    ifd_size = 2 + 12 * (len(entries) + 1) + 4
    pos = 8 + ifd_size
    extra = bytearray()
    type_fmt = {3: "H", 4: "I", 5: "II"}
    fixed = []
    offsets_tag = 324 if 324 in tags else 273
    blob_start = None
    for tag, (typ, values) in entries:
        if tag == offsets_tag:
            fixed.append((tag, typ, None))
            continue
        fixed.append((tag, typ, values))
    # Lay out: IFD, then out-of-line values, then the blobs.
    value_bytes = {}
    for tag, typ, values in fixed:
        if values is None:
            continue
        fmt = "<" + type_fmt[typ] * len(values) if typ != 5 else "<" + "II" * (len(values) // 2)
        value_bytes[tag] = struct.pack(fmt, *values)
    n_blobs = len(blobs)
    offsets_len = 4 * n_blobs
    out_of_line = {}
    cursor = pos
    for tag, b in value_bytes.items():
        if len(b) > 4:
            out_of_line[tag] = cursor
            extra += b
            if len(b) % 2:
                extra += b"\0"
            cursor = pos + len(extra)
    offsets_pos = None
    if n_blobs > 1:
        offsets_pos = cursor
        cursor += offsets_len
    blob_start = cursor
    blob_offsets = []
    c = blob_start
    for b in blobs:
        blob_offsets.append(c)
        c += len(b)
    head = bytearray(b"II*\0" + struct.pack("<I", 8))
    ifd = bytearray(struct.pack("<H", len(entries)))
    for tag, typ, values in fixed:
        if values is None:
            if n_blobs == 1:
                ifd += struct.pack("<HHII", tag, 4, 1, blob_offsets[0])
            else:
                ifd += struct.pack("<HHII", tag, 4, n_blobs, offsets_pos)
            continue
        count = len(values) if typ != 5 else len(values) // 2
        b = value_bytes[tag]
        if len(b) <= 4:
            ifd += struct.pack("<HHI", tag, typ, count) + b + b"\0" * (4 - len(b))
        else:
            ifd += struct.pack("<HHII", tag, typ, count, out_of_line[tag])
    ifd += struct.pack("<I", 0)
    body = bytes(head + ifd)
    body += b"\0" * (pos - len(body))
    body += bytes(extra)
    if offsets_pos is not None:
        body += struct.pack("<" + "I" * n_blobs, *blob_offsets)
    assert len(body) == blob_start, (len(body), blob_start)
    return body + b"".join(blobs)


def tiled_planar(bits, compress):
    w, h, tw, th = 37, 21, 16, 16
    rgb = photo(w, h).astype(np.uint16)
    if bits == 16:
        rgb = rgb * 257 + RNG.integers(0, 200, rgb.shape).astype(np.uint16)
    dtype = "<u2" if bits == 16 else "u1"
    blobs = []
    across, down = (w + tw - 1) // tw, (h + th - 1) // th
    for plane in range(3):
        for ty in range(down):
            for tx in range(across):
                tile = np.zeros((th, tw), dtype=dtype)
                part = rgb[ty * th:(ty + 1) * th, tx * tw:(tx + 1) * tw, plane]
                tile[:part.shape[0], :part.shape[1]] = part
                raw = tile.tobytes()
                blobs.append(lzw_tiff(raw) if compress == 5 else raw)
    tags = {
        256: (3, [w]), 257: (3, [h]), 258: (3, [bits] * 3), 259: (3, [compress]), 262: (3, [2]),
        277: (3, [3]), 284: (3, [2]), 322: (3, [tw]), 323: (3, [th]),
        324: (4, None), 325: (4, [len(b) for b in blobs]),
    }
    return tiff_file(w, h, tags, blobs)


def lab_tiff():
    w, h = 11, 9
    # In-gamut colours (a photo's, through PIL's own RGB → LAB), stored as TIFF CIELab: a*, b* signed.
    lab = np.asarray(Image.fromarray(photo(w, h)).convert("LAB")).copy()
    lab[..., 1:] ^= 0x80
    strips = [lab.tobytes()]
    tags = {256: (3, [w]), 257: (3, [h]), 258: (3, [8, 8, 8]), 259: (3, [1]), 262: (3, [8]),
            273: (4, None), 277: (3, [3]), 278: (3, [h]), 279: (4, [len(strips[0])]), 284: (3, [1])}
    return tiff_file(w, h, tags, strips)


def ojpeg_tiff(subsampling, interchange=True):
    """Old-style JPEG (compression 6), which PIL cannot write: a baseline JPEG that PIL wrote, placed as
    the one strip and, when `interchange`, also named by JPEGInterchangeFormat / ...Length (513/514),
    as scanners and old Photoshop wrote them. PIL reads these through libtiff's OJPEG codec (a grey one
    it does not identify at all, so there is none here)."""
    w, h = 23, 17
    im = Image.fromarray(photo(w, h))
    b = io.BytesIO()
    im.save(b, "JPEG", quality=90, subsampling=subsampling)
    jpg = b.getvalue()
    tags = {256: (3, [w]), 257: (3, [h]), 258: (3, [8] * 3), 259: (3, [6]), 262: (3, [6]), 273: (4, None), 277: (3, [3]),
            278: (3, [h]), 279: (4, [len(jpg)]), 284: (3, [1]), 530: (3, [2, 2] if subsampling == 2 else [1, 1])}
    if interchange:
        tags[513] = (4, [0])
        tags[514] = (4, [len(jpg)])
        tags[513] = (4, [tiff_file(w, h, tags, [jpg]).index(jpg)])  # same layout, so the offset holds
    data = tiff_file(w, h, tags, [jpg])
    assert not interchange or data.index(jpg) == tags[513][1][0]
    return data


# ---------------------------------------------------------------- GIF, written byte by byte

def gif_lzw(indices, min_code=8):
    codes = []
    n = 0
    codes.append(256)
    for i in indices:
        codes.append(int(i))
        n += 1
        if n == 254:
            codes.append(256)
            n = 0
    codes.append(257)
    out = bytearray()
    acc = 0
    bits = 0
    for c in codes:  # LSB-first, 9 bits: the table is cleared before it needs 10
        acc |= c << bits
        bits += 9
        while bits >= 8:
            out.append(acc & 0xFF)
            acc >>= 8
            bits -= 8
    if bits:
        out.append(acc & 0xFF)
    sub = bytearray([min_code])
    for i in range(0, len(out), 255):
        chunk = out[i:i + 255]
        sub += bytes([len(chunk)]) + chunk
    return bytes(sub + b"\0")


def gif_past_canvas():
    cw, ch = 10, 8
    fw, fh, fx, fy = 9, 7, 4, 3
    pal = b"".join(bytes([(i * 53) % 256, (i * 19) % 256, (i * 7 + 30) % 256]) for i in range(256))
    idx = (np.arange(fw * fh) * 11 % 256).astype(np.uint8)
    head = b"GIF89a" + struct.pack("<HHBBB", cw, ch, 0xF7, 0, 0) + pal
    desc = b"," + struct.pack("<HHHHB", fx, fy, fw, fh, 0)
    return head + desc + gif_lzw(idx) + b";"


# ---------------------------------------------------------------- PNG / JPEG / TIFF written by PIL

def png16_rgb(w, h):
    a = (photo(w, h).astype(np.uint16) * 257 + RNG.integers(0, 255, (h, w, 3)).astype(np.uint16)).astype(">u2")
    raw = b"".join(b"\0" + a[y].tobytes() for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def pil_cases():
    def save(im, fmt, **kw):
        b = io.BytesIO()
        im.save(b, fmt, **kw)
        return b.getvalue()

    rgb = Image.fromarray(photo(23, 17))
    yield "rgb.jpg", save(rgb, "JPEG", quality=90)
    yield "rgb-444.jpg", save(rgb, "JPEG", quality=95, subsampling=0)
    yield "grey.jpg", save(rgb.convert("L"), "JPEG")
    yield "cmyk.jpg", save(rgb.convert("CMYK"), "JPEG")
    rgba = rgb.copy()
    rgba.putalpha(Image.fromarray((np.arange(23 * 17).reshape(17, 23) % 256).astype(np.uint8)))
    yield "rgba.png", save(rgba, "PNG")
    yield "la.png", save(rgba.convert("LA"), "PNG")
    pal = rgb.convert("P", palette=Image.ADAPTIVE, colors=12)
    yield "palette-trns.png", save(pal, "PNG", transparency=3)
    yield "bilevel.png", save(rgb.convert("1"), "PNG")
    yield "grey16.png", save(Image.fromarray((np.arange(23 * 17).reshape(17, 23) * 97 % 65536).astype(np.uint16)), "PNG")
    yield "rgb16.png", png16_rgb(23, 17)
    yield "cmyk.tif", save(rgb.convert("CMYK"), "TIFF")
    yield "rgb-lzw.tif", save(rgb, "TIFF", compression="tiff_lzw")
    yield "grey-deflate.tif", save(rgb.convert("L"), "TIFF", compression="tiff_adobe_deflate")
    yield "palette.gif", save(pal, "GIF")


def main(out):
    os.makedirs(out, exist_ok=True)
    manifest = []
    cases = list(pil_cases()) + list(bmp_cases())
    cases += [("tiled-planar-8-lzw.tif", tiled_planar(8, 5)), ("tiled-planar-16-lzw.tif", tiled_planar(16, 5)),
              ("tiled-planar-8-raw.tif", tiled_planar(8, 1)), ("lab.tif", lab_tiff()),
              ("ojpeg-420.tif", ojpeg_tiff(2)), ("ojpeg-444.tif", ojpeg_tiff(0)), ("ojpeg-420-strip-only.tif", ojpeg_tiff(2, False)),
              ("frame-past-canvas.gif", gif_past_canvas())]
    for name, data in cases:
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        entry = {"name": name}
        try:
            im = Image.open(os.path.join(out, name))
            entry["mode"] = im.mode
            rgb = im.convert("RGB")
            entry.update(width=rgb.width, height=rgb.height, ref=name + ".rgb")
            with open(os.path.join(out, name + ".rgb"), "wb") as f:
                f.write(rgb.tobytes())
        except Exception as e:  # noqa: BLE001 - recorded: the test says which files PIL itself refuses
            entry["pil_error"] = f"{type(e).__name__}: {e}"
        manifest.append(entry)
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
