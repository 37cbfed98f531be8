"""备考表: counts, gaps in the 情况说明 box, who compiled and checked."""

from __future__ import annotations

from pathlib import Path

import docx

from tests.bind.conftest import (
    VOLUME_1,
    Bundle,
    docx_text,
)


def test_record_sheet(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    text = docx_text(docx.Document(out / VOLUME_1))
    assert "本卷共 8 件：文件 2 件（3 页），照片 4 张，视频 1 个，音频 1 个；缺项 0 处。" in text
    for label, value in (("整理人", "王五"), ("检查人", "赵六"), ("整理日期", "2023-11-14")):
        assert f"{label}\n{value}" in text
