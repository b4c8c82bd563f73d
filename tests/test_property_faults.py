"""Property: decode -> figures -> claims -> masthead never raises anything but the documented errors.

Fixed seed (derandomize), bounded examples, no example database: the same few hundred inputs on
every machine in a few seconds. The only documented error of this chain is DocumentError (the
file cannot be read as an issue); everything after decoding must accept whatever text it gets.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.claims.build import build_claims
from checks.cross_issue import contacts_table
from checks.documents import DocumentError, decode_bytes, document_from_text
from checks.figures import extract_figures
from checks.masthead import extract_masthead

# The characters the extractors care about, so that random text often looks like a figure or a masthead.
_PIECES = [
    *"0123456789０１２３４５６７８９.,，、:：%％-—～()（）@ \t\n\r\u2028\u2029\u3000\x00\ufeff",
    *"一二三四五六七八九十百千万亿两零余多近约超同比环比上升下降增长减少其中分别由至年月日星期周",
    "起",
    "人",
    "万元",
    "亿元",
    "个百分点",
    "倍",
    "成",
    "名",
    "件",
    "次",
    "例",
    "辆",
    "%",
    "第700期",
    "副主任:",
    "本期编辑:",
    "编辑部地址:",
    "邮箱:",
    "(新闻)",
    "（兼）",
    "CN13-0033",
    "邮发代号 17-77",
    "130331132",
    "0311-6699080",
    "hbf@126.com",
    "2022年1月11日",
    "星期二",
    "河北法制报讯",
    "报社",
    "省厅编审:",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)
_ENCODED = st.tuples(_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"])).map(
    lambda pair: pair[0].encode(pair[1], errors="replace")
)
_RAW = st.binary(max_size=400)
_SETTINGS = settings(
    max_examples=250,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _analyze(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data, "fuzz.txt")
    except DocumentError as exc:
        message = str(exc)
        assert message.startswith("fuzz.txt: ") and "\n" not in message
        return
    doc = document_from_text("fuzz.txt", text, encoding=encoding)
    masthead = extract_masthead(doc)
    figures = extract_figures(doc, year=int(masthead.date[:4]) if masthead.date else None)
    for figure in figures:
        assert 0 <= figure.start <= figure.end <= len(doc.text)
    build_claims(doc, figures)
    for entry in masthead.entries:
        assert 0 <= entry.start <= entry.end <= len(doc.text) and entry.line >= 1
    contacts_table([masthead, masthead])


@_SETTINGS
@given(_ENCODED)
def test_text_in_any_accepted_encoding_goes_through_every_stage(data: bytes) -> None:
    _analyze(data)


@_SETTINGS
@given(_RAW)
def test_arbitrary_bytes_are_read_or_refused_in_one_line(data: bytes) -> None:
    _analyze(data)
