"""Masthead extraction: roles, continuation lines, normalized phones/e-mails, identifiers, issue dates."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.documents import document_from_text, read_document
from checks.masthead import Masthead, extract_masthead, issue_date, normalize_name, normalize_phone

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

SEED_001 = SEEDS / "001_a944df977b0400ee.txt"
SEED_002 = SEEDS / "002_8af2dc1b8d902bad.txt"


def _masthead(text: str, path: str = "x.txt") -> Masthead:
    return extract_masthead(document_from_text(path, text))


def test_seed_002_people_with_roles_and_continuation_lines() -> None:
    masthead = extract_masthead(read_document(SEED_002))
    people = [(e.role, e.person, e.printed) for e in masthead.contacts]
    assert people == [
        ("省厅编审", "杨江龙", "0311-66990802"),
        ("副编审", "张建林", "0311-66990808"),
        ("编辑部主任", "安世乔", "13932149635"),
        ("副主任", "韩志强", "13303113276"),
        ("副主任", "孙继增", "13032610871"),  # a name on its own line belongs to the role above
        ("本期编辑", "章彤华", "15131450199"),
        ("本期编辑", "刘帅", "18032890055"),
        ("本版责编", "章彤华", ""),
    ]
    assert masthead.contacts[3].value == "+8613303113276"
    assert masthead.contacts[-1].value is None


def test_seed_001_spaced_name_is_normalized_and_offsets_are_original() -> None:
    doc = read_document(SEED_001)
    masthead = extract_masthead(doc)
    zhang = next(e for e in masthead.contacts if e.role == "副编审")
    assert zhang.person == "张哲"
    assert doc.text[zhang.start : zhang.end] == "张 哲 0311—66990818"
    assert zhang.line == 113 and zhang.excerpt == "副编审: 张 哲 0311—66990818"
    for entry in masthead.entries:
        assert entry.printed in doc.text[entry.start : entry.end]
        assert doc.line_of(entry.start) == entry.line


def test_seed_mailboxes_and_addresses_with_labels_and_continuations() -> None:
    masthead = extract_masthead(read_document(SEED_002))
    assert [(e.label, e.value) for e in masthead.mailboxes] == [
        ("新闻", "hbfzbgazk@126.com"),
        ("副刊", "gazkfk@126.com"),
    ]
    assert [(e.label, e.value, e.line) for e in masthead.addresses] == [
        ("编辑部地址", "红旗大街134号河北法制报社", 76),
        ("编辑部地址", "槐安西路276号河北省公安厅", 77),
    ]


def test_seed_002_publication_identifiers_and_date() -> None:
    doc = read_document(SEED_002)
    masthead = extract_masthead(doc)
    ids = {e.role: (e.value, e.printed, e.line) for e in masthead.identifiers}
    assert ids == {
        "日期": ("2022-01-11", "2022年1月11日", 3),
        "期号": ("700", "第700期", 5),
        "版数": ("4", "本刊今日4版", 5),
        "邮发代号": ("17-77", "17-77", 7),
        "CN": ("CN13-0033", "CN13-0033", 9),
        "报名": ("河北法制报", "河北法制报", 76),  # from the masthead address "…134号河北法制报社"
    }
    assert masthead.issue_number == "700"
    assert (masthead.date, masthead.date_source) == ("2022-01-11", "masthead")
    assert issue_date(doc) == ("2022-01-11", "masthead")


@pytest.mark.parametrize(
    "printed", ["0311—66990802", "0311-66990802", "0311 6699 0802", "0311－66990802", "(0311)66990802"]
)
def test_landline_dash_and_space_variants_normalize_alike(printed: str) -> None:
    assert normalize_phone(printed) == ("+8631166990802", True, "")


def test_full_width_masthead_line_and_spaced_phone() -> None:
    masthead = _masthead("省厅编审：杨江龙　０３１１　６６９９　０８０２\n")
    (entry,) = masthead.contacts
    assert (entry.person, entry.value, entry.printed) == ("杨江龙", "+8631166990802", "０３１１　６６９９　０８０２")


def test_name_helper() -> None:
    assert normalize_name("张 哲") == normalize_name("张\u3000哲") == "张哲"


def test_malformed_phone_and_email_become_invalid_rows() -> None:
    masthead = _masthead("副主任:韩志强 1303311327\n邮箱:hbfzbgazk@126com(新闻)\nbad@@126.com(副刊)\n")
    assert [(e.kind, e.valid) for e in masthead.entries] == [("person", False), ("mailbox", False), ("mailbox", False)]
    assert "not a valid phone number" in masthead.entries[0].problem
    assert masthead.entries[1].label == "新闻"


def test_article_sentences_are_not_contacts() -> None:
    text = (
        "该所主任王某介绍,当日共接报警13起。\n"
        "民警拨打13932149635联系失主。\n"
        "记者 张楠 摄影报道\n"
        "主任:他表示,将继续努力\n"
        "第5期培训班共有学员120名,今年以来共举办\n"
    )
    assert _masthead(text).entries == ()


def test_continuation_needs_a_phone_and_stops_at_other_text() -> None:
    text = "副主任:韩志强 13033113276\n刘帅\n孙继增 13032610871\n"
    masthead = _masthead(text)
    # "刘帅" alone is not taken as a continuation, and it ends the block, so 孙继增 has no role.
    assert [(e.role, e.person) for e in masthead.contacts] == [("副主任", "韩志强")]


def test_two_people_on_one_line_and_a_second_number() -> None:
    masthead = _masthead("本期编辑:章彤华 15131450199 刘帅 18032890055 0311-66990808\n")
    assert [(e.person, e.value) for e in masthead.contacts] == [
        ("章彤华", "+8615131450199"),
        ("刘帅", "+8618032890055"),
        ("刘帅", "+8631166990808"),
    ]


def test_issue_date_sources() -> None:
    assert issue_date(read_document(SEEDS / "000_790d48be6e122fa4.txt")) == ("2023-12-22", "text")
    assert issue_date(read_document(SEEDS / "003_1856128ea5d846be.txt")) == (None, "name")
    meta = document_from_text("m.txt", "---\ndate: 2022-03-04\n---\n正文2023年1月2日发生。\n")
    assert issue_date(meta) == ("2022-03-04", "metadata")
    # A date line deep in the body is a dateline, not the masthead date.
    body = "标题\n" + "正文。\n" * 20 + "2021年5月6日\n"
    assert issue_date(document_from_text("b.txt", body)) == ("2021-05-06", "text")
    # An impossible date is not a date.
    assert issue_date(document_from_text("c.txt", "2022年2月30日 星期三\n")) == (None, "name")


def test_entries_on_a_very_long_line_keep_a_window_of_it_not_the_whole_line() -> None:
    """A line of many identifiers must not be copied into every entry (quadratic output)."""
    line = "2022年1月11日星期二 " * 2000
    masthead = _masthead(line + "\n\n正文。\n")
    dates = [e for e in masthead.identifiers if e.role == "日期"]
    assert len(dates) == 2000 and masthead.date == "2022-01-11"
    assert all(e.printed in e.excerpt and len(e.excerpt) < 200 for e in dates)
    short = _masthead("2022年1月11日 星期二\n\n第700期\n")
    assert short.identifiers[0].excerpt == "2022年1月11日 星期二"


def test_the_name_on_the_top_identifier_line_is_the_publication_and_the_date_is_still_read() -> None:
    masthead = _masthead("燕赵晚报 2022年1月11日 星期二 第700期\n\n河北法制报讯 正文。\n")
    assert (masthead.date, masthead.date_source, masthead.issue_number) == ("2022-01-11", "masthead", "700")
    assert masthead.identifier("报名") == "燕赵晚报"  # the masthead's own name wins over a dateline
    # A headline ending in 报 is no masthead line: it holds no identifier, so no name and no date from it.
    assert _masthead("喜报频传\n\n正文。\n").identifier("报名") is None
    body = "标题\n" + "正文。\n" * 20 + "燕赵晚报 2021年5月6日\n"  # below the top lines: not the masthead
    assert _masthead(body).identifier("报名") is None
