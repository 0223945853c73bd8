"""Gazetteer look-ups: names as editors write them → division chain with GB/T 2260 codes."""

from __future__ import annotations

import pytest

from govcases.content.places import load_gazetteer
from govcases.messages import render
from govcases.zh.conversion import Converter
from helpers import ROOT

conv = Converter()
gazetteer = load_gazetteer(ROOT / "places.yaml", conv.to_hans, conv.fold_name)


@pytest.mark.parametrize(
    ("name", "chain", "zone"),
    [
        ("荔湾", ["广东省 440000", "广州市 440100", "荔湾区 440103"], ""),
        ("广州荔湾", ["广东省 440000", "广州市 440100", "荔湾区 440103"], ""),
        ("广东省广州市荔湾区", ["广东省 440000", "广州市 440100", "荔湾区 440103"], ""),
        ("成華區", ["四川省 510000", "成都市 510100", "成华区 510108"], ""),
        ("固原", ["宁夏回族自治区 640000", "固原市 640400"], ""),
        ("延吉", ["吉林省 220000", "延边朝鲜族自治州 222400", "延吉市 222401"], ""),
        ("北京朝阳", ["北京市 110000", "朝阳区 110105"], ""),
        ("江北新区", ["江苏省 320000", "南京市 320100"], "江北新区"),
        ("青岛西海岸新区", ["山东省 370000", "青岛市 370200"], "西海岸新区"),
        ("新乡张青社区", ["河南省 410000", "新乡市 410700"], "张青社区"),
        ("松原市乾安縣", ["吉林省 220000", "松原市 220700", "乾安县 220723"], ""),
    ],
)
def test_resolves(name: str, chain: list[str], zone: str) -> None:
    region, why = gazetteer.resolve(conv.to_hans(name))
    assert region is not None, why
    assert [f"{d.name} {d.code}" for d in region.divisions] == chain
    assert region.zone == zone


def test_ambiguous_lists_candidates() -> None:
    region, why = gazetteer.resolve("朝阳区")
    assert region is None
    assert render(why) == (
        "'朝阳区' is ambiguous: 北京市 › 朝阳区 (110105); 吉林省 › 长春市 › 朝阳区 (220104)"
    )


def test_pinned_code_settles_and_must_agree() -> None:
    region, _ = gazetteer.resolve("新乡张青社区", "410721")
    assert region is not None and region.most_specific.code == "410721"
    assert region.zone == "张青社区"
    region, why = gazetteer.resolve("荔湾", "510108")
    assert region is None and "成华区" in render(why)
