"""Published data records: the shape of data/cases.json and data/cases/<id>.json, whose JSON
Schema is generated from these models and published beside the data. Every JSON file carries
the licence of its content as a top-level `licence` field."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Named(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^\d{6}$", description="GB/T 2260 code")
    name: str


class RegionRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    province: Named
    city: Named | None
    district: Named | None
    zone: str = Field(description="Named place that is not an administrative division")


class MetricRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str
    value: str = Field(pattern=r"^-?\d+(\.\d+)?$", description="Digits as printed in the source")
    unit: str
    year: int | None
    note: str
    source: str = Field(description="Key of the source")


class ActorRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: dict[str, str] = Field(
        description="The organization as the source names it, per script: zh-Hans, zh-Hant"
    )
    level: str = Field(
        pattern=r"^(province|city|county|township|village)$",
        description="Level of government: province 省, city 市, county 县/区, "
        "township 乡镇/街道, village 村/社区",
    )


class SourceRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    key: str
    title: str = Field(description="Title as printed (not converted)")
    author: str
    container: str = Field(
        description="The compilation, journal or website column the source appears in"
    )
    publisher: str
    date: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD, as the source gives it")
    pages: str = Field(description="Page or range in the container")
    url: str
    document: str
    document_url: str = Field(
        description="The source document as published with the site, when it is"
    )


class CaseRecord(BaseModel):
    """One case as published in data/cases.json and data/cases/<id>.json."""

    model_config = ConfigDict(extra="forbid", title="govcases case")
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    script: str = Field(pattern=r"^zh-Han[st]$", description="Script the case was written in")
    title: dict[str, str] = Field(description="Title per script: zh-Hans, zh-Hant")
    summary: dict[str, str]
    locality: str
    region: RegionRecord
    start: int
    end: int | None
    status: str = Field(pattern=r"^(complete|partial)$")
    status_note: str
    added: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    mechanisms: list[str]
    outcomes: list[str]
    actors: list[ActorRecord] = Field(description="Who implemented the case")
    metrics: list[MetricRecord]
    sources: list[SourceRecord]
    url: dict[str, str] = Field(description="Case page per script")


class LicenceRecord(BaseModel):
    """The licence the content is published under (site.yaml `licence`)."""

    model_config = ConfigDict(extra="forbid")
    name: dict[str, str] = Field(description="Name of the licence per script: zh-Hans, zh-Hant")
    id: str = Field(description="SPDX licence identifier, e.g. CC-BY-4.0")
    url: str = Field(description="The licence text")


class SectionRecord(BaseModel):
    """One section of a case's text, as the case page shows it."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(description="Anchor of the section on the case page; '' before the first")
    heading: dict[str, str] = Field(description="Section heading per script ('' before the first)")
    html: dict[str, str] = Field(description="The section's sanitized HTML per script")
    text: dict[str, str] = Field(description="The section as plain text per script")


class CaseFileRecord(CaseRecord):
    """One case as published in data/cases/<id>.json: the record, its full text by section
    and the licence."""

    model_config = ConfigDict(extra="forbid", title="govcases case")
    licence: LicenceRecord
    sections: list[SectionRecord]


class CasesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", title="govcases cases.json")
    site: str
    generated: str
    licence: LicenceRecord
    cases: list[CaseRecord]


FIELD_DOCS = {
    "id": "案例标识（ASCII），用于网址",
    "script": "案例原文所用文字：zh-Hans 简体，zh-Hant 繁体",
    "title": "标题，按文字分列",
    "summary": "摘要，按文字分列",
    "locality": "编辑填写的地点",
    "region": "所属行政区划：省、地、县三级名称与 GB/T 2260 代码，以及非行政区划的功能区名称",
    "start": "开始年份",
    "end": "结束年份（如有）",
    "status": "complete 完整，partial 来源不全",
    "status_note": "来源不全时的说明",
    "added": "收录日期",
    "mechanisms": "治理机制词表标识",
    "outcomes": "成效词表标识",
    "metrics": "来源报告的数据：指标、数值（按来源原样）、单位、年份、说明、来源键",
    "actors": "实施主体：名称（按来源所称，按文字分列）与层级（province 省、city 市、"
    "county 县/区、township 乡镇/街道、village 村/社区）",
    "sources": "来源：键、题名、作者、所载文集或栏目、出版者、日期、页码、网址、原始文档"
    "及其随站发布的网址",
    "url": "案例页面网址，按文字分列",
    "licence": "内容许可：名称（按文字分列）、SPDX 标识、许可文本网址",
    "sections": "全文，按节：锚点、标题、HTML 与纯文本，均按文字分列（仅见于单个案例文件）",
}


def schema_type(prop: dict[str, Any]) -> str:
    """A short type label for a JSON Schema property (for the data page)."""
    if "type" in prop:
        return str(prop["type"])
    if "anyOf" in prop:
        return " | ".join(schema_type(p) for p in prop["anyOf"])
    if "$ref" in prop:
        return "object"
    return "any"
