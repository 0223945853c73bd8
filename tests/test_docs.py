"""README documents every case field, config key and command."""

from __future__ import annotations

import argparse

from govcases.cli import build_parser
from govcases.config import Config
from govcases.content.schema import CaseIn, MetricIn, PeriodIn, SourceIn
from helpers import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_case_field_is_documented() -> None:
    for model in (CaseIn, MetricIn, PeriodIn, SourceIn):
        for name in model.model_fields:
            assert f"`{name}`" in README or f"{name}:" in README, name


def test_every_config_key_is_documented() -> None:
    for name in Config.model_fields:
        if name != "root":
            assert f"`{name}`" in README, name


def test_every_command_is_documented() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for command in sub.choices:
        assert f"`govcases {command}" in README, command
