"""Fixtures for bind: a small real archive plus its Spec, Inventory and Report built in memory."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import docx
import pytest

from civarchive.bind import CATALOG_NAME, INDEX_NAME, bind
from civarchive.bind.models import bind_summary
from civarchive.check.models import (
    CategoryInfo,
    IndicatorResult,
    Report,
    RequirementResult,
    SpecInfo,
    Status,
    Summary,
    ToolInfo,
)
from civarchive.findings import Code, Finding
from civarchive.kinds import Kind
from civarchive.scan.models import Caption, Evidence, Inventory
from civarchive.spec.models import Spec
from tests.factories import make_docx, make_heic, make_jpeg, make_mp4, make_pdf, make_wav

IND_11 = "1 思想道德建设/1.1 理想信念教育"
IND_12 = "1 思想道德建设/1.2 宣讲活动"
VOLUME_1 = "1 思想道德建设.docx"
VOLUME_2 = "2 精神文明建设.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Bundle:
    root: Path
    spec: Spec
    inventory: Inventory
    report: Report


SPEC_DATA = {
    "civarchive": 1,
    "title": "第七届全国文明单位创建资料",
    "unit": "X市人大常委会机关",
    "period": {"start": "2021-01-01", "end": "2023-12-31"},
    "fonds": "J012",
    "retention": "永久",
    "owners": [{"id": "xcb", "name": "宣传部", "contact": "张三"}],
    "categories": [
        {
            "id": "1",
            "title": "思想道德建设",
            "indicators": [
                {
                    "id": "1.1",
                    "title": "理想信念教育",
                    "content": "深入学习贯彻党的创新理论",
                    "method": "查阅资料",
                    "points": 4,
                    "owner": "xcb",
                    "requires": [
                        {"kind": "document", "what": "年度学习计划"},
                        {"kind": "photo", "what": "学习活动照片", "min": 4},
                    ],
                },
                {
                    "id": "1.2",
                    "title": "宣讲活动",
                    "requires": [
                        {"kind": "video", "what": "宣讲视频"},
                        {"kind": "audio", "what": "宣讲录音"},
                    ],
                },
                {
                    "id": "1.3",
                    "title": "未成年人教育",
                    "applicable": False,
                    "note": "本单位无此项职能",
                },
            ],
        },
        {
            "id": "2",
            "title": "精神文明建设",
            "indicators": [
                {
                    "id": "2.1",
                    "title": "志愿服务",
                    "requires": [{"kind": "photo", "what": "志愿服务照片", "min": 2}],
                }
            ],
        },
    ],
}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ev(root: Path, rel: str, kind: Kind, **fields: object) -> Evidence:
    path = root / rel
    return Evidence(
        path=rel, kind=kind, size=path.stat().st_size, mtime_ns=0, sha256=_sha(path), **fields
    )


def build_archive(root: Path, *, photos: int = 3) -> Bundle:
    """Real files on disk; models as scan and check would produce them."""
    root.mkdir(parents=True, exist_ok=True)
    plan = f"{IND_11}/2023年学习计划 市委发〔2023〕12号.docx"
    make_docx(
        root / plan, text="2023年理论学习计划", author="办公室", created=dt.datetime(2023, 1, 5)
    )
    pdf = f"{IND_11}/学习计划（2022）.pdf"
    make_pdf(root / pdf, pages=3, title="2022年学习计划")
    files = [
        _ev(
            root, plan, Kind.DOCUMENT, format="docx", date="2023-01-05", author="办公室", pages=None
        ),
        _ev(root, pdf, Kind.DOCUMENT, format="pdf", date="2022", title="2022年学习计划", pages=3),
    ]
    photo_paths = []
    for n in range(photos):
        rel = f"{IND_11}/照片/IMG_{n + 1:03d}.jpg"
        make_jpeg(
            root / rel,
            size=(640, 480),
            orientation=6 if n == 0 else None,
            taken=dt.datetime(2023, 3, n + 1, 9),
            color=(200, 40 * n, 40),
        )
        caption = Caption(
            title=f"学习活动{n + 1}",
            date="2023-03-01",
            place="机关会议室",
            people="全体干部",
            photographer="李四",
            sheet=f"{IND_11}/照片/captions.csv",
        )
        files.append(
            _ev(
                root,
                rel,
                Kind.PHOTO,
                format="jpeg",
                date=f"2023-03-{n + 1:02d}",
                width=640,
                height=480,
                orientation=6 if n == 0 else 1,
                caption=caption,
            )
        )
        photo_paths.append(rel)
    heic = f"{IND_11}/照片/手机.heic"
    make_heic(root / heic, size=(400, 300))
    files.append(
        _ev(root, heic, Kind.PHOTO, format="heic", date="2023-04-01", width=400, height=300)
    )
    photo_paths.append(heic)
    video = f"{IND_12}/宣讲.mp4"
    make_mp4(root / video, seconds=3, size=(320, 240))
    files.append(
        _ev(
            root,
            video,
            Kind.VIDEO,
            format="mp4",
            date="2023-05-01",
            width=320,
            height=240,
            duration_seconds=3.0,
            codec="mpeg4",
        )
    )
    audio = f"{IND_12}/录音.wav"
    make_wav(root / audio, seconds=1)
    files.append(
        _ev(root, audio, Kind.AUDIO, format="wav", date="2023-05-02", duration_seconds=1.0)
    )
    files.sort(key=lambda e: e.path)
    spec = Spec.model_validate(SPEC_DATA)
    inventory = Inventory(root=str(root), files=files)
    report = _report(spec, [plan, pdf], photo_paths, [video], [audio])
    return Bundle(root, spec, inventory, report)


def _req(kind: str, what: str, minimum: int, files: list[str]) -> RequirementResult:
    return RequirementResult(
        kind=kind, what=what, min=minimum, count=len(files), met=len(files) >= minimum, files=files
    )


def _report(
    spec: Spec, docs: list[str], photos: list[str], videos: list[str], audios: list[str]
) -> Report:
    ind11 = [_req("document", "年度学习计划", 1, docs), _req("photo", "学习活动照片", 4, photos)]
    indicators = [
        IndicatorResult(
            id="1.1",
            title="理想信念教育",
            category="1",
            status=Status.COMPLETE if all(r.met for r in ind11) else Status.PARTIAL,
            points=4,
            owner="xcb",
            requirements=ind11,
            content="深入学习贯彻党的创新理论",
            method="查阅资料",
        ),
        IndicatorResult(
            id="1.2",
            title="宣讲活动",
            category="1",
            status=Status.COMPLETE,
            points=1,
            requirements=[
                _req("video", "宣讲视频", 1, videos),
                _req("audio", "宣讲录音", 1, audios),
            ],
        ),
        IndicatorResult(
            id="1.3",
            title="未成年人教育",
            category="1",
            status=Status.NOT_APPLICABLE,
            points=1,
            note="本单位无此项职能",
        ),
        IndicatorResult(
            id="2.1",
            title="志愿服务",
            category="2",
            status=Status.MISSING,
            points=1,
            requirements=[_req("photo", "志愿服务照片", 2, [])],
        ),
    ]
    return Report(
        tool=ToolInfo(version="0.1.0"),
        spec=SpecInfo(title=spec.title, unit=spec.unit),
        as_of=dt.date(2023, 7, 1),
        summary=Summary(
            indicators=4,
            complete=1,
            partial=1,
            missing=1,
            not_applicable=1,
            points_total=6,
            points_complete=1,
            completeness=0.5,
            files=8,
            errors=0,
            warnings=0,
        ),
        categories=[
            CategoryInfo(id="1", title="思想道德建设"),
            CategoryInfo(id="2", title="精神文明建设"),
        ],
        indicators=indicators,
    )


def with_exceptions(bundle: Bundle) -> Bundle:
    """The bundle with every exception a volume must explain in writing (issue 10): the
    gap of 2.1 waived with a reason; in 1.1 a copy, a corrupt file, a low-resolution photo
    and a file that fits no requirement, none of them counted; the recording undated."""
    root = bundle.root
    extra = {
        f"{IND_11}/照片/IMG_001 - 副本.jpg": (Code.DUPLICATE, None),
        f"{IND_11}/照片/坏照片.jpg": (Code.CORRUPT, None),
        f"{IND_11}/照片/小照片.jpg": (Code.LOW_RESOLUTION, None),
        f"{IND_11}/会议签到表.jpg": (Code.UNUSED, "签到表不作为证据"),
    }
    files = list(bundle.inventory.files)
    findings = []
    for rel, (code, waiver) in extra.items():
        make_jpeg(root / rel, size=(64, 48), taken=dt.datetime(2023, 3, 9))
        files.append(_ev(root, rel, Kind.PHOTO, format="jpeg", date="2023-03-09"))
        finding = Finding.of(code, path=rel, indicator="1.1")
        if waiver:
            finding = finding.model_copy(update={"waived": True, "reason": waiver})
        findings.append(finding)
    gap = Finding.of(Code.MISSING_EVIDENCE, indicator="2.1", detail="志愿服务照片 2 张，现有 0 张")
    findings.append(
        gap.model_copy(
            update={"waived": True, "reason": "2023年志愿服务照片已随区志愿者协会台账报送"}
        )
    )
    findings.append(Finding.of(Code.UNDATED, path=f"{IND_12}/录音.wav", indicator="1.2"))
    files = [
        replace(f, date=None, date_source=None) if f.path.endswith(".wav") else f for f in files
    ]
    inventory = Inventory(root=str(root), files=sorted(files, key=lambda e: e.path))
    report = bundle.report.model_copy(update={"findings": findings})
    return Bundle(root, bundle.spec, inventory, report)


@pytest.fixture
def bundle(tmp_path: Path) -> Bundle:
    return build_archive(tmp_path / "archive")


@pytest.fixture(scope="session")
def bound(tmp_path_factory: pytest.TempPathFactory) -> tuple[Bundle, Path]:
    """One bind of ``build_archive`` shared by the read-only structure tests (it is the slow part)."""
    tmp_path = tmp_path_factory.mktemp("bound")
    bundle = build_archive(tmp_path / "archive")
    out = tmp_path / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        patch.setenv("CIVARCHIVE_LANG", "en")
        result = bind(
            bundle.spec,
            bundle.inventory,
            bundle.report,
            out,
            compiler="王五",
            checker="赵六",
            jobs=1,
        )
    assert [p.name for p in result.written] == [VOLUME_1, VOLUME_2, INDEX_NAME, CATALOG_NAME]
    assert (
        result.items,
        result.photos,
        result.videos,
        result.documents,
        result.audio,
        result.gaps,
    ) == (8, 4, 1, 2, 1, 1)
    assert (
        bind_summary(result)
        == "bound 2 volume(s), 8 item(s) (2 documents, 4 photos, 1 videos, 1 audio); 1 gap(s) marked."
    )
    return bundle, out


def docx_xml(path: Path, member: str) -> str:
    """One part of a DOCX package as text."""
    with zipfile.ZipFile(path) as archive:
        return archive.read(member).decode("utf-8")


def docx_text(document: docx.document.Document) -> str:
    """The text of every body paragraph, then of every table cell, one per line."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
