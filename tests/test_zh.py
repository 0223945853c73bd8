"""Script detection and conversion: markup, glossary, no round trips."""

from __future__ import annotations

from govcases.zh.conversion import Converter, detect_script, load_glossary
from helpers import ROOT

conv = Converter("s2tw", load_glossary(ROOT / "glossary.yaml"))


def test_detects_script() -> None:
    assert detect_script("成都市成华区构建智慧治理新模式") == "hans"
    assert detect_script("成都市成華區構建智慧治理新模式") == "hant"


def test_taiwan_standard_without_vocabulary_swaps() -> None:
    assert conv.convert("为了群众，里面着力，社区", "hans", "hant") == "為了群眾，裡面著力，社區"


def test_glossary_beats_opencc_both_ways() -> None:
    assert conv.convert("自2015年10月正式发卡以来", "hans", "hant") == "自2015年10月正式發卡以來"
    assert conv.convert("政府干预", "hans", "hant") == "政府干預"
    assert conv.convert("政府干預", "hant", "hans") == "政府干预"


def test_inline_markup_never_reaches_output() -> None:
    text = "-{髮}-与-{zh-hans:头发;zh-hant:頭髮}-"
    assert conv.convert(text, "hans", "hant") == "髮與頭髮"
    assert conv.convert(text, "hans", "hans") == "髮与头发"


def test_own_script_is_not_converted() -> None:
    calls = conv.opencc_calls
    assert conv.convert("成華區著力於網格", "hant", "hant") == "成華區著力於網格"
    assert conv.opencc_calls == calls
