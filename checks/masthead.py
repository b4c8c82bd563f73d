"""Masthead extraction: editors with their phones, labelled mailboxes, addresses, publication identifiers.

The masthead (报头/编辑部信息) is the part of an issue that should be identical from one issue to the
next, so the cross-issue rules compare it across the archive. Extraction is deliberately strict: a
line counts only when ALL of it parses as masthead fields (a role with name/phone pairs, a mailbox
line, an address line, an identifier line), so a sentence in an article that happens to contain
"主任" or a phone number never becomes a contact. Matching runs on ``doc.norm``; every entry keeps its
span in the ORIGINAL text and the line as printed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import phonenumbers
import regex

from checks.documents import Document

__all__ = [
    "ENTRY_KINDS",
    "ContactEntry",
    "Masthead",
    "extract_masthead",
    "issue_date",
    "name_in_address",
    "normalize_email",
    "normalize_name",
    "normalize_phone",
]

ENTRY_KINDS = ("person", "mailbox", "address", "identifier")

_DASH = "\\-—–‐‑―−~～"  # dash variants a typesetter uses between digit groups (norm already folded full-width)
_SEP = f"[ {_DASH}]"

# A Chinese name: two single characters padded with a space ("张 哲"), or 2-4 characters.
_NAME = r"(?:\p{Han}[ ]{1,2}\p{Han}(?!\p{Han})|\p{Han}{2,4})"
_MOBILE = rf"1[3-9]\d(?:{_SEP}?\d{{4}}){{2}}"
_LANDLINE = rf"\(?0\d{{2,3}}\)?{_SEP}?\d{{3,4}}{_SEP}?\d{{4}}"
# Anything else digit-like: caught so that a malformed number becomes an invalid_contact row.
_OTHER_PHONE = rf"\+?\d[\d {_DASH}()]{{4,}}\d"
_PHONE = rf"(?<![\d])(?:\+?86{_SEP}?)?(?:{_MOBILE}|{_LANDLINE}|{_OTHER_PHONE})(?![\d])"

_ROLE_WORDS = "编审|主任|编辑|责编|主编|总编|社长|校对|美编|记者|通讯员|摄影|排版|监制|审校|审读|编委"
_ROLE_LINE = regex.compile(
    rf"^[ \t]*(?P<role>\p{{Han}}{{0,8}}?(?:{_ROLE_WORDS}))[ \t]*(?:(?P<colon>[::])[ \t]*|[ \t]+)(?P<rest>\S.*?)[ \t]*$"
)
# A short note in brackets after a number ("13303113276(兼)") belongs to the entry, not to the next one.
_NOTE = r"(?:[ \t]*\([^()\d]{1,12}\))?"
_PAIR = regex.compile(rf"[ \t]*(?P<name>{_NAME})(?:[ \t]*(?P<phone>{_PHONE}){_NOTE})?[ \t]*[,,、;;/]?")
_PHONE_ONLY = regex.compile(rf"[ \t]*(?P<phone>{_PHONE}){_NOTE}[ \t]*[,,、;;/]?")
# Words after the last number or address of a line ("13303113276 x", "...@126.com(新闻) 欢迎来稿"):
# short, with no digit or @ (those would be a contact left unparsed), they end the line harmlessly.
_TRAILING_WORDS = regex.compile(r"[ \t]*(?:\([^()]{0,16}\)|[^\d@()]{1,24})[ \t]*")

_EMAIL_TOKEN = r"[A-Za-z0-9._%+\-!#$&'*=?^`{|}~]*@[A-Za-z0-9._\-@]*"
_MAIL_LINE = regex.compile(
    r"^[ \t]*(?P<label>\p{Han}{0,6}?)(?:电子邮箱|电子信箱|邮箱|信箱|电邮|E-?mail)"
    r"[ \t]*[::][ \t]*(?P<rest>\S.*?)[ \t]*$",
    regex.IGNORECASE,
)
_MAIL_ITEM = regex.compile(
    rf"[ \t]*(?P<email>{_EMAIL_TOKEN})(?:[ \t]*\([ \t]*(?P<label>[^()]{{1,10}}?)[ \t]*\))?[ \t]*[,,、;;/]?"
)
_EMAIL_VALID = regex.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$"
)
_ADDRESS_LINE = regex.compile(
    r"^[ \t]*(?P<label>\p{Han}{0,6}?(?:地址|社址))[ \t]*[::][ \t]*(?P<addr>[^,。;!?,;!?]{3,60}?)"
    r"(?:[ \t]+(?:邮编|邮政编码)[ \t]*[::]?[ \t]*(?P<zip>\d{6}))?[ \t]*$"
)
# An address continuation line: short, no sentence punctuation, shaped like a street address.
_ADDRESS_CONT = regex.compile(
    r"^[ \t]*(?P<addr>[\p{Han}0-9A-Za-z()\-]{0,20}?(?:路|街|道|巷|胡同|大厦|广场|小区)[\p{Han}0-9\-]{0,8}?\d+[ \t]*号"
    r"[\p{Han}0-9A-Za-z()\-]{0,20})[ \t]*$"
)

# Publication identifiers. The labelled ones are distinctive enough to be taken anywhere.
_POSTAL_CODE = regex.compile(rf"邮发代号[ \t]*[::]?[ \t]*(?P<v>\d{{1,2}}[ \t]*[{_DASH}][ \t]*\d{{1,4}})")
_CN_NUMBER = regex.compile(
    rf"(?<![A-Za-z])CN[ \t]*(?P<a>\d{{2}})[ \t]*[{_DASH}][ \t]*(?P<b>\d{{4}})"
    r"(?:[ \t]*/[ \t]*(?P<c>[A-Z]{1,2}))?(?![0-9])"
)
# The publication's name: from its masthead address ("…134号河北法制报社") or, failing that, from the
# datelines and reporter lines of its own articles ("河北法制报讯", "□ 河北法制报记者"); "本报" names none.
_NAME_IN_ADDRESS = regex.compile(
    r"(?:^|(?<=[^\p{Han}]|号|路|街|道|巷|楼|层|室|座|厦))(?P<name>(?![号路街道巷楼层室座厦])\p{Han}{2,12}?报)社"
)
# On the masthead's own identifier line at the top: a whole run of Han characters ending in 报 ("人民日报").
_NAME_ON_ID_LINE = regex.compile(r"(?<!\p{Han})\p{Han}{2,11}报(?!\p{Han})")
_NAME_IN_DATELINE = regex.compile(r"^[ \t□■◎●]*(?P<name>\p{Han}{2,10}?报)(?:讯|记者)", regex.MULTILINE)
_ISSN = regex.compile(rf"ISSN[ \t]*(?P<a>\d{{4}})[ \t]*[{_DASH}][ \t]*(?P<b>\d{{3}}[\dXx])(?![0-9])")
# The unlabelled ones (第700期, 本刊今日4版, the date) only on a line made of identifiers alone.
_ISSUE_NO = regex.compile(r"(?P<total>总)?第[ \t]*(?P<n>\d{1,6})[ \t]*期")
_PAGES = regex.compile(r"(?:本[刊报])?今日[ \t]*(?P<n>\d{1,3})[ \t]*版|共[ \t]*(?P<m>\d{1,3})[ \t]*版")
_FULL_DATE = regex.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[ \t]*年[ \t]*(?P<m>\d{1,2})[ \t]*月[ \t]*(?P<d>\d{1,2})[ \t]*日"
)
_WEEKDAY = regex.compile(r"(?:星期|周|礼拜)[一二三四五六日天]")
_LUNAR = regex.compile(r"农历\p{Han}{2,12}")
_ID_SEPARATORS = regex.compile(r"[ \t,,、;;|/·]*")  # all an identifier line holds besides them
_EXCERPT_LINE_MAX = 400  # a masthead line as printed is short; longer ones get a window per entry
_EXCERPT_WINDOW = 60
_HEAD_LINES = 15  # the masthead date is within the first non-blank lines of an issue

# Metadata / front matter: "date: 2022-01-11", "日期:2022年1月11日" near the top.
_META_DATE = regex.compile(
    r"^[ \t]*(?:date|pubdate|published|issue_date|日期|出版日期|发行日期|出刊日期)[ \t]*[::=][ \t]*[\"']?"
    r"(?:(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})|(?P<y2>\d{4})年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日)",
    regex.IGNORECASE,
)
_META_LINES = 30

_NAME_SPACE = regex.compile(r"[ \t\u3000]+")
_NON_DIGIT = regex.compile(r"[^\d+]")
_DASHES = regex.compile(rf"[ \t]*[{_DASH}][ \t]*")


class ContactEntry(NamedTuple):
    """One masthead field as printed and normalized.

    kind 'person': role, person (name without inner spaces), value = E.164 phone or None when the
    name is printed without a number, printed = the phone as printed. kind 'mailbox': label (新闻),
    value = lower-cased address. kind 'address': label (编辑部地址), value = address without spaces.
    kind 'identifier': role names it (邮发代号, CN, ISSN, 期号, 总期号, 版数, 日期, 邮编).
    start/end are offsets into the original text; excerpt is the whole line as printed.
    A NamedTuple, not a dataclass: the store rebuilds ~150 000 of these for a 10 000-issue archive.
    """

    kind: str
    role: str
    person: str | None
    label: str | None
    value: str | None
    printed: str
    valid: bool
    problem: str
    line: int
    start: int
    end: int
    excerpt: str

    def to_record(self) -> dict[str, Any]:
        return self._asdict()

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> ContactEntry:
        return cls(**{name: record[name] for name in cls._fields})


@dataclass(frozen=True)
class Masthead:
    """What one issue's masthead states, plus how the issue is dated (for ordering issues)."""

    path: str
    sha256: str
    date: str | None
    date_source: str
    issue_number: str | None
    entries: tuple[ContactEntry, ...] = field(default_factory=tuple)

    @property
    def contacts(self) -> tuple[ContactEntry, ...]:
        return tuple(e for e in self.entries if e.kind == "person")

    @property
    def mailboxes(self) -> tuple[ContactEntry, ...]:
        return tuple(e for e in self.entries if e.kind == "mailbox")

    @property
    def addresses(self) -> tuple[ContactEntry, ...]:
        return tuple(e for e in self.entries if e.kind == "address")

    @property
    def identifiers(self) -> tuple[ContactEntry, ...]:
        return tuple(e for e in self.entries if e.kind == "identifier")

    def identifier(self, name: str) -> str | None:
        """The normalized value of the first identifier called ``name`` (邮发代号, CN, 期号 ...)."""
        return next((e.value for e in self.entries if e.kind == "identifier" and e.role == name), None)

    def to_record(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "date": self.date,
            "date_source": self.date_source,
            "issue_number": self.issue_number,
            "entries": [e.to_record() for e in self.entries],
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Masthead:
        return cls(
            path=record["path"],
            sha256=record["sha256"],
            date=record.get("date"),
            date_source=record.get("date_source", "name"),
            issue_number=record.get("issue_number"),
            entries=tuple(ContactEntry.from_record(e) for e in record.get("entries", ())),
        )


def normalize_name(name: str) -> str:
    """'张 哲' and '张哲' are one person: drop the padding spaces typesetters put inside names."""
    return str(_NAME_SPACE.sub("", name))


def normalize_phone(printed: str) -> tuple[str, bool, str]:
    """(normalized value, valid, problem). Dash variants and spaces do not matter; region CN.

    Valid numbers become E.164 ('+8631166990802'); a bare 7-8 digit local number (no area code)
    cannot be validated and is kept as 'local:66990802'.
    """
    digits = _NON_DIGIT.sub("", printed)
    bare = digits.lstrip("+")
    if len(bare) in (7, 8) and bare[0] not in "01" and not digits.startswith("+"):
        return f"local:{bare}", True, ""
    try:
        number = phonenumbers.parse(digits, "CN")
    except phonenumbers.NumberParseException as exc:
        return digits, False, f"not a phone number ({exc})"
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not phonenumbers.is_valid_number(number):
        return e164, False, f"{printed} is not a valid phone number in China ({len(bare)} digits)"
    return e164, True, ""


def normalize_email(printed: str) -> tuple[str, bool, str]:
    """(lower-cased address, valid, problem) by syntax: one @, a dotted domain with a letter TLD."""
    value = printed.strip().lower()
    if _EMAIL_VALID.match(value):
        return value, True, ""
    return value, False, f"{printed} is not a well-formed e-mail address"


def _valid_date(year: str, month: str, day: str) -> str | None:
    try:
        return str(_dt.date(int(year), int(month), int(day)).isoformat())
    except ValueError:
        return None


def _lines(doc: Document) -> Iterator[tuple[int, int, str]]:
    """(start, end, text) of each line of ``doc.norm``."""
    pos = 0
    for part in doc.norm.split("\n"):
        yield pos, pos + len(part), part
        pos += len(part) + 1


class _Builder:
    """Collects entries with original offsets and the line as printed.

    The excerpt of a line is made once per line (a line of many entries would otherwise be copied
    once per entry); a line longer than ``_EXCERPT_LINE_MAX`` is no masthead line as printed, so each
    entry on it keeps only the window of the line around itself: output stays linear in the input.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.entries: list[ContactEntry] = []
        self._line_excerpt: tuple[tuple[int, int], str] | None = None
        self.address_names: list[tuple[str, int]] = []  # publication names in address lines, norm offsets
        self.masthead_names: list[tuple[str, int]] = []  # names on the top identifier line ("河北法制报 第700期")

    def add(
        self,
        kind: str,
        role: str,
        span: tuple[int, int],
        line_span: tuple[int, int],
        *,
        person: str | None = None,
        label: str | None = None,
        value: str | None = None,
        printed: str = "",
        valid: bool = True,
        problem: str = "",
    ) -> None:
        start, end = self.doc.orig_span(*span)
        self.entries.append(
            ContactEntry(
                kind=kind,
                role=role,
                person=person,
                label=label,
                value=value,
                printed=printed,
                valid=valid,
                problem=problem,
                line=self.doc.line_of(start),
                start=start,
                end=end,
                excerpt=self._excerpt(line_span, start, end),
            )
        )

    def _excerpt(self, line_span: tuple[int, int], start: int, end: int) -> str:
        line_start, line_end = self.doc.orig_span(*line_span)
        if line_end - line_start > _EXCERPT_LINE_MAX:
            low = max(line_start, start - _EXCERPT_WINDOW)
            return self.doc.excerpt(low, min(line_end, max(end, low) + _EXCERPT_WINDOW))
        cached = self._line_excerpt
        if cached is None or cached[0] != (line_start, line_end):
            cached = ((line_start, line_end), self.doc.excerpt(line_start, line_end))
            self._line_excerpt = cached
        return cached[1]

    def printed(self, span: tuple[int, int]) -> str:
        start, end = self.doc.orig_span(*span)
        return self.doc.text[start:end]


def _parse_pairs(rest: str, offset: int) -> list[tuple[tuple[int, int], str, tuple[int, int] | None]] | None:
    """The whole of ``rest`` as (name span, name, phone span) pairs, or None when anything is left over
    (short trailing words after a phone number excepted)."""
    pairs: list[tuple[tuple[int, int], str, tuple[int, int] | None]] = []
    pos = 0
    while pos < len(rest):
        match = _PAIR.match(rest, pos)
        if match is None or match.end() == pos:
            phone = _PHONE_ONLY.match(rest, pos)
            if phone is None or not pairs or phone.end() == pos:
                if pairs and pairs[-1][2] is not None and _TRAILING_WORDS.fullmatch(rest, pos):
                    return pairs
                return None
            # A second number for the person just named ("张三 0311-1234567 13912345678").
            span = (offset + phone.start("phone"), offset + phone.end("phone"))
            pairs.append((pairs[-1][0], pairs[-1][1], span))
            pos = phone.end()
            continue
        name_span = (offset + match.start("name"), offset + match.end("name"))
        phone_span = (offset + match.start("phone"), offset + match.end("phone")) if match.group("phone") else None
        pairs.append((name_span, match.group("name"), phone_span))
        pos = match.end()
    return pairs or None


def _parse_mails(rest: str, offset: int) -> list[tuple[tuple[int, int], str, str | None]] | None:
    """The whole of ``rest`` as (span, address, label) items, or None when anything is left over
    (short trailing words without an @ excepted)."""
    items: list[tuple[tuple[int, int], str, str | None]] = []
    pos = 0
    while pos < len(rest):
        match = _MAIL_ITEM.match(rest, pos)
        if match is None or match.end() == pos or "@" not in match.group("email"):
            if items and _TRAILING_WORDS.fullmatch(rest, pos):
                return items
            return None
        label = match.group("label")
        items.append(
            (
                (offset + match.start("email"), offset + match.end("email")),
                match.group("email"),
                label and label.strip(),
            )
        )
        pos = match.end()
    return items or None


def _add_people(
    builder: _Builder,
    role: str,
    pairs: list[tuple[tuple[int, int], str, tuple[int, int] | None]],
    line_span: tuple[int, int],
) -> None:
    for name_span, name, phone_span in pairs:
        person = normalize_name(name)
        if phone_span is None:
            builder.add("person", role, name_span, line_span, person=person)
            continue
        printed = builder.printed(phone_span)
        value, valid, problem = normalize_phone(printed)
        builder.add(
            "person",
            role,
            (name_span[0], phone_span[1]),
            line_span,
            person=person,
            value=value,
            printed=printed,
            valid=valid,
            problem=problem,
        )


def _identifier_line(builder: _Builder, start: int, text: str, in_head: bool) -> bool:
    """Identifiers that need a line of their own: 第700期, 本刊今日4版, and (at the top) the date.

    The line qualifies when what lies between the identifier spans is only separators; the gaps are
    checked once in span order, so a very long line costs one pass, not one copy per span.
    """
    found: list[tuple[str, tuple[int, int], str]] = []
    for pattern, role in ((_ISSUE_NO, "期号"), (_PAGES, "版数")):
        for match in pattern.finditer(text):
            if role == "期号":
                name = "总期号" if match.group("total") else "期号"
                value = str(int(match.group("n")))
            else:
                name, value = role, str(int(match.group("n") or match.group("m")))
            found.append((name, match.span(), value))
    if in_head:
        for match in _FULL_DATE.finditer(text):
            iso = _valid_date(match.group("y"), match.group("m"), match.group("d"))
            if iso:
                found.append(("日期", match.span(), iso))
    if not found:
        return False
    spans = [span for _, span, _ in found]
    spans += [m.span() for m in _WEEKDAY.finditer(text)] + [m.span() for m in _LUNAR.finditer(text)]
    names = list(_NAME_ON_ID_LINE.finditer(text)) if in_head else []
    spans += [m.span() for m in names]
    if not _only_separators_between(text, spans):
        return False
    builder.masthead_names.extend((m.group(), start + m.start()) for m in names)
    line_span = (start, start + len(text))
    for role, (s, e), value in found:
        span = (start + s, start + e)
        builder.add("identifier", role, span, line_span, label=role, value=value, printed=builder.printed(span))
    return True


def _only_separators_between(text: str, spans: list[tuple[int, int]]) -> bool:
    """True when every character of ``text`` outside ``spans`` is a separator (spans may overlap)."""
    pos = 0
    for span_start, span_end in sorted(spans):
        if span_start > pos and not _ID_SEPARATORS.fullmatch(text, pos, span_start):
            return False
        pos = max(pos, span_end)
    return pos >= len(text) or _ID_SEPARATORS.fullmatch(text, pos) is not None


def _labelled_identifiers(builder: _Builder, start: int, text: str) -> None:
    line_span = (start, start + len(text))
    for match in _POSTAL_CODE.finditer(text):
        span = (start + match.start("v"), start + match.end("v"))
        value = _DASHES.sub("-", match.group("v"))
        builder.add(
            "identifier", "邮发代号", span, line_span, label="邮发代号", value=value, printed=builder.printed(span)
        )
    for match in _CN_NUMBER.finditer(text):
        span = (start + match.start(), start + match.end())
        value = f"CN{match.group('a')}-{match.group('b')}"
        builder.add("identifier", "CN", span, line_span, label="CN", value=value, printed=builder.printed(span))
    for match in _ISSN.finditer(text):
        span = (start + match.start(), start + match.end())
        value = f"ISSN{match.group('a')}-{match.group('b').upper()}"
        builder.add("identifier", "ISSN", span, line_span, label="ISSN", value=value, printed=builder.printed(span))


def extract_masthead(doc: Document) -> Masthead:
    """Read the masthead fields of one issue (see the module docstring for what counts)."""
    builder = _Builder(doc)
    context: str | None = None  # 'person' | 'mailbox' | 'address': what a continuation line continues
    context_role = ""
    context_label: str | None = None
    blanks = 0
    nonblank_seen = 0
    for start, end, text in _lines(doc):
        if not text.strip():
            blanks += 1
            if blanks > 1 or context == "address":
                context = None
            continue
        blanks = 0
        nonblank_seen += 1
        line_span = (start, end)
        _labelled_identifiers(builder, start, text)

        role_match = _ROLE_LINE.match(text)
        if role_match:
            rest_start = start + role_match.start("rest")
            pairs = _parse_pairs(role_match.group("rest"), rest_start)
            has_phone = bool(pairs) and any(p[2] for p in pairs or ())
            if pairs and (role_match.group("colon") or has_phone):
                role = normalize_name(role_match.group("role"))
                _add_people(builder, role, pairs, line_span)
                context, context_role = "person", role
                continue

        mail_match = _MAIL_LINE.match(text)
        if mail_match:
            items = _parse_mails(mail_match.group("rest"), start + mail_match.start("rest"))
            if items:
                header_label = mail_match.group("label") or None
                _add_mails(builder, items, header_label, line_span)
                context, context_label = "mailbox", header_label
                continue

        address_match = _ADDRESS_LINE.match(text)
        if address_match:
            label = normalize_name(address_match.group("label"))
            span = (start + address_match.start("addr"), start + address_match.end("addr"))
            _add_address(builder, label, span, line_span)
            if address_match.group("zip"):
                zspan = (start + address_match.start("zip"), start + address_match.end("zip"))
                zip_code = address_match.group("zip")
                builder.add("identifier", "邮编", zspan, line_span, label="邮编", value=zip_code, printed=zip_code)
            context, context_label = "address", label
            continue

        if context == "person":
            pairs = _parse_pairs(text, start)
            if pairs and all(p[2] for p in pairs):
                _add_people(builder, context_role, pairs, line_span)
                continue
        elif context == "mailbox":
            items = _parse_mails(text, start)
            if items:
                _add_mails(builder, items, context_label, line_span)
                continue
        elif context == "address":
            cont = _ADDRESS_CONT.match(text)
            if cont and context_label:
                span = (start + cont.start("addr"), start + cont.end("addr"))
                _add_address(builder, context_label, span, line_span)
                continue
        context = None
        _identifier_line(builder, start, text, nonblank_seen <= _HEAD_LINES)

    _publication_name(builder)
    date, source = issue_date(doc, builder.entries)
    numbers = [e.value for e in builder.entries if e.kind == "identifier" and e.role == "期号"]
    totals = [e.value for e in builder.entries if e.kind == "identifier" and e.role == "总期号"]
    return Masthead(
        path=doc.path,
        sha256=doc.sha256,
        date=date,
        date_source=source,
        issue_number=(numbers or totals or [None])[0],
        entries=tuple(builder.entries),
    )


def _add_mails(
    builder: _Builder,
    items: list[tuple[tuple[int, int], str, str | None]],
    header_label: str | None,
    line_span: tuple[int, int],
) -> None:
    for span, _address, label in items:
        printed = builder.printed(span)
        value, valid, problem = normalize_email(printed)
        builder.add(
            "mailbox",
            "邮箱",
            span,
            line_span,
            label=label or header_label or "",
            value=value,
            printed=printed,
            valid=valid,
            problem=problem,
        )


def _publication_name(builder: _Builder) -> None:
    """One 报名 identifier: the name printed on the masthead's identifier line at the top, else the
    name in the masthead address, else the commonest dateline name."""
    doc = builder.doc
    for names in (builder.masthead_names, builder.address_names):
        if names:
            _add_name(builder, *names[0])
            return
    counts: dict[str, list[int]] = {}
    for match in _NAME_IN_DATELINE.finditer(doc.norm):
        counts.setdefault(match.group("name"), []).append(match.start("name"))
    if counts:
        name, starts = max(counts.items(), key=lambda item: len(item[1]))
        _add_name(builder, name, starts[0])


def name_in_address(address: str) -> str | None:
    """The publication named in a masthead address ("红旗大街134号河北法制报社" -> 河北法制报), or None."""
    found = _NAME_IN_ADDRESS.search(address)
    return found.group("name") if found else None


def _add_name(builder: _Builder, name: str, norm_start: int) -> None:
    doc = builder.doc
    line_start = doc.norm.rfind("\n", 0, norm_start) + 1
    line_end = doc.norm.find("\n", norm_start)
    line_span = (line_start, len(doc.norm) if line_end < 0 else line_end)
    span = (norm_start, norm_start + len(name))
    builder.add("identifier", "报名", span, line_span, label="报名", value=name, printed=builder.printed(span))


def _add_address(builder: _Builder, label: str, span: tuple[int, int], line_span: tuple[int, int]) -> None:
    printed = builder.printed(span).strip()
    value = _NAME_SPACE.sub("", builder.doc.norm[span[0] : span[1]])
    found = _NAME_IN_ADDRESS.search(builder.doc.norm, span[0], span[1])
    if found:
        builder.address_names.append((found.group("name"), found.start("name")))
    builder.add("address", label, span, line_span, label=label, value=value, printed=printed)


def issue_date(doc: Document, entries: Sequence[ContactEntry] | None = None) -> tuple[str | None, str]:
    """The issue's ISO date and where it came from: masthead, metadata, text, or name (none found).

    The masthead date is a date on a line of identifiers alone near the top; metadata is a
    "date:"/"日期:" line near the top (front matter); text is the latest valid full date anywhere.
    """
    if entries is None:
        entries = _head_dates(doc)
    masthead_dates = [e.value for e in entries if e.kind == "identifier" and e.role == "日期" and e.value]
    if masthead_dates:
        return masthead_dates[0], "masthead"
    for index, (_, _, text) in enumerate(_lines(doc)):
        if index >= _META_LINES:
            break
        match = _META_DATE.match(text)
        if match:
            iso = _valid_date(
                match.group("y") or match.group("y2"),
                match.group("m") or match.group("m2"),
                match.group("d") or match.group("d2"),
            )
            if iso:
                return iso, "metadata"
    dates = [_valid_date(m.group("y"), m.group("m"), m.group("d")) for m in _FULL_DATE.finditer(doc.norm)]
    valid = [d for d in dates if d]
    if valid:
        return max(valid), "text"
    return None, "name"


def _head_dates(doc: Document) -> list[ContactEntry]:
    """Only the date identifiers at the top (cheaper than a full masthead read)."""
    builder = _Builder(doc)
    seen = 0
    for start, _end, text in _lines(doc):
        if not text.strip():
            continue
        seen += 1
        if seen > _HEAD_LINES:
            break
        _identifier_line(builder, start, text, True)
    return [e for e in builder.entries if e.role == "日期"]
