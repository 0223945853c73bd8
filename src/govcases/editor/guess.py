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
    *("万件", "万个", "万名", "万条", "余名", "余件", "余条", "余户"),
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
    zone_in_title = re.search(
        r"([\u4e00-\u9fff]{2})(?<![与和及的化])(社区|街道|新区|开发区)(?!治理|建设|服务|管理|工作)",
        ctx.fold(piece.title),
    )
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
    label: str  # what is counted
    value: str  # digits as printed
    unit: str
    year: int | None = None  # the year the sentence ties the figure to
    note: str = ""  # its qualifier: 截至2022年底, 目前, 累计


# The year a figure belongs to, written just before it: 由2018年的86.4%, 2022年底的.
_OWN_YEAR = re.compile(r"(?:由|从|從|到|至)?(\d{4})年(?:底|末|初)?的?$")
# A qualifier of the figures after it in the sentence.
_QUALIFIER = re.compile(
    r"(?:截至|截止到?)(\d{4})年(?:\d{1,2}月)?(?:底|末)?|目前|至今|现已|現已|累计|累計"
)
# What comes before the noun phrase of what is counted: time, scope, adverbs and verbs.
_LABEL_LEAD = re.compile(
    r"^(?:(?:截至|截止到?)\d{4}年(?:\d{1,2}月)?(?:底|末)?|\d{4}年(?:底|末|以来|以來)?"
    r"|目前|至今|其中|同时|同時|此外|现已|現已|已经|已經|已|共计|共計|共|累计|累計|先后|先後"
    r"|全市|全区|全區|全县|全縣|全省|全镇|全鎮|全街道)"
)
# A verb before what is counted: 在村社配备专职调解员, 化解矛盾纠纷 (the noun is after the last).
_COUNTING_VERB = re.compile(
    r"建成|建立|设立|設立|划分为|劃分為|划分|劃分|配备|配備|培育|组建|組建|新建|开通|開通"
    r"|拥有|擁有|化解|受理|办理|辦理|开展|開展|采集|採集|吸纳|吸納|培训|培訓"
)
# What comes after it: the verb that gives the figure.
_LABEL_TAIL = re.compile(
    r"(?:达到|達到|达|達|为|為|是|约|約|近|超过|超過|逾|共有|共计|共計|共|累计|累計"
    r"|提高到|提高至|提升到|提升至|提高|提升|增长到|增長到|增长|增長|增加到|增加|上升到|上升"
    r"|下降到|下降|降至|降低|减少|減少|增至|升至|到|至|了|有|已|均)$"
)
# Between the two figures of a change: 由2018年的86.4%提高到2022年的95.1%.
_CHANGE = re.compile(
    r"(?:提高|提升|增长|增長|增加|上升|下降|降低|减少|減少)?(?:到|至|为|為)(?:\d{4}年(?:底|末)?的?)?"
)
# Where the noun after a measure word ends: 53个部门窗口压减为9个, 7个工作日内.
_AFTER_NOUN = (
    r"内|內|左右|以上|压减|壓減|精简|精簡|整合|减少|減少|增加|提高|提升|下降|上升|增长|增長"
    r"|实现|實現|达到|達到|为|為|是"
)
# A label that is a verb alone says nothing of what is counted.
_BARE_VERB = re.compile(r"^(?:实现|實現|带动|帶動|汇集|匯集|服务|服務|获得|獲得|期间|期間)$")
# A label must never be a sentence fragment: a preposition or verb left hanging.
_FRAGMENT = re.compile(
    r"^[由从從到至的和与與及]|^\d+(?![\dA-Za-z])|[的由从從在和与與及把将將对對向辖轄到至为為年]$"
)


def find_metrics(paras: list[str], conv: Converter) -> list[Figure]:
    """Numbers with a unit (53个, 162.3%, 22.9万份, 41.58万人次), each labelled by the noun
    phrase of what is counted (the noun after a measure word, else the words before the
    number without time, scope and verb), with the year and qualifier the sentence gives.
    A change (由2018年的86.4%提高到2022年的95.1%) gives two figures of one label."""
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
        for sentence in re.split(r"(?<=[。！？；])", normalize.inline(para)):
            previous: Figure | None = None
            previous_end = 0
            for m in pattern.finditer(sentence):
                unit = m.group(2).replace("％", "%")
                before = sentence[: m.start()]
                clause = pattern.split(re.split(rf"[{_CLAUSE_BREAK}]", before)[-1])[-1]
                own_year = _OWN_YEAR.search(clause)
                qualifier = next(iter(_QUALIFIER.finditer(before)), None)
                year = own_year or qualifier
                if previous and _CHANGE.fullmatch(sentence[previous_end : m.start()]):
                    label = previous.label
                else:
                    label = _label(clause, sentence[m.end() :], unit[-1] in measure_words)
                quoted = re.search(r"[“「]([^”」]{2,20})[”」]$", before)
                if label == TODO and quoted:  # “百姓说事点”225个: the name just before
                    label = quoted.group(1)
                note = qualifier.group(0) if qualifier else ""
                figure = Figure(
                    label,
                    m.group(1),
                    unit,
                    int(year.group(1)) if year and year.group(1) else None,
                    note,
                )
                previous, previous_end = figure, m.end()
                if (figure.value, unit) not in seen:  # 3名村支书, 3个村… once
                    seen.add((figure.value, unit))
                    out.append(figure)
    return out


def _label(before: str, after: str, measure_word: bool) -> str:
    """The noun phrase of what is counted: after a measure word (53个部门窗口), else before
    the number (群众满意度达到97.3%); TODO when neither is more than a fragment."""
    noun_after = re.split(rf"[{_CLAUSE_BREAK}\d和及与與]", after, maxsplit=1)[0]
    noun_after = re.split(_AFTER_NOUN, noun_after.removeprefix("的"))[0][:12]
    noun_before = _OWN_YEAR.sub("", before)
    verbs = list(_COUNTING_VERB.finditer(noun_before))
    if verbs and verbs[-1].end() < len(noun_before):
        noun_before = noun_before[verbs[-1].end() :]
    while (lead := _LABEL_LEAD.match(noun_before)) and lead.end() < len(noun_before):
        noun_before = noun_before[lead.end() :]
    while (tail := _LABEL_TAIL.search(noun_before)) and tail.start() > 0:
        noun_before = noun_before[: tail.start()]
    choices = [noun_after, noun_before] if measure_word else [noun_before, noun_after]
    usable = [
        c.strip()
        for c in choices
        if len(c.strip()) >= 2 and not _FRAGMENT.search(c) and not _BARE_VERB.match(c)
    ]
    return usable[0][-20:] if usable else TODO


# The fewest terms a case lists (content/schema.py): a draft suggests at least these many.
LEAST_TERMS: dict[Kind, int] = {"mechanism": 2, "outcome": 1}


def find_terms(text: str, ctx: Context, kind: Kind) -> list[str]:
    """Taxonomy ids whose name or synonyms occur in the text (either script), most often
    named first, at most MAX_TERMS; when fewer than a case needs, the nearest terms after
    them (`_nearest_terms`)."""
    folded = ctx.fold(text)
    counts = []
    for order, term in enumerate(ctx.taxonomy.terms(kind)):
        n = sum(folded.count(ctx.fold(w)) for w in (term.name, *term.synonyms))
        if n:
            counts.append((-n, order, term.id))
    found = [term_id for _, _, term_id in sorted(counts)[:MAX_TERMS]]
    missing = LEAST_TERMS[kind] - len(found)
    if missing > 0:
        found += [t for t in _nearest_terms(folded, ctx, kind) if t not in found][:missing]
    return found


def _nearest_terms(folded: str, ctx: Context, kind: Kind) -> list[str]:
    """Terms ranked by the two-character words of their name or a synonym that the text has
    (群众满意度 for 公众满意度提升's synonym 群众满意度提升); at least two such words."""
    ranked = []
    for order, term in enumerate(ctx.taxonomy.terms(kind)):
        best = (0, 0.0)
        for word in (term.name, *term.synonyms):
            pairs = {w for w in (ctx.fold(word)[i : i + 2] for i in range(len(word) - 1))}
            hits = sum(p in folded for p in pairs if re.fullmatch(r"[\u4e00-\u9fff]{2}", p))
            best = max(best, (hits, hits / max(1, len(pairs))))
        if best[0] >= 2:
            ranked.append((-best[0], -best[1], order, term.id))
    return [term_id for *_, term_id in sorted(ranked)]


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
