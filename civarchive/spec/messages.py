"""Turn pydantic validation errors into short located zh/en messages with "did you mean" hints."""

from __future__ import annotations

import difflib
import re
import typing
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from civarchive.days import day_hint
from civarchive.i18n import tr
from civarchive.spec.models import KIND_ALIASES
from civarchive.spec.slips import glued_key, glued_key_message
from civarchive.spec.source import Loc

# pydantic adds the member type of a union (``str``, ``list[str]``) to an error's location.
_UNION_TAG = re.compile(r"^((constrained-)?(str|int|float|bool|bytes|none)|.*\[.*\]|function-.*)$")


@dataclass(frozen=True, slots=True)
class FieldMessage:
    """One validation problem: the data path, what is wrong, a hint, and where to point."""

    loc: Loc
    message: str
    hint: str | None
    at: str  # "value", "key" (the unknown key itself) or "parent" (the mapping missing a key)
    kind: str  # pydantic's error type, used to merge related problems


def field_path(loc: Loc) -> str:
    """``('categories', 0, 'indicators', 2, 'id')`` -> ``categories[0].indicators[2].id``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def suggest(word: str, choices: typing.Iterable[str]) -> str | None:
    """The closest choice to a misspelt ``word``, if any is close enough."""
    options = [c for c in choices if c]
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not found:
        lowered = {c.lower(): c for c in options}
        found = [
            lowered[w]
            for w in difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        ]
    return found[0] if found else None


def did_you_mean(word: str, choices: typing.Iterable[str]) -> str | None:
    guess = suggest(word, choices)
    return tr("是不是 “{g}”？", "did you mean '{g}'?", g=guess) if guess else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _annotation_at(model: type[BaseModel], loc: Loc) -> tuple[type[BaseModel] | None, Any]:
    """The model holding the last field of ``loc`` and that field's annotation."""
    current: type[BaseModel] | None = model
    annotation: Any = None
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        if info is None:
            return current, None
        annotation = info.annotation
        owner = current
        current = _model_in(annotation)
        if part == loc[-1]:
            return owner, annotation
    return current, annotation


def _mapping_model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model describing the mapping at ``loc`` (the parent of an unknown or missing key)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        current = _model_in(info.annotation) if info is not None else None
    return current


def _enum_choices(annotation: Any) -> list[str]:
    """The allowed values of the enum inside ``annotation`` (``X``, ``X | None``, ``Annotated``)."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [str(member.value) for member in annotation]
    # Descend into the arguments only, never the annotation itself: `X | None` would recurse forever.
    for arg in typing.get_args(annotation):
        found = _enum_choices(arg)
        if found:
            return found
    return []


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def clean_loc(raw: tuple[Any, ...], data: Any) -> Loc:
    """Drop union member names from a pydantic location, keeping only real data keys and indexes."""
    loc: list[str | int] = []
    current = data
    for part in raw:
        if isinstance(part, int):
            loc.append(part)
            current = (
                current[part] if isinstance(current, list) and 0 <= part < len(current) else None
            )
            continue
        if _UNION_TAG.match(str(part)) and not (isinstance(current, dict) and part in current):
            continue
        if isinstance(current, dict):
            loc.append(part)
            current = current.get(part)
            continue
        loc.append(part)
        current = None
    return tuple(loc)


def field_message(error: ErrorDetails, data: Any, model: type[BaseModel]) -> FieldMessage:
    """One pydantic error as a located, translated message."""
    loc = clean_loc(tuple(error["loc"]), data)
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        return FieldMessage(
            loc,
            tr("缺少必填项 “{name}”", "required key '{name}' is missing", name=name),
            tr("请添加 {name}: …", "add '{name}: …'", name=name),
            "parent",
            kind,
        )
    if kind == "extra_forbidden":
        parent = _mapping_model_at(model, loc[:-1])
        allowed = list(parent.model_fields) if parent is not None else []
        glued = glued_key(name)
        if glued is not None and glued[0] in allowed:
            # {start：2021-01-01}: an input-method colon glued the key to its value.
            text, glued_hint = glued_key_message(*glued, full_width="：" in name)
            return FieldMessage(loc, text, glued_hint, "key", kind)
        hint = did_you_mean(name, allowed)
        if hint is None and allowed:
            hint = tr("可用的键：{keys}", "allowed keys: {keys}", keys=", ".join(allowed))
        return FieldMessage(
            loc, tr("未知的键 “{name}”", "unknown key '{name}'", name=name), hint, "key", kind
        )
    message, hint = _value_message(kind, value, ctx, model, loc)
    return FieldMessage(loc, message, hint, "value", kind)


def _value_message(
    kind: str, value: Any, ctx: dict[str, Any], model: type[BaseModel], loc: Loc
) -> tuple[str, str | None]:
    shown = _shown(value)
    if value is None and kind != "missing":
        return tr("不能为空", "must not be empty"), tr(
            "请在冒号后填写值", "write a value after the colon"
        )
    half_width = _half_width_hint(value)
    if kind.startswith("date") or kind.startswith("datetime"):
        return tr("日期无效：{v}", "not a valid date: {v}", v=shown), half_width or day_hint()
    if kind in {"string_type"}:
        return tr("应为文本", "expected text"), None
    if kind == "string_too_short":
        return tr("不能为空", "must not be empty"), None
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return tr("应为整数，而不是 {v}", "expected a whole number, not {v}", v=shown), half_width
    if kind in {"float_parsing", "float_type", "finite_number"}:
        return tr("应为数字，而不是 {v}", "expected a number, not {v}", v=shown), half_width
    if kind in {"greater_than_equal", "greater_than"}:
        bound = ctx.get("ge", ctx.get("gt"))
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)
        op = "≥" if kind == "greater_than_equal" else ">"
        return tr(
            "应 {op} {b}，而不是 {v}", "must be {op} {b}, not {v}", op=op, b=bound, v=shown
        ), None
    if kind in {"bool_parsing", "bool_type"}:
        return tr(
            "应为 true 或 false，而不是 {v}", "expected true or false, not {v}", v=shown
        ), None
    if kind == "list_type":
        return tr(
            "应为列表（- 开头的多行，或 [a, b]）",
            "expected a list (lines starting with '- ', or [a, b])",
        ), None
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return tr("应为键值映射（key: value）", "expected a mapping (key: value)"), None
    if kind in {"enum", "literal_error"}:
        return _choice_message(value, model, loc)
    if kind == "value_error":
        return str(ctx.get("error", value)), None
    if kind == "template":
        return tr(
            "模板无法使用：{p}", "the template cannot be used: {p}", p=ctx.get("message", "")
        ), ctx.get("hint")
    return tr("取值无效：{v}", "invalid value: {v}", v=shown), None


def _half_width_hint(value: Any) -> str | None:
    """For ``２０２３-０６-３０`` or ``４`` (full-width digits from a Chinese input method):
    the same value in half-width characters, as the hint."""
    if not isinstance(value, str):
        return None
    half = unicodedata.normalize("NFKC", value)
    if half == value or not any(c.isdigit() for c in half):
        return None
    return tr(
        "含全角字符，请改用半角（英文）输入：{h}",
        "it holds full-width characters; write it in half-width: {h}",
        h=half,
    )


def _choice_message(value: Any, model: type[BaseModel], loc: Loc) -> tuple[str, str | None]:
    name = str(loc[-1]) if loc else ""
    if name == "civarchive":
        return (
            tr("不支持的规范格式版本 {v}", "unsupported spec format version {v}", v=_shown(value)),
            tr("本版本的 civarchive 读取 civarchive: 1", "this civarchive reads 'civarchive: 1'"),
        )
    _, annotation = _annotation_at(model, loc)
    choices = _enum_choices(annotation)
    if name == "kind":
        choices = [*choices, *KIND_ALIASES]
    hint = did_you_mean(str(value), choices) if isinstance(value, str) else None
    if hint is None and choices:
        hint = tr("可选：{c}", "one of: {c}", c=", ".join(choices))
    return tr("取值无效：{v}", "invalid value: {v}", v=_shown(value)), hint
