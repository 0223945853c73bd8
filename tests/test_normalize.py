"""Normalization: the editor's text made consistent, never damaged, and idempotent."""

from __future__ import annotations

import pytest

from govcases.zh.normalize import inline, markdown_body


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("網(wǎng)站首頁(yè)", "網站首頁"),
        ("治理創(chuàng)新", "治理創新"),
        ("第(5)条", "第(5)条"),
        ("数字经济伙伴关系协定(DEPA)", "数字经济伙伴关系协定(DEPA)"),
        ("报告(2021)", "报告(2021)"),
        ("乡(镇)村组三级", "乡（镇）村组三级"),
        ("一是,二是;三是:四是?五是!", "一是，二是；三是：四是？五是！"),
        ("共1,000人,增长3.5%", "共1,000人，增长3.5%"),
        ("比分3:2", "比分3:2"),
        ("网址 https://example.org/a,b 有效", "网址 https://example.org/a,b 有效"),
        ("Hello, world: ok", "Hello, world: ok"),
        # , and ; between Chinese and a digit, either order; never inside a number
        ("增长,12%", "增长，12%"),
        ("共3个,12项;5人", "共3个，12项；5人"),
        ("2016年,2017年", "2016年，2017年"),
        ("共1,234人", "共1,234人"),
        ("第1,2项", "第1,2项"),
        ("时间:2016", "时间:2016"),
        ("DEPA,12项", "DEPA,12项"),
        # addresses: nothing glued onto them, nothing in them changed
        ("见 https://example.org/a 。更多", "见 https://example.org/a 。更多"),
        ("见 https://example.org/a ,更多", "见 https://example.org/a ，更多"),
        ("https://example.org/a,详见", "https://example.org/a,详见"),
        ("见https://example.org/p?q=青岛,12。", "见https://example.org/p?q=青岛,12。"),
        ("（见 https://example.org/a ）", "（见 https://example.org/a ）"),
        ("<https://example.org/青岛,1> 。", "<https://example.org/青岛,1> 。"),
        (
            "[青岛](https://example.org/wiki/青岛_(市),1) ,增长",
            "[青岛](https://example.org/wiki/青岛_(市),1)，增长",
        ),
        (
            '[图](https://example.org/a.png "说明 , 一") , 好',
            '[图](https://example.org/a.png "说明 , 一")，好',
        ),
        ("代码 `a , b` 照旧 , 好", "代码 `a , b` 照旧，好"),
        ("荔 湾 区", "荔湾区"),
        ("成华区 Chenghua District", "成华区 Chenghua District"),
        ("e\u0301", "\u00e9"),  # NFC
        ("  两端  空格 ", "两端空格"),
    ],
)
def test_inline(raw: str, expected: str) -> None:
    assert inline(raw) == expected
    assert inline(expected) == expected


def test_hard_wrapped_paragraph_is_joined() -> None:
    raw = (
        "## 背景\n\n张青社区隶属新乡县经济开发区，\n2006年成立，由3个村组成。\n"
        "It has\nthree villages.\n\n- 一\n- 二\n"
    )
    out = markdown_body(raw)
    assert out == (
        "## 背景\n\n张青社区隶属新乡县经济开发区，2006年成立，由3个村组成。"
        "It has three villages.\n\n- 一\n- 二\n"
    )
    assert markdown_body(out) == out


def test_code_blocks_and_tables_are_kept() -> None:
    raw = "```\na , b\nc\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n"
    assert markdown_body(raw) == raw


def test_a_line_ending_in_an_address_is_joined_with_a_space() -> None:
    raw = "原文见 https://example.org/a\n。另见[链接](https://example.org/b)\n。\n"
    assert (
        markdown_body(raw) == "原文见 https://example.org/a 。另见[链接](https://example.org/b)。\n"
    )
