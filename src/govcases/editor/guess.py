"""Front-matter candidates for a draft, each copied from the article: the place, figures,
mechanism and outcome terms, and the start year."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from govcases.content.places import Gazetteer, short_name
from govcases.content.taxonomy import Kind
from govcases.content.validate import Context
from govcases.editor.article import Piece
from govcases.model import Region
from govcases.zh import normalize
from govcases.zh.conversion import Converter

TODO = "待补充"  # placeholder for what the article does not state


MAX_TERMS = 5


_UNITS = [
    *("万人次", "人次", "平方公里", "万平方米", "平方米", "万户", "万份", "万张", "万人"),
    *("万元", "亿元", "万册", "公里", "余家", "余场", "余张", "余项", "余人", "余个", "%"),
    *"个项件家名人户台张份场次所条座篇套辆",
]


_MEASURE_WORDS = set("个项件家名户台张份场所条座篇套辆")  # counted noun follows the unit


_CLAUSE_BREAK = '，。；：、！？,;:（）()“”"《》'


_START_CUES = [
    re.compile(r"(\d{4})年(?:以来|以來|起|开始|開始)"),
    re.compile(r"(?:自|从|從)(\d{4})年"),
    re.compile(
        r"(\d{4})年[^，。,;；]{0,12}?(?:成立|启动|啟動|试点|試點|推行|开展|開展|实施|實施|建立)"
    ),
]


@lru_cache(maxsize=4)
def _place_names(gazetteer: Gazetteer) -> frozenset[str]:
    names = set()
    for d in gazetteer.by_code.values():
        names |= {d.name, short_name(d.name)}
    for z in gazetteer.zones:
        names |= {z.name, *z.aliases}
    return frozenset(n for n in names if len(n) >= 2)


def _mentions(text: str, ctx: Context) -> Counter[tuple[str, str]]:
    """(division code, zone) → how often the folded text names it (longest names first)."""
    names = _place_names(ctx.gazetteer)
    found: Counter[tuple[str, str]] = Counter()
    named_in_full: set[tuple[str, str]] = set()
    i = 0
    while i < len(text):
        for size in range(min(10, len(text) - i), 1, -1):
            word = text[i : i + size]
            if word in names:
                region, _ = ctx.gazetteer.resolve(word)
                if region is not None:  # ambiguous names (城区, 和平) count for nothing
                    key = (region.most_specific.code, region.zone)
                    found[key] += 1
                    if short_name(word) != word:
                        named_in_full.add(key)
                i += size - 1
                break
        i += 1
    # A short name alone is often a common word (资源, 安宁): it counts only for a place that
    # the text also names in full (新乡市, 荔湾区, 江北新区).
    return Counter({k: n for k, n in found.items() if k in named_in_full})


def find_place(piece: Piece, body: str, ctx: Context) -> tuple[str, Region | None, bool]:
    """(locality in Simplified, region, guessed). The heading's place, refined to a district or
    zone within it that the text names at least half as often; without a heading, the place
    the title (else the text) names most."""
    text = ctx.fold(body)
    mentions = _mentions(text, ctx)
    if piece.place:
        folded = ctx.fold(piece.place)
        anchor, _ = ctx.gazetteer.resolve(folded)
        base = _drop_province(folded, anchor, ctx)
        guessed = False
    else:
        in_title = _mentions(ctx.fold(piece.title), ctx) or mentions
        if not in_title:
            return TODO, None, True
        (code, zone), _ = max(in_title.items(), key=lambda kv: (kv[1], len(kv[0][0].rstrip("0"))))
        anchor = ctx.gazetteer.region(code, zone)
        base = _compose(anchor)
        guessed = True
    if anchor is None:
        return base, None, True
    top = anchor.most_specific.code
    own = mentions.get((top, anchor.zone), 0) + sum(
        n for (c, z), n in mentions.items() if c == top and z != anchor.zone
    )
    inside = [
        (n, c, z)
        for (c, z), n in mentions.items()
        if (c != top and c.startswith(_prefix(top))) or (c == top and z and not anchor.zone)
    ]
    if inside:
        n, code, zone = max(inside)
        if n >= max(2, own / 2):
            sub = zone or ctx.gazetteer.by_code[code].name
            base, guessed = base + sub, True
    zone_in_title = re.search(r"([\u4e00-\u9fff]{2})(社区|街道|新区|开发区)", ctx.fold(piece.title))
    if not piece.place and zone_in_title and zone_in_title.group(0) not in base:
        base += zone_in_title.group(0)  # 张青社区 (003)
    region, _ = ctx.gazetteer.resolve(base)
    return base, region, guessed


def _prefix(code: str) -> str:
    return code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code


def _drop_province(place: str, region: Region | None, ctx: Context) -> str:
    """宁夏固原 → 固原 when the rest still names the same place."""
    if region is None:
        return place
    for prov in (region.province.name, short_name(region.province.name)):
        rest = place[len(prov) :]
        if place.startswith(prov) and len(rest) >= 2:
            again, _ = ctx.gazetteer.resolve(rest)
            if again is not None and again.most_specific == region.most_specific:
                return rest
    return place


def _compose(region: Region) -> str:
    """南昌青山湖区, 安康, 南京江北新区: the city's short name, the district, the zone."""
    parts = []
    if region.city is not None:
        parts.append(short_name(region.city.name))
    if region.district is not None:
        parts.append(region.district.name)
    if not parts:
        parts.append(short_name(region.province.name))
    return "".join(parts) + region.zone


@dataclass(frozen=True)
class Figure:
    label: str
    value: str  # digits as printed
    unit: str


def find_metrics(paras: list[str], conv: Converter) -> list[Figure]:
    """Numbers with a unit (53个, 162.3%, 22.9万份, 41.58万人次), labelled by the counted noun
    after a measure word, else by the words before the number."""
    units = sorted(
        {u for s in _UNITS for u in (s, conv.convert(s, "hans", "hant"))} | {"％"},
        key=len,
        reverse=True,
    )
    pattern = re.compile(
        rf"(?<![\d.A-Za-z第])(\d+(?:\.\d+)?)\s*({'|'.join(map(re.escape, units))})"
    )
    measure_words = {u for u in units if len(u) == 1 and conv.to_hans(u) in _MEASURE_WORDS}
    out: list[Figure] = []
    seen: set[tuple[str, str]] = set()
    for para in paras:
        text = normalize.inline(para)
        for m in pattern.finditer(text):
            unit = m.group(2).replace("％", "%")
            after = re.split(rf"[{_CLAUSE_BREAK}\d和及与與]", text[m.end() :], maxsplit=1)[0]
            clauses = re.split(rf"[{_CLAUSE_BREAK}]", text[: m.start()])
            before = pattern.split(clauses[-1])[-1]  # words after the previous figure
            before = before.lstrip("".join(units) + "年月日")  # 5个 in “9个贫困县中的5个”
            after = after.removeprefix("的")
            counted = unit[-1] in measure_words or not before
            label = after if counted and len(after) >= 2 else before
            if not label:  # “百姓说事点”225个: the name just before
                label = next((c for c in reversed(clauses[:-1]) if c.strip()), "")
            figure = Figure(label[-20:].strip() or unit, m.group(1), unit)
            if (figure.value, unit) not in seen:  # 3名村支书, 3个村… once
                seen.add((figure.value, unit))
                out.append(figure)
    return out


def find_terms(text: str, ctx: Context, kind: Kind) -> list[str]:
    """Taxonomy ids whose name or synonyms occur in the text (either script), most often
    named first, at most MAX_TERMS."""
    folded = ctx.fold(text)
    counts = []
    for order, term in enumerate(ctx.taxonomy.terms(kind)):
        n = sum(folded.count(ctx.fold(w)) for w in (term.name, *term.synonyms))
        if n:
            counts.append((-n, order, term.id))
    return [term_id for _, _, term_id in sorted(counts)[:MAX_TERMS]]


def guess_start(text: str, latest: int) -> int | None:
    """Earliest year tied to the initiative (2015年以来, 自2014年, 2006年成立), else the earliest
    year from 2000 on that the text names."""
    cued = [int(y) for p in _START_CUES for y in p.findall(text)]
    cued = [y for y in cued if 1978 <= y <= latest]
    if cued:
        return min(cued)
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})年", text)]
    years = [y for y in years if 2000 <= y <= latest]
    return min(years) if years else None
