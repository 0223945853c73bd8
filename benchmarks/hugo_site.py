"""The synthetic corpus as a two-language Hugo site (templates in benchmarks/hugo/)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from corpus import SyntheticCase, dump_yaml, gazetteer, to_hant

HUGO_TEMPLATES = Path(__file__).resolve().parent / "hugo"


def write_hugo(
    root: Path, cases: list[SyntheticCase], taxonomy: dict[str, Any], divisions: dict[str, str]
) -> None:
    """The same content as a two-language Hugo site; Traditional text converted here, once."""
    shutil.copytree(HUGO_TEMPLATES, root, dirs_exist_ok=True)
    for lang, conv in (("zh-hans", str), ("zh-hant", to_hant)):
        content = root / "content" / lang
        (content / "cases").mkdir(parents=True)
        (content / "cases" / "_index.md").write_text(
            f"---\ntitle: {conv('全部案例')}\n---\n", encoding="utf-8"
        )
        for group, title in (("mechanisms", "治理机制"), ("outcomes", "成效")):
            write_term(content / group, conv(title), "")
            for term in taxonomy[group]:
                write_term(content / group / term["id"], conv(term["name"]), term["definition"])
        write_term(content / "regions", conv("地区"), "")
        codes = {c for case in cases for c in region_codes(case.place.code)}
        for code in sorted(codes):
            write_term(content / "regions" / code, conv(divisions[code]), "")
        for case in cases:
            front = {
                "title": conv(case.title),
                "date": case.added.isoformat(),
                "locality": conv(case.locality),
                "period": f"{case.start}–{case.end or ''}",
                "abstract": conv(case.summary),
                "mechanisms": case.mechanism_ids,
                "outcomes": case.outcomes,
                "regions": region_codes(case.place.code),
                "metrics": [
                    {k: conv(v) if isinstance(v, str) else v for k, v in m.items()}
                    for m in case.metrics
                ],
                "sources": [{k: conv(str(v)) for k, v in s.items()} for s in case.sources],
            }
            (content / "cases" / f"{case.id}.md").write_text(
                f"---\n{dump_yaml(front)}---\n{case.body(conv)}", encoding="utf-8"
            )


def write_term(folder: Path, title: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_index.md").write_text(
        f"---\n{dump_yaml({'title': title})}---\n{text}\n", encoding="utf-8"
    )


def region_codes(code: str) -> list[str]:
    """The division and its ancestors, province first."""
    return [d.code for d in gazetteer().ancestors(code)]
