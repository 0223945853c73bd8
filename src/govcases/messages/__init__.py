"""What a diagnostic says, in Chinese and in English: one catalogue of message id → text.

Library code names a message and its arguments (`msg("date", written="2026/12/01")`); only
the CLI renders it, in the language of the editor. Simplified Chinese is written here once;
Traditional is derived from it through the project's converter, so it is never kept twice.
Arguments are what the editor wrote (values, file names, codes): they are inserted after
conversion, exactly as written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Union

from govcases.messages.catalogue import CATALOGUE

if TYPE_CHECKING:  # pydantic is loaded by the commands that validate, not by a no-op build
    from pydantic_core import PydanticCustomError

Language = Literal["en", "hans", "hant"]
Arg = Union[str, int, "Chinese", "Message", tuple["Message", ...]]


@dataclass(frozen=True)
class Chinese:
    """An argument that is the project's own Chinese text (a term's name, a division's),
    not something the editor wrote: shown in Traditional where the message is."""

    text: str


@dataclass(frozen=True)
class Message:
    """A catalogued message and its arguments."""

    id: str
    args: tuple[tuple[str, Arg], ...] = ()

    def arg(self, name: str) -> Arg:
        return dict(self.args)[name]


def msg(message_id: str, **args: Arg) -> Message:
    if message_id not in CATALOGUE:
        raise KeyError(f"message {message_id!r} is not in the catalogue")
    return Message(message_id, tuple(args.items()))


def failure(message: Message) -> PydanticCustomError:
    """A validator's error as pydantic carries it: the message id as the error type, its
    arguments as the context, so that the diagnostic gets the message back whole."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(message.id, CATALOGUE[message.id][1], dict(message.args))


def fail(message_id: str, **args: str | int) -> PydanticCustomError:
    return failure(msg(message_id, **args))


def of_error(exc: ValueError) -> str | Message:
    """The message a ValueError raised by `fail` carries (else its text)."""
    from pydantic_core import PydanticCustomError

    if isinstance(exc, PydanticCustomError) and exc.type in CATALOGUE:
        return msg(exc.type, **(exc.context or {}))
    return str(exc)


def render(
    text: str | Message, language: Language = "en", to_hant: Callable[[str], str] | None = None
) -> str:
    """The text in `language`; Traditional through `to_hant` (Simplified without one). A plain
    string is text no catalogue entry covers yet and is shown as it is."""
    if isinstance(text, str):
        return text
    hans, english = CATALOGUE[text.id]
    template = english if language == "en" else hans
    if language == "hant" and to_hant is not None and template:
        template = to_hant(template)
    return template.format(**{k: _arg(v, language, to_hant) for k, v in text.args})


def _arg(value: Arg, language: Language, to_hant: Callable[[str], str] | None) -> str | int:
    """An argument as shown: a message rendered, a tuple of them listed."""
    if isinstance(value, Chinese):
        return to_hant(value.text) if language == "hant" and to_hant is not None else value.text
    if isinstance(value, tuple):
        separator = "; " if language == "en" else "；"
        return separator.join(render(v, language, to_hant) for v in value)
    return render(value, language, to_hant) if isinstance(value, Message) else value


def shortened(value: Any, most: int = 40) -> str:
    """A value quoted in a message: what the editor wrote, cut when long."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= most else text[:most] + "…"


# How pydantic names the type it expected, for "应为…；实际为…".
_EXPECTED = {
    "string_type": "text",
    "int_type": "integer",
    "int_from_float": "integer",
    "float_type": "number",
    "bool_type": "bool",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
}


def from_pydantic(err: Mapping[str, Any]) -> Message:
    """A pydantic error as a catalogued message, chosen by its error type (never by its
    English wording). Errors raised by the project's own validators carry a catalogue id as
    their type and the arguments as their context."""
    kind: str = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    written = shortened(err.get("input"))
    if kind in CATALOGUE:
        return msg(kind, **{k: v for k, v in ctx.items() if isinstance(v, (str, int, Message))})
    if kind == "missing":
        return msg("missing")
    if kind.startswith("date") or kind.startswith("datetime"):
        return msg("date", written=written)
    if kind == "too_short":
        return msg("too-short", least=ctx.get("min_length", 1), count=ctx.get("actual_length", 0))
    if kind == "string_too_short":
        return msg("empty")
    if kind in _EXPECTED:
        return msg("wrong-type", expected=msg("type-" + _EXPECTED[kind]), written=written)
    if kind == "literal_error":
        return msg("one-of", expected=str(ctx.get("expected", "")), written=written)
    if kind == "string_pattern_mismatch":
        return msg("pattern", pattern=str(ctx.get("pattern", "")), written=written)
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le", ""))
        return msg("at-least" if kind == "greater_than_equal" else "at-most", bound=str(bound))
    return msg("invalid", detail=str(err.get("msg", kind)).removeprefix("Value error, "))
