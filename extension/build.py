#!/usr/bin/env python3
"""Build the Tuumaustauko browser extension for Chrome and Firefox from one source (stdlib only).

    python3 extension/build.py            # writes dist/chrome/, dist/firefox/ and their zips
    python3 extension/build.py --out DIR  # somewhere else

The manifest template (manifest.template.json) holds what both browsers share; its "x-chrome" and
"x-firefox" keys hold what each browser needs of its own (Chrome: a service worker and a fixed `key`,
which fixes the extension id; Firefox: background scripts and browser_specific_settings.gecko.id).
The version comes from the project's pyproject.toml. Icons are drawn here, so no binary is kept in git.
"""

from __future__ import annotations

import argparse
import json
import shutil
import struct
import sys
import tomllib
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = HERE / "src"
TEMPLATE = HERE / "manifest.template.json"
BROWSERS = ("chrome", "firefox")
ICON_SIZES = (16, 32, 48, 128)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def project_version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def manifest_for(browser: str, version: str) -> dict:  # type: ignore[type-arg]
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    specific = template.pop(f"x-{browser}")
    for other in BROWSERS:
        template.pop(f"x-{other}", None)
    return {**template, **specific, "version": version}


# ---------------------------------------------------------------- icons (a pause sign on a blue tile)


def _png(width: int, height: int, rgba: bytes) -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + rgba[y * width * 4 : (y + 1) * width * 4] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def _inside_tile(x: float, y: float, radius: float) -> bool:
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def icon(size: int) -> bytes:
    tile = (26, 86, 184)
    white = (255, 255, 255)
    samples = 4
    out = bytearray()
    for py in range(size):
        for px in range(size):
            tile_hits = 0
            bar_hits = 0
            for sy in range(samples):
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) / size
                    y = (py + (sy + 0.5) / samples) / size
                    if _inside_tile(x, y, 0.22):
                        tile_hits += 1
                        in_bar = 0.28 <= y <= 0.72 and (0.30 <= x <= 0.43 or 0.57 <= x <= 0.70)
                        bar_hits += in_bar
            n = samples * samples
            if not tile_hits:
                out += bytes((0, 0, 0, 0))
                continue
            mix = bar_hits / tile_hits
            rgb = tuple(round(t * (1 - mix) + w * mix) for t, w in zip(tile, white, strict=True))
            out += bytes((*rgb, round(255 * tile_hits / n)))
    return _png(size, size, bytes(out))


# ---------------------------------------------------------------- build


def build(out: Path) -> dict[str, Path]:
    version = project_version()
    icons = {size: icon(size) for size in ICON_SIZES}
    results: dict[str, Path] = {}
    for browser in BROWSERS:
        target = out / browser
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for path in sorted(SRC.iterdir()):
            if path.is_file() and path.suffix in {".js", ".html", ".css"}:
                shutil.copy2(path, target / path.name)
        (target / "icons").mkdir()
        for size, data in icons.items():
            (target / "icons" / f"icon-{size}.png").write_bytes(data)
        manifest = manifest_for(browser, version)
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        (target / "manifest.json").write_text(text, encoding="utf-8")
        archive = out / f"tuumaustauko-{browser}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for file in sorted(p for p in target.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(file.relative_to(target).as_posix(), ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, file.read_bytes())
        results[browser] = target
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    args = parser.parse_args(argv)
    for browser, path in build(args.out).items():
        print(f"{browser}: {path}  ({path.parent / f'tuumaustauko-{browser}.zip'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
