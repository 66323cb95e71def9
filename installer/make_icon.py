"""Draw the application icon: a thermal blob (inferno colours) inside tracking-box corners on a dark
rounded tile. Writes workbench/gui/icons/workbench.svg (the source), .png (256 px) and .ico (16-256 px).

    python installer/make_icon.py

The PNG / ICO are rendered from the same geometry with Pillow (a matplotlib dependency), so the
three files agree without an SVG renderer.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "workbench" / "gui" / "icons"
BG, EDGE, BOX = "#1b1f27", "#39414f", "#4ade80"
# inferno-like stops of the blob, centre to rim
STOPS = [(0.0, (252, 255, 164)), (0.25, (249, 142, 9)), (0.55, (188, 55, 84)), (0.85, (87, 16, 110)),
         (1.0, (27, 31, 39))]
SIZE = 256


def svg() -> str:
    stops = "\n".join(f'      <stop offset="{o:.2f}" stop-color="#{r:02x}{g:02x}{b:02x}"/>' for o, (r, g, b) in STOPS)
    c = 46  # corner arm length
    corners = " ".join(
        f"M{x0},{y0 + dy * c} L{x0},{y0} L{x0 + dx * c},{y0}" for x0, y0, dx, dy in
        ((56, 56, 1, 1), (200, 56, -1, 1), (56, 200, 1, -1), (200, 200, -1, -1)))
    return f'''<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}">
  <defs>
    <radialGradient id="heat" cx="0.5" cy="0.5" r="0.5">
{stops}
    </radialGradient>
  </defs>
  <rect x="8" y="8" width="240" height="240" rx="44" fill="{BG}" stroke="{EDGE}" stroke-width="6"/>
  <circle cx="128" cy="128" r="70" fill="url(#heat)"/>
  <path d="{corners}" fill="none" stroke="{BOX}" stroke-width="14" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
'''


def raster(size: int = SIZE):
    from PIL import Image, ImageDraw

    s = 4  # supersampling
    n = size * s
    k = n / SIZE
    img = Image.new("RGBA", (n, n), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([8 * k, 8 * k, 248 * k, 248 * k], radius=44 * k, fill=BG, outline=EDGE, width=int(6 * k))
    yy, xx = np.mgrid[0:n, 0:n]
    r = np.hypot(xx - 128 * k, yy - 128 * k) / (70 * k)
    offs = np.array([o for o, _ in STOPS])
    cols = np.array([c for _, c in STOPS], float)
    rgb = np.stack([np.interp(np.clip(r, 0, 1), offs, cols[:, i]) for i in range(3)], -1)
    blob = Image.fromarray(np.dstack([rgb, np.where(r <= 1, 255, 0)]).astype(np.uint8), "RGBA")
    img.alpha_composite(blob)
    c, w = 46 * k, int(14 * k)
    for x0, y0, dx, dy in ((56, 56, 1, 1), (200, 56, -1, 1), (56, 200, 1, -1), (200, 200, -1, -1)):
        x0, y0 = x0 * k, y0 * k
        d.line([(x0, y0 + dy * c), (x0, y0), (x0 + dx * c, y0)], fill=BOX, width=w, joint="curve")
        for px, py in ((x0, y0 + dy * c), (x0 + dx * c, y0), (x0, y0)):
            d.ellipse([px - w / 2, py - w / 2, px + w / 2, py + w / 2], fill=BOX)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "workbench.svg").write_text(svg())
    big = raster(SIZE)
    big.save(OUT / "workbench.png")
    big.save(OUT / "workbench.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    for p in sorted(OUT.glob("workbench.*")):
        print(f"wrote {p} ({p.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
