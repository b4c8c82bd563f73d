"""Cross-issue rules over the contacts table: the masthead fields of every issue seen, ordered by date.

The table has one row per masthead entry of every issue (this run plus the fact store). Each rule
compares an issue with the PREVIOUS issue (by date) that prints the same key (a person, a labelled
mailbox or address, a role, an identifier) and reports on the row of the LATER issue, so one
disagreement gives one finding, and a value that is merely added (a second phone) is no conflict:
a row fails only when its value is new AND the previous issue's set lost a value (a replacement).
Everything is vectorized with merges over (key, issue order, value) so 10 000 issues take well
under a second; each judge explains its failing rows from the keys that decided them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from checks.findings import Related
from checks.gcpause import gc_paused
from checks.masthead import Masthead
from checks.publication import block_members, publication_keys
from checks.rules import Explanation, Rule, RuleOptions, Verdicts

if TYPE_CHECKING:  # pandas is imported where a rule runs: `checkfacts rules` only registers them
    import pandas as pd

__all__ = [
    "CONSTANT_IDENTIFIERS",
    "CONTACT_COLUMNS",
    "TRANSIENT_ROLES",
    "contacts_table",
    "describe_difference",
    "issue_order",
]

CONTACT_COLUMNS = (
    "claim_id",
    "path",
    "line",
    "start",
    "end",
    "excerpt",
    "highlights",
    "kind",
    "role",
    "person",
    "label",
    "value",
    "printed",
    "valid",
    "problem",
    "issue_date",
    "date_source",
    "issue_order",
    "sha256",
    "publication",
    "in_masthead",
)

# Identifiers that must not change from issue to issue.
CONSTANT_IDENTIFIERS = ("邮发代号", "CN", "ISSN")
# Roles whose holder changes by design (this issue's editor, a reporter): a new name is no news.
TRANSIENT_ROLES = ("本期", "本版", "当期", "今日", "值班", "记者", "通讯员", "摄影", "校对", "排版", "美编")
# Dates good enough to judge issue numbers against (a date found somewhere in the text is not).
TRUSTED_DATE_SOURCES = ("masthead", "metadata")


def _order_key(masthead: Masthead) -> tuple[bool, str, str, str]:
    """Dated issues by date; undated ones (ordered by file name) before every dated one."""
    return (masthead.date is not None, masthead.date or "", PurePath(masthead.path).name, masthead.path)


def issue_order(mastheads: Sequence[Masthead]) -> list[int]:
    """Each masthead's rank (0 = earliest) in the order issues are compared."""
    ranked = sorted(range(len(mastheads)), key=lambda i: _order_key(mastheads[i]))
    order = [0] * len(mastheads)
    for rank, index in enumerate(ranked):
        order[index] = rank
    return order


def contacts_table(
    mastheads: Sequence[Masthead],
    orders: Sequence[int] | None = None,
    entries: Sequence[Sequence[int] | None] | None = None,
    publications: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """The contacts claim table: one row per masthead entry of every issue given.

    When the issues are a selection from a larger archive (checks.comparison), ``orders`` and
    ``publications`` are those computed over the whole archive, and ``entries`` says which entries of
    each masthead to keep (None: all); claim ids stay the same.
    """
    if orders is None:
        orders = issue_order(mastheads)
    if publications is None:
        publications = publication_keys(mastheads)
    rows: list[dict[str, Any]] = []
    append = rows.append
    with gc_paused():
        _fill_rows(append, mastheads, orders, entries or [None] * len(mastheads), publications)
    return rows


def _fill_rows(
    append: Any,
    mastheads: Sequence[Masthead],
    orders: Sequence[int],
    keep: Sequence[Sequence[int] | None],
    publications: Sequence[str],
) -> None:
    for masthead, order, kept, publication in zip(mastheads, orders, keep, publications, strict=True):
        members = block_members(masthead.entries)
        prefix = f"contact:{masthead.sha256[:12]}:{masthead.path}:"
        path, date, source, digest = masthead.path, masthead.date, masthead.date_source, masthead.sha256
        chosen = enumerate(masthead.entries) if kept is None else ((i, masthead.entries[i]) for i in kept)
        for index, (kind, role, person, label, value, printed, valid, problem, line, start, end, excerpt) in chosen:
            append(
                {
                    "claim_id": prefix + str(index),
                    "path": path,
                    "line": line,
                    "start": start,
                    "end": end,
                    "excerpt": excerpt,
                    "highlights": (printed,) if printed else (),
                    "kind": kind,
                    "role": role,
                    "person": person,
                    "label": label,
                    "value": value,
                    "printed": printed,
                    "valid": valid,
                    "problem": problem,
                    "issue_date": date,
                    "date_source": source,
                    "issue_order": order,
                    "sha256": digest,
                    "publication": publication,
                    "in_masthead": members[index],
                }
            )


# ---------------------------------------------------------------------------------------------
# Vectorized comparison with the previous issue


def _replacements(frame: pd.DataFrame) -> pd.Series:
    """frame has columns k (key), o (issue order), v (value), indexed like the table.

    True on the first row of each (k, o, v) whose v the previous issue with key k did not print,
    when that previous issue also printed a value this issue does not (so it is a replacement).
    Keys and values are factorized to integers and (k, o, v) packed into one int64, so the whole
    comparison is a few sorts and ``np.isin`` calls.
    """
    import numpy as np
    import pandas as pd

    if frame.empty:
        return pd.Series(False, index=frame.index, dtype=bool)
    k = pd.factorize(frame["k"])[0].astype(np.int64)
    v = pd.factorize(frame["v"])[0].astype(np.int64)
    o = frame["o"].to_numpy(dtype=np.int64) + 1  # 0 is kept free for "no previous issue"
    n_o = np.int64(o.max() + 1)
    n_v = np.int64(v.max() + 1)
    pair = k * n_o + o
    triple = pair * n_v + v

    # Distinct issues per key, in order: the previous and next issue that print the same key.
    pairs = np.unique(pair)  # sorted by (k, o)
    pair_k = pairs // n_o
    same_prev = np.r_[False, pair_k[1:] == pair_k[:-1]]
    same_next = np.r_[pair_k[:-1] == pair_k[1:], False]
    prev_o = np.where(same_prev, np.r_[0, pairs[:-1] % n_o], 0)
    next_o = np.where(same_next, np.r_[pairs[1:] % n_o, 0], 0)

    triples = np.unique(triple)
    where = np.searchsorted(pairs, pair)
    row_prev = prev_o[where]
    in_prev = np.isin((k * n_o + row_prev) * n_v + v, triples)

    # A value of issue o that issue next(o) no longer prints: next(o) lost it.
    t_pair = triples // n_v
    t_next = next_o[np.searchsorted(pairs, t_pair)]
    t_k = t_pair // n_o
    has_next = t_next > 0
    kept = np.isin((t_k * n_o + t_next) * n_v + triples % n_v, triples)
    lost_pairs = np.unique((t_k * n_o + t_next)[has_next & ~kept])
    lost = np.isin(pair, lost_pairs)

    first = ~pd.Series(triple).duplicated().to_numpy()
    fails = (row_prev > 0) & ~in_prev & lost & first
    return pd.Series(fails, index=frame.index, dtype=bool)


def _str_col(df: pd.DataFrame, name: str) -> pd.Series:
    return df[name].where(df[name].notna(), "").astype(str)


def _in_masthead(df: pd.DataFrame) -> pd.Series:
    """Rows of a masthead block (a lone byline or column footer is not one); all rows for old tables."""
    import pandas as pd

    if "in_masthead" not in df:
        return pd.Series(True, index=df.index, dtype=bool)
    return df["in_masthead"].fillna(True).astype(bool)


def _publication(df: pd.DataFrame) -> pd.Series:
    """Every key starts with the issue's publication, so two papers' mastheads are never compared."""
    import pandas as pd

    if "publication" not in df:
        return pd.Series("", index=df.index, dtype=object)
    return _str_col(df, "publication") + "\x1f"


def _mismatch_keys(df: pd.DataFrame) -> pd.DataFrame:
    """Rows comparable for contact_mismatch with their key: a person, a labelled mailbox or address."""
    import pandas as pd

    kind = df["kind"]
    valid = df["valid"].astype(bool)
    value = _str_col(df, "value")
    label = _str_col(df, "label")
    person = _str_col(df, "person")
    standing = _in_masthead(df)
    is_person = (kind == "person") & valid & (value != "") & (person != "") & standing
    is_box = (kind == "mailbox") & valid & (label != "") & (value != "") & standing
    is_addr = (kind == "address") & (label != "") & (value != "") & standing
    pub = _publication(df)
    keys = pd.Series("", index=df.index, dtype=object)
    keys[is_person] = pub[is_person] + "person\x1f" + person[is_person]
    keys[is_box] = pub[is_box] + "mailbox\x1f" + label[is_box]
    keys[is_addr] = pub[is_addr] + "address\x1f" + label[is_addr]
    mask = is_person | is_box | is_addr
    return pd.DataFrame({"k": keys[mask], "o": df.loc[mask, "issue_order"], "v": value[mask]})


def _transient(role: pd.Series, options: RuleOptions) -> pd.Series:
    import pandas as pd

    words = options.transient_roles
    if not words:
        return pd.Series(False, index=role.index, dtype=bool)
    pattern = re.compile("|".join(re.escape(w) for w in words))
    hits = {r: bool(pattern.search(r)) for r in pd.unique(role)}  # a handful of distinct roles
    return role.map(hits).astype(bool)


def _changed_keys(df: pd.DataFrame, options: RuleOptions) -> pd.DataFrame:
    import pandas as pd

    role = _str_col(df, "role")
    person = _str_col(df, "person")
    standing = ~_transient(role, options) & _in_masthead(df)
    mask = (df["kind"] == "person") & (person != "") & (role != "") & standing
    keys = _publication(df) + role
    return pd.DataFrame({"k": keys[mask], "o": df.loc[mask, "issue_order"], "v": person[mask]})


def _identifier_keys(df: pd.DataFrame, options: RuleOptions) -> pd.DataFrame:
    import pandas as pd

    names = options.constant_identifiers
    value = _str_col(df, "value")
    mask = (df["kind"] == "identifier") & df["role"].isin(names) & (value != "")
    keys = _publication(df) + _str_col(df, "role")
    return pd.DataFrame({"k": keys[mask], "o": df.loc[mask, "issue_order"], "v": value[mask]})


def _issue_numbers_backwards(df: pd.DataFrame) -> pd.Series:
    """True on an issue-number row when an issue with an EARLIER trusted date has a number >= it."""
    import pandas as pd

    mask = (
        (df["kind"] == "identifier")
        & (df["role"] == "期号")
        & df["date_source"].isin(TRUSTED_DATE_SOURCES)
        & df["issue_date"].notna()
    )
    result = pd.Series(False, index=df.index, dtype=bool)
    if not mask.any():
        return result
    sub = pd.DataFrame(
        {
            "p": _publication(df)[mask],
            "d": df.loc[mask, "issue_date"].astype(str),
            "n": pd.to_numeric(df.loc[mask, "value"]),
        }
    )
    per_date = sub.groupby(["p", "d"])["n"].max().sort_index()  # per publication, by date
    earlier_max = per_date.groupby(level=0).cummax().groupby(level=0).shift(1)
    bound = earlier_max.reindex(pd.MultiIndex.from_arrays([sub["p"], sub["d"]])).to_numpy()
    result[mask] = (pd.notna(bound) & (sub["n"].to_numpy() <= bound)).astype(bool)
    return result


def _fails(fails: pd.Series, index: pd.Index) -> pd.Series:
    return fails.reindex(index).fillna(False).astype(bool)


def _verdicts(
    df: pd.DataFrame,
    fails: pd.Series,
    wanted: pd.Series | None,
    explainer: Callable[[], Callable[[Mapping[str, Any]], Explanation]],
) -> Verdicts:
    """The rule's verdicts, each failing (wanted) row explained from the state that decided it;
    ``explainer`` builds that explaining function (its row index) only when some row fails."""
    explained = fails if wanted is None else fails & wanted.reindex(df.index).fillna(False).astype(bool)
    explanations: dict[Any, Explanation] = {}
    if explained.any():
        explain = explainer()
        for index in df.index[explained]:
            explanations[index] = explain({str(k): v for k, v in df.loc[index].to_dict().items()})
    return Verdicts(ok=~fails, explanations=explanations)


def judge_contact_mismatch(df: pd.DataFrame, options: RuleOptions, wanted: pd.Series | None) -> Verdicts:
    keys = _mismatch_keys(df)
    return _verdicts(
        df,
        _fails(_replacements(keys), df.index),
        wanted,
        lambda: partial(_explain_contact_mismatch, idx=_Index(df, keys)),
    )


def judge_contact_changed(df: pd.DataFrame, options: RuleOptions, wanted: pd.Series | None) -> Verdicts:
    keys = _changed_keys(df, options)
    return _verdicts(
        df,
        _fails(_replacements(keys), df.index),
        wanted,
        lambda: partial(_explain_contact_changed, idx=_Index(df, keys)),
    )


def judge_masthead_mismatch(df: pd.DataFrame, options: RuleOptions, wanted: pd.Series | None) -> Verdicts:
    keys = _identifier_keys(df, options)
    fails = _fails(_replacements(keys), df.index) | _issue_numbers_backwards(df)
    return _verdicts(df, fails, wanted, lambda: partial(_explain_masthead_mismatch, df=df, idx=_Index(df, keys)))


def judge_invalid_contact(df: pd.DataFrame, options: RuleOptions, wanted: pd.Series | None) -> Verdicts:
    return _verdicts(df, ~df["valid"].astype(bool), wanted, lambda: _explain_invalid_contact)


# ---------------------------------------------------------------------------------------------
# Explanations


def _typo(a: str, b: str) -> tuple[str, str, int] | None:
    """A likely typo between two values as (kind, the characters involved, 1-based position):
    one changed ("a / b"), two swapped neighbours ("ab / ba"), or one missing or extra ("c")."""
    if a == b:
        return None
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            i = diff[0]
            return "changed", f"{a[i]} / {b[i]}", i + 1
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            i = diff[0]
            return "swapped", f"{a[i : i + 2]} / {b[i : i + 2]}", i + 1
        return None
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if len(longer) - len(shorter) == 1:
        for i in range(len(longer)):
            if longer[:i] + longer[i + 1 :] == shorter:
                return "missing", longer[i], i + 1
    return None


def describe_difference(a: str, b: str, unit: str = "character") -> str | None:
    """Name a likely typo between two values: one changed, one missing/extra, or two swapped neighbours."""
    typo = _typo(a, b)
    if typo is None:
        return None
    kind, chars, position = typo
    what = {
        "changed": f"one {unit} differs",
        "swapped": f"two adjacent {unit}s swapped",
        "missing": f"one {unit} missing or extra",
    }[kind]
    return f"likely typo: {what} ({chars} at position {position})"


def describe_difference_zh(a: str, b: str, phone: bool) -> str | None:
    """The same note for Chinese readers."""
    typo = _typo(a, b)
    if typo is None:
        return None
    kind, chars, position = typo
    unit = "数字" if phone else "字符"
    what = {"changed": f"一位{unit}不同", "swapped": f"相邻两位{unit}颠倒", "missing": f"多出或缺少一位{unit}"}[kind]
    return f"疑为笔误:{what}(第{position}位,{chars})"


def _digits(value: str) -> str:
    """Phones compare by their national digits (E.164 without +86)."""
    return value[3:] if value.startswith("+86") else value


class _Index:
    """Rows by key, built once per judge from the keys that decided it, so explaining many rows stays cheap."""

    def __init__(self, df: pd.DataFrame, keys: pd.DataFrame) -> None:
        self.df = df
        self.groups: dict[str, pd.DataFrame] = {
            str(k): g.sort_values("o", kind="stable") for k, g in keys.assign(_row=keys.index).groupby("k", sort=False)
        }


def _previous_rows(idx: _Index, key: str, order: int) -> pd.DataFrame:
    """The table rows of the previous issue (by order) that prints ``key``."""
    group = idx.groups.get(key)
    if group is None:
        return idx.df.iloc[0:0]
    earlier = group[group["o"] < order]
    if earlier.empty:
        return idx.df.iloc[0:0]
    prev_order = earlier["o"].max()
    rows: pd.DataFrame = idx.df.loc[earlier.loc[earlier["o"] == prev_order, "_row"]]
    return rows


def _row_publication(row: Mapping[str, Any] | pd.Series) -> str:
    """The key prefix of one row, as ``_publication`` makes it for the table ('' for old tables)."""
    if "publication" not in row:
        return ""
    value = row["publication"]
    return f"{value}\x1f" if isinstance(value, str) else "\x1f"


def _issue_name(row: Mapping[str, Any] | pd.Series) -> str:
    date = row.get("issue_date")
    name = PurePath(str(row["path"])).name
    if isinstance(date, str) and date:
        return f"{name} ({date})"
    return f"{name} (undated, ordered by file name)"


def _issue_name_zh(row: Mapping[str, Any] | pd.Series) -> str:
    date = row.get("issue_date")
    name = PurePath(str(row["path"])).name
    return f"{name}({date})" if isinstance(date, str) and date else f"{name}(日期不详,按文件名排序)"


def _related(rows: pd.DataFrame) -> tuple[Related, ...]:
    seen: set[tuple[str, int]] = set()
    related: list[Related] = []
    for _, other in rows.iterrows():
        place = (str(other["path"]), int(other["line"]))
        if place in seen:
            continue
        seen.add(place)
        printed = str(other["printed"] or "")
        related.append(
            Related(
                path=place[0],
                line=place[1],
                excerpt=str(other["excerpt"]),
                date=other["issue_date"] if isinstance(other["issue_date"], str) else None,
                highlights=(printed,) if printed else (),
            )
        )
    return tuple(related)


def _values_printed(rows: pd.DataFrame) -> str:
    return " / ".join(dict.fromkeys(str(p) for p in rows["printed"]))


def _typo_note(value: str, others: Sequence[str], phone: bool) -> tuple[str, str]:
    """The likely-typo note (English, Chinese) against the first earlier value it explains."""
    for other in others:
        a, b = (_digits(other), _digits(value)) if phone else (other, value)
        note = describe_difference(a, b, "digit" if phone else "character")
        if note:
            return f"; {note}", f";{describe_difference_zh(a, b, phone)}"
    return "", ""


def _explain_contact_mismatch(row: Mapping[str, Any], idx: _Index) -> Explanation:
    kind = str(row["kind"])
    if kind == "person":
        key, what, what_zh = f"person\x1f{row['person']}", f"{row['person']}'s phone", f"{row['person']}的电话"
    elif kind == "mailbox":
        key, what, what_zh = f"mailbox\x1f{row['label']}", f"the {row['label']} mailbox", f"{row['label']}邮箱"
    else:
        key, what, what_zh = f"address\x1f{row['label']}", f"the {row['label']}", str(row["label"])
    prev = _previous_rows(idx, _row_publication(row) + key, int(row["issue_order"]))
    return _differs(row, prev, f"{what} differs between issues", f"{what_zh}前后不一致", phone=kind == "person")


def _differs(row: Mapping[str, Any], prev: pd.DataFrame, what: str, what_zh: str, *, phone: bool) -> Explanation:
    """ "X differs: this issue prints a, the earlier one printed b; likely typo …", in both languages."""
    prev_values = [str(v) for v in dict.fromkeys(prev["value"])]
    note, note_zh = _typo_note(str(row["value"]), prev_values, phone=phone)
    earlier = _issue_name(prev.iloc[0]) if len(prev) else "an earlier issue"
    earlier_zh = _issue_name_zh(prev.iloc[0]) if len(prev) else "此前某期"
    printed_before = _values_printed(prev)
    return Explanation(
        message=f"{what}: {_issue_name(row)} prints {row['printed']}, {earlier} printed {printed_before}{note}",
        message_zh=f"{what_zh}:{_issue_name_zh(row)}印为{row['printed']},{earlier_zh}印为{printed_before}{note_zh}",
        stated=str(row["printed"]),
        # Which printing is right is known only when the dates order the issues.
        expected=printed_before if len(prev) and _dated(row) and all(_dated(r) for _, r in prev.iterrows()) else None,
        related=_related(prev),
    )


def _dated(row: Mapping[str, Any] | pd.Series) -> bool:
    date = row.get("issue_date")
    return isinstance(date, str) and bool(date) and row.get("date_source") in TRUSTED_DATE_SOURCES


def _explain_contact_changed(row: Mapping[str, Any], idx: _Index) -> Explanation:
    prev = _previous_rows(idx, _row_publication(row) + str(row["role"]), int(row["issue_order"]))
    before = " / ".join(dict.fromkeys(str(p) for p in prev["person"]))
    earlier = _issue_name(prev.iloc[0]) if len(prev) else "an earlier issue"
    earlier_zh = _issue_name_zh(prev.iloc[0]) if len(prev) else "此前某期"
    message = (
        f"{row['role']} is {row['person']} in {_issue_name(row)}, was {before} in {earlier} "
        "(a staff change, not an error)"
    )
    message_zh = f"{row['role']}在{_issue_name_zh(row)}为{row['person']},在{earlier_zh}为{before}(人员变动,并非差错)"
    return Explanation(
        message=message,
        stated=str(row["person"]),
        expected=None,  # a staff change: neither person is "expected"
        related=_related(prev),
        message_zh=message_zh,
    )


def _explain_masthead_mismatch(row: Mapping[str, Any], df: pd.DataFrame, idx: _Index) -> Explanation:
    import pandas as pd

    if row["role"] == "期号":
        mask = (
            (df["kind"] == "identifier")
            & (df["role"] == "期号")
            & df["date_source"].isin(TRUSTED_DATE_SOURCES)
            & df["issue_date"].notna()
        )
        sub = df[mask & (_publication(df) == _row_publication(row))]
        dates = sub["issue_date"].astype(str)
        numbers = pd.to_numeric(sub["value"])
        earlier = sub[(dates < str(row["issue_date"])) & (numbers >= int(row["value"]))]
        if len(earlier):
            worst = earlier.loc[[pd.to_numeric(earlier["value"]).idxmax()]]
            other = worst.iloc[0]
            message = (
                f"issue numbers go backwards: {_issue_name(row)} is {row['printed']}, but the earlier "
                f"{_issue_name(other)} is already {other['printed']}"
            )
            message_zh = (
                f"期号倒退:{_issue_name_zh(row)}为{row['printed']},"
                f"而更早的{_issue_name_zh(other)}已是{other['printed']}"
            )
            return Explanation(
                message_zh=message_zh,
                message=message,
                stated=str(row["printed"]),
                expected=f"> {other['value']}",
                related=_related(worst),
            )
    prev = _previous_rows(idx, _row_publication(row) + str(row["role"]), int(row["issue_order"]))
    return _differs(
        row, prev, f"{row['role']} must be the same in every issue", f"{row['role']}应各期一致", phone=False
    )


def _explain_invalid_contact(row: Mapping[str, Any]) -> Explanation:
    what = {"person": f"{row['person']}'s phone", "mailbox": "e-mail address"}.get(str(row["kind"]), str(row["kind"]))
    what_zh = {"person": f"{row['person']}的电话", "mailbox": "邮箱地址"}.get(str(row["kind"]), str(row["kind"]))
    problem = str(row["problem"] or "malformed")
    return Explanation(
        message=f"{what} is malformed: {problem}",
        stated=str(row["printed"]),
        message_zh=f"{what_zh}格式有误({row['printed']}):{problem}",
    )


RULES = (
    Rule(
        id="contact_mismatch",
        table="contacts",
        title_en="Masthead contact differs between issues",
        title_zh="报头联系方式前后不一致",
        description_en=(
            "The same person, or the same labelled mailbox or address, is printed with different details "
            "(after normalizing dashes, spaces and full-width forms) in two issues."
        ),
        description_zh="同一人员(或同一标注的邮箱、地址)在不同期次中的联系方式不一致(已统一破折号、空格、全角字符)。",
        default_severity="error",
        judge=judge_contact_mismatch,
    ),
    Rule(
        id="contact_changed",
        table="contacts",
        title_en="Masthead role changed hands",
        title_zh="报头职务人员变更",
        description_en="A standing masthead role is held by a different person than in the previous issue.",
        description_zh="报头固定职务由与上一期不同的人员担任(人员变动,非差错)。",
        default_severity="info",
        judge=judge_contact_changed,
        options=RuleOptions(transient_roles=TRANSIENT_ROLES),
        option_names=("transient_roles",),
    ),
    Rule(
        id="masthead_mismatch",
        table="contacts",
        title_en="Publication identifiers disagree",
        title_zh="刊号信息前后不一致",
        description_en=(
            "An identifier that must be constant (邮发代号, CN number, ISSN) differs between issues, or issue "
            "numbers go backwards against the issue dates."
        ),
        description_zh="邮发代号、国内统一连续出版物号等固定信息前后不一致,或期号与出版日期顺序相反。",
        default_severity="error",
        judge=judge_masthead_mismatch,
        options=RuleOptions(constant_identifiers=CONSTANT_IDENTIFIERS),
        option_names=("constant_identifiers",),
    ),
    Rule(
        id="invalid_contact",
        table="contacts",
        title_en="Malformed phone number or e-mail",
        title_zh="电话号码或邮箱格式错误",
        description_en="A masthead phone number that is not a valid Chinese number, or a malformed e-mail address.",
        description_zh="报头中的电话号码不是有效的中国号码,或邮箱地址格式错误。",
        default_severity="warning",
        judge=judge_invalid_contact,
    ),
)
