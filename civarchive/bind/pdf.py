"""Convert bound volumes to PDF through LibreOffice, with Chinese fonts mapped to Noto CJK."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from civarchive.atomic import atomic_path
from civarchive.errors import CivarchiveError, DependencyError
from civarchive.i18n import tr

FONTS_CONF = Path(__file__).with_name("fonts.conf")
# Our pictures are already print-sized: LibreOffice's re-sampling to 300 dpi would only
# cost time (notes-tech: 68–75 s → 14 s for 1,000 photos). JSON filter options: LO ≥ 7.4.
PDF_FILTER = 'pdf:writer_pdf_Export:{"ReduceImageResolution":{"type":"boolean","value":"false"}}'
TIMEOUT_SECONDS = 1800


def find_soffice() -> str:
    """The LibreOffice executable, or DependencyError saying how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        Path(r"C:\Program Files\LibreOffice\program\soffice.exe"),
        Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
    ):
        if candidate.is_file():
            return str(candidate)
    raise DependencyError(
        tr(
            "--pdf 需要 LibreOffice，但未找到 soffice",
            "--pdf needs LibreOffice, but soffice was not found",
        ),
        hint=tr(
            "Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk；"
            "Windows/macOS：从 https://www.libreoffice.org 下载安装 LibreOffice；或去掉 --pdf",
            "Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk; "
            "Windows/macOS: install LibreOffice from https://www.libreoffice.org; or drop --pdf",
        ),
    )


def stage_for_pdf(source: Path, target: Path) -> None:
    """Copy a volume for LibreOffice with its TOC field unwrapped (see ``oxml.unwrap_toc``).

    Every other zip entry is copied as it is; a file that is not a readable zip is copied
    byte for byte and LibreOffice reports on it.
    """
    from civarchive.bind.oxml import unwrap_toc

    try:
        with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w") as staged:
            for info in package.infolist():
                data = package.read(info)
                if info.filename == "word/document.xml":
                    data = unwrap_toc(data)
                staged.writestr(info, data, compress_type=info.compress_type)
    except (zipfile.BadZipFile, KeyError, ValueError):
        shutil.copyfile(source, target)


def convert_to_pdf(source: Path, final: Path, *, soffice: str | None = None) -> Path:
    """Write ``final`` (a PDF of the DOCX ``source``) atomically."""
    return convert_all([(source, final)], soffice=soffice)[0]


def convert_all(jobs: list[tuple[Path, Path]], *, soffice: str | None = None) -> list[Path]:
    """Convert each (DOCX, PDF) pair with one LibreOffice start; every PDF is written atomically."""
    if not jobs:
        return []
    program = soffice or find_soffice()
    with tempfile.TemporaryDirectory(prefix="civarchive-pdf-") as tmp:
        work = Path(tmp)
        # A private profile: concurrent conversions (and a running LibreOffice) do not clash.
        profile = (work / "profile").as_uri()
        staged = []
        (work / "in").mkdir()
        for number, (source, _) in enumerate(jobs, start=1):
            # ASCII names: LibreOffice names its output after the input, whatever the locale.
            target = work / "in" / f"volume{number}.docx"
            stage_for_pdf(source, target)
            staged.append(target)
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(work / "out"),
            *(str(p) for p in staged),
        ]
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise CivarchiveError(
                tr(
                    "LibreOffice 转换 PDF 失败：{e}",
                    "LibreOffice could not convert to PDF: {e}",
                    e=error,
                )
            ) from None
        written = []
        for number, (source, final) in enumerate(jobs, start=1):
            produced = work / "out" / f"volume{number}.pdf"
            if done.returncode != 0 or not produced.is_file():
                detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-300:]
                raise CivarchiveError(
                    tr(
                        "LibreOffice 转换 PDF 失败：{f}",
                        "LibreOffice could not convert {f} to PDF",
                        f=source.name,
                    ),
                    hint=detail or None,
                )
            with atomic_path(final) as target:
                shutil.copyfile(produced, target)
            written.append(final)
    return written
