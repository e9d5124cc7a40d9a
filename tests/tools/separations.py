#!/usr/bin/env python3
"""Reads Ghostscript tiffsep separations (uncompressed, 8 bits, one file a
colorant: NAME(Cyan).tif, ...) and checks press black: every pixel that is
solid on the black plate (at least 80 % K) carries no cyan, magenta or
yellow. Prints the count of solid black pixels and of those with other
inks; exits 1 when any has other inks. MARGIN pixels along the edges are
left out (the slug of a print-shop file, with its crop marks).

    separations.py BASE [MARGIN]   (BASE(Cyan).tif, BASE(Black).tif, ...)
"""
import struct
import sys


def read_tiff(path):
    data = open(path, "rb").read()
    order = "<" if data[:2] == b"II" else ">"
    (ifd,) = struct.unpack(order + "I", data[4:8])
    (count,) = struct.unpack(order + "H", data[ifd:ifd + 2])
    tags = {}
    for i in range(count):
        entry = data[ifd + 2 + 12 * i:ifd + 14 + 12 * i]
        tag, kind, n = struct.unpack(order + "HHI", entry[:8])
        size = {3: 2, 4: 4}.get(kind, 1)
        if n * size <= 4:
            raw = entry[8:8 + n * size]
        else:
            (offset,) = struct.unpack(order + "I", entry[8:12])
            raw = data[offset:offset + n * size]
        fmt = {3: "H", 4: "I"}.get(kind, "B")
        tags[tag] = struct.unpack(order + fmt * n, raw)
    if tags.get(259, (1,))[0] != 1:
        sys.exit(f"{path}: compressed TIFF, run tiffsep with -sCompression=none")
    width, height = tags[256][0], tags[257][0]
    pixels = b"".join(data[o:o + c] for o, c in zip(tags[273], tags[279]))
    return width, height, pixels


def main():
    base = sys.argv[1]
    margin = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    planes = {name: read_tiff(f"{base}({name}).tif")
              for name in ("Cyan", "Magenta", "Yellow", "Black")}
    width, height, black = planes["Black"]
    others = [planes[n][2] for n in ("Cyan", "Magenta", "Yellow")]
    # tiffsep writes each plate as a grey image: 255 no ink, 0 solid.
    solid = mixed = 0
    for i, k in enumerate(black):
        x, y = i % width, i // width
        if (x < margin or y < margin or x >= width - margin or
                y >= height - margin):
            continue
        if k <= 51:
            solid += 1
            if any(plane[i] != 255 for plane in others):
                mixed += 1
    print(f"{solid} {mixed}")
    sys.exit(0 if not mixed else 1)


if __name__ == "__main__":
    main()
