"""`govcases new`: a case file scaffolded from a locality and a title."""

from __future__ import annotations

import json
from pathlib import Path

from govcases.content.places import place_slug
from govcases.content.taxonomy import Kind, match, similar
from govcases.content.validate import Context
from govcases.messages import Message, msg
from govcases.model import ACTOR_LEVELS, ActorLevel, BuildError, Diagnostic, Region
from govcases.zh.conversion import Converter, detect_script

# Written in Simplified and, for a case in Traditional, converted: placeholders, headings and
# the comments that say what each field wants.
SECTIONS = ("背景", "举措", "成效", "启示")
TODO = "待补充"
CHAIN = " › "  # between the divisions of a region chain
DRAFT = "draft: true  # 案例写完后删除这一行"
ACTORS = "actors:  # 实施主体，名称照来源所写；level：" + "、".join(
    f"{k}（{v}）" for k, v in ACTOR_LEVELS.items()
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
    conv: Converter,
    added: str,
    *,
    mechanisms: list[str],
    outcomes: list[str],
    case_id: str = "",
    region_code: str = "",
) -> tuple[str, str]:
    """Return (id, file text): a draft (`draft: true`) whose placeholders say 待补充, written
    in the script of the locality and title (待補充, 舉措… for Traditional). The place must
    resolve; the id is the pinyin of the place; terms may be ids, names or synonyms in either
    script. No year is invented: period.start is left empty for the editor to take from the
    source. `region_code` pins an ambiguous place (江北区: 330205 or 500105)."""
    region, why = ctx.gazetteer.resolve(ctx.fold(locality), region_code)
    if region is None:
        kind = why.id if isinstance(why, Message) else ""
        hint = msg("hint-place")
        if isinstance(why, Message) and kind == "place-ambiguous":
            hint = msg("hint-pin", code=why.arg("first"))
        field = "region_code" if kind == "place-code" else "locality"
        raise BuildError([Diagnostic("<new>", 0, field, why, "place", hint)])
    case_id = case_id or place_slug(ctx.fold(locality), region)
    mechanism_ids = _term_ids(ctx, "mechanism", mechanisms)
    outcome_ids = _term_ids(ctx, "outcome", outcomes)
    script = detect_script(locality + title)
    code = region.most_specific.code

    def local(text: str) -> str:  # Simplified text in the case's script
        return conv.convert(text, "hans", script)

    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    todo = local(TODO)
    lines = [
        "---",
        f"id: {case_id}",
        local(DRAFT),
        f"title: {q(title)}",
        f"locality: {q(locality)}",
        f"region_code: {code}  # {local(region_chain(ctx, code))}",
        "period: {start: null}  # " + local("做法开始的年份，以来源所载为准"),
        "status: complete",
        f"added: {added}",
        f"mechanisms: [{', '.join(mechanism_ids)}]  # " + local("至少两个治理机制（分类词的 id）"),
        f"outcomes: [{', '.join(outcome_ids)}]  # " + local("至少一个成效（分类词的 id）"),
        f"summary: {todo}。",
        local(ACTORS),
        f"  - {{name: {todo}, level: {guess_level(region)}}}",
        "metrics: []  # " + local("来源所载的每个数字：{label, value, unit, year, note, source}"),
        "sources:",
        f"  - {{key: s1, title: {todo}, author: {todo}, container: '', publisher: '', date: '', "
        f"pages: '', url: 'https://example.org/{todo}'}}",
        "---",
    ]
    body = "".join(f"## {local(s)}\n\n{todo}。\n\n" for s in SECTIONS)
    return case_id, "\n".join(lines) + "\n" + body.rstrip("\n") + "\n"


def _term_ids(ctx: Context, kind: Kind, words: list[str]) -> list[str]:
    """Taxonomy ids for ids, names or synonyms in either script (as in a case file), each
    once; an unknown word is an error."""
    ids = {w: match(ctx.taxonomy, kind, w, ctx.fold) for w in words}
    problems = []
    for word in (w for w, term_id in ids.items() if term_id is None):
        close = similar(ctx.taxonomy, kind, word, ctx.fold)
        hint = (
            msg("hint-term-close", close=close)
            if close
            else msg("hint-term-none", count=len(ctx.taxonomy.terms(kind)))
        )
        problems.append(
            Diagnostic("<new>", 0, f"{kind}s", msg(f"unknown-{kind}", written=word), "term", hint)
        )
    if problems:
        raise BuildError(problems)
    return list(dict.fromkeys(i for i in ids.values() if i))


def region_chain(ctx: Context, code: str) -> str:
    """The divisions of a GB/T 2260 code, province first: what follows region_code in a
    comment (山东省 › 青岛市 › 黄岛区)."""
    return CHAIN.join(d.name for d in ctx.gazetteer.ancestors(code))


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
                    msg("file-exists-new"),
                    "exists",
                    msg("hint-other-id-new"),
                )
            ]
        ) from exc
