#!/usr/bin/env python3
"""Reads PNG files with the standard library only (PNG spec, ISO/IEC 15948:
chunks, zlib stream, the five scanline filters) and answers questions about
them for the tests.

  pngcheck.py size FILE           prints "WIDTH HEIGHT" (from IHDR)
  pngcheck.py ink FILE Y0 Y1      prints "XMIN XMAX": the columns of the
                                  near-white pixels (all channels >= 235)
                                  in rows Y0..Y1-1 (white text on a band)
  pngcheck.py pixel FILE X Y      prints "R G B" of one pixel
"""
import struct
import sys
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunks(data):
    if data[:8] != SIGNATURE:
        raise SystemExit("not a PNG file")
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def header(data):
    for kind, body in chunks(data):
        if kind == b"IHDR":
            return struct.unpack(">IIBBBBB", body)
    raise SystemExit("no IHDR chunk")


def pixels(data, last_row):
    """The first LAST_ROW rows, each a bytearray of 8-bit RGB or RGBA
    samples; not interlaced."""
    width, height, depth, color, _, _, interlace = header(data)
    channels = {2: 3, 6: 4}.get(color)
    if depth != 8 or not channels or interlace:
        raise SystemExit("only 8-bit RGB(A), non-interlaced PNGs are read")
    raw = zlib.decompress(b"".join(b for k, b in chunks(data) if k == b"IDAT"))
    stride = width * channels
    rows, prev, pos = [], bytearray(stride), 0
    for _ in range(min(height, last_row)):
        kind = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(line)
        prev = line
    return width, channels, rows


def main():
    what, path = sys.argv[1], sys.argv[2]
    data = open(path, "rb").read()
    if what == "size":
        width, height = header(data)[:2]
        print(width, height)
    elif what == "ink":
        y0, y1 = int(sys.argv[3]), int(sys.argv[4])
        width, channels, rows = pixels(data, y1)
        xs = [x for row in rows[y0:y1] for x in range(width)
              if min(row[x * channels:x * channels + 3]) >= 235]
        print(min(xs), max(xs)) if xs else print("none")
    elif what == "pixel":
        x, y = int(sys.argv[3]), int(sys.argv[4])
        width, channels, rows = pixels(data, y + 1)
        print(*rows[y][x * channels:x * channels + 3])
    else:
        raise SystemExit("unknown question " + what)


main()
