"""Images decoded scaled and within budget: huge PNGs refused from their header, JPEGs drafted."""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from civarchive.bind.decode import ImageTooLarge, decode_bytes, decode_fitted
from tests.factories import make_huge_png, make_jpeg


@pytest.fixture(scope="module")
def huge_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Issue 14's attack: a 13300×13300 PNG, 2.3 MB here (516 KB there), 707 MB decoded.
    return make_huge_png(tmp_path_factory.mktemp("huge") / "bomb.png", 13300)


@pytest.mark.slow
def test_a_huge_png_is_refused_before_decoding(huge_png: Path) -> None:
    limit = Image.MAX_IMAGE_PIXELS
    started = time.perf_counter()
    with pytest.raises(ImageTooLarge, match="13300×13300"):
        decode_fitted(str(huge_png), 1600)
    assert time.perf_counter() - started < 1.0
    assert limit == Image.MAX_IMAGE_PIXELS  # Pillow's own check is back for other callers


def test_a_jpeg_is_scaled_while_decoding(tmp_path: Path) -> None:
    make_jpeg(tmp_path / "a.jpg", size=(4000, 3000), orientation=6)
    image = decode_fitted(str(tmp_path / "a.jpg"), 1000)
    assert image.size == (750, 1000)  # fitted, then turned upright


def test_decode_bytes_counts_rgb_as_four_bytes() -> None:
    assert decode_bytes(100, 100, "RGB") == 40_000
    assert decode_bytes(100, 100, "L") == 10_000


@pytest.mark.slow
def test_six_huge_pngs_with_six_workers_stay_under_1_gb(huge_png: Path, tmp_path: Path) -> None:
    """bind -j 6 over six 177-megapixel PNGs took 4.5 GB (issue 14)."""
    import hashlib
    import shutil

    from civarchive.kinds import Kind
    from civarchive.scan.models import EVIDENCE_JSON, Evidence

    items = []
    for n in range(6):
        shutil.copyfile(huge_png, tmp_path / f"p{n}.png")
        data = (tmp_path / f"p{n}.png").read_bytes()
        items.append(
            EVIDENCE_JSON.dump_json(
                Evidence(
                    path=f"p{n}.png",
                    kind=Kind.PHOTO,
                    format="png",
                    size=len(data),
                    mtime_ns=0,
                    sha256=hashlib.sha256(data + bytes([n])).hexdigest(),
                    width=13300,
                    height=13300,
                )
            ).decode()
        )
    script = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from civarchive.bind.thumbs import make_pictures, PictureFailure\n"
        "from civarchive.scan.models import EVIDENCE_JSON\n"
        "items = [EVIDENCE_JSON.validate_json(s) for s in json.loads(sys.argv[1])]\n"
        "out = make_pictures(items, Path(sys.argv[2]), Path(sys.argv[2]) / 'cache', long_side=1600, jobs=6)\n"
        "assert all(isinstance(r, PictureFailure) for r in out.values()), out\n"
    )
    import json

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(
        [sys.executable, "-c", script, json.dumps(items), str(tmp_path)], check=True, timeout=120
    )
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert max(peak_kb, before) < 1_000_000, peak_kb
