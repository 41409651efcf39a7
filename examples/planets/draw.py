"""Draw a small solar-system diagram as a PNG (pure Python)."""
import struct, sys, zlib

W, H = 480, 200
BODIES = [  # centre x, centre y, radius, colour
    (40, 100, 36, (250, 200, 40)),
    (120, 100, 8, (150, 140, 130)),
    (180, 100, 14, (230, 190, 120)),
    (250, 100, 15, (60, 120, 220)),
    (320, 100, 11, (200, 80, 50)),
    (420, 100, 30, (210, 170, 130)),
]

def pixel(x, y):
    for cx, cy, r, colour in BODIES:
        if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
            return colour
    return (16, 20, 40)

rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(W)) for y in range(H))

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
sys.stdout.buffer.write(png)
