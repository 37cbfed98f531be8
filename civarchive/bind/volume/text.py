"""How a volume writes dates, durations and ordinal numbers."""

from __future__ import annotations

from civarchive.codes import Code, code_label


def date_text(date: str) -> str:
    """YYYYMMDD (00 for an unknown month or day) as 2023年5月12日, 2023年5月 or 2023年."""
    if len(date) == 8 and date.isdigit():
        y, m, d = date[:4], date[4:6], date[6:]
        if m == "00":
            return f"{y}年"
        if d == "00":
            return f"{y}年{int(m)}月"
        return f"{y}年{int(m)}月{int(d)}日"
    return date


def duration_text(seconds: float | None) -> str:
    """hh:mm:ss (DA/T 78), rounded to the second; "" when unknown."""
    if seconds is None:
        return ""
    total = round(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


# Codec names as FFmpeg gives them → as people know them.
_CODECS = {
    "h264": "H.264",
    "hevc": "H.265",
    "mpeg4": "MPEG-4",
    "h263": "H.263",
    "vp8": "VP8",
    "vp9": "VP9",
    "av1": "AV1",
    "wmv2": "WMV",
    "wmv3": "WMV",
    "aac": "AAC",
    "mp3": "MP3",
    "mp3float": "MP3",
    "amrnb": "AMR",
    "amrwb": "AMR-WB",
    "flac": "FLAC",
    "opus": "Opus",
    "pcm_s16le": "PCM",
}


def media_format_text(fmt: str | None, codec: str | None) -> str:
    """格式 of a video or recording: container and codec, 「MP4（H.264）」; "" when unknown."""
    container = (fmt or "").upper()
    coding = _CODECS.get((codec or "").lower(), (codec or "").upper())
    if container and coding and coding != container:
        return f"{container}（{coding}）"
    return container or coding


def size_text(size: int) -> str:
    """A file size as people read it: 850 KB, 12.3 MB, 1.2 GB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    if size < 1024**3:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024**3:.1f} GB"


def chinese_numeral(n: int) -> str:
    """一 … 九十九 for the requirement headings （一）（二）…; digits from 100."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


# Advance widths in em of the Latin characters of a 档号 or 文号 in DejaVu Serif, the font
# LibreOffice prints Times New Roman with where Microsoft's fonts are missing (measured; it is
# wider than Times New Roman, so Word has room to spare). "·" may be drawn by the Chinese font
# at full width (宋体 maps U+00B7 to a full-width dot), so it counts as one em.
_LATIN_EM: dict[str, float] = {
    char: width
    for chars, width in (
        ("'", 0.27),
        ("j", 0.31),
        ("il,. ", 0.32),
        ("-/:;\\|", 0.34),
        ("f", 0.37),
        ("()[]", 0.39),
        ("tIJ!", 0.4),
        ('"r*_`', 0.5),
        ("sz?", 0.54),
        ("cvxy", 0.56),
        ("eaok", 0.61),
        ("bdghnpqu0123456789${}", 0.64),
        ("LYPT", 0.67),
        ("FSZXAV", 0.72),
        ("BEKR", 0.75),
        ("CDG", 0.8),
        ("OQU#+<=>^~", 0.84),
        ("wHN&", 0.88),
        ("m%@", 1.0),
        ("MW", 1.03),
    )
    for char in chars
}
_OTHER_EM = 1.0


def text_width_em(text: str) -> float:
    """The width of ``text`` on one line, in em, erring wide: Latin by the table above,
    everything else (CJK, full-width forms, "·") one em."""
    return sum(_LATIN_EM.get(char, _OTHER_EM) for char in text)


def reason_label(code: Code) -> str:
    """Why a file was left out of the volume, as every output names a finding (文件损坏,
    重复文件, 分辨率过低…: the one label table of ``civarchive.codes``)."""
    return code_label(code, "zh")
