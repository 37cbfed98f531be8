"""备考表: counts, gaps and exceptions in the 情况说明 box, who compiled and checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

from civarchive.bind import bind
from civarchive.bind.build import build_volumes
from civarchive.bind.volume.record import exception_lines
from tests.bind.conftest import (
    IND_11,
    IND_12,
    VOLUME_1,
    VOLUME_2,
    Bundle,
    docx_text,
    with_exceptions,
)

DAY = dt.date(2023, 7, 1)


def test_record_sheet(bound: tuple[Bundle, Path]) -> None:
    _, out = bound
    text = docx_text(docx.Document(out / VOLUME_1))
    assert "本卷共 8 件（11 页）：文件 2 件，照片 4 张，视频 1 个，音频 1 个；缺项 0 处。" in text
    for label, value in (("整理人", "王五"), ("检查人", "赵六"), ("整理日期", "2023年11月14日")):
        assert f"{label}\n{value}" in text


def test_every_exception_is_listed_by_reason(bundle: Bundle) -> None:
    bundle = with_exceptions(bundle)
    first, second = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=DAY)
    assert exception_lines(first) == [
        ("不适用的指标", ["1.3 未成年人教育：本单位无此项职能"]),
        (
            "未计入的文件：未被采用（1 个）",
            [f"{IND_11}/会议签到表.jpg（已豁免：签到表不作为证据）"],
        ),
        ("未计入的文件：重复文件（1 个）", [f"{IND_11}/照片/IMG_001 - 副本.jpg"]),
        ("未计入的文件：文件损坏（1 个）", [f"{IND_11}/照片/坏照片.jpg"]),
        ("未计入的文件：分辨率过低（1 个）", [f"{IND_11}/照片/小照片.jpg"]),
        ("尚无日期的件（档号暂不含年度，注明日期后补）", ["8. 录音（J012-1-0008）"]),
    ]
    assert exception_lines(second) == [
        ("经批准的例外（豁免）", ["2.1 志愿服务照片：2023年志愿服务照片已随区志愿者协会台账报送"])
    ]
    # A waived gap is explained, not open.
    assert second.gaps == ()
    assert [b.waiver for b in second.sections[0].waived] == [
        "2023年志愿服务照片已随区志愿者协会台账报送"
    ]
    assert first.undated[0].path == f"{IND_12}/录音.wav"


@pytest.mark.slow
def test_exceptions_are_written_in_the_volume(bundle: Bundle, tmp_path: Path) -> None:
    bundle = with_exceptions(bundle)
    result = bind(bundle.spec, bundle.inventory, bundle.report, tmp_path / "out", jobs=1)
    first = docx.Document(result.volumes[0])
    record = first.tables[-1]
    box = "\n".join(p.text for p in record.rows[0].cells[1].paragraphs)
    for expected in ("未计入的文件：重复文件（1 个）", f"{IND_11}/照片/坏照片.jpg", "尚无日期的件"):
        assert expected in box
    # Beside the requirement the files were aimed at, a line says some were left out.
    text = docx_text(first)
    assert (
        "另有 4 个文件未计入（未被采用 1、重复文件 1、文件损坏 1、分辨率过低 1），见备考表。"
        in text
    )
    second = docx.Document(result.volumes[1])
    # The waiver's reason stands where the evidence would, in a 情况说明 block; no 缺 line.
    block = next(t for t in second.tables if t.rows[0].cells[0].text.startswith("情况说明："))
    assert "区志愿者协会台账" in block.rows[0].cells[0].text
    assert not [p for p in second.paragraphs if p.text.startswith("缺：")]
    assert (tmp_path / "out" / VOLUME_2).is_file()
