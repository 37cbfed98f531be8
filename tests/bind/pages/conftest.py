"""Shared set-up for the page engine: evidence records, a look-alike measure, LibreOffice files."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from civarchive.kinds import Kind
from civarchive.scan.models import Evidence
from tests.factories import make_docx, make_xlsx

KNOWN_TEXT = "关于开展理想信念教育的通知"


def evidence(
    root: Path, rel: str, fmt: str, kind: Kind = Kind.DOCUMENT, **extra: object
) -> Evidence:
    """The scan's record of a real file under ``root`` (hash from its bytes)."""
    data = (root / rel).read_bytes()
    return Evidence(
        path=rel,
        kind=kind,
        format=fmt,
        size=len(data),
        mtime_ns=0,
        sha256=hashlib.sha256(data).hexdigest(),
        **extra,  # type: ignore[arg-type]
    )


def likeness(a: object, b: object) -> float:
    """Pixel correlation of two images, both made grey and 60×85: 1.0 is the same picture."""
    import numpy as np
    from PIL import Image

    def vector(img: object) -> object:
        assert isinstance(img, Image.Image)
        small = img.convert("L").resize((60, 85), Image.Resampling.BOX)
        return np.asarray(small, dtype=float).ravel()

    return float(np.corrcoef(vector(a), vector(b))[0, 1])


def soffice_or_skip() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed; apt-get install libreoffice-nogui fonts-noto-cjk"
        )
    return found


@dataclass(frozen=True)
class OfficeFiles:
    """Office files made once per session: a DOCX with known text, the same as DOC and as
    LibreOffice's PDF, and an XLSX."""

    folder: Path
    docx: Path
    doc: Path
    pdf: Path
    xlsx: Path


@pytest.fixture(scope="session")
def office_files(tmp_path_factory: pytest.TempPathFactory) -> OfficeFiles:
    soffice = soffice_or_skip()
    folder = tmp_path_factory.mktemp("office")
    docx = make_docx(folder / "notice.docx", text=KNOWN_TEXT, paragraphs=40)
    xlsx = make_xlsx(
        folder / "table.xlsx", [["序号", "项目"], *[[n, f"活动{n}"] for n in range(60)]]
    )
    profile = (folder / "profile").as_uri()
    for target in ("doc", "pdf"):
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
             "--outdir", str(folder), str(docx)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    return OfficeFiles(folder, docx, folder / "notice.doc", folder / "notice.pdf", xlsx)
