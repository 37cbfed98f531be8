"""The library API: the pipeline end to end from `import civarchive`, on real files."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import civarchive
from civarchive import bind, check, load_spec, scan
from tests.factories import make_docx, make_jpeg, write_spec


def test_pipeline_from_the_top_level_api(tmp_path: Path) -> None:
    spec_path = write_spec(tmp_path)
    folder = tmp_path / "1 思想道德建设" / "1.1 理想信念教育"
    make_docx(folder / "2022年度学习计划.docx", created=dt.datetime(2022, 1, 5))
    for n in range(2):
        make_jpeg(
            folder / f"学习活动{n}.jpg", taken=dt.datetime(2022, 5, 1 + n), title=f"学习活动{n}"
        )

    # Paths may be given as strings, as in the README's example.
    spec = load_spec(str(spec_path))
    inventory = scan(str(tmp_path), spec=spec, jobs=1)
    report = check(spec, inventory, as_of=dt.date(2023, 1, 1))
    assert [i.status for i in report.indicators] == ["complete"]
    assert report.summary.completeness == 1.0

    result = bind(spec, inventory, report, str(tmp_path.parent / "out"), jobs=1)
    assert result is not None
    assert (tmp_path.parent / "out" / "归档文件目录.xlsx").is_file()
    assert civarchive.__version__


def test_import_is_light() -> None:
    # The verbs are importable without paying for the heavy libraries behind them.
    code = "import sys, civarchive; print(sorted(m for m in ('PIL', 'av', 'docx', 'openpyxl', 'pypdf') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
