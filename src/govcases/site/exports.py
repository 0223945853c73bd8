"""Data downloads, feeds and citations: JSON (with its JSON Schema), CSV, BibTeX, RIS, Atom,
sitemap and robots.txt. All produced as OutputFiles through the same write path as pages.

Each format is escaped here on its own, whatever the input checks let through: JSON is inert
inside HTML, CSV cells cannot be spreadsheet formulas, XML is well-formed whatever characters a
value holds, citations keep one field per value (cite.py), robots.txt one line per rule, and
dates are checked before they are written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from govcases.config import CONFIG_FILE
from govcases.model import SCRIPTS, BuildError, Diagnostic, Document, OutputFile, Region, Script
from govcases.site.cite import url_text
from govcases.site.dictionary import CSV_METADATA, SOURCES_FILE, csv_metadata
from govcases.site.records import (
    ActorRecord,
    CaseFileRecord,
    CaseRecord,
    CasesFile,
    LicenceRecord,
    MetricRecord,
    Named,
    RegionRecord,
    SourceRecord,
)
from govcases.site.sections import case_sections
from govcases.site.urls import (
    LANG,
    PREFIX,
    absolute,
    case_data,
    case_rel,
    citation_rel,
    data_file,
    href,
    in_script,
    metrics_file,
    source_document,
)
from govcases.site.views import SiteData, citation


def _named(d: Any) -> Named | None:
    return Named(code=d.code, name=d.name) if d is not None else None


def region_record(r: Region) -> RegionRecord:
    province = Named(code=r.province.code, name=r.province.name)
    return RegionRecord(
        province=province, city=_named(r.city), district=_named(r.district), zone=r.zone
    )


def case_record(site: SiteData, doc: Document) -> CaseRecord:
    c = doc.case
    fields: dict[str, Any] = dict(
        id=c.id,
        script=LANG[c.script],
        title={LANG[s]: doc.text[s].title for s in SCRIPTS},
        summary={LANG[s]: doc.text[s].summary for s in SCRIPTS},
        locality=c.locality,
        region=region_record(c.region),
        start=c.start,
        end=c.end,
        status=c.status,
        status_note=c.status_note,
        added=c.added,
        mechanisms=list(c.mechanisms),
        outcomes=list(c.outcomes),
        metrics=[
            MetricRecord(
                label=m.label, value=m.value, unit=m.unit, year=m.year, note=m.note, source=m.source
            )
            for m in c.metrics
        ],
        actors=[
            ActorRecord(name={LANG[s]: doc.text[s].actor_names[i] for s in SCRIPTS}, level=a.level)
            for i, a in enumerate(c.actors)
        ],
        sources=[
            SourceRecord(
                **vars(s),
                document_url=absolute(site.config, source_document(s.document))
                if s.document in site.shipped
                else "",
            )
            for s in c.sources
        ],
        url={LANG[s]: absolute(site.config, in_script(s, case_rel(c.id))) for s in SCRIPTS},
    )
    # A draft (serve only) may have no start year yet, which the published schema requires.
    if c.start is None:
        return CaseRecord.model_construct(**fields)
    return CaseRecord(**fields)


def licence_record(site: SiteData) -> LicenceRecord:
    lic = site.config.licence
    return LicenceRecord(
        name={LANG[s]: site.conv.convert(lic.name, "hans", s) for s in SCRIPTS},
        id=lic.id,
        url=lic.url,
    )


def case_file_record(site: SiteData, doc: Document, record: CaseRecord) -> CaseFileRecord:
    """data/cases/<id>.json: the case record, its licence and its full text by section."""
    fields = dict(
        **dict(record),
        licence=licence_record(site),
        sections=case_sections({LANG[s]: doc.text[s] for s in SCRIPTS}),
    )
    if doc.case.start is None:  # a draft (serve only), as in case_record
        return CaseFileRecord.model_construct(**fields)
    return CaseFileRecord(**fields)


# "<" can only occur inside JSON strings, where \u003c is the same string, so no text can end
# or open a tag when the JSON is inside HTML ("</script>", "<!--"); U+2028/U+2029 end a line in
# older JavaScript; a lone surrogate cannot be encoded as UTF-8 but has a JSON escape.
_JSON_ESCAPED = re.compile("[<\u2028\u2029\ud800-\udfff]")


def _json(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    return (_JSON_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n").encode("utf-8")


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def checked_date(value: str, path: str = CONFIG_FILE, name: str = "build_date") -> str:
    """`value` if it is a real date written YYYY-MM-DD; else a BuildError naming the setting
    (or the case file and field), so that no export is written with a malformed date."""
    if _DATE.fullmatch(value):
        try:
            dt.date.fromisoformat(value)
            return value
        except ValueError:
            pass
    raise BuildError(
        [
            Diagnostic(
                path,
                0,
                name,
                f"{value!r} is not a date written YYYY-MM-DD",
                "config" if path == CONFIG_FILE else "invalid",
                hint="write the date as YYYY-MM-DD, for example 2026-11-21",
            )
        ]
    )


def data_files(site: SiteData) -> list[OutputFile]:
    checked_date(site.build_date)
    records = [case_record(site, site.docs[i]) for i in site.indexes.case_ids]
    licence = licence_record(site)
    everything = CasesFile(
        site=site.config.title, generated=site.build_date, licence=licence, cases=records
    )
    title = {s: site.conv.convert(site.config.title, "hans", s) for s in SCRIPTS}
    described = csv_metadata(
        title, licence.model_dump(), lambda text, s: site.conv.convert(text, "hans", s)
    )
    files = [
        OutputFile(data_file("cases.json"), _json(everything.model_dump())),
        OutputFile(data_file("cases.schema.json"), _json(CasesFile.model_json_schema())),
        OutputFile(data_file("case.schema.json"), _json(CaseFileRecord.model_json_schema())),
        OutputFile(data_file("cases.csv"), cases_csv(records)),
        OutputFile(SOURCES_FILE, sources_csv(records)),
        OutputFile(CSV_METADATA, _json(described)),
    ]
    files += [OutputFile(metrics_file(s), metrics_csv(site, s)) for s in SCRIPTS]
    files += [
        OutputFile(case_data(r.id), _json(case_file_record(site, site.docs[r.id], r).model_dump()))
        for r in records
    ]
    return files


CSV_COLUMNS = [
    "id",
    "title_zh_hans",
    "title_zh_hant",
    "locality",
    "province",
    "province_code",
    "city",
    "city_code",
    "district",
    "district_code",
    "zone",
    "start",
    "end",
    "status",
    "added",
    "mechanisms",
    "outcomes",
    "actors_zh_hans",
    "actors_zh_hant",
    "actor_levels",
    "metrics",
    "url_zh_hans",
    "url_zh_hant",
]


# A cell starting with one of these is read as a formula by spreadsheet programs (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str | int) -> str | int:
    """A CSV cell that no spreadsheet program evaluates.

    Text has the characters XML 1.0 forbids removed (controls other than tab, LF and CR, lone
    surrogates, U+FFFE/U+FFFF) and, if it then starts with = + - @ tab or CR, a single quote
    put in front (the OWASP rule): '=HYPERLINK(...), '+1, '-3. The rule applies to every text
    column, even one whose text looks like a number: only the numeric columns (start, end,
    metrics — Python ints) are written as plain numbers, so a negative year stays -221, and a
    number cannot hold a formula."""
    if isinstance(value, int):
        return value
    text = xml_safe(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def cases_csv(records: list[CaseRecord]) -> bytes:
    """UTF-8 with BOM so spreadsheet programs detect the encoding; lists joined with ';';
    every cell through csv_cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        g = r.region
        cells: list[str | int] = [
            r.id,
            r.title["zh-Hans"],
            r.title["zh-Hant"],
            r.locality,
            g.province.name,
            g.province.code,
            g.city.name if g.city else "",
            g.city.code if g.city else "",
            g.district.name if g.district else "",
            g.district.code if g.district else "",
            g.zone,
            r.start or "",  # no start year: a draft (serve only)
            r.end or "",
            r.status,
            r.added,
            ";".join(r.mechanisms),
            ";".join(r.outcomes),
            ";".join(a.name["zh-Hans"] for a in r.actors),
            ";".join(a.name["zh-Hant"] for a in r.actors),
            ";".join(a.level for a in r.actors),
            len(r.metrics),
            r.url["zh-Hans"],
            r.url["zh-Hant"],
        ]
        writer.writerow([csv_cell(c) for c in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


METRICS_COLUMNS = ["case", "label", "value", "unit", "year", "note", "source"]
SOURCES_COLUMNS = [
    "case",
    "key",
    "title",
    "author",
    "container",
    "publisher",
    "date",
    "pages",
    "url",
    "document",
    "document_url",
]
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def csv_number(value: str) -> str | int:
    """A figure's digits as printed (91.70, -3) are written unchanged, since a number cannot be
    a formula; anything else goes through csv_cell like any text."""
    return value if _DECIMAL.fullmatch(value) else csv_cell(value)


def _csv(header: list[str], rows: list[list[str | int]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def metrics_csv(site: SiteData, script: Script) -> bytes:
    """Long format: one row per figure of every case, in case order and then the order of
    the case file; label, unit and note in `script`. Text cells through csv_cell."""
    rows: list[list[str | int]] = []
    for case_id in site.indexes.case_ids:
        doc = site.docs[case_id]
        labels = doc.text[script].metric_labels
        for m, (label, unit, note) in zip(doc.case.metrics, labels, strict=True):
            rows.append(
                [
                    csv_cell(case_id),
                    csv_cell(label),
                    csv_number(m.value),
                    csv_cell(unit),
                    m.year if m.year is not None else "",
                    csv_cell(note),
                    csv_cell(m.source),
                ]
            )
    return _csv(METRICS_COLUMNS, rows)


def sources_csv(records: list[CaseRecord]) -> bytes:
    """One row per source of every case, as the case file gives it (bibliographic text is
    not converted). Text cells through csv_cell."""
    rows: list[list[str | int]] = [
        [
            csv_cell(r.id),
            *(csv_cell(getattr(s, k)) for k in SOURCES_COLUMNS[1:]),
        ]
        for r in records
        for s in r.sources
    ]
    return _csv(SOURCES_COLUMNS, rows)


def citation_files(site: SiteData) -> list[OutputFile]:
    checked_date(site.build_date)  # no citation file with a malformed date
    files = []
    for script in SCRIPTS:
        for case_id in site.indexes.case_ids:
            cite = citation(site, script, case_id)
            for extension, text in (("bib", cite.bibtex), ("ris", cite.ris)):
                path = in_script(script, citation_rel(case_id, extension))
                files.append(OutputFile(path, text.encode("utf-8")))
    return files


# ---- feeds, sitemap, robots ------------------------------------------------------------------

# Everything outside XML 1.0's Char production: C0 controls other than tab, LF and CR, lone
# surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """The text with every character XML 1.0 forbids removed; ordinary text is unchanged."""
    return _NOT_XML.sub("", text)


def xml_text(text: str) -> str:
    """Element content: forbidden characters removed, then & < > escaped."""
    return escape(xml_safe(text))


def xml_attr(text: str) -> str:
    """A quoted attribute value: forbidden characters removed, then escaped by quoteattr (which
    also writes tab, LF and CR as character references, so they survive parsing)."""
    return quoteattr(xml_safe(text))


def _url(site: SiteData, path: str) -> str:
    """Absolute URL of an output path, on one line (cite.url_text)."""
    return url_text(absolute(site.config, path))


def atom_feed(site: SiteData, script: Script) -> OutputFile:
    cfg = site.config
    title = site.conv.convert(cfg.title, "hans", script)
    feed_path = in_script(script, "feed.xml")
    home = _url(site, in_script(script))
    ordered = sorted(
        site.indexes.case_ids, key=lambda i: (site.docs[i].case.added, i), reverse=True
    )
    added = {
        i: checked_date(site.docs[i].case.added, site.docs[i].case.path, "added") for i in ordered
    }
    updated = max(added.values(), default=checked_date(site.build_date))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={xml_attr(LANG[script])}>',
        f"  <title>{xml_text(title)}</title>",
        f"  <id>{xml_text(home)}</id>",
        f'  <link rel="self" href={xml_attr(_url(site, feed_path))}/>',
        f'  <link rel="alternate" type="text/html" href={xml_attr(home)}/>',
        f"  <updated>{updated}T00:00:00Z</updated>",
        f"  <author><name>{xml_text(title)}</name></author>",
        f'  <link rel="license" href={xml_attr(url_text(cfg.licence.url))}/>',
        f"  <rights>{xml_text(rights(site, script))}</rights>",
    ]
    for case_id in ordered:
        doc = site.docs[case_id]
        url = _url(site, in_script(script, case_rel(case_id)))
        lines += [
            "  <entry>",
            f"    <title>{xml_text(doc.text[script].title)}</title>",
            f"    <id>{xml_text(url)}</id>",
            f'    <link rel="alternate" type="text/html" href={xml_attr(url)}/>',
            f"    <published>{added[case_id]}T00:00:00Z</published>",
            f"    <updated>{added[case_id]}T00:00:00Z</updated>",
            f"    <summary>{xml_text(doc.text[script].summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return OutputFile(feed_path, ("\n".join(lines) + "\n").encode("utf-8"))


def rights(site: SiteData, script: Script) -> str:
    """The licence statement of a feed, in its script."""
    lic = site.config.licence
    statement = f"内容采用{lic.name}（{lic.id}）许可：{lic.url}"
    return site.conv.convert(statement, "hans", script)


def sitemap(site: SiteData, page_paths: list[str]) -> OutputFile:
    """Every page of both script trees, each with its hreflang alternates."""
    lastmod = checked_date(site.build_date)
    rels = sorted(
        {
            p.split("/", 1)[1]
            for p in page_paths
            if p.startswith(tuple(f"{v}/" for v in PREFIX.values()))
        }
    )
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for rel in rels:
        for script in SCRIPTS:
            lines.append(f"  <url><loc>{xml_text(_url(site, in_script(script, rel)))}</loc>")
            lines += [
                f'    <xhtml:link rel="alternate" hreflang={xml_attr(LANG[s])} '
                f"href={xml_attr(_url(site, in_script(s, rel)))}/>"
                for s in SCRIPTS
            ]
            lines.append(f"    <lastmod>{lastmod}</lastmod></url>")
    lines.append("</urlset>")
    return OutputFile("sitemap.xml", ("\n".join(lines) + "\n").encode("utf-8"))


def robots(site: SiteData) -> OutputFile:
    """Two rules and the sitemap, each on its own line: the URLs are percent-encoded where they
    hold whitespace or controls (which could start a new rule) or '#' (which starts a comment)."""
    editors = url_text(href(site.config, "editors/"), "#")
    text = (
        f"User-agent: *\nAllow: /\nDisallow: {editors}\n"
        f"Sitemap: {url_text(absolute(site.config, 'sitemap.xml'), '#')}\n"
    )
    return OutputFile("robots.txt", text.encode("utf-8"))


def feeds_and_maps(site: SiteData, page_paths: list[str]) -> list[OutputFile]:
    return [atom_feed(site, s) for s in SCRIPTS] + [sitemap(site, page_paths), robots(site)]
