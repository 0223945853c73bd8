"""`govcases fmt` on one file: metric key order, the region chain of region_code, idempotence."""

from __future__ import annotations

import pytest

from govcases.config import load_config
from govcases.editor.formatter import format_text
from govcases.pipeline import Timings, load_and_validate
from helpers import ROOT

LOADED = load_and_validate(load_config(ROOT), Timings(), cases=False)


def fmt(front: str, body: str = "## 背景\n\n正文。\n") -> str:
    once = format_text("cases/x.md", f"---\n{front}---\n{body}", LOADED.context, LOADED.conv)
    assert format_text("cases/x.md", once, LOADED.context, LOADED.conv) == once
    return once


def test_metric_keys_are_put_in_the_documented_order_keeping_style_and_comments() -> None:
    out = fmt(
        "metrics:\n"
        "  - {source: s1, unit: 个, value: 53, label: 窗口, extra: 1}  # 改革前\n"
        "  - note: 累计  # 截至年底\n"
        "    year: 2016\n"
        "    value: '91.70'\n"
        "    label: 办结率\n"
        "    source: s1\n"
        "    unit: '%'\n"
    )
    assert out == (
        "---\n"
        "metrics:\n"
        "  - {label: 窗口, value: 53, unit: 个, source: s1, extra: 1}  # 改革前\n"
        "  - label: 办结率\n"
        "    value: '91.70'\n"
        "    unit: '%'\n"
        "    year: 2016\n"
        "    note: 累计  # 截至年底\n"
        "    source: s1\n"
        "---\n## 背景\n\n正文。\n"
    )


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("region_code: 370211\n", "region_code: 370211  # 山东省 › 青岛市 › 黄岛区"),
        ('region_code: "370211"\n', 'region_code: "370211"  # 山东省 › 青岛市 › 黄岛区'),
        # a chain that no longer fits the code is replaced, any other comment kept after it
        (
            "region_code: 370211  # 广东省 › 广州市\n",
            "region_code: 370211  # 山东省 › 青岛市 › 黄岛区",
        ),
        (
            "region_code: 370211  # 待核对\n",
            "region_code: 370211  # 山东省 › 青岛市 › 黄岛区  # 待核对",
        ),
        (
            "region_code: 370211  # 广东省  # 待核对\n",
            "region_code: 370211  # 山东省 › 青岛市 › 黄岛区  # 待核对",
        ),
        # filled in from the locality, with its chain
        ("locality: 广州荔湾\n", "region_code: 440103  # 广东省 › 广州市 › 荔湾区"),
        # in the file's script
        (
            "title: 青島黃島區的經驗\nregion_code: 370211\n",
            "region_code: 370211  # 山東省 › 青島市 › 黃島區",
        ),
        # an unknown code gets no comment (check reports it)
        ("region_code: 379999\n", "region_code: 379999"),
    ],
)
def test_region_code_gets_its_chain_in_a_comment(front: str, line: str) -> None:
    out = fmt(front)
    assert line in out.splitlines()


def test_a_comment_on_the_next_line_stays_there() -> None:
    out = fmt("region_code: 370211\n# 新区的上级区\nstatus: complete\n")
    assert (
        "region_code: 370211  # 山东省 › 青岛市 › 黄岛区\n# 新区的上级区\nstatus: complete\n" in out
    )


def test_addresses_and_code_in_the_body_are_left_alone() -> None:
    body = (
        "## 背景\n\n"
        "详见 https://example.org/a?q=1,2 。数据见[青岛](https://zh.wikipedia.org/wiki/青岛_(市),1)"
        " ,增长,12%。\n"
        "原文 https://example.org/b\n"
        "。代码 `a , b` 照旧 , 好\n"
    )
    out = fmt("title: x\n", body).split("---\n", 2)[2]
    assert out == (
        "## 背景\n\n"
        "详见 https://example.org/a?q=1,2 。数据见[青岛](https://zh.wikipedia.org/wiki/青岛_(市),1)"
        "，增长，12%。原文 https://example.org/b 。代码 `a , b` 照旧，好\n"
    )
