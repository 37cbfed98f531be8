"""Real office, camera and phone files filed under the names a clerk gives: 题名 from the
names, never an Office author as 责任者 (issue 10, on the shared real-file corpus)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from civarchive.bind.build import build_volumes
from civarchive.bind.describe import ResponsibleSource, TitleSource
from civarchive.check import check
from civarchive.names import is_machine_name, stem_and_extension
from civarchive.scan import scan
from civarchive.spec.models import Spec

FOLDER = "1 组织领导/1.1 制度建设"
# corpus file → the name it is filed under (the real cases of issue 10 and a few more)
FILED = {
    "doc-word97.doc": "文明单位创建管理制度.doc",
    "pdf-chinese-print-to-pdf.pdf": "馆务会议纪要（研究文明创建）.pdf",
    "docx-word-chinese-images.docx": "期末考试安排.docx",
    "docx-wps-chinese.docx": "20230512-01_付款通知书 - 副本.docx",
    "docx-libreoffice.docx": "市委发〔2023〕12号 关于印发创建方案的通知.docx",
    "docx-word-mac-coreprops.docx": "新建 Microsoft Word 文档.docx",
    "ofd-suwell-chinese.ofd": "扫描全能王 2023-05-12 10.23.ofd",
    "pptx-powerpoint.pptx": "创建工作汇报.pptx",
    "xlsx-wps-chinese.xlsx": "志愿者名册.xlsx",
    "xlsx-excel-mac-chinese.xlsx": "2023年活动统计表.xlsx",
    "pdf-libreoffice-multilang.pdf": "多语种宣传册.pdf",
    "jpeg-canon-600d-xptitle-xpcomment.jpg": "IMG_5910.jpg",
}
SPEC = {
    "civarchive": 1,
    "title": "第七届全国文明单位创建资料",
    "unit": "X市文化馆",
    "period": {"start": "2000-01-01", "end": "2030-12-31"},
    "owners": [{"id": "bgs", "name": "办公室"}],
    "categories": [
        {
            "id": "1",
            "title": "组织领导",
            "indicators": [
                {
                    "id": "1.1",
                    "title": "制度建设",
                    "owner": "bgs",
                    "requires": [
                        {"kind": "document", "what": "制度文件", "min": 1},
                        {"kind": "photo", "what": "活动照片", "min": 1},
                    ],
                }
            ],
        }
    ],
}


@pytest.fixture
def filed(real_corpus: Path, tmp_path: Path) -> Path:
    root = tmp_path / "创建资料"
    (root / FOLDER).mkdir(parents=True)
    for source, name in FILED.items():
        shutil.copyfile(real_corpus / source, root / FOLDER / name)
    return root


def test_titles_come_from_names_and_no_author_is_responsible(filed: Path) -> None:
    spec = Spec.model_validate(SPEC)
    inventory = scan(filed, use_cache=False, progress=False)
    report = check(spec, inventory, as_of=dt.date(2024, 1, 1), git=False)
    [volume] = build_volumes(spec, inventory, report, bind_date=dt.date(2024, 1, 1))
    items = {item.path.rsplit("/", 1)[-1]: item for item in volume.items}
    assert set(items) == set(FILED.values())
    authors = {ev.author for ev in inventory.files if ev.author}
    assert {"Bob Otterberg", "pc", "luo", "Jerry", "Steve Canny"} <= authors  # real metadata
    for name, item in items.items():
        ev = item.evidence
        stem, _ = stem_and_extension(name)
        if ev.title and not is_machine_name(stem):
            assert item.title != ev.title, name  # a meaningful name beats any title property
        assert item.responsible not in authors, name
        assert (item.responsible, item.responsible_source) == ("办公室", ResponsibleSource.OWNER)
    expected = {
        "文明单位创建管理制度.doc": ("文明单位创建管理制度", TitleSource.NAME),
        "馆务会议纪要（研究文明创建）.pdf": ("馆务会议纪要（研究文明创建）", TitleSource.NAME),
        "20230512-01_付款通知书 - 副本.docx": ("付款通知书", TitleSource.NAME),
        "市委发〔2023〕12号 关于印发创建方案的通知.docx": (
            "关于印发创建方案的通知",
            TitleSource.NAME,
        ),
        # machine-made names: a plausible title property is used, a template's is not
        "扫描全能王 2023-05-12 10.23.ofd": ("11.4 字型变换", TitleSource.METADATA),
        "新建 Microsoft Word 文档.docx": ("新建 Microsoft Word 文档", TitleSource.NAME),
        "IMG_5910.jpg": ("Squirrel at berkely", TitleSource.METADATA),
    }
    for name, (title, source) in expected.items():
        assert (items[name].title, items[name].title_source) == (title, source), name
    assert (
        items["市委发〔2023〕12号 关于印发创建方案的通知.docx"].doc_number == "市委发〔2023〕12号"
    )
    # The metadata that used to be printed (issue 10), for the record of what changed.
    assert items["文明单位创建管理制度.doc"].evidence.title == (
        "This is a simple file created with Word 97-SR2"
    )
    assert items["馆务会议纪要（研究文明创建）.pdf"].evidence.author == "pc"
