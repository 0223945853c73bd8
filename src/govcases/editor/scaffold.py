"""`govcases new`: a case file scaffolded from a locality and a title."""

from __future__ import annotations

import json
from pathlib import Path

from govcases.content.places import place_slug
from govcases.content.validate import Context
from govcases.model import ACTOR_LEVELS, ActorLevel, BuildError, Diagnostic, Region

SECTIONS = ("背景", "举措", "成效", "启示")
TODO = "待补充"
DRAFT = "draft: true  # delete this line when the case is finished"
ACTORS = "actors:  # who implemented it, as the source names them; level: " + ", ".join(
    f"{k} ({v})" for k, v in ACTOR_LEVELS.items()
)


def guess_level(region: Region) -> ActorLevel:
    """The level of government of the place itself: a first guess at the actor's level."""
    if region.zone.endswith(("社区", "社區", "村")):
        return "village"
    if region.zone.endswith(("街道", "镇", "鎮", "乡", "鄉")):
        return "township"
    return {"province": "province", "city": "city"}.get(  # type: ignore[return-value]
        region.most_specific.level, "county"
    )


def scaffold(
    locality: str,
    title: str,
    ctx: Context,
    added: str,
    *,
    mechanisms: list[str],
    outcomes: list[str],
    case_id: str = "",
) -> tuple[str, str]:
    """Return (id, file text): a draft (`draft: true`) whose placeholders say 待补充. The
    place must resolve; the id is the pinyin of the place. No year is invented: period.start
    is left empty for the editor to take from the source."""
    region, why = ctx.gazetteer.resolve(ctx.fold(locality))
    if region is None:
        raise BuildError(
            [
                Diagnostic(
                    "<new>",
                    0,
                    "locality",
                    why,
                    "place",
                    "write the fuller name (广州荔湾) or a county-level name",
                )
            ]
        )
    case_id = case_id or place_slug(ctx.fold(locality), region)
    for kind, words in (("mechanism", mechanisms), ("outcome", outcomes)):
        known = {t.id for t in ctx.taxonomy.terms(kind)}  # type: ignore[arg-type]
        unknown = [w for w in words if w not in known]
        if unknown:
            raise BuildError(
                [
                    Diagnostic(
                        "<new>", 0, f"{kind}s", f"unknown {kind} ids: {', '.join(unknown)}", "term"
                    )
                ]
            )

    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    lines = [
        "---",
        f"id: {case_id}",
        DRAFT,
        f"title: {q(title)}",
        f"locality: {q(locality)}",
        f"region_code: {region.most_specific.code}  # {_chain(region)}",
        "period: {start: null}  # the year the initiative started, as the source gives it",
        "status: complete",
        f"added: {added}",
        f"mechanisms: [{', '.join(mechanisms)}]  # at least two taxonomy ids",
        f"outcomes: [{', '.join(outcomes)}]  # at least one taxonomy id",
        f"summary: {TODO}。",
        ACTORS,
        f"  - {{name: {TODO}, level: {guess_level(region)}}}",
        "metrics: []  # every figure the source reports: {label, value, unit, year, note, source}",
        "sources:",
        f"  - {{key: s1, title: {TODO}, author: {TODO}, container: '', publisher: '', date: '', "
        f"pages: '', url: 'https://example.org/{TODO}'}}",
        "---",
    ]
    body = "".join(f"## {s}\n\n{TODO}。\n\n" for s in SECTIONS)
    return case_id, "\n".join(lines) + "\n" + body.rstrip("\n") + "\n"


def _chain(region: Region) -> str:
    return " › ".join(d.name for d in region.divisions) + (
        f" › {region.zone}" if region.zone else ""
    )


def write_new(path: Path, text: str) -> None:
    """Create the file; never overwrite."""
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError as exc:
        raise BuildError(
            [
                Diagnostic(
                    str(path),
                    0,
                    "id",
                    "file exists; new never overwrites",
                    "exists",
                    "choose another id with --id",
                )
            ]
        ) from exc
