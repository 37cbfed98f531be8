"""The json format: contract key order, schema validity, the checked-in schema, loading back."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from civarchive.check.models import Report
from civarchive.errors import UsageError
from civarchive.report import json_format, load_report, report_schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json"
REGENERATE = (
    'python -c "import json; from civarchive.report import report_schema; '
    "open('schemas/report.schema.json', 'w', encoding='utf-8')"
    ".write(json.dumps(report_schema(), ensure_ascii=False, indent=2) + '\\n')\""
)


def test_top_level_keys_in_contract_order(report: Report) -> None:
    data = json.loads(json_format.render(report))
    assert list(data)[:7] == [
        "schema_version",
        "tool",
        "spec",
        "as_of",
        "summary",
        "indicators",
        "findings",
    ]
    assert set(data) == set(Report.model_fields)


def test_contract_fields(report: Report) -> None:
    data = json.loads(json_format.render(report))
    assert data["schema_version"] == 1
    assert data["tool"] == {"name": "civarchive", "version": "0.1.0"}
    assert data["as_of"] == "2023-07-01"
    assert list(data["summary"]) == [
        "indicators",
        "complete",
        "partial",
        "missing",
        "not_applicable",
        "points_total",
        "points_complete",
        "completeness",
        "files",
        "errors",
        "warnings",
    ]
    first = data["indicators"][0]
    assert list(first)[:9] == [
        "id",
        "title",
        "category",
        "status",
        "points",
        "owner",
        "due",
        "folders",
        "requirements",
    ]
    assert first["due"] == "2023-06-30"
    assert list(first["requirements"][0])[:7] == [
        "kind",
        "what",
        "min",
        "count",
        "per_year",
        "met",
        "files",
    ]
    assert list(data["findings"][0])[:5] == ["code", "severity", "path", "indicator", "message"]
    waived = next(f for f in data["findings"] if f["waived"])
    assert waived["reason"] == "2021年翻拍的历史照片"


def test_utf8_readable_indented_with_final_newline(report: Report) -> None:
    raw = json_format.render(report)
    assert "理想信念教育".encode() in raw  # Chinese kept as text, not \\u escapes
    assert raw.startswith(b'{\n  "schema_version": 1,')
    assert raw.endswith(b"}\n")


def test_rendered_json_validates_against_checked_in_schema(
    report: Report, tiny_report: Report
) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for each in (report, tiny_report):
        validator.validate(json.loads(json_format.render(each)))
    broken = json.loads(json_format.render(report))
    broken["summary"]["errors"] = "many"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_checked_in_schema_is_fresh() -> None:
    checked_in = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert checked_in == report_schema(), (
        f"schemas/report.schema.json is stale; regenerate it with:\n{REGENERATE}"
    )
    assert checked_in["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(checked_in)


def test_round_trip(report: Report, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_bytes(json_format.render(report))
    assert load_report(path) == report


def test_load_accepts_a_bom(report: Report, tmp_path: Path) -> None:
    # Notepad on Windows saves UTF-8 with a BOM.
    path = tmp_path / "report.json"
    path.write_bytes(b"\xef\xbb\xbf" + json_format.render(report))
    assert load_report(path) == report


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is not a civarchive JSON report (JSON line 1 column 1"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "is not a civarchive JSON report:"),
        (b'{"name": "package.json"}', "tool: Field required"),
        (b"[" * 100_000 + b"]" * 100_000, "is not a civarchive JSON report"),
    ],
    ids=["empty", "binary", "list", "other-json", "deeply-nested"],
)
def test_load_rejects_what_is_not_a_report(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    with pytest.raises(UsageError) as caught:
        load_report(path)
    assert expected in caught.value.message
    assert str(path) in caught.value.message
    assert caught.value.hint is not None


def test_load_rejects_a_newer_schema_version(report: Report, tmp_path: Path) -> None:
    data = json.loads(json_format.render(report))
    data["schema_version"] = 2
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UsageError, match="schema_version 2"):
        load_report(path)


def test_load_names_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not found"):
        load_report(tmp_path / "nope.json")
    with pytest.raises(UsageError, match="cannot read"):
        load_report(tmp_path)


def test_validation_problems_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps({f"k{i}": i for i in range(20)}), encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_report(path)
    message = caught.value.message
    assert message.count("\n  - ") == 5
    assert "more problems" in message


def _dumped(report: Report) -> bytes:
    """What the JSON format promises: json.dumps of the contract-ordered data."""
    text = json.dumps(json_format.to_dict(report), ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8", errors="replace")


def test_bytes_are_json_dumps_bytes(report: Report, tiny_report: Report) -> None:
    for each in (report, tiny_report):
        assert json_format.render(each) == _dumped(each)


def test_hard_text_is_written_as_json_dumps_writes_it(report: Report) -> None:
    from civarchive.findings import Code, Finding, Severity

    hostile = '杂项/\x00\x07\x1b[31m\t"引号"\\反斜杠\u2028\x7f😀.jpg'
    finding = Finding(code=Code.BAD_NAME, severity=Severity.WARNING, path=hostile, message="m")
    with_controls = report.model_copy(update={"findings": [*report.findings, finding]})
    assert json_format.render(with_controls) == _dumped(with_controls)


@pytest.mark.parametrize("points", [0.00001, 1e17, float("inf")])
def test_floats_python_writes_otherwise_take_json_dumps(report: Report, points: float) -> None:
    first = report.indicators[0].model_copy(update={"points": points})
    odd = report.model_copy(update={"indicators": [first, *report.indicators[1:]]})
    assert json_format.render(odd) == _dumped(odd)


def test_a_lone_surrogate_takes_json_dumps(report: Report) -> None:
    from civarchive.findings import Code, Finding, Severity

    finding = Finding(
        code=Code.BAD_NAME, severity=Severity.WARNING, path="乱码\udcff.jpg", message="m"
    )
    odd = report.model_copy(update={"findings": [finding]})
    assert json_format.render(odd) == _dumped(odd)
    assert b"?" in json_format.render(odd)
