"""密级 levels: what counts as one, how it is written back, which is highest."""

from __future__ import annotations

import pytest

from civarchive.secrecy import highest_secrecy, normalise_secrecy, secrecy_rank


@pytest.mark.parametrize(
    ("text", "rank"),
    [
        ("", 0),
        (None, 0),
        ("公开", 1),
        ("内部", 2),
        ("内部资料", 2),
        ("秘密", 3),
        ("秘密★1年", 3),
        (" 秘密 ★ 1年", 3),
        ("机密", 4),
        ("绝密★长期", 5),
        ("保密", None),
        ("秘密文件夹", None),
        ("secret", None),
    ],
)
def test_rank(text: str | None, rank: int | None) -> None:
    assert secrecy_rank(text) == rank


def test_highest_is_written_as_the_clerk_wrote_it_without_spaces() -> None:
    assert highest_secrecy(["内部", " 秘密 ★ 1年", "", "公开"]) == "秘密★1年"
    assert highest_secrecy(["", ""]) == ""
    assert highest_secrecy(["内部", "保密"]) == "内部"  # no 密级 is no level
    assert normalise_secrecy("机密 ") == "机密"
