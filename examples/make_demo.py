"""Write the small demo archive of examples/wenming/ (real JPEG, DOCX, PDF, XLSX, MP4, caption sheets).

Run ``python examples/make_demo.py`` from the repository root to regenerate it; the output is
byte-for-byte deterministic (fixed seeds, fixed EXIF and document dates, fixed zip timestamps),
so the committed files can be compared with a fresh run.

The demo is deliberately incomplete so that ``civarchive check`` has something to say: some
indicators are complete, several partial, a few missing; there is a misfiled photo, an unassigned
file, a duplicate copy, a PNG named .jpg, an undated photo, a low-resolution photo, a photo
without caption, an out-of-period photo (waived in the spec), an unknown folder ``3.9 其他``,
and the usual clutter (``Thumbs.db``, an Office lock file, a draft folder) that scan ignores.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import re
import shutil
import sys
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "wenming"
# The demo's PDFs as LibreOffice exported them (--office-pdfs): text with embedded fonts.
ASSETS = HERE / "assets"
# Hand-written files that live beside the generated archive and are never touched.
KEEP = frozenset({"civarchive.yaml", "README.md", ".civarchive"})
# Every zip entry (DOCX, XLSX) gets this timestamp so the bytes do not depend on today's date.
ZIP_TIME = (2023, 12, 31, 12, 0, 0)
CAPTION_HEADER = ["文件名", "题名", "时间", "地点", "人物", "背景", "摄影者"]

EXIF_MAKE = 0x010F
EXIF_MODEL = 0x0110
EXIF_SOFTWARE = 0x0131
EXIF_XPTITLE = 0x9C9B
EXIF_IFD = 0x8769
EXIF_DATETIME_ORIGINAL = 0x9003
EXIF_OFFSET_TIME_ORIGINAL = 0x9011

CAMERAS = [
    ("HUAWEI", "VOG-AL00"),
    ("Canon", "Canon EOS 80D"),
    ("Xiaomi", "MI 9"),
    ("NIKON CORPORATION", "NIKON D7500"),
    ("Apple", "iPhone 12"),
]

PHOTO = (2048, 1536)  # 3.1 MP: just above the spec's 3-megapixel floor (DA/T 50)
SMALL_PHOTO = (1024, 768)  # 0.8 MP: reported as low_resolution


# ---------------------------------------------------------------- file writers


def _seed(rel: str) -> int:
    return zlib.crc32(rel.encode("utf-8"))


def _draw_scene(size: tuple[int, int], rel: str, label: str) -> Image.Image:
    """A simple, compressible "photo": sky, ground, buildings, a red banner, people, a label."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(_seed(rel))
    w, h = size
    sky = (rng.randint(120, 190), rng.randint(170, 220), rng.randint(210, 250))
    ground = (rng.randint(80, 140), rng.randint(100, 150), rng.randint(60, 110))
    img = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(img)
    horizon = int(h * rng.uniform(0.55, 0.7))
    draw.rectangle((0, horizon, w, h), fill=ground)
    for _ in range(rng.randint(3, 6)):  # buildings
        bw, bh = rng.randint(w // 10, w // 4), rng.randint(h // 6, h // 2)
        x = rng.randint(0, w - bw)
        shade = rng.randint(150, 230)
        draw.rectangle((x, horizon - bh, x + bw, horizon), fill=(shade, shade - 10, shade - 25))
    bx = rng.randint(w // 10, w // 3)  # the red banner every event photo has
    draw.rectangle((bx, h // 8, bx + w // 2, h // 8 + h // 12), fill=(200, 20, 30))
    for _ in range(rng.randint(4, 12)):  # people
        px = rng.randint(0, w - w // 40)
        py = rng.randint(horizon - h // 20, h - h // 6)
        coat = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        draw.ellipse((px, py, px + w // 40, py + w // 40), fill=(235, 200, 170))
        draw.rectangle(
            (px - w // 120, py + w // 40, px + w // 40 + w // 120, py + h // 7), fill=coat
        )
    font = ImageFont.load_default(size=max(12, h // 30))
    draw.text((w // 40, h - h // 16), label, fill=(255, 255, 255), font=font)
    return img


def _exif(taken: dt.datetime | None, camera: tuple[str, str] | None, title: str | None) -> bytes:
    from PIL import Image

    exif = Image.Exif()
    if camera:
        exif[EXIF_MAKE], exif[EXIF_MODEL] = camera
    if title:
        # Windows Explorer's 标题 field: UTF-16LE, the fallback caption of design §3.
        exif[EXIF_XPTITLE] = title.encode("utf-16-le") + b"\x00\x00"
    if taken:
        ifd = exif.get_ifd(EXIF_IFD)
        ifd[EXIF_DATETIME_ORIGINAL] = taken.strftime("%Y:%m:%d %H:%M:%S")
        ifd[EXIF_OFFSET_TIME_ORIGINAL] = "+08:00"
    return exif.tobytes()


def write_photo(
    path: Path,
    rel: str,
    *,
    taken: dt.datetime | None,
    size: tuple[int, int] = PHOTO,
    title: str | None = None,
    camera: tuple[str, str] | None = None,
) -> None:

    camera = camera or CAMERAS[_seed(rel) % len(CAMERAS)]
    label = f"IMG {_seed(rel) % 10000:04d}  {taken:%Y-%m-%d %H:%M}" if taken else "IMG"
    img = _draw_scene(size, rel, label)
    buf = io.BytesIO()
    # optimize=True: optimal Huffman tables, about half the size for flat synthetic scenes.
    img.save(buf, "JPEG", quality=80, optimize=True, exif=_exif(taken, camera, title))
    path.write_bytes(buf.getvalue())


def write_png(path: Path, rel: str) -> None:
    """A PNG screenshot (no EXIF) saved under a .jpg name: wrong_extension."""

    # Screenshots are flat: a 32-colour palette keeps the PNG small.
    img = _draw_scene(PHOTO, rel, "screenshot").quantize(colors=32)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=False)
    path.write_bytes(buf.getvalue())


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an OOXML zip with fixed entry times and fixed core-property dates."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps "modified" with the current time at save; pin both dates.
                text = body.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rf"\g<1>{stamp}\g<2>", text
                )
                body = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()


def write_docx(
    path: Path, *, title: str, body: list[str], created: dt.datetime | None, author: str = "办公室"
) -> None:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "仿宋"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    document.add_heading(title, level=1)
    for paragraph in body:
        document.add_paragraph(paragraph)
    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.revision = 1
    # python-docx's template carries 2013 dates; an undated document keeps the end of the period.
    when = created or dt.datetime(2023, 12, 31, 12, 0, 0)
    props.created = when
    props.modified = when
    buf = io.BytesIO()
    document.save(buf)
    path.write_bytes(_fixed_zip(buf.getvalue(), when))


def write_xlsx(
    path: Path, rows: Sequence[Sequence[object]], *, title: str, created: dt.datetime
) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in rows:
        ws.append(row)
    wb.properties.title = title
    wb.properties.creator = "办公室"
    wb.properties.created = created
    wb.properties.modified = created
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_fixed_zip(buf.getvalue(), created))


# Sentences the demo PDFs are typeset from, page after page: what an office's paper says.
PDF_SENTENCES = [
    "为深入贯彻落实精神文明建设工作部署，进一步提升机关文明程度，结合本机关实际，现将有关情况报告如下。",
    "机关党组高度重视，成立由主要负责同志任组长的工作领导小组，明确分管领导和责任处室，定期研究部署。",
    "各处室按照职责分工，细化工作任务，建立工作台账，做到有计划、有部署、有检查、有总结。",
    "坚持把日常工作与集中活动相结合，把面上推进与重点突破相结合，确保各项工作落到实处。",
    "通过机关网站、宣传栏、微信公众号等渠道，及时公开工作信息，主动接受干部职工和社会监督。",
    "加强督促检查，对照测评体系逐项梳理，发现问题及时整改，形成长效机制。",
    "下一步，我们将继续巩固创建成果，查漏补缺，推动精神文明建设工作再上新台阶。",
]
UNIT = "X市人大常委会机关"


def write_pdf(path: Path, *, title: str, pages: int, created: dt.datetime | None) -> None:
    """The office-exported PDF kept in examples/assets/ (``--office-pdfs`` makes them)."""
    asset = ASSETS / f"{title}.pdf"
    if not asset.is_file():
        raise SystemExit(f"{asset} is missing: run `python examples/make_demo.py --office-pdfs`")
    path.write_bytes(asset.read_bytes())


def _office_source(path: Path, pdf: OfficePdf) -> None:
    """A 红头文件 in Word form (GB/T 9704 layout), one page per run of sentences."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def paragraph(text: str, font: str, size: float, **style: Any) -> Any:
        para = document.add_paragraph()
        para.alignment = style.get("align")
        para.paragraph_format.line_spacing = Pt(28)
        para.paragraph_format.space_after = Pt(style.get("after", 0))
        para.paragraph_format.first_line_indent = Pt(size * 2) if style.get("indent") else None
        run = para.add_run(text)
        run.font.size = Pt(size)
        run.font.bold = style.get("bold", False)
        run.font.name = font
        run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
        if style.get("red"):
            run.font.color.rgb = RGBColor(0xCC, 0, 0)
        return para

    centre = WD_ALIGN_PARAGRAPH.CENTER
    head = paragraph(f"{UNIT}文件", "宋体", 30, align=centre, bold=True, red=True, after=12)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "18"),
        ("w:space", "8"),
        ("w:color", "CC0000"),
    ):
        bottom.set(qn(key), value)
    border.append(bottom)
    head._p.get_or_add_pPr().append(border)
    paragraph(pdf.title, "宋体", 22, align=centre, bold=True, after=24)
    for number in range(1, pdf.pages + 1):
        shift = (number - 1) % len(PDF_SENTENCES)
        for sentence in PDF_SENTENCES[shift:] + PDF_SENTENCES[:shift]:
            last = paragraph(sentence, "仿宋", 16, indent=True)
        if number < pdf.pages:
            last.add_run().add_break(WD_BREAK.PAGE)
    footer = section.footer.paragraphs[0]
    footer.alignment = centre
    footer.add_run("— ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    footer.add_run(" —")
    document.save(str(path))


def make_office_pdfs() -> list[Path]:
    """Write examples/assets/*.pdf: each demo PDF as LibreOffice exports it, fonts embedded.

    Needs LibreOffice and Noto CJK; run once when the PDFs' text changes. The demo itself
    copies the results, so it stays byte-stable on machines without LibreOffice.
    """
    import tempfile

    from pypdf import PdfReader, PdfWriter

    from civarchive.bind.soffice import find_soffice, run_convert

    wanted = [item.office_pdf for item in items() if item.office_pdf is not None]
    written = []
    with tempfile.TemporaryDirectory(prefix="make-demo-") as tmp:
        sources = [Path(tmp) / f"source{n}.docx" for n in range(len(wanted))]
        for source, pdf in zip(sources, wanted, strict=True):
            _office_source(source, pdf)
        done = run_convert(find_soffice(), "pdf", sources, Path(tmp) / "out", timeout=300)
        if done.returncode != 0:
            raise SystemExit(f"LibreOffice failed: {done.output[-300:]}")
        ASSETS.mkdir(exist_ok=True)
        for source, pdf in zip(sources, wanted, strict=True):
            reader = PdfReader(Path(tmp) / "out" / f"{source.stem}.pdf")
            if len(reader.pages) != pdf.pages:
                raise SystemExit(f"{pdf.title}: {len(reader.pages)} pages, wanted {pdf.pages}")
            writer = PdfWriter(clone_from=reader)
            writer.metadata = None
            meta = {"/Title": pdf.title, "/Producer": "WPS Office"}
            if pdf.created:
                meta["/CreationDate"] = pdf.created.strftime("D:%Y%m%d%H%M%S+08'00'")
            writer.add_metadata(meta)
            target = ASSETS / f"{pdf.title}.pdf"
            with open(target, "wb") as fh:
                writer.write(fh)
            written.append(target)
    return written


def write_mp4(
    path: Path,
    *,
    seconds: float,
    created: dt.datetime,
    size: tuple[int, int] = (480, 272),
    fps: int = 10,
) -> None:
    import av
    import numpy as np

    w, h = size
    out = av.open(str(path), mode="w", format="mp4")
    # Phone videos store creation_time in UTC (notes-tech); the event started at 15:00 Beijing time.
    out.metadata["creation_time"] = (created - dt.timedelta(hours=8)).strftime(
        "%Y-%m-%dT%H:%M:%S.000000Z"
    )
    stream = out.add_stream("mpeg4", rate=fps)
    stream.width, stream.height = w, h
    stream.pix_fmt = "yuv420p"
    stream.time_base = Fraction(1, fps)
    stream.codec_context.thread_count = 1  # single-threaded encoding keeps the bytes stable
    stream.bit_rate = 200_000
    for n in range(round(seconds * fps)):
        arr = np.full((h, w, 3), (180, 200, 230), dtype=np.uint8)
        arr[h // 8 : h // 8 + h // 10, w // 5 : w - w // 5] = (200, 20, 30)  # the banner
        x = (n * 6) % (w - 40)
        arr[h // 2 : h // 2 + 60, x : x + 30] = (40, 60, 160)  # the speaker walks across
        frame = av.VideoFrame.from_ndarray(arr, format="rgb24")
        frame.pts = n
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)
    out.close()


def write_caption_csv(path: Path, rows: list[list[str]], *, encoding: str) -> None:
    """A caption sheet as Excel on Chinese Windows saves it (CRLF; GBK when ``encoding`` says so)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CAPTION_HEADER)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


# ---------------------------------------------------------------- the demo's content


@dataclass(frozen=True, slots=True)
class OfficePdf:
    """A demo PDF as an office exported it: its title, pages and creation date."""

    title: str
    pages: int
    created: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Item:
    """One file of the demo: its archive-relative path and how to write it."""

    rel: str
    write: Callable[[Path, str], None]
    office_pdf: OfficePdf | None = None


def _d(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, 0)


def photo(rel: str, taken: dt.datetime | None, **kw: object) -> Item:
    return Item(rel, lambda p, r: write_photo(p, r, taken=taken, **kw))  # type: ignore[arg-type]


def doc(rel: str, created: dt.datetime | None, *body: str, title: str | None = None) -> Item:
    name = Path(rel).stem
    text = list(body) or [f"{name}。", "各处室、各单位：", "现将有关事项通知如下，请认真贯彻落实。"]
    return Item(rel, lambda p, r: write_docx(p, title=title or name, body=text, created=created))


def pdf(rel: str, created: dt.datetime | None, pages: int = 2) -> Item:
    title = Path(rel).stem
    write = lambda p, r: write_pdf(p, title=title, pages=pages, created=created)  # noqa: E731
    return Item(rel, write, OfficePdf(title, pages, created))


def captions(rel: str, rows: list[list[str]], encoding: str = "utf-8-sig") -> Item:
    return Item(rel, lambda p, r: write_caption_csv(p, rows, encoding=encoding))


def xlsx(rel: str, rows: Sequence[Sequence[object]], created: dt.datetime) -> Item:
    return Item(rel, lambda p, r: write_xlsx(p, rows, title=Path(rel).stem, created=created))


def raw(rel: str, data: bytes) -> Item:
    def write(path: Path, rel: str) -> None:
        path.write_bytes(data)

    return Item(rel, write)


def copy_of(rel: str, original: str) -> Item:
    """A byte-identical copy of an earlier item: the duplicate."""

    def write(path: Path, rel: str) -> None:
        root = path.parents[len(Path(rel).parts) - 1]
        path.write_bytes((root / original).read_bytes())

    return Item(rel, write)


C1 = "一、组织领导"
C2 = "二、思想道德建设"
C3 = "三、文明风尚"
C4 = "（四）志愿服务"
C5 = "5 我们的节日与文化活动"
C6 = "六、单位环境"
C7 = "七、诚信服务与廉洁"
C8 = "八、社会责任与共建"
C9 = "9 平安建设"
C10 = "十、特色工作"


def _category_1() -> list[Item]:
    f1, f2, f3 = f"{C1}/1.1 领导体制", f"{C1}/1.2、工作机制", f"{C1}/1.3 创建规划"
    return [
        doc(
            f"{f1}/X人大办发〔2021〕3号 关于调整机关精神文明建设领导小组的通知.docx",
            _d(2021, 2, 22),
            "为加强对机关精神文明建设工作的领导，经党组研究，决定调整机关精神文明建设领导小组。",
            "组  长：常委会秘书长",
            "副组长：机关党委书记、办公室主任",
            "领导小组办公室设在办公室，负责日常工作。",
        ),
        doc(f"{f1}/2022年第3次党组会议纪要（研究精神文明建设）.docx", _d(2022, 4, 12)),
        doc(f"{f1}/2023年第2次党组会议纪要（部署文明单位创建）.docx", _d(2023, 3, 8)),
        doc(f"{f2}/X市人大常委会机关文明单位创建工作责任分工方案.docx", _d(2021, 3, 15)),
        # 1.2 lacks its 考核办法: partial, and overdue once the as-of date passes 2023-04-30.
        doc(f"{f3}/X人大办发〔2021〕5号 2021年机关精神文明建设工作计划.docx", _d(2021, 2, 26)),
        doc(
            f"{f3}/X人大办发〔2022〕12号 关于印发2022年精神文明建设工作计划的通知.docx",
            _d(2022, 2, 18),
        ),
        doc(
            f"{f3}/X人大办发〔2023〕8号 关于印发2023年精神文明建设工作计划的通知.docx",
            _d(2023, 2, 20),
        ),
        doc(f"{f3}/2021年精神文明建设工作总结.docx", _d(2021, 12, 20)),
        doc(f"{f3}/2022年精神文明建设工作总结.docx", _d(2022, 12, 23)),
        raw(
            f"{f3}/~$23年精神文明建设工作计划.docx",
            b"\x05\x00\xe5\x8a\x9e\xe5\x85\xac\xe5\xae\xa4" + b"\x00" * 151,
        ),
        # 1.4 经费保障: nothing yet (missing).
    ]


def _category_2() -> list[Item]:
    f1, f2, f3, f4 = (
        f"{C2}/2.1 理想信念教育",
        f"{C2}/2.2 社会主义核心价值观",
        f"{C2}/２．３ 道德讲堂",
        f"{C2}/2.4 学雷锋活动",
    )
    learn = [
        ("学习现场01.jpg", _d(2021, 4, 8, 14), "党史学习教育专题学习会"),
        ("学习现场02.jpg", _d(2021, 11, 19, 15), "学习党的十九届六中全会精神"),
        ("学习现场03.jpg", _d(2022, 10, 28, 9), "学习宣传贯彻党的二十大精神集中学习"),
        ("学习现场04.jpg", _d(2023, 5, 16, 14), "主题教育读书班"),
        ("学习现场05.jpg", _d(2023, 6, 2, 10), "主题教育专题党课"),
    ]
    posters = [
        ("公益广告-大厅.jpg", _d(2021, 9, 3, 11), "机关大厅核心价值观公益广告"),
        ("宣传栏-一楼.jpg", _d(2022, 3, 10, 10), "一楼文明宣传栏"),
        ("宣传栏-食堂.jpg", _d(2023, 4, 21, 12), "食堂“光盘行动”宣传栏"),
    ]
    lectures = [
        (
            "IMG_20210623_150211.jpg",
            _d(2021, 6, 23, 15, 2),
            "2021年第二期道德讲堂",
            "机关三楼报告厅",
        ),
        (
            "IMG_20220315_143501.jpg",
            _d(2022, 3, 15, 14, 35),
            "道德讲堂：身边好人故事分享",
            "机关三楼报告厅",
        ),
        (
            "IMG_20221124_150010.jpg",
            _d(2022, 11, 24, 15, 0),
            "道德讲堂：最美家庭事迹报告",
            "机关三楼报告厅",
        ),
        (
            "IMG_20230412_143020.jpg",
            _d(2023, 4, 12, 14, 30),
            "道德讲堂：学习时代楷模",
            "区文明实践中心",
        ),
    ]
    return [
        doc(f"{f1}/2021年党组理论学习中心组学习计划.docx", _d(2021, 1, 28)),
        doc(f"{f1}/2022年党组理论学习中心组学习计划.docx", _d(2022, 1, 26)),
        # No 2023 学习计划: the per-year requirement is unmet (partial).
        *(photo(f"{f1}/{n}", t) for n, t, _ in learn),
        captions(
            f"{f1}/captions.csv",
            [
                [n, title, f"{t:%Y-%m-%d}", "机关三楼会议室", "全体党员干部", "", "张敏"]
                for n, t, title in learn
            ],
        ),
        # Before the period; the spec waives it as background material.
        photo(f"{f1}/2020年12月创建动员会.jpg", _d(2020, 12, 28, 15), title="文明单位创建动员会"),
        doc(f"{f2}/2022年社会主义核心价值观宣传教育活动方案.docx", _d(2022, 3, 1)),
        *(photo(f"{f2}/{n}", t, title=title) for n, t, title in posters),
        doc(f"{f3}/2022年道德讲堂活动记录.docx", _d(2022, 12, 5)),
        *(photo(f"{f3}/{n}", t) for n, t, _, _ in lectures),
        # Excel on Chinese Windows saves CSV in GBK: the sheet the scan must decode.
        captions(
            f"{f3}/说明.csv",
            [
                [n, title, f"{t:%Y年%m月%d日}", place, "机关干部职工", "", "张敏"]
                for n, t, title, place in lectures
            ],
            "gbk",
        ),
        Item(
            f"{f3}/道德讲堂宣讲视频20230412.mp4",
            lambda p, r: write_mp4(p, seconds=12, created=_d(2023, 4, 12, 15)),
        ),
        raw(f"{f3}/Thumbs.db", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
        doc(f"{f4}/2023年学雷锋志愿服务月活动方案.docx", _d(2023, 2, 24)),
        photo(f"{f4}/学雷锋活动-1.jpg", _d(2023, 3, 3, 9), title="学雷锋志愿服务进社区"),
        photo(f"{f4}/学雷锋活动-2.jpg", _d(2023, 3, 3, 10), title="学雷锋义务理发"),
        # 2.5 诚信建设: missing.
    ]


def _category_3() -> list[Item]:
    f1, f2, f4 = f"{C3}/3.1_文明礼仪", f"{C3}/3.2 移风易俗", f"{C3}/3.4 网络文明"
    return [
        doc(f"{f1}/关于举办机关文明礼仪培训的通知.docx", _d(2022, 5, 9)),
        photo(f"{f1}/礼仪培训现场.jpg", _d(2022, 5, 18, 9), title="文明礼仪专题培训"),
        photo(f"{f1}/礼仪培训互动.jpg", _d(2022, 5, 18, 10), title="文明礼仪培训情景演练"),
        copy_of(f"{f1}/礼仪培训现场副本.jpg", f"{f1}/礼仪培训现场.jpg"),
        doc(f"{f2}/移风易俗倡议书.docx", _d(2021, 10, 11)),
        pdf(f"{f4}/2023年网络文明宣传月活动材料.pdf", _d(2023, 8, 30), pages=6),
        # 3.3 文明家庭: missing. 3.9 is not in the spec: unknown_folder.
        doc(f"{C3}/3.9 其他/机关文明餐桌行动简报.docx", _d(2022, 9, 6)),
    ]


def _category_4() -> list[Item]:
    f1, f2, f3 = f"{C4}/4.1 志愿服务组织", "4.2 志愿服务活动", f"{C4}/4.3 关爱帮扶"
    y22 = [
        ("清扫街道.jpg", _d(2022, 3, 5, 9), "学雷锋日清扫街道"),
        ("文明交通劝导.jpg", _d(2022, 9, 20, 8), "文明交通志愿劝导"),
    ]
    return [
        doc(f"{f1}/关于成立机关志愿服务队的通知.docx", _d(2021, 3, 2)),
        xlsx(
            f"{f1}/机关注册志愿者名册.xlsx",
            [
                ["序号", "姓名", "处室", "注册时间"],
                *([n, f"志愿者{n:02d}", "办公室", "2021-03-05"] for n in range(1, 21)),
            ],
            _d(2021, 3, 5),
        ),
        # 4.2 sits directly under the archive root with year subfolders.
        photo(f"{f2}/2021年/社区志愿服务.jpg", _d(2021, 5, 8, 9), title="进社区志愿服务"),
        photo(
            f"{f2}/2021年/关爱老人志愿服务.jpg", _d(2021, 10, 14, 9), title="重阳节敬老院志愿服务"
        ),
        *(photo(f"{f2}/2022年/{n}", t) for n, t, _ in y22),
        Item(
            f"{f2}/2022年/captions.xlsx",
            lambda p, r: write_xlsx(
                p,
                [
                    CAPTION_HEADER,
                    *(
                        [n, title, f"{t:%Y-%m-%d}", "X市人民路", "机关志愿者", "", "陈晨"]
                        for n, t, title in y22
                    ),
                ],
                title="照片说明",
                created=_d(2022, 9, 21),
            ),
        ),
        # 2023 has one photo, and it has no caption: per-year unmet, missing_caption.
        photo(f"{f2}/2023年/IMG_20230305_091533.jpg", _d(2023, 3, 5, 9, 15)),
        doc(f"{f3}/2022年春节走访慰问困难职工记录.docx", _d(2022, 1, 25)),
        photo(f"{f3}/走访慰问.jpg", _d(2022, 1, 25, 15), title="春节走访慰问困难职工"),
        # Only one photo of the two required: partial.
    ]


def _category_5() -> list[Item]:
    f1, f2 = f"{C5}/5.1 传统节日活动", f"{C5}/5.2 文体活动"
    return [
        doc(f"{f1}/2023年“我们的节日”主题活动方案.docx", _d(2023, 1, 10)),
        photo(
            f"{f1}/2023春节写春联送福.jpg", _d(2023, 1, 16, 10), title="我们的节日·春节 写春联送福"
        ),
        photo(f"{f1}/2022端午包粽子.jpg", _d(2022, 6, 2, 15), title="我们的节日·端午 包粽子"),
        photo(f"{f1}/2022中秋诵读会.jpg", _d(2022, 9, 8, 15), title="我们的节日·中秋 经典诵读"),
        # No 清明 or 重阳 photos yet: partial.
        doc(f"{f2}/关于举办2022年机关职工运动会的通知.docx", _d(2022, 10, 10)),
        photo(f"{f2}/运动会开幕式.jpg", _d(2022, 10, 21, 9), title="机关职工运动会开幕式"),
        photo(f"{f2}/拔河比赛.jpg", _d(2022, 10, 21, 10), title="机关职工运动会拔河比赛"),
        photo(f"{f2}/迎新春文艺汇演.jpg", _d(2023, 1, 18, 19), title="迎新春文艺汇演"),
        # 5.3 职工书屋: missing.
    ]


def _category_6() -> list[Item]:
    f1, f2, f4 = f"{C6}/6.1 环境卫生", f"{C6}/6.2 绿化美化", f"{C6}/6.4 垃圾分类"
    return [
        doc(f"{f1}/机关环境卫生管理制度.docx", _d(2021, 4, 1)),
        photo(f"{f1}/办公区走廊.jpg", _d(2023, 5, 10, 10), title="办公区走廊"),
        photo(f"{f1}/会议室.jpg", _d(2023, 5, 10, 10, 10), title="会议室环境"),
        photo(f"{f1}/机关食堂.jpg", _d(2023, 5, 10, 11), title="机关食堂环境"),
        photo(f"{f2}/庭院绿化.jpg", _d(2022, 5, 6, 16), title="机关庭院绿化"),
        # A 0.8-megapixel phone snapshot: low_resolution, so 6.2 is partial.
        photo(
            f"{f2}/花坛.jpg",
            _d(2022, 5, 6, 16, 5),
            title="门前花坛",
            size=SMALL_PHOTO,
            camera=("Xiaomi", "Redmi 4A"),
        ),
        # 6.3 控烟: missing.
        doc(f"{f4}/机关生活垃圾分类实施方案.docx", _d(2021, 7, 1)),
        photo(f"{f4}/分类垃圾桶.jpg", _d(2021, 7, 15, 10)),
        # A PNG screenshot saved with a .jpg name: wrong_extension (and undated).
        Item(f"{f4}/分类投放点.jpg", write_png),
        captions(
            f"{f4}/captions.csv",
            [
                ["分类垃圾桶.jpg", "办公楼分类垃圾桶", "2021-07-15", "办公楼一楼", "", "", "刘强"],
                ["分类投放点.jpg", "垃圾分类投放点", "", "后院", "", "", "刘强"],
            ],
        ),
    ]


def _category_7() -> list[Item]:
    f2, f3 = f"{C7}/7.2 政务公开", f"{C7}/7.3 廉政建设"
    return [
        doc(f"{f2}/X市人大常委会机关政务公开工作制度.docx", _d(2021, 5, 20)),
        pdf(f"{f2}/2022年政府信息公开目录.pdf", _d(2022, 1, 15), pages=3),
        # Misfiled: a 共建 photo dropped into a documents-only folder (unused).
        photo(f"{f2}/社区共建活动.jpg", _d(2022, 7, 1, 9), title="七一社区共建活动"),
        doc(f"{f3}/2023年党风廉政建设责任书.docx", _d(2023, 2, 10)),
        doc(f"{f3}/2023年廉政警示教育大会记录.docx", _d(2023, 4, 25)),
        # Only one of the two 廉政教育记录: partial.
    ]


def _category_8() -> list[Item]:
    f1, f2 = f"{C8}/8.1 结对共建", f"{C8}/8.2 文明城市创建"
    return [
        doc(f"{f1}/与城东社区结对共建协议书.docx", _d(2021, 6, 18)),
        photo(f"{f1}/共建签约仪式.jpg", _d(2021, 6, 18, 10), title="结对共建签约仪式"),
        photo(f"{f1}/共建社区义诊.jpg", _d(2022, 8, 12, 9), title="共建社区义诊"),
        photo(f"{f2}/创城包保路段劝导.jpg", _d(2023, 4, 8, 8), title="创城包保路段文明劝导"),
        photo(f"{f2}/创城环境整治.jpg", _d(2023, 6, 10, 8), title="创城背街小巷环境整治"),
        # 2022 is outside the requirement's 2023 window: out_of_period, 8.2 partial.
        photo(f"{f2}/2022创城迎检.jpg", _d(2022, 11, 3, 9), title="2022年创城迎检"),
        # 8.3 乡村振兴帮扶: missing, waived in the spec.
    ]


def _category_9() -> list[Item]:
    f1, f3 = f"{C9}/9.1 安全生产", f"{C9}/9.3 综合治理"
    return [
        doc(f"{f1}/机关安全生产责任制.docx", _d(2021, 3, 1)),
        photo(f"{f1}/消防演练.jpg", _d(2022, 11, 9, 15), title="机关消防疏散演练"),
        # Scanned from a print, no EXIF date and the caption sheet leaves 时间 empty: undated.
        photo(f"{f1}/灭火器使用培训.jpg", None, camera=("EPSON", "Perfection V39")),
        captions(
            f"{f1}/说明.csv",
            [["灭火器使用培训.jpg", "灭火器使用培训", "", "机关后院", "机关干部职工", "", "刘强"]],
            "gbk",
        ),
        pdf(f"{f3}/2022年社会治安综合治理工作台账.pdf", _d(2022, 12, 28), pages=8),
        # 9.2 法治教育: missing.
    ]


def _category_10() -> list[Item]:
    f1 = f"{C10}/代表联络站"  # explicit `folder:` in the spec
    return [
        doc(f"{f1}/人大代表联络站特色品牌建设工作总结.docx", _d(2023, 6, 30)),
        photo(f"{f1}/代表接待日.jpg", _d(2023, 5, 15, 9), title="人大代表联络站接待日"),
        photo(f"{f1}/代表进站听民意.jpg", _d(2023, 6, 15, 9), title="代表进站听民意"),
        # 10.2 创新案例: missing.
    ]


def _loose_files() -> list[Item]:
    return [
        # Dropped at the root by a colleague: unassigned.
        doc("2022年机关工会活动安排.docx", _d(2022, 2, 28)),
        # Drafts are ignored by the spec's `ignore: ["草稿/**"]`.
        doc("草稿/2023年精神文明建设工作总结（初稿）.docx", _d(2023, 11, 20)),
    ]


def items() -> list[Item]:
    """Every file of the demo, in the order they are written."""
    return [
        *_category_1(), *_category_2(), *_category_3(), *_category_4(), *_category_5(),
        *_category_6(), *_category_7(), *_category_8(), *_category_9(), *_category_10(),
        *_loose_files(),
    ]  # fmt: skip


# ---------------------------------------------------------------- driver


def _clear(out: Path) -> None:
    """Remove a previous demo's generated files, keeping the spec and the README."""
    leftovers = [p for p in out.iterdir() if p.name not in KEEP]
    if leftovers and not (out / "civarchive.yaml").exists():
        raise SystemExit(
            f"refusing to clear {out}: it holds files but no civarchive.yaml (not a demo folder)"
        )
    for entry in leftovers:
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def build(out: Path) -> list[Path]:
    """Write the demo archive under ``out`` (created if needed) and return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    _clear(out)
    written: list[Path] = []
    for item in items():
        target = out / item.rel
        target.parent.mkdir(parents=True, exist_ok=True)
        item.write(target, item.rel)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"target folder (default: {DEFAULT_OUT})"
    )
    parser.add_argument(
        "--office-pdfs",
        action="store_true",
        help="first remake examples/assets/*.pdf with LibreOffice (fonts embedded)",
    )
    args = parser.parse_args(argv)
    if args.office_pdfs:
        for path in make_office_pdfs():
            print(f"wrote {path}", file=sys.stderr)
    files = build(args.out)
    total = sum(p.stat().st_size for p in files)
    print(f"wrote {len(files)} files, {total / 1e6:.2f} MB, under {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
