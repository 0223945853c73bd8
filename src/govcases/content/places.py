"""Gazetteer: place names as editors write them → province › city › district with GB/T 2260 codes.

The code table (`data/divisions.csv`) is described in `data/README.md`. Names are matched in
Simplified after script folding, in full (荔湾区) or short form (荔湾), alone or after their
ancestors (广州荔湾, 广东省广州市荔湾区). A remainder that is no division (张青社区) or a zone
listed in places.yaml (江北新区) is kept as the region's zone under the matched division.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from pypinyin import lazy_pinyin

from govcases.content.schema import Name, Strict, load_model
from govcases.messages import Chinese, Message, msg, shortened
from govcases.model import BuildError, Diagnostic, Division, Region
from govcases.read.files import present

_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "地区",
    "新区",
    "林区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
)
_ZONE_SUFFIX = re.compile(r"(新区|开发区|高新区|园区|社区|街道|镇|乡|村)$")
_PLACEHOLDER = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def short_name(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _level(code: str) -> Literal["province", "city", "district"]:
    if code.endswith("0000"):
        return "province"
    return "city" if code.endswith("00") else "district"


class ZoneIn(Strict):
    name: Name
    parent: int | str
    aliases: list[Name] = []


class PlacesIn(Strict):
    zones: list[ZoneIn] = []


@dataclass(frozen=True)
class Zone:
    name: str
    parent: str  # code of the division containing it
    aliases: tuple[str, ...]


class Gazetteer:
    """Look-ups over the division table; built once per build."""

    def __init__(
        self, divisions: list[Division], zones: list[Zone], fold: Callable[[str], str] = str
    ) -> None:
        self.by_code = {d.code: d for d in divisions}
        self.zones = zones
        self._names: dict[str, set[str]] = defaultdict(set)
        for d in divisions:
            for spelling in self._spellings(d):
                self._names[spelling].add(d.code)
                # Input is folded to Simplified, which maps some characters that are also
                # Simplified (乾安 → 干安): index names under their folded spelling too.
                self._names[fold(spelling)].add(d.code)
        self._zone_names = {alias: z for z in zones for alias in (z.name, *z.aliases)}
        self._longest = max(map(len, self._names), default=0)  # no spelling is longer

    def _spellings(self, d: Division) -> set[str]:
        own = {d.name, short_name(d.name)}
        out = set(own)
        for ancestor in self.ancestors(d.code)[:-1]:
            prefixes = {ancestor.name, short_name(ancestor.name)}
            out |= {p + o for p in prefixes for o in own}
        if d.level == "district":  # 广东广州荔湾: province + city + district
            anc = self.ancestors(d.code)[:-1]
            if len(anc) == 2:
                for p in (anc[0].name, short_name(anc[0].name)):
                    for c in (anc[1].name, short_name(anc[1].name)):
                        out |= {p + c + o for o in own}
        return {s for s in out if len(s) >= 2}

    def ancestors(self, code: str) -> list[Division]:
        """The division and its ancestors, province first."""
        chain = [code[:2] + "0000", code[:4] + "00", code]
        seen: list[Division] = []
        for c in chain:
            d = self.by_code.get(c)
            if d is not None and d not in seen:
                seen.append(d)
        return seen

    def region(self, code: str, zone: str = "") -> Region:
        chain = self.ancestors(code)
        city = next((d for d in chain if d.level == "city"), None)
        district = next((d for d in chain if d.level == "district"), None)
        return Region(chain[0], city, district, zone)

    def label(self, code: str) -> str:
        return " › ".join(d.name for d in self.ancestors(code))

    def choice(self, code: str) -> Message:
        """A division as a candidate is listed: its full name and its code."""
        return msg("choice", id=Chinese(self.label(code)), name=code)

    def similar(self, name: str, most: int = 3) -> tuple[Message, ...]:
        """The divisions whose names are nearest to `name`, for a did-you-mean."""
        close = difflib.get_close_matches(name, self._names, n=most * 3, cutoff=0.6)
        codes = list(dict.fromkeys(c for n in close for c in sorted(self._names[n])))
        return tuple(self.choice(c) for c in codes[:most])

    def resolve(self, name: str, pinned: str = "") -> tuple[Region | None, str | Message]:
        """Return (region, "") or (None, message saying why and listing candidates).

        `name` must already be folded to Simplified. `pinned` is an explicit GB/T 2260 code.
        """
        name = re.sub(r"\s+", "", name)
        if pinned and pinned not in self.by_code:
            return None, msg("place-code", code=shortened(pinned, 20))
        if name in self._zone_names:
            zone = self._zone_names[name]
            return self.region(pinned or zone.parent, zone.name), ""
        # Longest prefix that is a division spelling; the rest may be a zone.
        for cut in range(min(len(name), self._longest), 1, -1):
            head, rest = name[:cut], name[cut:]
            codes = set(self._names.get(head, ()))  # a copy: the index must not change
            if not codes or (rest and not self._is_zone(rest)):
                continue
            if pinned:
                codes = {c for c in codes if _related(c, pinned)}
                if not codes:
                    return None, msg(
                        "place-not-within",
                        written=head,
                        label=Chinese(self.label(pinned)),
                        code=pinned,
                    )
                code = _more_specific(codes.pop(), pinned) if len(codes) == 1 else pinned
                return self.region(code, self._zone(rest)), ""
            if len(codes) > 1 and all(_related(a, b) for a in codes for b in codes):
                codes = {min(codes, key=lambda c: len(_prefix(c)))}  # 新乡: the city, not 新乡县
            if len(codes) > 1:
                ordered = sorted(codes)
                listed = tuple(self.choice(c) for c in ordered)
                return None, msg(
                    "place-ambiguous", written=name, candidates=listed, first=ordered[0]
                )
            return self.region(codes.pop(), self._zone(rest)), ""
        if pinned and self._is_zone(name):
            return self.region(pinned, name), ""
        return None, msg("place-unknown", written=shortened(name, 80))

    def _is_zone(self, rest: str) -> bool:
        return rest in self._zone_names or bool(_ZONE_SUFFIX.search(rest))

    def _zone(self, rest: str) -> str:
        return self._zone_names[rest].name if rest in self._zone_names else rest


def _prefix(code: str) -> str:
    return code.rstrip("0") if code.endswith("00") else code


def _related(a: str, b: str) -> bool:
    """True when one code is the other or an ancestor of it."""
    pa, pb = _prefix(a), _prefix(b)
    return pa.startswith(pb) or pb.startswith(pa)


def _more_specific(a: str, b: str) -> str:
    return a if _prefix(a).startswith(_prefix(b)) else b


def load_divisions() -> list[Division]:
    text = resources.files("govcases").joinpath("data/divisions.csv").read_text("utf-8")
    return [
        Division(
            r["code"],
            r["name"],
            _level(r["code"]),
            float(r["lon"] or "nan"),
            float(r["lat"] or "nan"),
        )
        for r in csv.DictReader(text.splitlines())
        if r["name"] not in _PLACEHOLDER
    ]


def load_gazetteer(
    places_file: Path, fold: Callable[[str], str], fold_name: Callable[[str], str] = str
) -> Gazetteer:
    """Division table plus the zones of places.yaml (names folded to Simplified)."""
    divisions = load_divisions()
    zones: list[Zone] = []
    if present(places_file):
        name = places_file.name
        parsed, loaded = load_model(places_file, PlacesIn)
        codes = {d.code for d in divisions}
        problems = []
        for i, z in enumerate(parsed.zones):
            parent = str(z.parent)
            if parent not in codes:
                where = f"zones[{i}].parent"
                problems.append(
                    Diagnostic(
                        name,
                        loaded.lines.get(where, 0),
                        where,
                        msg("zone-code", code=shortened(parent, 20)),
                        column=loaded.columns.get(where, 0),
                    )
                )
                continue
            zones.append(Zone(fold(z.name), parent, tuple(fold(a) for a in z.aliases)))
        if problems:
            raise BuildError(problems)
    return Gazetteer(divisions, zones, fold_name)


def place_slug(locality: str, region: Region | None) -> str:
    """guangzhou-liwan for 广州荔湾区: the pinyin of each place named in the locality, without
    its suffix (延吉 is yanji, not yanbian-yanji)."""
    parts = [locality]
    if region is not None:
        parts = [s for d in region.divisions if (s := short_name(d.name)) in locality]
        if region.zone:
            parts.append(re.sub(r"(新区|开发区|社区|街道|镇|乡|村)$", "", region.zone))
    words = ["".join(lazy_pinyin(p)) for p in parts]
    slug = "-".join(re.sub(r"[^a-z0-9]", "", w.lower()) for w in words)
    return re.sub(r"-+", "-", slug).strip("-") or "draft"
