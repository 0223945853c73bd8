"""Data downloads, feeds and citations: JSON (with its JSON Schema), CSV, BibTeX, RIS, Atom,
sitemap and robots.txt. All produced as OutputFiles through the same write path as pages."""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .cite import case_citation
from .model import SCRIPTS, Document, OutputFile, Region, Script
from .records import CaseRecord, CasesFile, MetricRecord, Named, RegionRecord, SourceRecord
from .views import LANG, PREFIX, SiteData, absolute, href


def _named(d: Any) -> Named | None:
    return Named(code=d.code, name=d.name) if d is not None else None


def region_record(r: Region) -> RegionRecord:
    province = Named(code=r.province.code, name=r.province.name)
    return RegionRecord(
        province=province, city=_named(r.city), district=_named(r.district), zone=r.zone
    )


def case_record(site: SiteData, doc: Document) -> CaseRecord:
    c = doc.case
    return CaseRecord(
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
        sources=[SourceRecord(**vars(s)) for s in c.sources],
        url={LANG[s]: absolute(site.config, f"{PREFIX[s]}/cases/{c.id}/") for s in SCRIPTS},
    )


def _json(value: Any) -> bytes:
    # "<" escaped (\u003c is the same JSON string) so the text is inert inside HTML too
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)
    return (text.replace("<", "\\u003c") + "\n").encode("utf-8")


def data_files(site: SiteData) -> list[OutputFile]:
    records = [case_record(site, site.docs[i]) for i in site.indexes.case_ids]
    everything = CasesFile(site=site.config.title, generated=site.build_date, cases=records)
    files = [
        OutputFile("data/cases.json", _json(everything.model_dump())),
        OutputFile("data/cases.schema.json", _json(CasesFile.model_json_schema())),
        OutputFile("data/case.schema.json", _json(CaseRecord.model_json_schema())),
        OutputFile("data/cases.csv", cases_csv(records)),
    ]
    files += [OutputFile(f"data/cases/{r.id}.json", _json(r.model_dump())) for r in records]
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
    "metrics",
    "url_zh_hans",
    "url_zh_hant",
]


def cases_csv(records: list[CaseRecord]) -> bytes:
    """UTF-8 with BOM so spreadsheet programs detect the encoding; lists joined with ';'."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        g = r.region
        writer.writerow(
            [
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
                r.start,
                r.end or "",
                r.status,
                r.added,
                ";".join(r.mechanisms),
                ";".join(r.outcomes),
                len(r.metrics),
                r.url["zh-Hans"],
                r.url["zh-Hant"],
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def citation_files(site: SiteData) -> list[OutputFile]:
    files = []
    for script in SCRIPTS:
        for case_id in site.indexes.case_ids:
            doc = site.docs[case_id]
            cite = case_citation(
                publisher=site.conv.convert(site.config.title, "hans", script),
                title=doc.text[script].title,
                url=absolute(site.config, f"{PREFIX[script]}/cases/{case_id}/"),
                added=doc.case.added,
                cited=site.build_date,
                place=doc.text[script].locality,
                lang=LANG[script],
                key=f"govcases-{case_id}",
            )
            base = f"{PREFIX[script]}/cases/{case_id}/{case_id}"
            files.append(OutputFile(base + ".bib", cite.bibtex.encode("utf-8")))
            files.append(OutputFile(base + ".ris", cite.ris.encode("utf-8")))
    return files


# ---- feeds, sitemap, robots ------------------------------------------------------------------


def atom_feed(site: SiteData, script: Script) -> OutputFile:
    cfg = site.config
    title = site.conv.convert(cfg.title, "hans", script)
    feed_path = f"{PREFIX[script]}/feed.xml"
    home = absolute(cfg, PREFIX[script] + "/")
    ordered = sorted(
        site.indexes.case_ids, key=lambda i: (site.docs[i].case.added, i), reverse=True
    )
    updated = max((site.docs[i].case.added for i in ordered), default=site.build_date)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{LANG[script]}">',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(absolute(cfg, PREFIX[script] + '/'))}</id>",
        f'  <link rel="self" href={quoteattr(absolute(cfg, feed_path))}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(home)}/>',
        f"  <updated>{updated}T00:00:00Z</updated>",
        f"  <author><name>{escape(title)}</name></author>",
    ]
    for case_id in ordered:
        doc = site.docs[case_id]
        url = absolute(cfg, f"{PREFIX[script]}/cases/{case_id}/")
        lines += [
            "  <entry>",
            f"    <title>{escape(doc.text[script].title)}</title>",
            f"    <id>{escape(url)}</id>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>',
            f"    <published>{doc.case.added}T00:00:00Z</published>",
            f"    <updated>{doc.case.added}T00:00:00Z</updated>",
            f"    <summary>{escape(doc.text[script].summary)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return OutputFile(feed_path, ("\n".join(lines) + "\n").encode("utf-8"))


def sitemap(site: SiteData, page_paths: list[str]) -> OutputFile:
    """Every page of both script trees, each with its hreflang alternates."""
    cfg = site.config
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
            lines.append(f"  <url><loc>{escape(absolute(cfg, f'{PREFIX[script]}/{rel}'))}</loc>")
            lines += [
                f'    <xhtml:link rel="alternate" hreflang="{LANG[s]}" '
                f"href={quoteattr(absolute(cfg, f'{PREFIX[s]}/{rel}'))}/>"
                for s in SCRIPTS
            ]
            lines.append(f"    <lastmod>{site.build_date}</lastmod></url>")
    lines.append("</urlset>")
    return OutputFile("sitemap.xml", ("\n".join(lines) + "\n").encode("utf-8"))


def robots(site: SiteData) -> OutputFile:
    text = (
        f"User-agent: *\nAllow: /\nDisallow: {href(site.config, 'editors/')}\n"
        f"Sitemap: {absolute(site.config, 'sitemap.xml')}\n"
    )
    return OutputFile("robots.txt", text.encode("utf-8"))


def feeds_and_maps(site: SiteData, page_paths: list[str]) -> list[OutputFile]:
    return [atom_feed(site, s) for s in SCRIPTS] + [sitemap(site, page_paths), robots(site)]
