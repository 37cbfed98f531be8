"""The evidence an indicator needs, guessed from its wording, its method or an evidence column."""

from __future__ import annotations

from civarchive.spec.evidence import Guess, guess_requirements


def test_requirements_from_content() -> None:
    assert guess_requirements(
        "创建规划",
        "制定精神文明建设中长期规划和年度工作计划，年初有计划、年终有总结。",
        "查阅资料",
        None,
    ) == [
        Guess("文件", "精神文明建设中长期规划", match=("规划",), because=("规划",)),
        Guess(
            "文件", "年度工作计划", per_year=True, match=("工作计划",), because=("工作计划", "年度")
        ),
        Guess("文件", "年度总结", per_year=True, match=("总结",), because=("总结", "年度")),
    ]


def test_requirements_photos_videos_and_counts() -> None:
    assert guess_requirements(
        "道德讲堂", "建设道德讲堂，每年开展活动不少于4次，留存活动照片和视频。", "实地考察", None
    ) == [
        Guess("照片", "道德讲堂活动照片", min=4, per_year=True, because=("照片", "每年")),
        Guess("视频", "道德讲堂视频", because=("视频",)),
    ]
    assert guess_requirements(
        "领导体制", "每年至少两次专题研究创建工作，有会议纪要。", "查阅资料", None
    ) == [Guess("文件", "领导体制会议纪要", min=2, match=("会议纪要",), because=("会议纪要",))]


def test_requirements_from_the_method_alone() -> None:
    assert guess_requirements("绿化美化", "庭院布局合理，养护良好。", "实地考察", None) == [
        Guess("照片", "绿化美化现场照片", because=("实地考察",))
    ]
    assert guess_requirements("政务公开", "依法办理公开申请。", "查阅资料", None) == [
        Guess("文件", "政务公开工作资料", because=("查阅资料",))
    ]
    assert guess_requirements("", "干部职工满意度高。", "问卷调查", None) == [
        Guess("文件", "相关资料")
    ]


def test_requirements_from_an_evidence_column() -> None:
    assert guess_requirements(
        "志愿服务",
        "……",
        "查阅资料",
        "1. 志愿服务队成立文件；2. 年度志愿服务计划、活动照片\n3. 宣传视频",
    ) == [
        Guess("文件", "志愿服务队成立文件", because=("佐证材料",)),
        Guess(
            "文件",
            "年度志愿服务计划",
            per_year=True,
            match=("计划",),
            because=("佐证材料", "年度"),
        ),
        Guess("照片", "活动照片", because=("佐证材料",)),
        Guess("视频", "宣传视频", because=("佐证材料",)),
    ]
