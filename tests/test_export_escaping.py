"""Every export escaped for its format, whatever its values hold: CSV cells are never formulas,
RIS and BibTeX keep one field per value and one record per case, every XML file parses,
robots.txt keeps its lines, JSON is inert inside HTML, and a bad date stops the build.

The exporters are called directly on a built site whose values are replaced by hostile ones,
so these tests hold whatever the input checks reject before the exporters see it."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govcases.config import load_config
from govcases.model import BuildError, Metric, OutputFile, Source
from govcases.pipeline import build
from govcases.site.cite import bib_key, bib_text, case_citation, one_line, url_text
from govcases.site.exports import (
    FORMULA_START,
    atom_feed,
    case_record,
    cases_csv,
    citation_files,
    csv_cell,
    csv_number,
    data_files,
    feeds_and_maps,
    robots,
    sitemap,
    xml_safe,
)
from govcases.site.records import CaseRecord
from govcases.site.views import SiteData
from helpers import case_text, editor_text, make_project

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RIS_LINE = re.compile(r"[A-Z][A-Z0-9]  - ")
FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\x00=cmd|' /C calc'!A0",
]
BREAKERS = [
    "a\nER  - \r\nTY  - JOUR\r\nTI  - injected",
    "a\rER  - ",
    "a\u2028TY  - X\u2029b\x85c\x0bd\x0ce\x1cf\x1dg\x1eh",
    "x}, note = {injected",
    "x}}\n@misc{evil,\n  title = {y",
    "back\\slash\\}{ and \\{ ~^%&$#_",
    "{{{",
    "}}}",
]
XML_BREAKERS = [
    "esc\x1b nul\x00 bell\x07 \ufffe\uffff lone\ud800\udfff",
    "</title><x>&amp;]]><![CDATA[",
    "quote\" 'apos' <!-- -->",
    "cr\rlf\ntab\t",
]
HOSTILE_BASE = 'https://x.org/a b\nER  - \r\nDisallow: /\u2028#"<&>{}\\/'
SPECIALS = [
    *"=+-@\t\r\n{}\\%&$#_~^\"'<>;,",
    *"\x00\x1b\x7f\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\u3000\ufffe\uffff\ud800\udc00",
    "\r\n",
    "ER  - ",
    "TY  - ",
    "@misc{x,",
    "]]>",
    "</script>",
]
hostile_text = st.lists(
    st.one_of(editor_text, st.sampled_from(SPECIALS), st.characters()), max_size=30
).map("".join)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> SiteData:
    """A one-case site as the build saw it, to put hostile values into."""
    project = make_project(tmp_path_factory.mktemp("escaping"), {"sample.md": case_text()})
    config = load_config(project, sources_dir="none", cache_dir="")
    return build(config).built.site


def hostile(
    site: SiteData,
    titles: list[str] | None = None,
    summary: str = "荔湾区",
    locality: str = "广州荔湾",
    base_url: str = "/",
    title: str = "地方治理创新案例库",
    start: int = 2014,
) -> SiteData:
    """The site with one case per title (ids c0, c1, …), each with these values in both
    scripts; settings replaced without the checks a loaded config goes through."""
    (sample,) = site.docs.values()
    docs = {}
    for i, case_title in enumerate(titles or ["荔湾区一窗式改革"]):
        text = {
            s: replace(t, title=case_title, summary=summary, locality=locality)
            for s, t in sample.text.items()
        }
        case = replace(sample.case, id=f"c{i}", locality=locality, start=start)
        docs[case.id] = replace(sample, case=case, text=text)
    config = site.config.model_copy(update={"base_url": base_url, "title": title})
    indexes = replace(site.indexes, case_ids=tuple(docs))
    return replace(site, config=config, docs=docs, indexes=indexes)


def files(outputs: list[OutputFile], suffix: str) -> dict[str, bytes]:
    return {f.path: f.content for f in outputs if f.path.endswith(suffix)}


def csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def neutral(value: str) -> str:
    """What a text cell must read back as: XML-forbidden characters gone, a quote in front of
    anything a spreadsheet would evaluate."""
    clean = xml_safe(value)
    return "'" + clean if clean.startswith(FORMULA_START) else clean


NUMERIC = {"start", "end", "metrics", "year"}


def assert_no_formula(row: dict[str, str]) -> None:
    """Numeric columns hold a number or nothing; no other cell starts like a formula."""
    numbers = [row[k] for k in NUMERIC if k in row]
    assert all(v == "" or re.fullmatch(r"-?[0-9]+", v) for v in numbers), row
    assert not any(v.startswith(FORMULA_START) for k, v in row.items() if k not in NUMERIC), row


def ris_fields(text: str) -> dict[str, str]:
    """One RIS record: every line a tag line, no line break inside a value, TY first, ER last."""
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    assert text.splitlines() == lines  # no other line separator anywhere
    assert all(RIS_LINE.match(line) for line in lines), lines
    tags = [line[:2] for line in lines]
    assert tags[0] == "TY" and tags[-1] == "ER"
    assert tags.count("TY") == 1 and tags.count("ER") == 1
    assert len(set(tags)) == len(tags)  # no tag twice: no value added a field
    return {line[:2]: line[6:] for line in lines}


def bibtex_entries(text: str) -> list[tuple[str, dict[str, str]]]:
    """Parse as BibTeX does: a field ends at the brace that balances its opening one, and a
    backslash does not hide a brace from that count."""
    entries = []
    pos = 0
    while text[pos:].strip():
        head = re.compile(r"\s*@misc\{([^\s,{}]+),").match(text, pos)
        assert head, text[pos:]
        fields: dict[str, str] = {}
        pos = head.end()
        while True:
            name = re.compile(r"\s*(\w+) = \{").match(text, pos)
            assert name, text[pos:]
            depth, i = 1, name.end()
            while depth:
                assert i < len(text), "unbalanced braces"
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            assert name.group(1) not in fields
            fields[name.group(1)] = text[name.end() : i - 1]
            after = re.compile(r"\s*([,}])").match(text, i)
            assert after, text[i:]
            pos = after.end()
            if after.group(1) == "}":
                break
        entries.append((head.group(1), fields))
    return entries


BIB_FIELDS = {"title", "author", "year", "date", "url", "urldate", "language", "note"}
TEX = {
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
}


def untex(value: str) -> str:
    """A BibTeX field value back as text, undoing bib_text's escapes."""
    assert "\n" not in value and "\r" not in value
    return re.sub(r"\\(text[a-z]+)\{\}|\\([%&$#_])", lambda m: TEX[m[1]] if m[1] else m[2], value)


def check_bibtex(text: str, key: str) -> dict[str, str]:
    ((found, fields),) = bibtex_entries(text)
    assert found == key
    assert set(fields) == BIB_FIELDS
    assert fields["author"].startswith("{") and fields["author"].endswith("}")
    return fields


def check_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)


def parsed(value: str) -> str:
    """Element text as an XML parser returns it: forbidden characters gone, line ends as LF."""
    return xml_safe(value).replace("\r\n", "\n").replace("\r", "\n")


# ---- CSV ---------------------------------------------------------------------------------------


def test_csv_cell_rule() -> None:
    assert csv_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert [csv_cell(v) for v in ("+1", "-3", "@SUM(A1)", "\t1", "\r1")] == [
        "'+1",
        "'-3",
        "'@SUM(A1)",
        "'\t1",
        "'\r1",
    ]
    assert csv_cell("\x00\x1b=1") == "'=1"  # what a reader would see first is checked
    assert csv_cell(-3) == -3 and csv_cell(2014) == 2014  # numeric columns stay numbers
    assert [csv_cell(v) for v in ("a=1", "1-2", "荔湾", "", "'=1")] == [
        "a=1",
        "1-2",
        "荔湾",
        "",
        "'=1",
    ]


def test_cases_csv_neutralizes_formulas(plain: SiteData) -> None:
    site = hostile(plain, FORMULAS, locality="=1+1", start=-221)
    (content,) = files(data_files(site), "/cases.csv").values()
    rows = csv_rows(content)
    assert [r["title_zh_hans"] for r in rows] == [neutral(t) for t in FORMULAS]
    assert [r["title_zh_hant"] for r in rows] == [neutral(t) for t in FORMULAS]
    assert rows[0]["title_zh_hans"] == '\'=HYPERLINK("http://x","y")'
    assert rows[6]["title_zh_hans"] == "'=cmd|' /C calc'!A0"
    assert {r["locality"] for r in rows} == {"'=1+1"}
    assert {r["start"] for r in rows} == {"-221"}  # a negative year in a numeric column
    for row in rows:
        assert_no_formula(row)


def test_cases_csv_url_cells_are_neutralized(plain: SiteData) -> None:
    site = hostile(plain, base_url="=cmd|https://x.org/")
    (content,) = files(data_files(site), "/cases.csv").values()
    (row,) = csv_rows(content)
    assert row["url_zh_hans"] == "'=cmd|https://x.org/zh-hans/cases/c0/"


# ---- RIS and BibTeX ----------------------------------------------------------------------------


def with_figures(site: SiteData, texts: list[str]) -> SiteData:
    """The one-case site with one figure and one source per text, every text field of each
    holding that text, in both scripts."""
    (doc,) = site.docs.values()
    metrics = tuple(
        Metric(label=t, value="-3" if i == 0 else "91.70", unit=t, source=t, note=t)
        for i, t in enumerate(texts)
    )
    sources = tuple(
        Source(
            key=t, title=t, author=t, publisher=t, date=t, url=t, document=t, pages=t, container=t
        )
        for t in texts
    )
    case = replace(doc.case, metrics=metrics, sources=sources)
    labels = tuple((t, t, t) for t in texts)
    text = {s: replace(t, metric_labels=labels) for s, t in doc.text.items()}
    return replace(site, docs={case.id: replace(doc, case=case, text=text)})


def test_metrics_and_sources_csv_neutralize_formulas(plain: SiteData) -> None:
    outputs = files(data_files(with_figures(plain, FORMULAS)), ".csv")
    for path in ("data/metrics.zh-hans.csv", "data/metrics.zh-hant.csv"):
        rows = csv_rows(outputs[path])
        assert list(rows[0]) == ["case", "label", "value", "unit", "year", "note", "source"]
        for column in ("label", "unit", "note", "source"):
            assert [r[column] for r in rows] == [neutral(t) for t in FORMULAS]
        # A figure is digits as printed: a negative one stays a number, 91.70 keeps its zero.
        assert [r["value"] for r in rows] == ["-3"] + ["91.70"] * (len(FORMULAS) - 1)
        for row in rows:
            assert_no_formula({k: v for k, v in row.items() if k != "value"})
    rows = csv_rows(outputs["data/sources.csv"])
    for column in (
        "key",
        "title",
        "author",
        "container",
        "publisher",
        "date",
        "pages",
        "url",
        "document",
    ):
        assert [r[column] for r in rows] == [neutral(t) for t in FORMULAS]
    for row in rows:
        assert_no_formula(row)


def test_csv_number_writes_only_plain_decimals_unchanged() -> None:
    assert [csv_number(v) for v in ("53", "91.70", "-3", "-0.5")] == ["53", "91.70", "-3", "-0.5"]
    assert [csv_number(v) for v in ("-3+cmd", "=1", "1e5", "-", "+1")] == [
        "'-3+cmd",
        "'=1",
        "1e5",
        "'-",
        "'+1",
    ]


def test_citations_keep_one_field_per_value(plain: SiteData) -> None:
    site = hostile(plain, BREAKERS, locality="广州}\n荔湾\\", base_url=HOSTILE_BASE, title="库}\n{")
    outputs = citation_files(site)
    ris, bib = files(outputs, ".ris"), files(outputs, ".bib")
    assert len(ris) == len(bib) == 2 * len(BREAKERS)
    for i, case_title in enumerate(BREAKERS):
        for prefix in ("zh-hans", "zh-hant"):
            path = f"{prefix}/cases/c{i}/c{i}"
            fields = ris_fields(ris[path + ".ris"].decode("utf-8"))
            assert fields["TI"] == one_line(case_title)
            assert fields["CY"] == "广州} 荔湾\\"
            assert fields["UR"] == url_text(f"{HOSTILE_BASE}{prefix}/cases/c{i}/")
            assert not re.search(r"\s", fields["UR"])
            tex = check_bibtex(bib[path + ".bib"].decode("utf-8"), f"govcases-c{i}")
            assert untex(tex["title"]) == one_line(case_title)
            assert untex(tex["note"]) == "广州} 荔湾\\"
            assert "{" not in tex["url"] and "}" not in tex["url"]


def test_newlines_in_base_url_add_no_ris_record(plain: SiteData) -> None:
    site = hostile(plain, base_url="https://x.org/\r\nER  - \r\n\r\nTY  - JOUR\r\nTI  - evil\r\n")
    for path, content in files(citation_files(site), ".ris").items():
        fields = ris_fields(content.decode("utf-8"))
        assert fields["UR"].startswith("https://x.org/%0D%0AER%20%20-%20%0D%0A"), path


def test_ordinary_citation_is_unchanged() -> None:
    cite = case_citation(
        publisher="地方治理创新案例库",
        title="荔湾区一窗式改革 100% R&D_1",
        url="https://example.org/zh-hans/cases/sample/",
        added="2026-11-21",
        cited="2026-12-01",
        place="广州荔湾",
        lang="zh-Hans",
        key="govcases-sample",
    )
    assert cite.bibtex == (
        "@misc{govcases-sample,\n  title = {荔湾区一窗式改革 100\\% R\\&D\\_1},\n"
        "  author = {{地方治理创新案例库}},\n  year = {2026},\n  date = {2026-11-21},\n"
        "  url = {https://example.org/zh-hans/cases/sample/},\n  urldate = {2026-12-01},\n"
        "  language = {zh-Hans},\n  note = {广州荔湾}\n}\n"
    )
    assert cite.ris == (
        "TY  - ELEC\r\nTI  - 荔湾区一窗式改革 100% R&D_1\r\nAU  - 地方治理创新案例库\r\n"
        "PB  - 地方治理创新案例库\r\nPY  - 2026\r\nDA  - 2026/11/21\r\n"
        "UR  - https://example.org/zh-hans/cases/sample/\r\nY2  - 2026/12/01\r\n"
        "LA  - zh-Hans\r\nCY  - 广州荔湾\r\nER  - \r\n"
    )


def test_bib_text_balances_braces() -> None:
    assert bib_text("a{b") == "a\\textbraceleft{}b"
    assert bib_text("}\\") == "\\textbraceright{}\\textbackslash{}"
    assert bib_text("x\r\n\u2028y") == "x y"


# ---- XML -------------------------------------------------------------------------------------


def test_every_xml_file_parses(plain: SiteData) -> None:
    site = hostile(
        plain, XML_BREAKERS, summary="".join(XML_BREAKERS), base_url=HOSTILE_BASE, title="Lib\x1b<&"
    )
    pages = [f"{p}/cases/c{i}/index.html" for p in ("zh-hans", "zh-hant") for i in range(4)]
    outputs = feeds_and_maps(site, pages)
    xml = files(outputs, ".xml")
    assert sorted(xml) == ["sitemap.xml", "zh-hans/feed.xml", "zh-hant/feed.xml"]
    for prefix in ("zh-hans", "zh-hant"):
        feed = check_xml(xml[f"{prefix}/feed.xml"])
        assert feed.findtext(f"{ATOM}title") == "Lib<&"
        entries = feed.findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}title") for e in entries] == [
            parsed(t) for t in reversed(XML_BREAKERS)
        ]
        assert {e.findtext(f"{ATOM}summary") for e in entries} == {parsed("".join(XML_BREAKERS))}
        for link in feed.iter(f"{ATOM}link"):
            assert not re.search(r"\s", link.get("href", "")), link.attrib
    urls = check_xml(xml["sitemap.xml"])
    locs = [u.findtext(f"{SITEMAP}loc") or "" for u in urls]
    assert len(locs) == 8 and not any(re.search(r"\s", loc) for loc in locs)
    assert {u.findtext(f"{SITEMAP}lastmod") for u in urls} == {site.build_date}


def test_xml_keeps_ordinary_text(plain: SiteData) -> None:
    assert (
        xml_safe("荔湾 a&b <c>\t\n\r \U0001f600 \ufffd") == "荔湾 a&b <c>\t\n\r \U0001f600 \ufffd"
    )
    feed = atom_feed(hostile(plain, ["R&D <新>"]), "hans").content.decode("utf-8")
    assert "<title>R&amp;D &lt;新&gt;</title>" in feed


# ---- robots.txt, JSON --------------------------------------------------------------------------


def test_robots_lines_cannot_be_added(plain: SiteData) -> None:
    text = robots(hostile(plain, base_url="/a\nDisallow: /\r\n#x\u2028y\x85/")).content.decode()
    lines = text.splitlines()
    assert text.endswith("\n") and len(lines) == 4
    assert [line.split(":", 1)[0] for line in lines] == [
        "User-agent",
        "Allow",
        "Disallow",
        "Sitemap",
    ]
    assert lines[2] == "Disallow: /a%0ADisallow:%20/%0D%0A%23x%E2%80%A8y%C2%85/editors/"
    assert "#" not in text


def test_json_is_inert_inside_html(plain: SiteData) -> None:
    title = "</script><!--\u2028\u2029x\ud800"
    outputs = {f.path: f.content for f in data_files(hostile(plain, [title]))}
    for path in ("data/cases.json", "data/cases/c0.json"):
        raw = outputs[path]
        assert b"<" not in raw and "\u2028".encode() not in raw and "\u2029".encode() not in raw
        data = json.loads(raw.decode("utf-8"))
        record = data["cases"][0] if "cases" in data else data
        assert record["title"]["zh-Hans"] == title


# ---- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date", ["2026-11-21</lastmod><x>", "2026-02-30", "20261121", "2026-11-21\n"]
)
def test_bad_build_date_stops_every_dated_export(plain: SiteData, date: str) -> None:
    site = replace(plain, build_date=date)
    for export in (
        lambda: data_files(site),
        lambda: citation_files(site),
        lambda: atom_feed(site, "hans"),
        lambda: sitemap(site, ["zh-hans/index.html"]),
    ):
        with pytest.raises(BuildError) as caught:
            export()
        (problem,) = caught.value.diagnostics
        assert (problem.path, problem.field, problem.code) == ("site.yaml", "build_date", "config")
        assert repr(date) in problem.message


def test_bad_added_date_stops_the_feed(plain: SiteData) -> None:
    site = hostile(plain)
    doc = site.docs["c0"]
    case = replace(doc.case, added="2026-11-21T00:00:00Z</published><x>")
    site = replace(site, docs={"c0": replace(doc, case=case)})
    with pytest.raises(BuildError) as caught:
        atom_feed(site, "hant")
    (problem,) = caught.value.diagnostics
    assert (problem.path, problem.field) == (doc.case.path, "added")


# ---- through a whole build -------------------------------------------------------------------


def test_build_with_hostile_case_values(tmp_path: Path) -> None:
    """Escapes in the YAML give a title and a summary that today reach the exporters; should
    the input checks reject them, the build must fail naming the fields instead."""
    text = case_text(
        title="title: '=HYPERLINK(\"http://x\")'", summary='summary: "a\\x1bb\\x00c\\uFFFE}{"'
    )
    project = make_project(tmp_path, {"sample.md": text})
    config = load_config(project, sources_dir="none", cache_dir="")
    try:
        build(config)
    except BuildError as exc:
        assert {d.field for d in exc.diagnostics} <= {"title", "summary"}, exc
        return
    out = project / "_site"
    (row,) = csv_rows((out / "data/cases.csv").read_bytes())
    assert row["title_zh_hans"] == '\'=HYPERLINK("http://x")'
    for prefix in ("zh-hans", "zh-hant"):
        feed = ET.parse(out / prefix / "feed.xml").getroot()
        assert feed.findtext(f"{ATOM}entry/{ATOM}summary") == "abc}{"
        ris_fields((out / prefix / "cases/sample/sample.ris").read_bytes().decode("utf-8"))
        check_bibtex(
            (out / prefix / "cases/sample/sample.bib").read_text("utf-8"), "govcases-sample"
        )
    ET.parse(out / "sitemap.xml")


def test_build_with_bad_build_date_fails(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": case_text()})
    with pytest.raises(BuildError) as caught:
        config = load_config(
            project, sources_dir="none", cache_dir="", build_date="2026-11-21</lastmod>"
        )
        build(config)
    assert "build_date" in {d.field for d in caught.value.diagnostics}
    assert not (project / "_site").exists()


# ---- properties ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def record(plain: SiteData) -> CaseRecord:
    (doc,) = plain.docs.values()
    return case_record(plain, doc)


@given(hostile_text, hostile_text, hostile_text)
def test_fuzz_csv_cells_are_never_formulas(
    record: CaseRecord, hans: str, hant: str, locality: str
) -> None:
    changed = record.model_copy(
        update={"title": {"zh-Hans": hans, "zh-Hant": hant}, "locality": locality}
    )
    (row,) = csv_rows(cases_csv([changed]))
    assert (row["title_zh_hans"], row["title_zh_hant"]) == (neutral(hans), neutral(hant))
    assert row["locality"] == neutral(locality)
    assert row["id"] == record.id
    assert_no_formula(row)


@given(hostile_text, hostile_text, hostile_text, hostile_text, hostile_text)
def test_fuzz_citations_keep_their_structure(
    title: str, publisher: str, place: str, url: str, key: str
) -> None:
    cite = case_citation(
        publisher=publisher,
        title=title,
        url=url,
        added="2026-11-21",
        cited="2026-12-01",
        place=place,
        lang="zh-Hans",
        key=key,
    )
    fields = ris_fields(cite.ris)
    assert (fields["TI"], fields["AU"], fields["CY"]) == tuple(
        map(one_line, (title, publisher, place))
    )
    assert fields["UR"] == url_text(url) and not re.search(r"\s", fields["UR"])
    tex = check_bibtex(cite.bibtex, bib_key(key))
    assert untex(tex["title"]) == one_line(title)
    assert untex(tex["author"][1:-1]) == one_line(publisher)
    assert untex(tex["note"]) == one_line(place)
    assert tex["url"] == url_text(url)


@given(hostile_text, hostile_text, hostile_text)
def test_fuzz_feeds_and_sitemap_are_well_formed(
    plain: SiteData, title: str, summary: str, base_url: str
) -> None:
    site = hostile(plain, [title], summary=summary, base_url=base_url)
    outputs = feeds_and_maps(site, ["zh-hans/cases/c0/index.html", "zh-hant/index.html"])
    for path, content in files(outputs, ".xml").items():
        root = check_xml(content)
        if path.endswith("feed.xml"):
            assert root.findtext(f"{ATOM}entry/{ATOM}title") == parsed(title)
            assert root.findtext(f"{ATOM}entry/{ATOM}summary") == parsed(summary)
    (text,) = files(outputs, "robots.txt").values()
    assert len(text.decode("utf-8").splitlines()) == 4
