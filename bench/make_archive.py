"""Generate a realistic synthetic evidence archive (with its spec) for the scan/check benchmarks.

    python bench/make_archive.py --files 10000 --out bench/archives/10k
    python bench/make_archive.py --files 100000 --out bench/archives/100k   # small photos

The mix follows design §8: 60 % photos (real JPEGs with EXIF dates and cameras), 30 %
documents (DOCX, PDF, XLSX), 5 % videos (MP4) and 5 % junk (Thumbs.db, Office lock files,
notes, zips, empty files, truncated JPEGs, PNGs named .jpg, ...), spread over
category / indicator / year folders that match the generated ``civarchive.yaml``
(30 categories x 10 indicators by default).

Speed comes from rendering small pools of real files once and then writing bytes: each
written file gets a unique tail (its own EXIF block and a JPEG comment, an MP4 ``free``
box, a zip comment, a fixed-width PDF title), so every file hashes differently without
re-encoding anything. Output is deterministic for a given ``--seed`` and size.

Profiles: ``large`` (default up to 20,000 files) uses 3-12 MP photos of 620 KB on average
and videos of about 2 MB (a 10k archive is about 5 GB); ``small`` (default above 20,000
files) uses 1 MP photos of about 80 KB and 170 KB videos (a 100k archive is about 6.6 GB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import shutil
import struct
import sys
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import yaml

PERIOD = (2021, 2023)
YEARS = list(range(PERIOD[0], PERIOD[1] + 1))
MIX = {"photo": 0.60, "document": 0.30, "video": 0.05, "junk": 0.05}
SPEC_NAME = "civarchive.yaml"

CAMERAS = [
    ("HUAWEI", "VOG-AL00"),
    ("HUAWEI", "ELS-AN00"),
    ("Canon", "Canon EOS 80D"),
    ("Canon", "Canon EOS 5D Mark IV"),
    ("Xiaomi", "M2102K1C"),
    ("NIKON CORPORATION", "NIKON D7500"),
    ("Apple", "iPhone 13"),
    ("OPPO", "PEGM00"),
]
CATEGORY_TITLES = [
    "组织领导", "思想道德建设", "文明风尚", "志愿服务", "我们的节日", "文化活动", "单位环境",
    "诚信服务", "廉洁建设", "社会责任", "结对共建", "平安建设", "法治教育", "安全生产",
    "工会工作", "青年工作", "妇女工作", "职工书屋", "健康促进", "控烟工作", "垃圾分类",
    "节约型机关", "网络文明", "宣传报道", "窗口服务", "创新案例", "特色品牌", "乡村振兴",
    "文明城市创建", "档案管理",
]  # fmt: skip
INDICATOR_TITLES = [
    "工作机制", "年度计划", "工作总结", "专题会议", "学习教育", "宣传活动", "志愿服务",
    "评选表彰", "阵地建设", "制度建设", "经费保障", "检查考核", "培训活动", "主题活动",
    "走访慰问", "环境整治", "典型选树", "信息报送", "台账资料", "特色做法",
]  # fmt: skip
ACTIVITIES = [
    "专题学习", "志愿服务", "道德讲堂", "主题党日", "走访慰问", "文明劝导", "环境整治",
    "消防演练", "读书分享", "运动会", "文艺汇演", "春节写春联", "端午包粽子", "中秋诵读",
    "重阳敬老", "植树活动", "法治宣传", "廉政教育", "结对共建", "创城迎检",
]  # fmt: skip
DOC_NAMES = [
    "工作计划", "工作总结", "会议纪要", "实施方案", "通知", "活动方案", "简报",
    "考核办法", "管理制度", "责任书", "倡议书", "台账", "登记表", "名册",
]  # fmt: skip
ZH_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1..99 as a Chinese numeral, the way category folders are numbered (一、二十三、)."""
    if n < 10:
        return ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else ZH_DIGITS[tens]
    return f"{head}十{ZH_DIGITS[ones] if ones else ''}"


# ---------------------------------------------------------------- byte pools


@dataclass(frozen=True, slots=True)
class JpegSource:
    """A rendered JPEG split so that a fresh EXIF block and comment can be spliced in."""

    body: bytes  # everything after SOI and the APPn segments: tables, scan data, EOI
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    photo_sizes: tuple[tuple[int, int], ...]
    noise: tuple[float, float]
    photo_pool: int
    video_size: tuple[int, int]
    video_seconds: tuple[int, ...]
    video_bitrate: int
    docx_picture: int  # px of the picture embedded in half of the DOCX pool


PROFILES = {
    "large": Profile(
        "large",
        photo_sizes=((4000, 3000), (3264, 2448), (3264, 2448), (2048, 1536), (2048, 1536)),
        noise=(2.0, 5.0),
        photo_pool=50,
        video_size=(640, 360),
        video_seconds=(12, 20, 35),
        video_bitrate=700_000,
        docx_picture=1024,
    ),
    "small": Profile(
        "small",
        photo_sizes=((1280, 960), (1024, 768)),
        noise=(2.0, 4.0),
        photo_pool=40,
        video_size=(320, 240),
        video_seconds=(6, 12),
        video_bitrate=150_000,
        docx_picture=480,
    ),
}


def _split_jpeg(data: bytes) -> bytes:
    """Return the JPEG without SOI and its leading APPn/COM segments."""
    pos = 2  # after SOI
    while data[pos] == 0xFF and (0xE0 <= data[pos + 1] <= 0xEF or data[pos + 1] == 0xFE):
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
    return data[pos:]


def _render_photo(rng: random.Random, size: tuple[int, int], noise: float) -> JpegSource:
    """A photo-like image: smooth gradients, low-frequency blobs and sensor-like noise."""
    import numpy as np
    from PIL import Image

    w, h = size
    nprng = np.random.default_rng(rng.randrange(2**32))
    y = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :]
    c = [rng.uniform(60, 200) for _ in range(6)]
    base = np.stack(
        [c[0] + c[1] * 0.4 * y + 0 * x, c[2] + c[3] * 0.3 * x + 0 * y, c[4] - c[5] * 0.4 * x * y],
        axis=-1,
    )
    coarse = nprng.integers(0, 255, (h // 96 + 2, w // 96 + 2, 3), dtype=np.uint8)
    blobs = np.asarray(
        Image.fromarray(coarse).resize((w, h), Image.Resampling.BILINEAR), dtype=np.float32
    )
    pixels = 0.55 * base + 0.45 * blobs + nprng.normal(0.0, noise, (h, w, 3)).astype(np.float32)
    img = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return JpegSource(_split_jpeg(buf.getvalue()), w, h)


def _exif_segment(
    taken: dt.datetime | None, camera: tuple[str, str], width: int, height: int
) -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = camera  # Make, Model
    exif[0x0131] = "synthetic"  # Software
    ifd = exif.get_ifd(0x8769)
    if taken:
        stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
        ifd[0x9003] = stamp  # DateTimeOriginal
        ifd[0x9004] = stamp  # CreateDate
        ifd[0x9011] = "+08:00"  # OffsetTimeOriginal
    ifd[0xA002], ifd[0xA003] = width, height  # PixelXDimension, PixelYDimension
    payload = exif.tobytes()  # starts with b"Exif\0\0"
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def _com_segment(text: str) -> bytes:
    payload = text.encode("ascii")
    return b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload


def jpeg_bytes(
    src: JpegSource, *, taken: dt.datetime | None, camera: tuple[str, str], tag: str
) -> bytes:
    """A complete JPEG: SOI, a fresh EXIF APP1, a unique comment, then the pooled image data."""
    return (
        b"\xff\xd8"
        + _exif_segment(taken, camera, src.width, src.height)
        + _com_segment(tag)
        + src.body
    )


def _fixed_ooxml(data: bytes) -> bytes:
    """Pin zip timestamps and core-property dates so the pool is the same on every run."""
    import re

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = re.sub(
                    r"(<dcterms:modified[^>]*>)[^<]*(<)",
                    r"\g<1>2023-01-01T00:00:00Z\g<2>",
                    body.decode(),
                )
                body = text.encode()
            entry = zipfile.ZipInfo(info.filename, date_time=(2023, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, body)
    return out.getvalue()


def with_zip_comment(data: bytes, comment: bytes) -> bytes:
    """Give an OOXML zip a unique end-of-central-directory comment (it has none to start with)."""
    if data[-22:-18] != b"PK\x05\x06":
        raise ValueError("zip has a comment already or is not a plain zip")
    return data[:-2] + struct.pack("<H", len(comment)) + comment


def _render_docx(rng: random.Random, n: int, picture: int | None) -> bytes:
    import docx
    from docx.shared import Cm

    document = docx.Document()
    name = DOC_NAMES[n % len(DOC_NAMES)]
    document.add_heading(f"关于开展{ACTIVITIES[n % len(ACTIVITIES)]}的{name}", level=1)
    for k in range(rng.randint(5, 40)):
        document.add_paragraph(
            f"第{k + 1}条 为深入推进精神文明建设，现就有关事项{name}如下。" * rng.randint(1, 4)
        )
    if picture:
        photo = _render_photo(rng, (picture, picture * 3 // 4), 3.0)
        jpeg = jpeg_bytes(photo, taken=None, camera=CAMERAS[0], tag="docx")
        document.add_picture(io.BytesIO(jpeg), width=Cm(14))
    props = document.core_properties
    props.title = name
    props.author = "办公室"
    props.created = dt.datetime(2022, 1 + n % 12, 1 + n % 28, 9, 0, 0)
    props.modified = props.created
    buf = io.BytesIO()
    document.save(buf)
    return _fixed_ooxml(buf.getvalue())


def _render_xlsx(rng: random.Random, n: int) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "姓名", "处室", "日期", "备注"])
    for k in range(rng.randint(20, 300)):
        ws.append([k + 1, f"职工{k:03d}", "办公室", f"2022-{1 + k % 12:02d}-{1 + k % 28:02d}", ""])
    wb.properties.created = dt.datetime(2022, 1 + n % 12, 1, 9, 0, 0)
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_ooxml(buf.getvalue())


PDF_TAG = b"BENCH0000000000"  # fixed width: replacing the digits keeps every xref offset valid


def _render_pdf(pages: int, created: dt.datetime) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata(
        {"/Title": PDF_TAG.decode(), "/CreationDate": created.strftime("D:%Y%m%d%H%M%S+08'00'")}
    )
    buf = io.BytesIO()
    writer.write(buf)
    data = buf.getvalue()
    assert data.count(PDF_TAG) == 1
    return data


def pdf_bytes(template: bytes, index: int) -> bytes:
    return template.replace(PDF_TAG, f"BENCH{index:010d}".encode())


def _render_mp4(rng: random.Random, profile: Profile, seconds: int, created: dt.datetime) -> bytes:
    import tempfile

    import av
    import numpy as np

    w, h = profile.video_size
    fps = 15
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "v.mp4"
        out = av.open(str(path), mode="w", format="mp4")
        out.metadata["creation_time"] = created.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
        stream = out.add_stream("mpeg4", rate=fps)
        stream.width, stream.height = w, h
        stream.pix_fmt = "yuv420p"
        stream.bit_rate = profile.video_bitrate
        stream.time_base = Fraction(1, fps)
        stream.codec_context.thread_count = 1
        nprng = np.random.default_rng(rng.randrange(2**32))
        background = (
            nprng.integers(0, 255, (h // 8, w // 8, 3), dtype=np.uint8).repeat(8, 0).repeat(8, 1)
        )
        for n in range(seconds * fps):
            arr = np.roll(background, n * 3, axis=1).copy()
            arr[: h // 6] = (n * 5) % 255
            frame = av.VideoFrame.from_ndarray(arr, format="rgb24")
            frame.pts = n
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
        out.close()
        return path.read_bytes()


def mp4_bytes(template: bytes, tag: str) -> bytes:
    """Append a top-level ``free`` box: valid MP4, unique bytes."""
    payload = tag.encode("ascii")
    return template + struct.pack(">I", 8 + len(payload)) + b"free" + payload


@dataclass(slots=True)
class Pools:
    photos: list[JpegSource]
    docx: list[bytes]
    xlsx: list[bytes]
    pdf: list[bytes]
    mp4: list[bytes]
    png: bytes
    zip: bytes


def build_pools(rng: random.Random, profile: Profile, counts: Counter[str]) -> Pools:
    """Render the few real files every generated file is derived from."""
    from PIL import Image

    n_photos = max(3, min(profile.photo_pool, counts["photo"] // 20 or 1))
    photos = [
        _render_photo(
            rng, profile.photo_sizes[k % len(profile.photo_sizes)], rng.uniform(*profile.noise)
        )
        for k in range(n_photos)
    ]
    n_docs = max(2, min(12, counts["document"] // 40 or 1))
    docx = [_render_docx(rng, k, profile.docx_picture if k % 2 else None) for k in range(n_docs)]
    xlsx = [_render_xlsx(rng, k) for k in range(max(1, n_docs // 3))]
    pdf = [
        _render_pdf(rng.choice((1, 2, 4, 8, 20, 60)), dt.datetime(2022, 3, 1 + k, 10))
        for k in range(max(2, n_docs // 2))
    ]
    n_videos = max(1, min(len(profile.video_seconds), counts["video"] // 10 or 1))
    mp4 = [
        _render_mp4(rng, profile, profile.video_seconds[k], dt.datetime(2022, 5, 1 + k, 7, 0, 0))
        for k in range(n_videos)
    ]
    png = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 200)).save(png, "PNG")
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("材料/说明.txt", (2022, 1, 1, 0, 0, 0)), "打包的材料".encode())
    return Pools(photos, docx, xlsx, pdf, mp4, png.getvalue(), zbuf.getvalue())


# ---------------------------------------------------------------- the tree


@dataclass(frozen=True, slots=True)
class Leaf:
    """A folder files are written into: one year of one indicator."""

    rel: str
    indicator: str
    year: int


@dataclass(slots=True)
class Summary:
    """What was generated: counts by kind and format, bytes, folders."""

    root: Path
    files: int = 0
    bytes: int = 0
    folders: int = 0
    indicators: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_format: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def make_spec(categories: int, per_category: int, rng: random.Random) -> dict[str, object]:
    """A spec with ``categories`` x ``per_category`` indicators that the tree's folders match."""
    owners = [{"id": f"o{k}", "name": n, "contact": f"联系人{k}"} for k, n in enumerate(
        ["办公室", "机关党委", "宣传部", "工会", "团委", "后勤服务中心", "人事处", "纪检组"])]  # fmt: skip
    cats = []
    for c in range(1, categories + 1):
        indicators = []
        for i in range(1, per_category + 1):
            requires: list[dict[str, object]] = [
                {
                    "kind": "document",
                    "what": "年度工作计划",
                    "min": 1,
                    "per_year": True,
                    "match": ["计划"],
                },
                {"kind": "document", "what": "相关文件", "min": 2},
                {"kind": "photo", "what": "活动照片", "min": 6},
            ]
            if i % 5 == 0:
                requires.append({"kind": "video", "what": "活动视频", "min": 1, "min_seconds": 10})
            indicators.append({
                "id": f"{c}.{i}",
                "title": INDICATOR_TITLES[(c + i) % len(INDICATOR_TITLES)],
                "method": "查阅资料",
                "points": 1,
                "owner": owners[(c + i) % len(owners)]["id"],
                "due": dt.date(2023, 1 + (c * per_category + i) % 12, 28),
                "requires": requires,
            })  # fmt: skip
        cats.append(
            {
                "id": str(c),
                "title": CATEGORY_TITLES[(c - 1) % len(CATEGORY_TITLES)],
                "indicators": indicators,
            }
        )
    return {
        "civarchive": 1,
        "title": "基准测试创建资料",
        "unit": "基准测试单位",
        "period": {"start": dt.date(PERIOD[0], 1, 1), "end": dt.date(PERIOD[1], 12, 31)},
        "fonds": "J999",
        "retention": "永久",
        "ignore": ["*.bak", "草稿/**"],
        "defaults": {"photo": {"min_megapixels": 1, "caption": "optional"}},
        "owners": owners,
        "categories": cats,
    }


def make_leaves(spec: dict[str, object], files: int) -> list[Leaf]:
    """Category / indicator / year folders; large archives get an activity folder per year."""
    leaves: list[Leaf] = []
    categories = spec["categories"]
    assert isinstance(categories, list)
    for cat in categories:
        cat_dir = (
            f"{chinese_numeral(int(cat['id']))}、{cat['title']}"
            if int(cat["id"]) < 100
            else cat["id"]
        )
        for k, ind in enumerate(cat["indicators"]):
            # Several real naming styles: "1.1 标题", "1.1、标题", "1.1_标题".
            sep = (" ", "、", "_")[k % 3]
            ind_dir = f"{cat_dir}/{ind['id']}{sep}{ind['title']}"
            for year in YEARS:
                leaf = f"{ind_dir}/{year}年"
                if files >= 50_000:
                    leaf += f"/{ACTIVITIES[(k + year) % len(ACTIVITIES)]}"
                leaves.append(Leaf(leaf, ind["id"], year))
    return leaves


def _date_in(rng: random.Random, year: int) -> dt.datetime:
    # About 1 % of the evidence falls outside the period (old photos, mis-set camera clocks).
    if rng.random() < 0.01:
        year = rng.choice((2019, 2020, 2024))
    start = dt.datetime(year, 1, 1, 8, 0, 0)
    return start + dt.timedelta(days=rng.randrange(365), seconds=rng.randrange(10 * 3600))


def _kinds(files: int, rng: random.Random) -> list[str]:
    counts = {k: int(files * share) for k, share in MIX.items()}
    counts["photo"] += files - sum(counts.values())
    kinds = [k for k, n in counts.items() for _ in range(n)]
    rng.shuffle(kinds)
    return kinds


class Writer:
    """Writes files and keeps the summary; knows which bytes each kind of file gets."""

    def __init__(self, root: Path, pools: Pools, rng: random.Random, summary: Summary) -> None:
        self.root = root
        self.pools = pools
        self.rng = rng
        self.summary = summary
        self.captions: dict[str, list[tuple[str, str, str]]] = {}
        self._names: set[str] = set()
        self._junk = 0  # junk kinds take turns, so even a small archive has one of each

    def _unique(self, rel: str) -> str:
        if rel not in self._names:
            self._names.add(rel)
            return rel
        stem, dot, ext = rel.rpartition(".")
        n = 2
        while f"{stem}({n}).{ext}" in self._names:
            n += 1
        rel = f"{stem}({n}).{ext}"
        self._names.add(rel)
        return rel

    def write(self, rel: str, data: bytes, kind: str, fmt: str) -> str:
        rel = self._unique(rel)
        path = self.root / rel
        try:
            path.write_bytes(data)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self.summary.files += 1
        self.summary.bytes += len(data)
        self.summary.by_kind[kind] += 1
        self.summary.by_format[fmt] += 1
        return rel

    def photo(self, leaf: Leaf, index: int) -> None:
        rng = self.rng
        taken = _date_in(rng, leaf.year)
        src = rng.choice(self.pools.photos)
        data = jpeg_bytes(src, taken=taken, camera=rng.choice(CAMERAS), tag=f"bench photo {index}")
        activity = rng.choice(ACTIVITIES)
        name = (
            f"IMG_{taken:%Y%m%d_%H%M%S}.jpg"
            if rng.random() < 0.6
            else f"{taken:%Y%m%d}{activity}{index % 100:02d}.jpg"
        )
        rel = self.write(f"{leaf.rel}/{name}", data, "photo", "jpeg")
        if rng.random() < 0.3:  # about a third of the folders keep a caption sheet
            self.captions.setdefault(leaf.rel, []).append(
                (rel.rsplit("/", 1)[1], f"{activity}活动", f"{taken:%Y-%m-%d}")
            )

    def document(self, leaf: Leaf, index: int) -> None:
        rng = self.rng
        when = _date_in(rng, leaf.year)
        name = rng.choice(DOC_NAMES)
        roll = rng.random()
        if roll < 0.55:
            data = with_zip_comment(rng.choice(self.pools.docx), f"bench document {index}".encode())
            ext, fmt = "docx", "docx"
        elif roll < 0.9:
            data, ext, fmt = pdf_bytes(rng.choice(self.pools.pdf), index), "pdf", "pdf"
        else:
            data = with_zip_comment(rng.choice(self.pools.xlsx), f"bench sheet {index}".encode())
            ext, fmt = "xlsx", "xlsx"
        stem = (
            f"X办发〔{when.year}〕{index % 97 + 1}号 {name}"
            if rng.random() < 0.3
            else f"{when:%Y%m%d}-{name}"
        )
        self.write(f"{leaf.rel}/{stem}-{index}.{ext}", data, "document", fmt)

    def video(self, leaf: Leaf, index: int) -> None:
        when = _date_in(self.rng, leaf.year)
        data = mp4_bytes(self.rng.choice(self.pools.mp4), f"bench video {index}")
        self.write(f"{leaf.rel}/VID_{when:%Y%m%d_%H%M%S}.mp4", data, "video", "mp4")

    def junk(self, leaf: Leaf, index: int) -> None:
        rng = self.rng
        choice = self._junk % 10
        self._junk += 1
        folder = leaf.rel
        if choice == 0:
            self.write(
                f"{folder}/Thumbs.db",
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1528),
                "junk",
                "thumbs",
            )
        elif choice == 1:
            self.write(
                f"{folder}/~${rng.choice(DOC_NAMES)}.docx",
                b"\x06\x00" + "办公室".encode("utf-16-le") + bytes(150),
                "junk",
                "lock",
            )
        elif choice == 2:
            text = f"备注：{rng.choice(ACTIVITIES)}材料待补充。\r\n"
            self.write(f"{folder}/备注{index}.txt", text.encode("gbk"), "junk", "txt")
        elif choice == 3:
            self.write(
                f"{folder}/材料打包{index}.zip",
                self.pools.zip + f"#{index}".encode(),
                "junk",
                "zip",
            )
        elif choice == 4:
            self.write(f"{folder}/新建文本文档{index}.txt", b"", "junk", "empty")
        elif choice == 5:  # a copy interrupted half-way
            src = rng.choice(self.pools.photos)
            whole = jpeg_bytes(src, taken=None, camera=CAMERAS[0], tag=f"truncated {index}")
            self.write(
                f"{folder}/IMG_truncated_{index}.jpg",
                whole[: len(whole) // 2],
                "junk",
                "truncated_jpeg",
            )
        elif choice == 6:  # a screenshot saved with the wrong extension
            self.write(
                f"{folder}/截图{index}.jpg",
                self.pools.png + f"#{index}".encode(),
                "junk",
                "png_as_jpg",
            )
        elif choice == 7:
            self.write(
                f"{folder}/desktop.ini",
                b"[.ShellClassInfo]\r\nIconResource=C:\\Windows\\system32\\imageres.dll,-3\r\n",
                "junk",
                "desktop_ini",
            )
        elif choice == 8:
            self.write(
                f"{folder}/{rng.choice(DOC_NAMES)}{index}.bak",
                b"backup " + str(index).encode(),
                "junk",
                "bak",
            )
        else:  # dropped at the archive root: unassigned
            self.write(
                f"待整理{index}.docx",
                with_zip_comment(self.pools.docx[0], f"junk {index}".encode()),
                "junk",
                "docx_unassigned",
            )

    def write_caption_sheets(self) -> None:
        for folder, rows in self.captions.items():
            lines = ["文件名,题名,时间,地点,人物,背景,摄影者"]
            lines += [f"{name},{title},{date},机关,干部职工,,办公室" for name, title, date in rows]
            (self.root / folder / "captions.csv").write_bytes(
                ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")
            )


def generate(
    out: Path,
    files: int,
    *,
    seed: int = 0,
    profile: str | None = None,
    categories: int = 30,
    per_category: int = 10,
    log: bool = False,
) -> Summary:
    """Write a synthetic archive of ``files`` files (plus its spec and caption sheets) under ``out``."""
    started = time.perf_counter()
    if out.exists() and any(out.iterdir()):
        if not (out / SPEC_NAME).exists():
            raise SystemExit(
                f"refusing to overwrite {out}: it is not empty and holds no {SPEC_NAME}"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    chosen = PROFILES[profile or ("large" if files <= 20_000 else "small")]
    rng = random.Random(seed)
    spec = make_spec(categories, per_category, rng)
    (out / SPEC_NAME).write_text(
        yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    leaves = make_leaves(spec, files)
    for leaf in leaves:
        (out / leaf.rel).mkdir(parents=True, exist_ok=True)
    kinds = _kinds(files, rng)
    pools = build_pools(rng, chosen, Counter(kinds))
    if log:
        print(
            f"pools ready after {time.perf_counter() - started:.1f} s ({chosen.name} profile)",
            file=sys.stderr,
        )
    summary = Summary(root=out, indicators=categories * per_category)
    writer = Writer(out, pools, rng, summary)
    for index, kind in enumerate(kinds):
        getattr(writer, kind)(rng.choice(leaves), index)
        if log and index and index % 10_000 == 0:
            print(f"  {index:,} files, {summary.bytes / 1e9:.2f} GB", file=sys.stderr)
    writer.write_caption_sheets()
    summary.folders = sum(1 for p in out.rglob("*") if p.is_dir())
    summary.seconds = time.perf_counter() - started
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate a synthetic evidence archive for benchmarks."
    )
    parser.add_argument(
        "--files", type=int, required=True, help="number of files (e.g. 1000, 10000, 100000)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        help="target folder (replaced if it holds an earlier archive)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        help="photo/video sizes (default: large up to 20k files)",
    )
    parser.add_argument("--categories", type=int, default=30)
    parser.add_argument("--indicators-per-category", type=int, default=10)
    args = parser.parse_args(argv)
    if args.files < 1:
        parser.error("--files must be at least 1")
    summary = generate(
        args.out,
        args.files,
        seed=args.seed,
        profile=args.profile,
        categories=args.categories,
        per_category=args.indicators_per_category,
        log=True,
    )
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(summary.by_kind.items()))
    print(
        f"wrote {summary.files:,} files ({kinds}), {summary.bytes / 1e9:.2f} GB in {summary.folders:,} folders, "
        f"{summary.indicators} indicators, in {summary.seconds:.1f} s under {summary.root}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
