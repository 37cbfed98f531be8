"""Photo metadata: pixel size, orientation, camera, EXIF date and title, and a cheap integrity check."""

from __future__ import annotations

import warnings
from typing import Any

from civarchive.scan.dates import date_from_exif
from civarchive.scan.structure import CorruptFile, Source, open_source

TAG_DESCRIPTION = 0x010E
TAG_MAKE = 0x010F
TAG_MODEL = 0x0110
TAG_ORIENTATION = 0x0112
TAG_ARTIST = 0x013B
TAG_XPTITLE = 0x9C9B
IFD_EXIF = 0x8769
TAG_DATETIME_ORIGINAL = 0x9003
TAG_DATETIME_DIGITIZED = 0x9004  # exiftool's "CreateDate"

# Decoding pixels costs 10x hashing a file (46 ms for a 12-MP JPEG against 4 ms), so large
# JPEG and PNG files get a structural check instead (see ``structure.py``); images up to this
# size are decoded for real, which also catches HEIC files whose pixels do not match the header.
# (A 12-MP HEIC takes 1.2 s to decode: large HEIC photos are checked by opening only.)
DECODE_LIMIT_PIXELS = 2_000_000
# Pillow refuses images above twice this (DecompressionBombError): 400 MP is far beyond any
# camera (a 200-MP phone is the largest today), so a header claiming more is a bomb.
MAX_IMAGE_PIXELS = 200_000_000

# Texts cameras put in ImageDescription by default: they are not captions.
_CAMERA_DEFAULT_TEXTS = frozenset(
    {
        "olympus digital camera",
        "sony dsc",
        "digital camera",
        "konica minolta digital camera",
        "minolta digital camera",
        "default",
        "samsung",
        "dcim",
        "camera",
        "image",
        "untitled",
    }
)

_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        from pillow_heif import register_heif_opener

        register_heif_opener()
        _heif_registered = True


def photo_facts(source: Source, fmt: str) -> dict[str, Any]:
    """Read a photo's facts; raise CorruptFile when it cannot be opened or decoded."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    if fmt == "heic":
        _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(open_source(source)) as image:
                facts = _header_facts(image)
                pixels = image.width * image.height
                if pixels > MAX_IMAGE_PIXELS:
                    # Pillow only refuses above twice the limit; what lies between is no photo.
                    raise CorruptFile(
                        f"image too large to be a photo ({pixels / 1e6:.0f} megapixels)", facts
                    )
                if pixels <= DECODE_LIMIT_PIXELS:
                    _decode(image, facts)
    except CorruptFile:
        raise
    except Image.DecompressionBombError as error:
        raise CorruptFile(f"image too large to be a photo ({error})") from None
    except UnidentifiedImageError:
        raise CorruptFile(f"not a readable {fmt} image") from None
    except (
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
        IndexError,
        TypeError,
        KeyError,
        ZeroDivisionError,
    ) as error:
        raise CorruptFile(f"{type(error).__name__}: {error}") from None
    return facts


def _decode(image: Any, facts: dict[str, Any]) -> None:
    # Small images are cheap to decode for real (down-scaled where the format allows);
    # large ones rely on the structural check done while hashing.
    try:
        image.draft("RGB", (min(image.width, 256), min(image.height, 256)))
        image.load()
    except Exception as error:  # noqa: BLE001 - decoders raise OSError, ValueError, SyntaxError...
        raise CorruptFile(
            f"pixels cannot be decoded: {type(error).__name__}: {error}", facts
        ) from None


def _exif(image: Any, pixels: int) -> Any:
    # Pillow looks for a PNG's eXIf chunk after the pixel data by decoding the whole image:
    # 800 MB for a 196-MP PNG. Large PNGs keep only an eXIf chunk seen before the pixels.
    if image.format == "PNG" and "exif" not in image.info and pixels > DECODE_LIMIT_PIXELS:
        from PIL import Image

        return Image.Exif()
    return image.getexif()


def _header_facts(image: Any) -> dict[str, Any]:
    width, height = image.size
    facts: dict[str, Any] = {
        "width": width,
        "height": height,
        "megapixels": round(width * height / 1_000_000, 2),
    }
    try:
        exif = _exif(image, width * height)
    except Exception:  # noqa: BLE001 - a broken EXIF block must not hide the photo
        return facts
    orientation = _int(exif.get(TAG_ORIENTATION))
    if orientation and 1 <= orientation <= 8:
        facts["orientation"] = orientation
    facts["camera"] = _camera(exif.get(TAG_MAKE), exif.get(TAG_MODEL))
    facts["title"] = _xp_title(exif.get(TAG_XPTITLE)) or _description(exif.get(TAG_DESCRIPTION))
    # DA/T 50 摄影者: `caption` pre-fills it from the camera's owner setting.
    facts["artist"] = _text(exif.get(TAG_ARTIST))
    try:
        ifd = exif.get_ifd(IFD_EXIF)
    except Exception:  # noqa: BLE001
        ifd = {}
    facts["_exif_date"] = date_from_exif(ifd.get(TAG_DATETIME_ORIGINAL)) or date_from_exif(
        ifd.get(TAG_DATETIME_DIGITIZED)
    )
    return facts


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload,no-any-return]
    except (TypeError, ValueError):
        return None


def _clean(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    text = value.replace("\x00", "").strip()
    return text or None


def _camera(make: object, model: object) -> str | None:
    make_text, model_text = _clean(make), _clean(model)
    if make_text and model_text:
        # "Canon" + "Canon EOS 600D" is "Canon EOS 600D", not "Canon Canon EOS 600D".
        if model_text.lower().startswith(make_text.split()[0].lower()):
            return model_text
        return f"{make_text} {model_text}"
    return model_text or make_text


def _xp_title(value: object) -> str | None:
    if isinstance(value, tuple):
        value = bytes(value)
    if not isinstance(value, bytes):
        return _clean(value)
    return _clean(value.decode("utf-16-le", "replace"))


def _description(value: object) -> str | None:
    text = _text(value)
    if text is None or text.lower() in _CAMERA_DEFAULT_TEXTS:
        return None
    return text


def _text(value: object) -> str | None:
    """An EXIF ASCII tag's text, with Chinese written as UTF-8 or GBK read back right."""
    text = _clean(value)
    if text and any("\x80" <= ch <= "\xff" for ch in text) and all(ord(ch) < 256 for ch in text):
        # EXIF ASCII tags arrive decoded as Latin-1; Chinese software writes UTF-8 or GBK.
        raw = text.encode("latin-1")
        for encoding in ("utf-8", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return text
