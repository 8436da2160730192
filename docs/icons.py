# The proceedings theme's icons: `python3 docs/icons.py themes/proceedings/static/favicon.png 32` and
# `... apple-touch-icon.png 180` redraw the PNG fallbacks of themes/proceedings/static/favicon.svg.
# Draws the proceedings theme's icon (a folded gathering of pages: a rounded square in the accent
# colour with three text lines) as PNG at a given size, by 4x4 supersampling. Matches favicon.svg.
import struct, zlib, sys
def draw(size):
    S = 4
    acc = (0x8a, 0x3a, 0x22); paper = (0xfd, 0xfc, 0xf9)
    def inside_rr(x, y, x0, y0, x1, y1, r):
        if x < x0 or x > x1 or y < y0 or y > y1: return False
        cx = min(max(x, x0 + r), x1 - r); cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            cov = 0; pap = 0
            for sy in range(S):
                for sx in range(S):
                    # coordinates in the 32-unit design space
                    x = (px + (sx + .5) / S) * 32 / size; y = (py + (sy + .5) / S) * 32 / size
                    if inside_rr(x, y, 1, 1, 31, 31, 6):
                        cov += 1
                        for (y0, x1) in ((9, 24), (15, 24), (21, 18)):
                            if inside_rr(x, y, 8, y0, x1, y0 + 2.5, 1.25):
                                pap += 1
            a = cov / (S * S)
            if cov:
                t = pap / cov
                rgb = [round(acc[i] * (1 - t) + paper[i] * t) for i in range(3)]
            else:
                rgb = [0, 0, 0]
            row += bytes(rgb + [round(a * 255)])
        rows.append(bytes(row))
    raw = b"".join(rows)
    def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(draw(int(sys.argv[2])))
