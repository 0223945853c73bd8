"""The data dictionary: every downloadable file and every column or field, described once
(in Simplified; pages convert it) for the data page, the data dictionary page and the
machine-readable description of the CSV files, data/csv-metadata.json (W3C CSV on the Web:
the file a CSVW processor looks for beside any CSV in data/, carrying the licence)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from govcases.model import SCRIPTS, Script
from govcases.site.records import FIELD_DOCS, CaseFileRecord, CasesFile, schema_type
from govcases.site.urls import LANG, PREFIX, data_file, metrics_file


@dataclass(frozen=True)
class Column:
    name: str
    datatype: str  # a CSVW / XML Schema datatype name: string, integer, date, anyURI
    description: str  # Simplified


@dataclass(frozen=True)
class DataFile:
    id: str  # anchor on the dictionary page
    name: str  # as shown
    path: str  # output path ('' for the per-case files, which have one path per case)
    format: str
    description: str  # Simplified
    columns: tuple[Column, ...] = ()


CASES_COLUMNS = (
    Column("id", "string", "案例标识（ASCII），用于网址，与 JSON 的 id 相同"),
    Column("title_zh_hans", "string", "标题（简体）"),
    Column("title_zh_hant", "string", "标题（繁体）"),
    Column("locality", "string", "编辑填写的地点，按案例原文"),
    Column("province", "string", "省级行政区名称"),
    Column("province_code", "string", "省级行政区 GB/T 2260 代码（六位数字）"),
    Column("city", "string", "地级行政区名称（如有）"),
    Column("city_code", "string", "地级行政区 GB/T 2260 代码（如有）"),
    Column("district", "string", "县级行政区名称（如有）"),
    Column("district_code", "string", "县级行政区 GB/T 2260 代码（如有）"),
    Column("zone", "string", "不属于行政区划的功能区（如江北新区）"),
    Column("start", "integer", "开始年份"),
    Column("end", "integer", "结束年份（如有）"),
    Column("status", "string", "complete 完整，partial 来源不全"),
    Column("added", "date", "收录日期"),
    Column("mechanisms", "string", "治理机制词表标识，以分号分隔"),
    Column("outcomes", "string", "成效词表标识，以分号分隔"),
    Column("actors_zh_hans", "string", "实施主体，按来源所称（简体），以分号分隔"),
    Column("actors_zh_hant", "string", "实施主体，按来源所称（繁体），以分号分隔"),
    Column(
        "actor_levels",
        "string",
        "实施主体的层级，与 actors 列一一对应，以分号分隔：province 省、city 市、county 县/区、"
        "township 乡镇/街道、village 村/社区",
    ),
    Column("metrics", "integer", "数据条数（明细见 metrics 文件）"),
    Column("url_zh_hans", "anyURI", "案例页面网址（简体）"),
    Column("url_zh_hant", "anyURI", "案例页面网址（繁体）"),
)
METRICS_COLUMNS = (
    Column("case", "string", "案例标识，对应 cases.csv 的 id"),
    Column("label", "string", "指标：所计的是什么，用本文件的文字"),
    Column("value", "string", "数值，按来源原样的数字（保留小数位，如 91.70）"),
    Column("unit", "string", "单位，按来源原样（个、%、万份、人次……）；无单位时为空"),
    Column("year", "integer", "年份，仅当来源写明时填写"),
    Column("note", "string", "说明：改革前后、累计、起算时间等限定"),
    Column("source", "string", "所引来源的键，对应 sources.csv 中同一案例的 key"),
)
SOURCES_COLUMNS = (
    Column("case", "string", "案例标识，对应 cases.csv 的 id"),
    Column("key", "string", "来源的键，metrics 文件的 source 列引用它"),
    Column("title", "string", "题名，按来源原样著录（不做繁简转换）"),
    Column("author", "string", "作者，按来源原样著录"),
    Column("container", "string", "所载文集、汇编或网站栏目（如有），按来源原样著录"),
    Column("publisher", "string", "出版者或发布网站，按来源原样著录"),
    Column("date", "string", "发布日期：YYYY、YYYY-MM 或 YYYY-MM-DD，仅按来源所载"),
    Column("pages", "string", "在所载文集或汇编中的页码或页码范围（如有，如 6 或 6-15）"),
    Column("url", "anyURI", "来源网址（如有）"),
    Column("document", "string", "核对数据所用原始文档的文件名（如有）"),
    Column("document_url", "anyURI", "随本站发布的原始文档的网址（如有），内容与原件逐字节相同"),
)
JSON_FIELDS = {
    "site": "编纂者：站点名称",
    "generated": "生成日期（YYYY-MM-DD）",
    "licence": FIELD_DOCS["licence"],
    "cases": "案例记录，字段见下表",
}

ORDER = "按案例排列：开始年份新者在前，同年按 id"
SOURCES_FILE = data_file("sources.csv")
CSV_METADATA = data_file("csv-metadata.json")


def data_files() -> tuple[DataFile, ...]:
    """Every file a reader can download from the data page, in the order it lists them."""
    metrics = tuple(
        DataFile(
            f"metrics-{PREFIX[s]}",
            metrics_file(s).removeprefix("data/"),
            metrics_file(s),
            "csv",
            f"全部数据，每个数值一行（长格式），文字为{'简体' if s == 'hans' else '繁体'}；"
            + ORDER
            + "，同一案例内按案例文件中的顺序",
            METRICS_COLUMNS,
        )
        for s in SCRIPTS
    )
    return (
        DataFile(
            "cases-json",
            "cases.json",
            data_file("cases.json"),
            "json",
            "全部案例（JSON）：站点、生成日期、许可与案例记录",
        ),
        DataFile(
            "case-json",
            "cases/<id>.json",
            "",
            "json",
            "每个案例一个 JSON 文件：案例记录，另有许可（licence）与按节的全文（sections）",
        ),
        DataFile(
            "cases-schema",
            "cases.schema.json",
            data_file("cases.schema.json"),
            "json",
            "cases.json 的 JSON Schema",
        ),
        DataFile(
            "case-schema",
            "case.schema.json",
            data_file("case.schema.json"),
            "json",
            "单个案例文件（cases/<id>.json）的 JSON Schema",
        ),
        DataFile(
            "cases-csv",
            "cases.csv",
            data_file("cases.csv"),
            "csv",
            "全部案例一览，每个案例一行；" + ORDER,
            CASES_COLUMNS,
        ),
        *metrics,
        DataFile(
            "sources-csv",
            "sources.csv",
            SOURCES_FILE,
            "csv",
            "全部来源，每个案例的每条来源一行；" + ORDER + "，同一案例内按案例文件中的顺序",
            SOURCES_COLUMNS,
        ),
        DataFile(
            "csv-metadata",
            "csv-metadata.json",
            CSV_METADATA,
            "json",
            "各 CSV 文件的机读说明（W3C CSV on the Web 元数据）：列名、类型、说明与许可",
        ),
    )


def case_fields() -> list[dict[str, str]]:
    """Fields of a case record (data/cases/<id>.json; cases.json without `sections` and
    `licence`), from its JSON Schema, with their descriptions in Simplified."""
    schema = CaseFileRecord.model_json_schema()
    return [
        {"name": k, "type": schema_type(v), "description": FIELD_DOCS.get(k, "")}
        for k, v in schema["properties"].items()
    ]


def file_fields() -> list[dict[str, str]]:
    """Top-level fields of cases.json."""
    schema = CasesFile.model_json_schema()
    return [
        {"name": k, "type": schema_type(v), "description": JSON_FIELDS.get(k, "")}
        for k, v in schema["properties"].items()
    ]


def csv_metadata(
    title: dict[Script, str], licence: dict[str, Any], convert: Callable[[str, Script], str]
) -> dict[str, Any]:
    """CSVW metadata for every CSV in data/ (table URLs are relative to the metadata file,
    which sits beside them); `convert(text, script)` puts Simplified text into a script."""

    def both(text: str) -> list[dict[str, str]]:
        return [{"@value": convert(text, s), "@language": LANG[s]} for s in SCRIPTS]

    tables = []
    for f in data_files():
        if f.format != "csv":
            continue
        tables.append(
            {
                "url": f.name,
                "dc:title": f.name,
                "dc:description": both(f.description),
                "dc:license": {"@id": licence["url"]},
                "dialect": {"encoding": "utf-8", "header": True, "lineTerminators": ["\r\n"]},
                "tableSchema": {
                    "columns": [
                        {
                            "name": c.name,
                            "titles": c.name,
                            "datatype": c.datatype,
                            "dc:description": both(c.description),
                        }
                        for c in f.columns
                    ],
                },
            }
        )
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "dc:title": [{"@value": title[s], "@language": LANG[s]} for s in SCRIPTS],
        "dc:publisher": [{"@value": title[s], "@language": LANG[s]} for s in SCRIPTS],
        "dc:license": {"@id": licence["url"]},
        "dc:rights": [
            {"@value": f"{licence['name'][LANG[s]]} ({licence['id']})", "@language": LANG[s]}
            for s in SCRIPTS
        ],
        "tables": tables,
    }
