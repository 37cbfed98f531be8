"""How a volume writes dates, durations and ordinal numbers."""

from __future__ import annotations


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
    """m:ss, or h:mm:ss from an hour on; 未知 when unknown."""
    if seconds is None:
        return "未知"
    total = round(seconds)
    return (
        f"{total // 3600:d}:{total % 3600 // 60:02d}:{total % 60:02d}"
        if total >= 3600
        else f"{total // 60:d}:{total % 60:02d}"
    )


def chinese_number(n: int) -> str:
    """一 … 九十九 for the requirement headings （一）（二）…; digits from 100."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)
