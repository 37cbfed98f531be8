"""Small factories that write real files (JPEG with EXIF, DOCX, PDF, MP4, GBK CSV...) for tests."""

from __future__ import annotations

import csv
import datetime as dt
import io
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

EXIF_ORIENTATION = 0x0112
EXIF_MODEL = 0x0110
EXIF_MAKE = 0x010F
EXIF_DESCRIPTION = 0x010E
EXIF_XPTITLE = 0x9C9B
EXIF_IFD = 0x8769
EXIF_DATETIME_ORIGINAL = 0x9003


def _parent(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def make_jpeg(
    path: Path,
    *,
    size: tuple[int, int] = (640, 480),
    taken: dt.datetime | None = None,
    orientation: int | None = None,
    title: str | None = None,
    description: str | bytes | None = None,
    camera: str | None = "Canon EOS 600D",
    color: tuple[int, int, int] = (200, 120, 40),
    quality: int = 85,
) -> Path:
    """A real JPEG with an EXIF block; ``taken`` becomes DateTimeOriginal, ``description``
    ImageDescription (bytes as written, as Chinese phones and old Windows tools do)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(img)
    # A diagonal and a corner mark so rotations are visible and the JPEG is not trivial.
    draw.line((0, 0, size[0], size[1]), fill=(255, 255, 255), width=max(1, size[0] // 50))
    draw.rectangle((0, 0, size[0] // 5, size[1] // 5), fill=(0, 0, 255))
    exif = Image.Exif()
    if camera:
        exif[EXIF_MAKE] = camera.split()[0]
        exif[EXIF_MODEL] = camera
    if orientation:
        exif[EXIF_ORIENTATION] = orientation
    if description:
        exif[EXIF_DESCRIPTION] = description
    if title:
        exif[EXIF_XPTITLE] = title.encode("utf-16-le") + b"\x00\x00"
    if taken:
        exif.get_ifd(EXIF_IFD)[EXIF_DATETIME_ORIGINAL] = taken.strftime("%Y:%m:%d %H:%M:%S")
    img.save(_parent(path), "JPEG", quality=quality, exif=exif.tobytes())
    return path


def make_png(path: Path, *, size: tuple[int, int] = (320, 240)) -> Path:
    from PIL import Image

    Image.new("RGB", size, (10, 200, 30)).save(_parent(path), "PNG")
    return path


def make_heic(
    path: Path, *, size: tuple[int, int] = (640, 480), taken: dt.datetime | None = None
) -> Path:
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    img = Image.new("RGB", size, (90, 160, 220))
    exif = Image.Exif()
    if taken:
        exif.get_ifd(EXIF_IFD)[EXIF_DATETIME_ORIGINAL] = taken.strftime("%Y:%m:%d %H:%M:%S")
    img.save(_parent(path), "HEIF", exif=exif.tobytes(), quality=50)
    return path


def make_docx(
    path: Path,
    *,
    text: str = "关于开展理想信念教育的通知",
    title: str | None = None,
    author: str | None = None,
    created: dt.datetime | None = None,
    paragraphs: int = 3,
    numbered: bool = False,
    landscape_section: bool = False,
    picture: Path | None = None,
) -> Path:
    """A real DOCX with Chinese text and core properties.

    ``numbered``: the paragraphs form a numbered list (direct w:numPr, as Word writes it);
    ``landscape_section``: a second, landscape section follows, as in a document with a
    wide table at its end; ``picture``: that image, 8 cm wide, in a Normal paragraph after
    the text (as Word puts a photo in a notice).
    """
    import docx
    from docx.enum.section import WD_ORIENT

    document = docx.Document()
    document.add_heading(title or text, level=1)
    list_id = document.styles["List Number"].element.pPr.numPr.numId.val
    for n in range(paragraphs):
        paragraph = document.add_paragraph(f"{text}（第{n + 1}段）")
        if numbered:
            numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numbering.get_or_add_ilvl().val = 0
            numbering.get_or_add_numId().val = list_id
    if picture is not None:
        from docx.shared import Cm

        document.add_paragraph().add_run().add_picture(str(picture), width=Cm(8))
    if landscape_section:
        section = document.add_section()
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        document.add_paragraph(f"{text}（横向页）")
    props = document.core_properties
    props.title = title or ""
    props.author = author or ""
    if created:
        props.created = created
    document.save(_parent(path))
    return path


def make_xlsx(path: Path, rows: list[list[Any]], *, title: str | None = None) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if title:
        wb.properties.title = title
    wb.save(_parent(path))
    return path


def make_pdf(
    path: Path,
    *,
    pages: int = 1,
    title: str | None = None,
    created: dt.datetime | None = None,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> Path:
    """A real PDF with blank A4 pages and optional metadata.

    ``user_password`` makes it need a password to open; ``owner_password`` alone restricts
    printing and copying but it still opens without one (AES-256, as current writers do).
    """
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    meta: dict[str, str] = {}
    if title:
        meta["/Title"] = title
    if created:
        meta["/CreationDate"] = created.strftime("D:%Y%m%d%H%M%S+08'00'")
    if meta:
        writer.add_metadata(meta)
    if user_password is not None or owner_password is not None:
        writer.encrypt(
            user_password=user_password or "",
            owner_password=owner_password,
            permissions_flag=0,
            algorithm="AES-256",
        )
    with open(_parent(path), "wb") as fh:
        writer.write(fh)
    return path


def make_mp4(
    path: Path,
    *,
    seconds: float = 2.0,
    size: tuple[int, int] = (320, 240),
    fps: int = 10,
    created: dt.datetime | None = None,
    container: str = "mp4",
    fade_in: float = 0.0,
    gop: int | None = None,
    rotation: int | None = None,
) -> Path:
    """A real MP4 (MPEG-4 part 2 video) of ``seconds`` length, with creation_time metadata,
    red in its left quarter.

    ``fade_in`` > 0: the picture (colour bars and a diagonal) starts black and comes up
    over that fraction of the clip, the first fifth of it fully black; ``gop`` sets the
    key-frame interval in frames; ``rotation`` adds a display matrix turning it that many
    degrees counter-clockwise, as phones record portrait video (RuntimeError where PyAV
    cannot)."""
    import av
    import numpy as np  # PyAV frames are built from arrays

    out = av.open(str(_parent(path)), mode="w", format=container)
    if created:
        out.metadata["creation_time"] = created.strftime("%Y-%m-%dT%H:%M:%S.000000Z")
    stream = out.add_stream("mpeg4", rate=fps)
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    stream.time_base = Fraction(1, fps)
    if gop is not None:
        stream.codec_context.gop_size = gop
    if rotation is not None:
        if not hasattr(stream, "set_display_rotation"):
            out.close()
            raise RuntimeError("this PyAV cannot write a display matrix (needs PyAV >= 15)")
        stream.set_display_rotation(rotation)
    total = max(1, round(seconds * fps))
    for n in range(total):
        if fade_in:
            ramp = (n / total - fade_in / 5) / (fade_in * 4 / 5)
            arr = (colour_bars(size, np) * min(1.0, max(0.0, ramp))).astype(np.uint8)
        else:
            arr = np.full((size[1], size[0], 3), (n * 7) % 255, dtype=np.uint8)
            arr[:, : size[0] // 4] = (255, 0, 0)
        frame = av.VideoFrame.from_ndarray(arr, format="rgb24")
        frame.pts = n
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode():
        out.mux(packet)
    out.close()
    return path


def colour_bars(size: tuple[int, int], np: Any) -> Any:
    """Colour bars with a white diagonal: a frame with plenty of detail."""
    width, height = size
    arr = np.zeros((height, width, 3), dtype=np.float64)
    colours = [(255, 255, 255), (255, 255, 0), (0, 255, 255), (0, 255, 0), (255, 0, 255)]
    for n, colour in enumerate(colours):
        arr[:, n * width // 5 : (n + 1) * width // 5] = colour
    for x in range(min(width, height)):
        arr[x, x] = (255, 255, 255)
        arr[x, max(0, x - 1)] = (0, 0, 0)
    return arr


def make_wav(path: Path, *, seconds: float = 1.0, rate: int = 8000) -> Path:
    import wave

    with wave.open(str(_parent(path)), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x00\x00" * int(seconds * rate))
    return path


CAPTION_HEADER = ["文件名", "题名", "时间", "地点", "人物", "背景", "摄影者"]


def make_caption_csv(
    path: Path, rows: list[list[str]], *, encoding: str = "utf-8", header: list[str] | None = None
) -> Path:
    """A caption sheet as Excel writes it: ``encoding`` may be utf-8, utf-8-sig or gbk."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header or CAPTION_HEADER)
    writer.writerows(rows)
    _parent(path).write_bytes(buf.getvalue().encode(encoding))
    return path


def write_spec(
    root: Path,
    data: dict[str, Any] | None = None,
    *,
    name: str = "civarchive.yaml",
    **overrides: Any,
) -> Path:
    """Write a spec YAML: a small valid default, with top-level keys overridden."""
    spec: dict[str, Any] = {
        "civarchive": 1,
        "title": "测试创建资料",
        "unit": "测试单位",
        "period": {"start": "2021-01-01", "end": "2023-12-31"},
        "owners": [{"id": "xcb", "name": "宣传部", "contact": "张三"}],
        "categories": [
            {
                "id": "1",
                "title": "思想道德建设",
                "indicators": [
                    {
                        "id": "1.1",
                        "title": "理想信念教育",
                        "points": 4,
                        "owner": "xcb",
                        "due": "2023-06-30",
                        "requires": [
                            {"kind": "document", "what": "年度学习计划", "match": ["计划"]},
                            {"kind": "photo", "what": "学习活动照片", "min": 2},
                        ],
                    }
                ],
            }
        ],
    }
    if data is not None:
        spec = data
    spec.update(overrides)
    path = root / name
    _parent(path).write_text(
        yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path


def make_tree(root: Path, files: dict[str, bytes | str]) -> Path:
    """Write raw files (bytes or text) under ``root``."""
    for rel, content in files.items():
        target = _parent(root / rel)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)
    return root


def make_zip(
    path: Path,
    members: dict[str, bytes],
    *,
    encoding: str = "gbk",
    links: dict[str, str] | None = None,
) -> Path:
    """A zip as Chinese Windows writes it: member names in ``encoding`` without the UTF-8 flag
    (``encoding="utf-8"`` sets the flag, as 7-Zip and macOS do); ``links`` adds symlink members."""
    import zipfile

    with zipfile.ZipFile(_parent(path), "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            if encoding == "utf-8":
                info = zipfile.ZipInfo(name)
            else:
                # zipfile writes a str name as CP437 bytes when it can: these are the GBK bytes.
                info = zipfile.ZipInfo(name.encode(encoding).decode("cp437"))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16
            info.create_system = 3
            archive.writestr(info, target)
    return path


def tree_digest(root: Path, *, skip: tuple[str, ...] = (".civarchive",)) -> dict[str, str]:
    """Every folder and file under ``root`` (bytes paths, so GBK names too) with the SHA-256 of
    each file: equal digests mean the same paths, the same bytes and no extra folders."""
    import hashlib
    import os

    out: dict[str, str] = {}
    base = os.fsencode(root)
    for current, dirs, files in os.walk(base):
        rel = os.path.relpath(current, base)
        dirs[:] = sorted(d for d in dirs if not (rel == b"." and os.fsdecode(d) in skip))
        for name in dirs:
            out[os.fsdecode(os.path.join(rel, name))] = "folder"
        for name in files:
            with open(os.path.join(current, name), "rb") as handle:
                out[os.fsdecode(os.path.join(rel, name))] = hashlib.sha256(
                    handle.read()
                ).hexdigest()
    return out


# A4 at 100 dpi: Pillow writes each image as a PDF page of size / resolution inches.
A4_AT_100 = (827, 1169)


def page_picture(number: int, *, colour: bool = False, size: tuple[int, int] = A4_AT_100) -> Any:
    """A page-like PIL image: black text-like bars laid out by ``number``, a red seal if
    ``colour``; every number gives a layout the others do not have."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    width, height = size
    margin = width // 8
    rows = 6 + number * 3
    for row in range(rows):
        y = height // 5 + row * (height * 3 // 5) // rows
        length = (width - 2 * margin) * (1 + (row * (number + 3)) % 7) // 8
        draw.rectangle((margin, y, margin + length, y + max(2, height // 120)), fill=(0, 0, 0))
    # A big block whose place tells the pages apart at thumbnail size.
    x = margin + (number * width // 5) % (width - 3 * margin)
    draw.rectangle((x, height // 12, x + width // 6, height // 12 + width // 8), fill=(20, 20, 20))
    if colour:
        cx, cy, r = width * 2 // 3, height * 3 // 4, width // 9
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(220, 20, 20), width=r // 6)
    return img


def make_image_pdf(
    path: Path, pages: int = 3, *, colour_pages: tuple[int, ...] = (), resolution: float = 100
) -> Path:
    """A real multi-page PDF (Pillow writes one), page n drawn by ``page_picture(n)``."""
    images = [page_picture(n, colour=n in colour_pages) for n in range(pages)]
    images[0].save(
        _parent(path), "PDF", save_all=True, append_images=images[1:], resolution=resolution
    )
    return path


def encrypt_pdf(source: Path, target: Path, password: str = "secret") -> Path:
    """``source`` with a user password (pypdf, RC4-128): opening it needs ``password``."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=password, owner_password=password + "-owner", algorithm="RC4-128")
    with open(_parent(target), "wb") as fh:
        writer.write(fh)
    return target


def make_huge_png(path: Path, side: int, *, mode: str = "RGB") -> Path:
    """A tiny file that declares ``side``×``side`` pixels (issue 14's 516 KB, 13300² PNG).

    Written row by row through zlib, so making it never holds the image in memory.
    """
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    colour_type, bands = {"RGB": (2, 3), "L": (0, 1)}[mode]
    header = struct.pack(">IIBBBBB", side, side, 8, colour_type, 0, 0, 0)
    packer = zlib.compressobj(1)
    rows = (b"\x00" + b"\xff" * (side * bands)) * 64
    compressed = [packer.compress(rows) for _ in range(side // 64)]
    compressed.append(packer.compress(rows[: (side % 64) * (side * bands + 1)]))
    compressed.append(packer.flush())
    with open(_parent(path), "wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n")
        fh.write(chunk(b"IHDR", header))
        fh.write(chunk(b"IDAT", b"".join(compressed)))
        fh.write(chunk(b"IEND", b""))
    return path


def make_table_xlsx(
    path: Path,
    rows: list[list[Any]],
    *,
    merges: tuple[str, ...] | list[str] = (),
    sheet: str = "测评细则",
    more_sheets: dict[str, list[list[Any]]] | None = None,
) -> Path:
    """A workbook holding a 测评细则-like table: ``rows`` (None for an empty cell) and merged
    ranges such as "A4:A6", as Excel writes them; ``more_sheets`` adds further sheets."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for merged in merges:
        ws.merge_cells(merged)
    for name, extra in (more_sheets or {}).items():
        other = wb.create_sheet(name)
        for row in extra:
            other.append(row)
    wb.save(_parent(path))
    return path


def make_table_docx(
    path: Path, *blocks: str | tuple[list[list[str | None]], list[tuple[int, int, int, int]]]
) -> Path:
    """A Word document of paragraphs (str) and tables ((rows, merges)), in order.

    Each merge (r1, c1, r2, c2) is made with python-docx's own ``merge`` (real w:vMerge /
    w:gridSpan); cells merged away should be None in ``rows``.
    """
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        rows, merges = block
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    table.cell(r, c).text = value
        for r1, c1, r2, c2 in merges:
            table.cell(r1, c1).merge(table.cell(r2, c2))
    document.save(_parent(path))
    return path


# One LibreOffice Basic module saves new documents, with or without a password, in the
# legacy binary (DOC, XLS, PPT) and OOXML formats: LibreOffice's command line cannot set a
# password, its Basic macros can. Binary formats take ``Password`` (RC4 CryptoAPI); OOXML
# takes ``EncryptionData`` (ECMA-376 Standard encryption inside an OLE box).
_ENCRYPT_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Factory"
 script:language="StarBasic">
Sub Run(jobs As String)
  Dim f As Integer, line As String
  f = FreeFile
  Open jobs For Input As #f
  Do While Not EOF(f)
    Line Input #f, line
    If Len(line) &gt; 0 Then Save(Split(line, "|"))
  Loop
  Close #f
End Sub

Sub Save(parts)
  On Error GoTo Failed
  Dim hidden(0) As New com.sun.star.beans.PropertyValue
  hidden(0).Name = "Hidden"
  hidden(0).Value = True
  Dim doc As Object
  doc = StarDesktop.loadComponentFromURL("private:factory/" &amp; parts(0), "_blank", 0, hidden())
  If parts(0) = "swriter" Then doc.Text.setString(parts(4))
  If parts(0) = "scalc" Then doc.Sheets.getByIndex(0).getCellByPosition(0, 0).setString(parts(4))
  Dim enc(1) As New com.sun.star.beans.NamedValue
  enc(0).Name = "OOXPassword"
  enc(0).Value = parts(3)
  enc(1).Name = "CryptoType"
  enc(1).Value = "Standard"
  Dim out(1) As New com.sun.star.beans.PropertyValue
  out(0).Name = "FilterName"
  out(0).Value = parts(2)
  If parts(3) = "" Then
    out(1).Name = "Overwrite"
    out(1).Value = True
  ElseIf Right(parts(1), 1) = "x" Then
    out(1).Name = "EncryptionData"
    out(1).Value = enc()
  Else
    out(1).Name = "Password"
    out(1).Value = parts(3)
  End If
  doc.storeToURL(ConvertToURL(parts(1)), out())
  doc.close(True)
  Exit Sub
Failed:
  Dim g As Integer
  g = FreeFile
  Open parts(1) &amp; ".error" For Output As #g
  Print #g, Error$
  Close #g
End Sub
</script:module>
"""

_OFFICE_FILTERS = {
    "doc": ("swriter", "MS Word 97"),
    "docx": ("swriter", "MS Word 2007 XML"),
    "xls": ("scalc", "MS Excel 97"),
    "xlsx": ("scalc", "Calc MS Excel 2007 XML"),
    "ppt": ("simpress", "MS PowerPoint 97"),
    "pptx": ("simpress", "Impress MS PowerPoint 2007 XML"),
}


def make_office_files(
    soffice: str, folder: Path, files: dict[str, str | None], *, text: str = "创建资料"
) -> dict[str, Path]:
    """Real Office documents written by LibreOffice in one run: ``{"a.doc": "secret"}`` saves
    a.doc with that password, ``None`` without one. The format follows the extension
    (doc, docx, xls, xlsx, ppt, pptx). LibreOffice cannot encrypt PPT: such a password is
    refused (see ``mark_ppt_encrypted``).
    """
    import tempfile

    folder.mkdir(parents=True, exist_ok=True)
    jobs: list[str] = []
    out: dict[str, Path] = {}
    for name, password in files.items():
        fmt = name.rsplit(".", 1)[-1]
        if fmt == "ppt" and password:
            raise ValueError("LibreOffice cannot save an encrypted PPT; use mark_ppt_encrypted")
        app, filter_name = _OFFICE_FILTERS[fmt]
        target = folder / name
        jobs.append(f"{app}|{target}|{filter_name}|{password or ''}|{text}")
        out[name] = target
    with tempfile.TemporaryDirectory(prefix="civarchive-lo-") as scratch:
        # A private profile (a shared one can hang a second soffice); it is made first, then
        # the macro is put into its Standard library, which profile creation would overwrite.
        profile = Path(scratch) / "profile"
        base = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
        _run_soffice([*base, "--terminate_after_init"])
        library = profile / "user" / "basic" / "Standard"
        (library / "Factory.xba").write_text(_ENCRYPT_MODULE, encoding="utf-8")
        listing = (library / "script.xlb").read_text(encoding="utf-8")
        listing = listing.replace(
            "</library:library>", ' <library:element library:name="Factory"/>\n</library:library>'
        )
        (library / "script.xlb").write_text(listing, encoding="utf-8")
        job_file = Path(scratch) / "jobs.txt"
        job_file.write_text("\n".join(jobs) + "\n", encoding="utf-8")
        _run_soffice([*base, f'macro:///Standard.Factory.Run("{job_file}")'])
    failed = [p for p in out.values() if not p.is_file()]
    if failed:
        errors = [p.with_name(p.name + ".error") for p in failed]
        details = [e.read_text(encoding="utf-8", errors="replace") for e in errors if e.is_file()]
        raise RuntimeError(f"LibreOffice did not write {failed}: {details}")
    return out


def _run_soffice(args: list[str]) -> None:
    """Run soffice with a hard limit, killing its whole process group when it hangs."""
    import os
    import signal
    import subprocess

    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise


def mark_ppt_encrypted(path: Path) -> Path:
    """Mark a real PPT the way PowerPoint marks one saved with a password: the header token of
    its Current User stream ([MS-PPT] 2.3.2, 0xF3D1C4DF). LibreOffice cannot write encrypted
    PPT, and this token is what readers (and civarchive) look at to know a password is needed.
    """
    import struct

    import olefile

    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        current_user = bytearray(ole.openstream("Current User").read())
        struct.pack_into("<I", current_user, 12, 0xF3D1C4DF)
        ole.write_stream("Current User", bytes(current_user))


def make_hostile_docx(path: Path, *, doctype: bool = False, inflated_mb: int = 0) -> Path:
    """A DOCX that attacks whoever opens it: ``doctype`` gives document.xml an XXE DOCTYPE
    (an external entity naming /etc/passwd, used in the text); ``inflated_mb`` adds a part
    of that many MB of zeros, deflated to almost nothing (a zip bomb under scan's limits).
    """
    import zipfile

    source = make_docx(path.with_name(path.stem + "-plain.docx"), text="通知")
    with zipfile.ZipFile(source) as plain:
        members = {info.filename: plain.read(info) for info in plain.infolist()}
    source.unlink()
    if doctype:
        xml = members["word/document.xml"].decode("utf-8")
        head, rest = xml.split("?>", 1)
        dtd = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        members["word/document.xml"] = (
            head + "?>" + dtd + rest.replace("通知（第1段）", "&xxe;", 1)
        ).encode("utf-8")
    with zipfile.ZipFile(_parent(path), "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
        if inflated_mb:
            with out.open("word/media/filler.xml", "w") as stream:
                block = b"\0" * (1 << 20)
                for _ in range(inflated_mb):
                    stream.write(block)
    return path


def make_scan_jpeg(path: Path, number: int, *, orientation: int = 6) -> Path:
    """A phone photo of a paper page (``page_picture(number)``) stored turned, with the EXIF
    ``orientation`` that turns it upright again (6: the phone was held upright)."""
    from PIL import Image

    upright = page_picture(number)
    turns = {1: 0, 3: 180, 6: 90, 8: 270}  # counter-clockwise degrees that undo each tag
    stored = upright.rotate(turns[orientation], expand=True)
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    exif[EXIF_MAKE] = "HUAWEI"
    stored.save(_parent(path), "JPEG", quality=90, exif=exif.tobytes())
    return path
