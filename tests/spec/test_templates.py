"""The shipped templates: valid specs, listed, found by name or title, in the wheel, never overwriting."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from civarchive.errors import UsageError
from civarchive.spec.loader import load_spec
from civarchive.spec.templates import (
    TEMPLATES,
    Template,
    find_template,
    templates_text,
    write_template,
)

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = ROOT / "civarchive" / "spec" / "templates"


def test_every_template_file_is_registered_and_the_other_way_round() -> None:
    assert sorted(p.name for p in TEMPLATE_DIR.glob("*.yaml")) == sorted(t.file for t in TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.name)
def test_each_template_is_a_valid_generic_spec(template: Template, tmp_path: Path) -> None:
    target = tmp_path / "civarchive.yaml"
    write_template(template.name, target)
    spec = load_spec(target)
    text = target.read_text(encoding="utf-8")
    assert text == template.text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=.civarchive/spec.schema.json"
    assert spec.unit == "待填写"
    assert "unit: 待填写  # 待确认" in text
    assert all(i.requires for _, i in spec.indicators())


def test_jiguan_template_shape(tmp_path: Path) -> None:
    target = tmp_path / "civarchive.yaml"
    write_template("全国文明单位（机关）", target)
    spec = load_spec(target)
    assert "按《全国文明单位测评体系》的结构整理" in target.read_text(encoding="utf-8")
    assert len(spec.categories) == 10
    assert len(spec.indicators()) == 34
    assert sum(i.points for _, i in spec.indicators()) == 100
    assert {i.owner for _, i in spec.indicators()} <= {o.id for o in spec.owners}


def test_listing_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    assert templates_text().splitlines()[1] == (
        "blank           blank spec: one category and one indicator to start from, for any "
        "'indicator → evidence' work (Party ledgers, school reviews…)"
    )
    monkeypatch.setenv("CIVARCHIVE_LANG", "zh")
    assert (
        templates_text()
        .splitlines()[0]
        .startswith(
            "wenming-jiguan  全国文明单位（机关）：按《全国文明单位测评体系》整理的 10 个测评项目、34 个指标"
        )
    )


def test_unknown_name_and_existing_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        find_template("wenming")
    assert raised.value.hint == (
        "known templates: wenming-jiguan, blank (`civarchive spec templates` describes them)"
    )
    target = tmp_path / "civarchive.yaml"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError):
        write_template("blank", target)
    assert target.read_text(encoding="utf-8") == "mine"


def test_templates_ship_in_the_wheel_and_load_from_it(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    [wheel] = list(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as package:
        names = package.namelist()
        package.extractall(installed)
    for template in TEMPLATES:
        assert f"civarchive/spec/templates/{template.file}" in names
    # A fresh interpreter that sees only the unpacked wheel (as pip installs it) reads them.
    probe = (
        "import civarchive, sys\n"
        "from civarchive.spec.templates import TEMPLATES\n"
        f"assert civarchive.__file__.startswith({str(installed)!r}), civarchive.__file__\n"
        "print(sum(len(t.text()) > 0 for t in TEMPLATES))\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            f"import sys; sys.path.insert(0, {str(installed)!r})\n{probe}",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{len(TEMPLATES)}\n"
