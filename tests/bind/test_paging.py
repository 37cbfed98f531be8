"""Page facts: spans print as pages or ranges, a volume finds its items' spans."""

from __future__ import annotations

from dataclasses import replace

from civarchive.bind.paging import PageSpan, VolumePages
from tests.bind.conftest import Bundle


def test_a_span_prints_one_page_or_a_range() -> None:
    assert PageSpan(5, 1).text() == "5"
    assert PageSpan(5, 3).text() == "5–7"
    assert PageSpan(5, 3).end == 7


def test_a_volume_gives_each_item_its_span(bundle: Bundle) -> None:
    from civarchive.bind.build import build_volumes

    volume = build_volumes(
        bundle.spec, bundle.inventory, bundle.report, bind_date=bundle.report.as_of
    )[0]
    first, second = volume.items[:2]
    paging = VolumePages(number=2, count=10, total=9, items={first.number: PageSpan(2, 3)})
    assert volume.paging is None
    paged = replace(volume, paging=paging)
    assert paged.paging is not None
    assert paged.paging.item(first) == PageSpan(2, 3)
    assert paged.paging.item(second) is None
    assert paged.paging.volume_label == "第2册 共10册"
    assert paged.pages == 9
