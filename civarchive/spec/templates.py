"""The specs shipped with civarchive: `civarchive spec templates` lists them, `init --template` starts from one."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from civarchive.errors import UsageError
from civarchive.i18n import tr
from civarchive.spec.owners import owner_key


@dataclass(frozen=True, slots=True)
class Template:
    """A shipped spec: its name on the command line, its file, and what it is for."""

    name: str
    file: str
    title_zh: str
    title_en: str
    about_zh: str
    about_en: str

    def title(self) -> str:
        return tr(self.title_zh, self.title_en)

    def about(self) -> str:
        return tr(self.about_zh, self.about_en)

    def text(self) -> str:
        """The template's YAML text, read from the installed package."""
        return (
            resources.files("civarchive.spec").joinpath("templates", self.file).read_text("utf-8")
        )


TEMPLATES: tuple[Template, ...] = (
    Template(
        name="wenming-jiguan",
        file="wenming-jiguan.yaml",
        title_zh="全国文明单位（机关）",
        title_en="全国文明单位 (government offices)",
        about_zh="按《全国文明单位测评体系》整理的 10 个测评项目、34 个指标（示例分值合计 100 分），适合党政机关和事业单位",
        about_en="10 categories and 34 indicators after the national 全国文明单位 assessment system (example points, 100 in all), for government offices and public institutions",
    ),
    Template(
        name="blank",
        file="blank.yaml",
        title_zh="空白规范",
        title_en="blank spec",
        about_zh="一个测评项目、一个指标的骨架，适合党建台账、学校评估等任何“指标→证据”的工作",
        about_en="one category and one indicator to start from, for any 'indicator → evidence' work (Party ledgers, school reviews…)",
    ),
)


def find_template(name: str) -> Template:
    """The template called ``name`` (or by its Chinese title); UsageError listing the known ones."""
    wanted = owner_key(name)
    for template in TEMPLATES:
        if wanted in {owner_key(template.name), owner_key(template.title_zh)}:
            return template
    raise UsageError(
        tr("没有名为“{n}”的模板", "no template named '{n}'", n=name),
        hint=tr(
            "可用的模板：{k}（civarchive spec templates 列出说明）",
            "known templates: {k} (`civarchive spec templates` describes them)",
            k=", ".join(t.name for t in TEMPLATES),
        ),
    )


def templates_text() -> str:
    """One line per template: name, title and what it is for."""
    width = max(len(t.name) for t in TEMPLATES)
    return "".join(
        f"{t.name.ljust(width)}  {t.title()}{tr('：', ': ')}{t.about()}\n" for t in TEMPLATES
    )


def write_template(name: str, target: Path) -> Template:
    """Write the template ``name`` to the new file ``target`` (never overwriting one) and its
    JSON Schema beside it for editors. Raises UsageError for an unknown name or an existing file."""
    template = find_template(name)
    if target.exists():
        raise _exists(target)
    from civarchive.atomic import write_new

    try:
        write_new(target, template.text().encode("utf-8"))
    except FileExistsError:
        raise _exists(target) from None
    except OSError as error:
        raise UsageError(
            tr("无法写入 {p}：{e}", "cannot write {p}: {e}", p=target, e=error.strerror or error),
            hint=tr("请检查该位置的写权限", "check that you may write there"),
        ) from None
    from civarchive.spec.schema import write_schema_beside

    write_schema_beside(target)
    return template


def _exists(target: Path) -> UsageError:
    return UsageError(
        tr("{p} 已存在，不会覆盖", "{p} exists; it is never overwritten", p=target),
        hint=tr(
            "去掉 --template 按已有规范建文件夹，或换一个空文件夹",
            "drop --template to use the existing spec, or choose an empty folder",
        ),
    )
