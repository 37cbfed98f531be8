"""Every message civarchive prints exists in Chinese and in English, with the same fields.

Messages are written in place as ``tr("中文", "English", **fields)`` (and ``_d`` for the spec's
field descriptions), or as tables of (zh, en) pairs. This reads the package's source, so a
message added anywhere later is checked too: a missing half, a Chinese half without Chinese,
Chinese in an English half, or a ``{field}`` that one half uses and the call does not pass
fails here instead of in front of a clerk. The command-line framework's own words are checked
in test_clitext.py.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import civarchive
from civarchive.codes import CODE_LABELS_ZH, MESSAGES, SEVERITY, SEVERITY_LABELS, Code, Severity

PACKAGE = Path(civarchive.__file__).parent
CJK = re.compile(r"[\u3400-\u9fff]")


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _fields(template: str) -> set[str]:
    names = set()
    for _, name, _, _ in string.Formatter().parse(template):
        if name:
            names.add(re.split(r"[.\[]", name, maxsplit=1)[0])
    return names


def _text(node: ast.expr) -> str | None:
    """A literal string argument (implicitly concatenated literals included)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _message_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"tr", "_d"}:
                calls.append((f"{path.relative_to(PACKAGE)}:{node.lineno}", node))
    return calls


def _pairs() -> list[tuple[str, str, str]]:
    """Every literal (zh, en, ...) tuple in the package whose first text is Chinese."""
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Tuple) or len(node.elts) < 2:
                continue
            texts = [_text(e) for e in node.elts]
            if any(t is None for t in texts[:2]) or not CJK.search(texts[0] or ""):
                continue
            # Two Chinese texts side by side (font names, column headings) are no message pair.
            if CJK.search(texts[1] or "") and not re.search("[A-Za-z]{2}", texts[1] or ""):
                continue
            where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
            found.append((where, texts[0] or "", texts[1] or ""))
    return found


def _english_is_english(zh: str, en: str) -> bool:
    # Chinese names may stand in English text (要求.md, 说明.xlsx, 备考表, 「：」): only
    # when the Chinese half has them too, as names, never as untranslated sentences.
    return all(run in zh for run in re.findall(r"[\u3400-\u9fff]+", en))


def test_there_are_messages_to_check() -> None:
    assert len(_message_calls()) > 300
    assert len(_pairs()) > 50


def test_every_message_has_both_halves_with_the_fields_passed() -> None:
    problems = []
    for where, call in _message_calls():
        if len(call.args) < 2 or any(isinstance(a, ast.Starred) for a in call.args):
            continue  # tr(*pair): the pair is a table entry, checked below
        zh, en = _text(call.args[0]), _text(call.args[1])
        if zh is None or en is None:
            continue  # halves computed elsewhere (a table), checked below
        if not zh.strip() or not en.strip():
            problems.append((where, "an empty half", zh, en))
            continue
        if not CJK.search(zh) and zh != en and re.search("[A-Za-z]{3}", zh):
            problems.append((where, "the Chinese half has no Chinese", zh, en))
        if not _english_is_english(zh, en):
            problems.append((where, "Chinese in the English half", zh, en))
        passed = {k.arg for k in call.keywords}
        if None in passed or not passed:
            continue  # **fields are not checkable here; without fields tr() formats nothing
        for half in (zh, en):
            missing = _fields(half) - passed
            if missing and call.func.id == "tr":  # type: ignore[attr-defined]
                problems.append((where, f"fields not passed: {sorted(missing)}", zh, en))
    assert not problems, "\n".join(map(str, problems))


def test_every_table_pair_has_an_english_half_with_the_same_fields() -> None:
    problems = []
    for where, zh, en in _pairs():
        if not en.strip() or not re.search("[A-Za-z]", en):
            problems.append((where, "no English half", zh, en))
        elif not _english_is_english(zh, en):
            problems.append((where, "Chinese in the English half", zh, en))
        elif _fields(zh) != _fields(en):
            problems.append((where, "different fields", zh, en))
    assert not problems, "\n".join(map(str, problems))


def test_every_finding_code_has_messages_a_label_and_a_severity() -> None:
    for code in Code:
        zh, en = MESSAGES[code]
        assert CJK.search(zh), code
        assert en.strip(), code
        assert _fields(zh) == _fields(en), code
        assert CJK.search(CODE_LABELS_ZH[code]), code
        assert code in SEVERITY
    assert len(set(CODE_LABELS_ZH.values())) == len(Code), "two codes share a label"
    for severity in Severity:
        zh, en = SEVERITY_LABELS[severity]
        assert CJK.search(zh)
        assert en == severity.value


def test_label_functions_follow_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    import civarchive.codes as labels

    assert labels.code_label(Code.OVERDUE) == "overdue"
    assert labels.severity_label(Severity.WARNING) == "warning"
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    assert labels.code_label(Code.OVERDUE) == "逾期未交"
    assert labels.severity_label(Severity.WARNING) == "警告"
