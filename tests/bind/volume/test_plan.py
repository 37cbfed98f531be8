"""The body planned page by page: every 件 from a new page, page facts from the plan, what
the final copy leaves out, texts too long for a page, photo pages that fit."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from civarchive.bind.build import build_volumes
from civarchive.bind.docx import TEXT_HEIGHT_PT
from civarchive.bind.models import Item, Volume
from civarchive.bind.pages.models import NotRendered, PageImage, Reason, Rendered, RenderResult
from civarchive.bind.paging import PageSpan
from civarchive.bind.thumbs import Picture, PictureFailure
from civarchive.bind.volume.measure import PAGE_PT, Role
from civarchive.bind.volume.plan import (
    DocumentPage,
    EvidenceOptions,
    Explanation,
    Merged,
    PhotoGrid,
    Stamp,
    Text,
    is_document,
    plan_body,
)
from civarchive.kinds import Kind
from tests.bind.conftest import Bundle

DAY = dt.date(2023, 7, 1)


def _volume(bundle: Bundle, **report_changes: object) -> Volume:
    report = bundle.report.model_copy(update=report_changes)
    return build_volumes(bundle.spec, bundle.inventory, report, bind_date=DAY)[0]


def _pages(count: int, *, pdf: Path | None = None) -> Rendered:
    images = tuple(
        PageImage(Path(f"/cache/p{n:04d}.jpg"), 1241, 1754, 150, True) for n in range(1, count + 1)
    )
    return Rendered(images, pdf, "pdf")


def _options(
    bundle: Bundle,
    pages: dict[str, RenderResult] | None = None,
    **changes: object,
) -> EvidenceOptions:
    pictures = {
        ev.path: Picture(Path("/cache/photo.jpg"), 1200, 900)
        for ev in bundle.inventory.files
        if ev.kind in (Kind.PHOTO, Kind.VIDEO)
    }
    known = pages or {}
    options = EvidenceOptions(
        root=bundle.root,
        pictures=lambda item: pictures.get(item.path),
        pages=lambda item: known.get(item.path),
    )
    return dataclasses.replace(options, **changes)


def _documents(volume: Volume) -> list[Item]:
    return [i for i in volume.items if i.kind == Kind.DOCUMENT]


def test_every_document_starts_a_page_with_its_heading_stamp_and_pages(bundle: Bundle) -> None:
    volume = _volume(bundle)
    plan_doc, pdf = _documents(volume)
    pages = {plan_doc.path: _pages(1), pdf.path: _pages(3, pdf=Path("/a.pdf"))}
    plan = plan_body(volume, _options(bundle, pages))
    # Page 1: the category, 1.1's heading and facts and its two requirement lines.
    first = plan.pages[0].blocks
    assert [b.role for b in first if isinstance(b, Text)] == [
        Role.CATEGORY,
        Role.INDICATOR,
        Role.FACT,
        Role.FACT,
        Role.FACT,
        Role.FACT,
        Role.REQUIREMENT,
        Role.REQUIREMENT,
    ]
    # Page 2: the DOCX; pages 3–5 the PDF, its heading line and stamp on page 3 only.
    heading, stamp, image = plan.pages[1].blocks
    assert isinstance(heading, Text)
    assert (heading.role, heading.text, heading.item) == (
        Role.ITEM,
        "1. 2023年学习计划",
        plan_doc,
    )
    assert stamp == Stamp(plan_doc, 1)
    assert isinstance(image, DocumentPage)
    # The first page image fills what the heading line leaves, the others a whole page.
    assert image.height_pt + heading.height() <= TEXT_HEIGHT_PT - 8 + 0.01
    assert image.width / image.height_pt == 1241 / 1754
    assert [type(b) for b in plan.pages[2].blocks] == [Text, Stamp, DocumentPage]
    for number in (3, 4):
        (block,) = plan.pages[number].blocks
        assert isinstance(block, DocumentPage)
        assert block.height_pt > image.height_pt
        assert block.offset == number - 2
    assert plan.items[plan_doc.number] == PageSpan(2, 1)
    assert plan.items[pdf.number] == PageSpan(3, 3)
    # The PDF's pages may be drawn from the source in the PDF volume; the DOCX was not a PDF.
    assert [(v.bookmark, v.offset, v.page) for v in plan.vector_pages()] == [
        ("item_0002", 0, 0),
        ("item_0002", 1, 1),
        ("item_0002", 2, 2),
    ]
    assert plan.exact


def test_page_facts_come_from_the_plan(bundle: Bundle) -> None:
    volume = _volume(bundle)
    plan_doc, pdf = _documents(volume)
    pages = {plan_doc.path: _pages(1), pdf.path: _pages(3)}
    plan = plan_body(volume, _options(bundle, pages))
    facts = plan.paging(2, 5)
    # 1.1: intro, DOCX, PDF ×3, two photo pages (2 a page); 1.2: intro, video, audio; 1.3.
    assert facts.total == len(plan.pages) == 11
    assert (facts.number, facts.count, facts.volume_label) == (2, 5, "第2册 共5册")
    photos = [i for i in volume.items if i.kind == Kind.PHOTO]
    assert [facts.items[p.number] for p in photos] == [
        PageSpan(6, 1),
        PageSpan(6, 1),
        PageSpan(7, 1),
        PageSpan(7, 1),
    ]
    assert facts.indicators == {
        "1.1": PageSpan(1, 7),
        "1.2": PageSpan(8, 3),
        "1.3": PageSpan(11, 1),
    }
    assert plan.marks == {
        "category:1": 1,
        "indicator:1.1": 1,
        "indicator:1.2": 8,
        "indicator:1.3": 11,
    }
    # Every 件 has its span; none is past the last page.
    assert set(facts.items) == {i.number for i in volume.items}
    assert all(span.end <= facts.total for span in facts.items.values())


def test_unreadable_documents_are_cards_with_the_engines_note(bundle: Bundle) -> None:
    volume = _volume(bundle)
    plan_doc, pdf = _documents(volume)
    pages = {
        plan_doc.path: NotRendered(Reason.CONVERSION_FAILED),
        pdf.path: NotRendered(Reason.ENCRYPTED),
    }
    plan = plan_body(volume, _options(bundle, pages))
    texts = [[b.text for b in page.blocks if isinstance(b, Text)] for page in plan.pages[1:3]]
    assert texts[0][-1] == "（正文未装入：LibreOffice 无法转换此文件）"
    assert texts[1][-1] == "（加密文件，无法装入正文）"
    assert texts[1][0] == "2. 学习计划（2022）"
    assert not any(isinstance(b, Stamp) for page in plan.pages for b in page.blocks)
    assert plan.items[pdf.number] == PageSpan(3, 1)


def test_a_docx_without_libreoffice_is_merged_and_its_pages_estimated(bundle: Bundle) -> None:
    volume = _volume(bundle)
    plan_doc, _ = _documents(volume)
    waiting = NotRendered(Reason.NEEDS_LIBREOFFICE, mergeable=True)
    plan = plan_body(volume, _options(bundle, {plan_doc.path: waiting}))
    heading, stamp, merged = plan.pages[1].blocks
    assert isinstance(merged, Merged)
    assert merged.source == bundle.root / plan_doc.path
    assert stamp == Stamp(plan_doc, 1)
    assert not plan.exact
    # Refused by the safety check: a card saying why.
    refused = plan_body(
        volume,
        _options(bundle, {plan_doc.path: waiting}, merge_problem=lambda path: "文件解压后过大"),
    )
    assert [b.text for b in refused.pages[1].blocks if isinstance(b, Text)][-1] == (
        "（正文未能并入：文件解压后过大，请查阅原件）"
    )
    assert refused.exact


def test_list_mode_gives_cards_and_no_stamps(bundle: Bundle) -> None:
    volume = _volume(bundle)
    plan = plan_body(volume, _options(bundle, documents="list"))
    cards = plan.pages[1].blocks
    assert [b.text for b in cards if isinstance(b, Text) and b.role is Role.ITEM] == [
        "1. 2023年学习计划",
        "2. 学习计划（2022）",
    ]
    assert not any(isinstance(b, (Stamp, DocumentPage)) for p in plan.pages for b in p.blocks)
    assert plan.items[1] == plan.items[2] == PageSpan(2, 1)


def test_a_scan_filed_as_a_document_is_a_document_page(bundle: Bundle) -> None:
    volume = _volume(bundle)
    block = volume.sections[0].requirements[0]
    photo = volume.sections[0].requirements[1].items[0]
    scan = dataclasses.replace(block, items=(*block.items, photo))
    assert is_document(photo, scan)
    assert not is_document(photo, volume.sections[0].requirements[1])


def test_the_final_copy_has_no_status_or_gap_lines(bundle: Bundle) -> None:
    volume = build_volumes(bundle.spec, bundle.inventory, bundle.report, bind_date=DAY)[1]
    working = plan_body(volume, _options(bundle, documents="list"))
    texts = [b.text for b in working.pages[0].blocks if isinstance(b, Text)]
    assert "缺：志愿服务照片 2 张，现有 0 张" in texts
    assert "志愿服务照片（要求2 张，现有 0 张）" in texts[-2]
    final = plan_body(volume, _options(bundle, documents="list", final=True, allow_gaps=True))
    blocks = final.pages[0].blocks
    texts = [b.text for b in blocks if isinstance(b, Text)]
    assert not any(t.startswith("缺：") or t == "缺失" for t in texts)
    assert "（一）志愿服务照片（共 0 张）" in texts
    assert blocks[-1] == Explanation(ruled=4)
    # A waived gap states its reason instead, in both copies.
    waived = volume.sections[0]
    block = dataclasses.replace(waived.requirements[0], waiver="2023年暂停志愿服务")
    volume = dataclasses.replace(
        volume,
        categories=(
            dataclasses.replace(
                volume.categories[0],
                sections=(dataclasses.replace(waived, requirements=(block,)),),
            ),
        ),
    )
    for final_copy in (False, True):
        plan = plan_body(volume, _options(bundle, final=final_copy, allow_gaps=True))
        notes = [b for b in plan.pages[0].blocks if isinstance(b, Explanation)]
        assert notes == [Explanation("2023年暂停志愿服务")]
        texts = [b.text for b in plan.pages[0].blocks if isinstance(b, Text)]
        assert not any(t.startswith("缺：") for t in texts)


def test_a_text_longer_than_a_page_flows_over_pages(bundle: Bundle) -> None:
    volume = _volume(bundle)
    section = volume.sections[0]
    long = dataclasses.replace(section, content="深入学习贯彻党的创新理论。" * 400)
    volume = dataclasses.replace(
        volume,
        categories=(dataclasses.replace(volume.categories[0], sections=(long,)),),
    )
    plan = plan_body(volume, _options(bundle, documents="list"))
    intro = [
        p for p in plan.pages if any(isinstance(b, Text) and b.role is Role.FACT for b in p.blocks)
    ]
    assert len(intro) >= 4
    for page in intro:
        assert sum(b.height() for b in page.blocks) <= PAGE_PT + 0.01
    pieces = [
        b.text for p in intro for b in p.blocks if isinstance(b, Text) and b.role is Role.FACT
    ]
    assert "".join(pieces).startswith("深入学习贯彻党的创新理论。" * 400)


def test_photo_pages_fit_and_failures_become_cards(bundle: Bundle) -> None:
    volume = _volume(bundle)
    options = _options(bundle, documents="list", photos_per_page=4)
    plan = plan_body(volume, options)
    grids = [b for p in plan.pages for b in p.blocks if isinstance(b, PhotoGrid)]
    assert [len(g.cells) for g in grids] == [4, 1]  # four photos on one page; the key frame
    for page in plan.pages:
        assert sum(b.height() for b in page.blocks) <= TEXT_HEIGHT_PT - 24 + 0.01
    # A photo whose picture failed stands as a card with its reason.
    broken = next(i for i in volume.items if i.kind == Kind.PHOTO)
    pictures = {i.path: Picture(Path("/p.jpg"), 1200, 900) for i in volume.items}
    pictures[broken.path] = PictureFailure("无法解码")
    options = dataclasses.replace(options, pictures=lambda item: pictures.get(item.path))
    plan = plan_body(volume, options)
    texts = [b.text for p in plan.pages for b in p.blocks if isinstance(b, Text)]
    assert "（照片无法显示：无法解码，请核对原件）" in texts
