"""Hard-case corpus for Simplified ↔ Traditional conversion, and the other OpenCC variants.

The corpus (tests/data/conversion_corpus.yaml) pairs short source-style sentences with their
correct Taiwan-standard Traditional form. Every pair must hold in both directions with the
default variant (s2tw) and the project's glossary; when OpenCC gets a pair wrong, the fix is a
phrase-level term in glossary.yaml, never an edit to the corpus.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from govcases.zh.conversion import Converter, load_glossary
from helpers import ROOT

GLOSSARY = load_glossary(ROOT / "glossary.yaml")
CORPUS: list[dict[str, Any]] = yaml.safe_load(
    (ROOT / "tests" / "data" / "conversion_corpus.yaml").read_text("utf-8")
)
TW = Converter("s2tw", GLOSSARY)

# Every word here must occur in at least one corpus sentence (in its Simplified form).
REQUIRED_WORDS = """
头发 发展 发卡 发表 理发 干部 干净 干预 干燥 树干 干杯 以后 皇后 后来 太后
里面 公里 这里 邻里 面条 面积 方面 面粉 台湾 台风 舞台 平台 台阶 柜台
关系 系统 联系 系鞋带 制度 制造 控制 制作 复杂 恢复 答复 重复 复兴
征迁 象征 征收 特征 征求 范 范围 只 只有 一只 松 松树 准 准备 标准
钟 钟表 钟情 历 历史 日历 冲 冲突 汇 汇报 词汇 才 人才 云 云计算 谷 山谷
斗 斗争 当 当选 余 剩余 余额 着 着力 看着 着落
党建+ 一窗式 网格员 网格化 文惠卡 正式发卡 免费发卡 统一出件 社区 群众 综合治理
矛盾纠纷 村支书 政务服务 互联网+政务服务 大联动微治理 商会承接政府职能 数字经济
政府干预 征求意见 信访 集体经济 乡村振兴 脱贫攻坚 摘帽 一核多元 跨城通办 自助终端
文化惠民卡 网格党支部 党群服务中心
"""
REQUIRED = REQUIRED_WORDS.split()


@pytest.mark.parametrize("case", CORPUS, ids=[c["hans"] for c in CORPUS])
def test_sentence_converts_both_ways(case: dict[str, Any]) -> None:
    assert TW.convert(case["hans"], "hans", "hant") == case["hant"]
    assert TW.convert(case["hant"], "hant", "hans") == case["hans"]


def test_corpus_is_large_and_well_formed() -> None:
    assert len(CORPUS) >= 100
    assert len({c["hans"] for c in CORPUS}) == len(CORPUS), "duplicate sentences"
    for case in CORPUS:
        assert set(case) == {"hans", "hant", "topic"}, case
        assert 5 <= len(case["hans"]) <= 25, case["hans"]
        assert len(case["hant"]) == len(case["hans"]), case["hans"]
        assert case["topic"] in case["hans"], case["hans"]


def test_corpus_covers_every_required_topic() -> None:
    text = "\n".join(c["hans"] for c in CORPUS)
    missing = [word for word in REQUIRED if word not in text]
    assert not missing, f"no corpus sentence for: {' '.join(missing)}"


def test_forms_opencc_gets_wrong_never_appear() -> None:
    """Wrong readings that must never appear; OpenCC alone produces those checked below."""
    wrong = {"正式发卡": "髮卡", "免费发卡": "髮卡", "统一出件": "齣件", "干预": "幹預"}
    wrong |= {"企业改制为": "改製", "，并成": "併成"}
    for case in CORPUS:
        for term, bad in wrong.items():
            if term in case["hans"]:
                assert bad not in case["hant"], case["hans"]
    bare = Converter("s2tw")
    assert bare.convert("正式发卡", "hans", "hant") == "正式髮卡"
    assert bare.convert("政府干预市场", "hans", "hant") == "政府幹預市場"
    assert bare.convert("企业改制为股份制", "hans", "hant") == "企業改製為股份制"
    assert bare.convert("签订合同，并成立小组", "hans", "hant") == "簽訂合同，併成立小組"


def test_every_glossary_term_round_trips() -> None:
    for term in GLOSSARY:
        assert term.note, f"glossary term {term.hans} needs a note"
        assert TW.convert(term.hans, "hans", "hant") == term.hant
        assert TW.convert(term.hant, "hant", "hans") == term.hans


# (variant, Simplified, expected Traditional) — OpenCC's other standards, glossary applied.
VARIANTS = [
    # s2t: OpenCC's own standard (traditional character forms 爲, 裏, 着, 羣, 衆).
    ("s2t", "为了群众，里面着力，社区", "爲了羣衆，裏面着力，社區"),
    ("s2t", "他的头发很长", "他的頭髮很長"),
    ("s2t", "正式发卡以后在这里办理", "正式發卡以後在這裏辦理"),
    ("s2t", "政府干预市场", "政府干預市場"),
    # s2hk: Hong Kong forms (為, 裏, 着, 羣, 眾; 台灣 with 台).
    ("s2hk", "为了群众，里面着力，社区", "為了羣眾，裏面着力，社區"),
    ("s2hk", "台湾同胞来固原参观", "台灣同胞來固原參觀"),
    ("s2hk", "社区群众看着着落", "社區羣眾看着着落"),
    # s2tw: the default, for contrast.
    ("s2tw", "为了群众，里面着力，社区", "為了群眾，裡面著力，社區"),
]


@pytest.mark.parametrize(("variant", "hans", "hant"), VARIANTS, ids=[v[1] for v in VARIANTS])
def test_other_variants(variant: str, hans: str, hant: str) -> None:
    conv = Converter(variant, GLOSSARY)
    assert conv.convert(hans, "hans", "hant") == hant
    assert conv.convert(hant, "hant", "hans") == hans


def test_s2twp_swaps_vocabulary_so_it_is_not_the_default() -> None:
    """s2twp rewrites words, not just characters: 社区 (community) becomes 社群 (social group),
    信息 becomes 資訊, 视频 becomes 影片. A case's own terms would change meaning, and the
    Simplified page rebuilt from the Traditional one would no longer match the source, so the
    default is s2tw (characters only)."""
    twp = Converter("s2twp", GLOSSARY)
    assert twp.convert("社区群众", "hans", "hant") == "社群群眾"
    assert twp.convert("信息系统和视频", "hans", "hant") == "資訊系統和影片"
    assert twp.convert("社群群眾", "hant", "hans") == "社群群众"  # 社区 is lost
    assert TW.convert("社区群众", "hans", "hant") == "社區群眾"
