"""Every finding code has a severity and a message in both languages."""

from __future__ import annotations

import pytest

from civarchive.findings import MESSAGES, SEVERITY, Code, Finding, Severity, message


def test_every_code_has_severity_and_both_messages() -> None:
    for code in Code:
        assert code in SEVERITY
        zh, en = MESSAGES[code]
        assert zh.strip()
        assert en.strip()
        assert en.isascii() or "{detail}" in en


def test_contract_severities() -> None:
    assert SEVERITY[Code.OVERDUE] is Severity.ERROR
    assert SEVERITY[Code.CORRUPT] is Severity.ERROR
    assert SEVERITY[Code.MISSING_EVIDENCE] is Severity.WARNING
    assert SEVERITY[Code.SYMLINK] is Severity.INFO
    assert SEVERITY[Code.UNSUPPORTED_TYPE] is Severity.INFO


def test_finding_message_follows_language(monkeypatch: pytest.MonkeyPatch) -> None:
    finding = Finding.of(Code.DUPLICATE, path="a/b.jpg", detail="a/a.jpg")
    assert finding.message == "same content as a/a.jpg; not counted again"
    assert finding.severity is Severity.WARNING
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    assert message(Code.DUPLICATE, "a/a.jpg") == "与 a/a.jpg 内容相同，不重复计数"


def test_finding_is_frozen_and_strict() -> None:
    finding = Finding.of(Code.EMPTY_FILE, path="x.docx")
    with pytest.raises(ValueError, match="frozen"):
        finding.code = Code.CORRUPT  # type: ignore[misc]
    with pytest.raises(ValueError, match="extra"):
        Finding.model_validate({**finding.model_dump(), "bogus": 1})


@pytest.mark.parametrize(
    ("code", "detail", "zh"),
    [
        (
            Code.WRONG_EXTENSION,
            ".jpg but the content is png",
            "扩展名与实际内容不符：.jpg 文件，实际是 png",
        ),
        (
            Code.CORRUPT,
            "image data is truncated (no end-of-image marker)",
            "文件已损坏，无法打开：图像数据不完整（文件被截断）",
        ),
        (
            Code.CORRUPT,
            "not a readable PDF: PdfReadError: EOF marker not found",
            "文件已损坏，无法打开：无法作为 PDF 打开",
        ),
        (
            Code.CORRUPT,
            "no decodable video (the media data is missing or damaged)",
            "文件已损坏，无法打开：没有可解码的视频画面（媒体数据缺失或损坏）",
        ),
        (Code.UNREADABLE, "Permission denied", "无法读取：没有读取权限"),
        (Code.CORRUPT, "an unforeseen detail", "文件已损坏，无法打开：an unforeseen detail"),
    ],
)
def test_scan_details_read_in_chinese(
    monkeypatch: pytest.MonkeyPatch, code: Code, detail: str, zh: str
) -> None:
    # Scan caches its details in English; a Chinese run reads them in Chinese.
    assert message(code, detail).endswith(detail)
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    assert message(code, detail) == zh
