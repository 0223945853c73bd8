"""The about, method and licence pages, the licence on every page and in every data file, and
the downloads: metrics and sources CSV against the case files, each case's full text by
section against its page, and the data dictionary."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import yaml

from govcases.config import load_config
from govcases.messages import render
from govcases.model import BuildError
from govcases.pipeline import build
from govcases.site.pages import PLACEHOLDERS
from govcases.zh.conversion import Converter, detect_script, load_glossary
from helpers import CASE_IDS, ROOT, case_text, html_files, make_project, parse

CONFIG = load_config(ROOT)
LICENCE = CONFIG.licence
TREES = ("zh-hans", "zh-hant")
LANGS = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def conv() -> Converter:
    return Converter(
        CONFIG.variant, load_glossary(ROOT / "glossary.yaml"), corner_quotes=CONFIG.corner_quotes
    )


def front_matter(case_id: str) -> dict[str, Any]:
    text = (ROOT / "cases" / f"{case_id}.md").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text.split("---\n")[1])
    return data


def body_text(html: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    return re.sub(r"\s+", "", unescape(re.sub(r"<[^>]+>", "", html)))


def page_body(path: Path) -> str:
    """The inner HTML of the page's `<div class="body">` (case body or text page)."""
    html = path.read_text(encoding="utf-8")
    found = re.search(r'<div class="body">\n(.*?)\n  </div>', html, re.S)
    assert found, path
    return found.group(1)


def case_order() -> list[str]:
    """The order of cases in every data file: newest start year first, then id."""
    return sorted(CASE_IDS, key=lambda i: (-front_matter(i)["period"]["start"], i))


def csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


# ---- the text pages --------------------------------------------------------------------------


def markdown_lines(name: str) -> tuple[str, list[str]]:
    """A page file's title and its text lines, placeholders filled and Markdown removed."""
    taxonomy = yaml.safe_load((ROOT / "taxonomy.yaml").read_text(encoding="utf-8"))
    values = {
        "site_title": CONFIG.title,
        "cases": str(len(CASE_IDS)),
        "mechanisms": str(len(taxonomy["mechanisms"])),
        "outcomes": str(len(taxonomy["outcomes"])),
        "categories": str(len(taxonomy["categories"])),
        "licence_url": LICENCE.url,
    }
    text = (ROOT / "pages" / f"{name}.md").read_text(encoding="utf-8")
    text = re.sub(r"\{\{ (\w+) \}\}", lambda m: values.get(m.group(1), m.group()), text)
    title, *lines = text.splitlines()
    plain = []
    for line in lines:
        line = re.sub(r"\[([^]]+)\]\([^)]+\)", r"\1", line)  # links keep their text
        line = re.sub(r"^(#+ |- |\d+\. )|\*\*|`|<|>", "", line)
        if line.strip():
            plain.append(re.sub(r"\s+", "", line))
    return title.removeprefix("# "), plain


@pytest.mark.parametrize("name", ["about", "method", "licence"])
def test_text_pages_say_what_their_files_say_in_both_scripts(
    site: Path, conv: Converter, name: str
) -> None:
    title, lines = markdown_lines(name)
    assert len(lines) >= 4
    for tree in TREES:
        page = site / tree / name / "index.html"
        html = page.read_text(encoding="utf-8")
        script = "hans" if tree == "zh-hans" else "hant"
        assert f"<h1>{conv.convert(title, 'hans', script)}</h1>" in html
        text = body_text(page_body(page))
        for line in lines:
            assert conv.convert(line, "hans", script) in text, (tree, line)
        assert "{{" not in html
        assert parse(page).lang == LANGS[tree]
    hant = body_text(page_body(site / "zh-hant" / name / "index.html"))
    assert detect_script(hant) == "hant"


def test_about_page_names_the_compiler_and_links_to_the_other_pages(site: Path) -> None:
    for tree in TREES:
        page = site / tree / "about" / "index.html"
        body = page_body(page)
        title = CONFIG.title if tree == "zh-hans" else "地方治理創新案例庫"
        assert f"本庫由{title}編纂" in body or f"本库由{title}编纂" in body
        assert f"{len(CASE_IDS)} 个案例" in body or f"{len(CASE_IDS)} 個案例" in body
        links = set(re.findall(r'href="([^"]+)"', body))
        assert {f"/{tree}/method/", f"/{tree}/licence/", f"/{tree}/data/"} <= links
        assert f"/{tree}/data/dictionary/" in links


def test_method_page_describes_coding_and_the_figure_check(site: Path) -> None:
    body = body_text(page_body(site / "zh-hans/method/index.html"))
    taxonomy = yaml.safe_load((ROOT / "taxonomy.yaml").read_text(encoding="utf-8"))
    for needle in ("GB/T2260", "OpenCC", "govcasescheck--conversion", "91.70", "待核对"):
        assert needle in body, needle
    assert f"下分{len(taxonomy['mechanisms'])}种治理机制" in body
    assert f"另有{len(taxonomy['outcomes'])}类成效" in body


def test_traditional_text_pages_keep_what_must_not_convert(site: Path) -> None:
    """Markup and the glossary work in page text as in cases: the markup syntax shows as
    written, the surname stays 范, and 地名表 is a table, not a watch (錶)."""
    method = body_text(page_body(site / "zh-hant/method/index.html"))
    assert "-{原文}-在兩種文字中都保持原樣（如作姓氏的「范」）" in method
    assert "例如簡體的「发」，在「頭髮」中轉為「髮」，在「發展」中轉為「發」" in method
    assert body_text(page_body(site / "zh-hans/method/index.html")).count("-{原文}-") == 1
    for name in ("about", "method", "licence"):
        text = body_text(page_body(site / "zh-hant" / name / "index.html"))
        assert "地名錶" not in text and "地名表" in text, name


def test_every_page_links_to_about_method_and_licence(site: Path) -> None:
    pages = [p for p in html_files(site) if p.relative_to(site).parts[0] in TREES]
    assert len(pages) > 200
    for page in pages:
        tree = page.relative_to(site).parts[0]
        links = set(parse(page).links)
        for name in ("about", "method", "licence"):
            assert f"/{tree}/{name}/" in links, (page, name)
        html = page.read_text(encoding="utf-8")
        footer = html[html.index('<footer class="foot">') :]
        assert f'<a href="/{tree}/licence/" rel="license">' in footer, page
        assert f'（<span class="licence-id">{LICENCE.id}</span>）' in footer, page
    for page in (site / "index.html", site / "404.html"):  # bilingual, outside the trees
        links = parse(page).links
        for tree in TREES:
            for name in ("about", "method", "licence"):
                assert f"/{tree}/{name}/" in links, (page, tree, name)


def test_licence_page_states_the_setting(site: Path) -> None:
    for tree, name in (("zh-hans", LICENCE.name), ("zh-hant", "知識共享署名 4.0 國際許可協議")):
        html = (site / tree / "licence/index.html").read_text(encoding="utf-8")
        assert f'<a href="{LICENCE.url}" rel="license">{name}</a>' in html
        assert f"<code>{LICENCE.id}</code>" in html
        assert f'<a href="{LICENCE.url}" rel="noopener noreferrer">{LICENCE.url}</a>' in page_body(
            site / tree / "licence/index.html"
        )


def test_every_case_page_shows_the_licence_after_its_citation(site: Path) -> None:
    for tree in TREES:
        for case_id in CASE_IDS:
            html = (site / tree / "cases" / case_id / "index.html").read_text(encoding="utf-8")
            cite, licence = html.index('<section id="cite">'), html.index('id="licence"')
            assert cite < licence < html.index("</section>", cite)
            statement = html[licence : html.index("</p>", licence)]
            assert f'href="/{tree}/licence/"' in statement
            assert f'href="{LICENCE.url}" rel="license">{LICENCE.id}</a>' in statement
            jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html)
            assert jsonld and json.loads(jsonld.group(1))["license"] == LICENCE.url


# ---- the licence in every data file ----------------------------------------------------------


def test_every_data_file_carries_the_licence(site: Path) -> None:
    expected = {
        "id": LICENCE.id,
        "url": LICENCE.url,
        "name": {"zh-Hans": LICENCE.name, "zh-Hant": "知識共享署名 4.0 國際許可協議"},
    }
    meta = json.loads((site / "data/csv-metadata.json").read_text(encoding="utf-8"))
    assert meta["dc:license"] == {"@id": LICENCE.url}
    tables = {t["url"]: t for t in meta["tables"]}
    data = sorted(p for p in (site / "data").rglob("*") if p.is_file())
    assert len(data) == len(CASE_IDS) + 8
    for path in data:
        rel = path.relative_to(site / "data").as_posix()
        if path.suffix == ".csv":  # described, with its licence, by the CSVW metadata beside it
            assert tables[rel]["dc:license"] == {"@id": LICENCE.url}, rel
            header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
            assert [c["name"] for c in tables[rel]["tableSchema"]["columns"]] == header
        elif rel.endswith(".schema.json"):  # a schema, whose records must carry it
            assert "licence" in json.loads(path.read_text(encoding="utf-8"))["required"], rel
        elif rel != "csv-metadata.json":
            assert json.loads(path.read_text(encoding="utf-8"))["licence"] == expected, rel
    assert set(tables) == {p.name for p in data if p.suffix == ".csv"}
    for tree in TREES:
        feed = ET.parse(site / tree / "feed.xml").getroot()
        rights = feed.findtext(f"{ATOM}rights") or ""
        assert LICENCE.id in rights and LICENCE.url in rights
        assert expected["name"][LANGS[tree]] in rights
        link = feed.find(f"{ATOM}link[@rel='license']")
        assert link is not None and link.get("href") == LICENCE.url


def test_licence_setting_changes_every_statement(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": case_text()})
    (project / "site.yaml").write_text(
        "licence:\n  name: 公有领域贡献\n  id: CC0-1.0\n"
        "  url: https://creativecommons.org/publicdomain/zero/1.0/\n",
        encoding="utf-8",
    )
    build(load_config(project, sources_dir="none", cache_dir=""))
    out = project / "_site"
    record = json.loads((out / "data/cases/sample.json").read_text(encoding="utf-8"))
    assert record["licence"]["id"] == "CC0-1.0"
    assert record["licence"]["name"] == {"zh-Hans": "公有领域贡献", "zh-Hant": "公有領域貢獻"}
    case = (out / "zh-hant/cases/sample/index.html").read_text(encoding="utf-8")
    assert "公有領域貢獻" in case and "CC-BY" not in case
    assert "CC0-1.0" in (out / "zh-hans/feed.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("setting", "field", "words"),
    [
        ("licence: {id: 'CC BY'}", "licence.id", "SPDX"),
        ("licence: {url: 'javascript:alert(1)'}", "licence.url", "http(s) address"),
        ("licence: {url: 'https://x.org/a b'}", "licence.url", "http(s) address"),
        ("licence: {name: ''}", "licence.name", "empty"),
        ('licence: {name: "a\\nb"}', "licence.name", ""),
        ("licence: {spdx: CC0-1.0}", "licence.spdx", "unknown setting"),
        ("licence: CC-BY-4.0", "licence", ""),
    ],
)
def test_bad_licence_setting_is_a_clear_error(
    tmp_path: Path, setting: str, field: str, words: str
) -> None:
    (tmp_path / "site.yaml").write_text(f"title: x\n{setting}\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_config(tmp_path)
    (problem,) = caught.value.diagnostics
    assert (problem.path, problem.line, problem.field) == ("site.yaml", 2, field)
    assert words in render(problem.message)


# ---- the page files --------------------------------------------------------------------------


def test_a_missing_or_broken_page_file_stops_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": case_text()})
    (project / "pages/about.md").unlink()
    (project / "pages/method.md").write_text("方法\n\n正文\n", encoding="utf-8")
    (project / "pages/licence.md").write_text("# 许可\n\n见 {{ licence_text }}。\n", "utf-8")
    with pytest.raises(BuildError) as caught:
        build(load_config(project, sources_dir="none", cache_dir=""))
    found = {(d.path, d.line, d.code) for d in caught.value.diagnostics}
    assert found == {
        ("pages/about.md", 0, "missing-file"),
        ("pages/method.md", 1, "title"),
        ("pages/licence.md", 3, "placeholder"),
    }
    hint = render(next(d.hint for d in caught.value.diagnostics if d.code == "placeholder"))
    assert all("{{ " + p + " }}" in hint for p in PLACEHOLDERS)
    assert not (project / "_site").exists()


def test_page_text_cannot_put_script_into_the_site(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"sample.md": case_text()})
    (project / "pages/about.md").write_text(
        "# 关于 <script>alert(1)</script>\n\n<script>alert(2)</script>"
        '<a href="javascript:alert(3)" onclick="x()">链接</a>\n\n{{ site_title }}\n',
        encoding="utf-8",
    )
    build(load_config(project, sources_dir="none", cache_dir=""))
    for tree in TREES:
        html = (project / "_site" / tree / "about/index.html").read_text(encoding="utf-8")
        assert "<script>alert" not in html and "javascript:" not in html
        assert "onclick" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html  # the title is text
    (project / "pages/about.md").write_text("# 关于\n\n\x1b[2J\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(load_config(project, sources_dir="none", cache_dir=""))
    assert [(d.path, d.line, d.code) for d in caught.value.diagnostics] == [
        ("pages/about.md", 3, "control")
    ]


def test_page_files_and_their_folder_are_never_read_through_a_link(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    project = make_project(tmp_path / "p", {"sample.md": case_text()})
    outside = tmp_path / "outside.md"
    outside.write_text("# 外部\n\n不应发布\n", encoding="utf-8")
    (project / "pages/about.md").unlink()
    (project / "pages/about.md").symlink_to(outside)
    config = load_config(project, sources_dir="none", cache_dir="")
    with pytest.raises(BuildError) as caught:
        build(config)
    assert [(d.path, d.code) for d in caught.value.diagnostics] == [("pages/about.md", "symlink")]
    (project / "pages").rename(project / "real-pages")
    (project / "pages").symlink_to(project / "real-pages")
    with pytest.raises(BuildError) as caught:
        build(config)
    assert [(d.path, d.code) for d in caught.value.diagnostics] == [("pages", "symlink")]
    assert not (project / "_site").exists()


# ---- downloads -------------------------------------------------------------------------------


def test_metrics_csv_has_one_row_per_figure_of_every_case(site: Path, conv: Converter) -> None:
    for tree in TREES:
        script = "hans" if tree == "zh-hans" else "hant"
        rows = csv_rows(site / "data" / f"metrics.{tree}.csv")
        assert list(rows[0]) == ["case", "label", "value", "unit", "year", "note", "source"]
        expected = []
        for case_id in case_order():
            data = front_matter(case_id)
            written = detect_script(data["title"] + data["summary"])
            for m in data.get("metrics", []):
                texts = [m["label"], m["unit"], m.get("note", "")]
                expected.append(
                    {
                        "case": case_id,
                        "label": conv.convert(texts[0], written, script),
                        "value": str(m["value"]),
                        "unit": conv.convert(texts[1], written, script),
                        "year": str(m.get("year", "")),
                        "note": conv.convert(texts[2], written, script),
                        "source": m["source"],
                    }
                )
        assert rows == expected
        assert len(rows) > 50


def test_sources_csv_has_one_row_per_source_of_every_case(site: Path) -> None:
    rows = csv_rows(site / "data/sources.csv")
    columns = ["case", "key", "title", "author", "container", "publisher", "date", "pages"]
    columns += ["url", "document", "document_url"]
    assert list(rows[0]) == columns
    expected = [
        {"case": case_id}
        | {k: str(s.get(k, "")) for k in columns[1:-1]}
        | {"document_url": f"/sources/{s['document']}"}
        for case_id in case_order()
        for s in front_matter(case_id)["sources"]
    ]
    assert rows == expected
    assert any(r["pages"] for r in rows) and any(r["date"] for r in rows)
    assert any(r["container"] for r in rows)


def test_case_json_holds_the_full_text_by_section(site: Path) -> None:
    for case_id in CASE_IDS:
        record = json.loads((site / f"data/cases/{case_id}.json").read_text(encoding="utf-8"))
        sections = record["sections"]
        body = (ROOT / "cases" / f"{case_id}.md").read_text(encoding="utf-8").split("---\n", 2)[2]
        assert len(sections) == body.count("\n## ") + body.startswith("## ")
        for tree in TREES:
            lang = LANGS[tree]
            page = page_body(site / tree / "cases" / case_id / "index.html")
            joined = "".join(
                (f'<h2 id="{s["id"]}">{s["heading"][lang]}</h2>' if s["id"] else "")
                + s["html"][lang]
                for s in sections
            )
            assert re.sub(r"\s+", "", joined) == re.sub(r"\s+", "", page), (case_id, tree)
            headings = re.findall(r'<h2 id="([^"]+)">([^<]*)</h2>', page)
            assert [(s["id"], s["heading"][lang]) for s in sections] == headings
            for s in sections:
                assert re.sub(r"\s+", "", s["text"][lang]) == body_text(s["html"][lang])
                assert "<" not in s["text"][lang]
    liwan = json.loads((site / "data/cases/guangzhou-liwan.json").read_text(encoding="utf-8"))
    first = liwan["sections"][0]
    assert (first["id"], first["heading"]) == ("beijing", {"zh-Hans": "背景", "zh-Hant": "背景"})
    assert liwan["sections"][1]["heading"]["zh-Hant"] == "舉措"
    assert "53个部门窗口被压缩为9个" in liwan["sections"][1]["text"]["zh-Hans"]
    assert "53個部門窗口被壓縮為9個" in liwan["sections"][1]["text"]["zh-Hant"]
    everything = json.loads((site / "data/cases.json").read_text(encoding="utf-8"))
    assert "sections" not in everything["cases"][0]  # only in each case's own file


def test_data_dictionary_describes_every_download_and_column(site: Path) -> None:
    meta = json.loads((site / "data/csv-metadata.json").read_text(encoding="utf-8"))
    for tree in TREES:
        data_page = site / tree / "data/index.html"
        assert f"/{tree}/data/dictionary/" in parse(data_page).links
        page = site / tree / "data/dictionary/index.html"
        html = page.read_text(encoding="utf-8")
        links = set(parse(page).links)
        for table in meta["tables"]:
            assert f"/data/{table['url']}" in links
            for column in table["tableSchema"]["columns"]:
                assert f"<tr><td><code>{column['name']}</code></td>" in html, column
                described = {d["@language"]: d["@value"] for d in column["dc:description"]}
                assert described[LANGS[tree]] in html
        for name in ("licence", "sections", "mechanisms", "generated"):
            assert f"<tr><td><code>{name}</code></td>" in html, name
        for download in parse(data_page).links:
            if download.startswith("/data/") and not download.startswith("/data/cases/"):
                assert download in links, download
    hant = (site / "zh-hant/data/dictionary/index.html").read_text(encoding="utf-8")
    assert "數據字典" in hant and "数据字典" not in hant
