"""Reading issues: encodings, refusal of binary input, normalization and the offset map."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checks.documents import DocumentError, collect_paths, document_from_text, read_document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_utf8_with_and_without_bom_and_gb18030_read_the_same(tmp_path: Path) -> None:
    text = "全市共破获电信诈骗案件862起,同比上升10.23%。\n"
    (tmp_path / "plain.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "gbk.txt").write_bytes(text.encode("gb18030"))
    docs = [read_document(tmp_path / name) for name in ("plain.txt", "bom.txt", "gbk.txt")]
    assert {d.text for d in docs} == {text}
    assert [d.encoding for d in docs] == ["utf-8", "utf-8-sig", "gb18030"]


def test_binary_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(DocumentError, match=r"scan\.txt: binary file"):
        read_document(path)


def test_undecodable_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes("正文".encode() + b"\xff\xfe\xff\xff\x80" * 3)
    with pytest.raises(DocumentError, match=r"broken\.txt: cannot decode"):
        read_document(path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"nothere\.txt: no such file"):
        read_document(tmp_path / "nothere.txt")


def test_empty_file_is_read_and_yields_an_empty_document(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    doc = read_document(path)
    assert doc.text == "" and doc.norm == ""
    assert len(doc.sha256) == 64


def test_full_width_forms_fold_to_ascii_one_for_one() -> None:
    doc = document_from_text("x.txt", "下降８．０４％，共４１２起")
    assert doc.norm == "下降8.04%,共412起"
    start = doc.norm.index("8.04%")
    assert doc.orig_span(start, start + 5) == (2, 7)
    assert doc.text[2:7] == "８．０４％"


def test_figure_broken_by_layout_is_joined_and_maps_back_to_both_lines() -> None:
    doc = read_document(SEEDS / "000_790d48be6e122fa4.txt")
    start = doc.norm.index("1286万元")
    orig_start, orig_end = doc.orig_span(start, start + len("1286万元"))
    assert doc.text[orig_start:orig_end] == "1286\n\n万元"
    assert doc.line_of(orig_start) == 9
    assert doc.line_of(orig_end - 1) == 11
    assert doc.excerpt(orig_start, orig_end) == "1286 万元"
    assert "驾乘人员15人" in doc.norm


def test_line_break_between_words_is_not_joined() -> None:
    doc = document_from_text("x.txt", "通过“进社区、\n\n进企业”")
    assert "\n" in doc.norm


def test_collect_paths_expands_folders_and_reports_missing(tmp_path: Path) -> None:
    files, errors = collect_paths([str(SEEDS), str(tmp_path / "gone")])
    assert len(files) == 5 and files == sorted(files)
    assert errors == [f"{tmp_path / 'gone'}: no such file or folder"]


def test_utf16_with_bom_is_read_and_binary_behind_a_bom_is_not(tmp_path: Path) -> None:
    text = "全市共破获电信诈骗案件862起,同比上升10.23%。\n"
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16"))
    doc = read_document(tmp_path / "u16.txt")
    assert (doc.text, doc.encoding) == (text, "utf-16")
    (tmp_path / "fake.txt").write_bytes(b"\xff\xfe" + bytes(range(32)) * 8)
    with pytest.raises(DocumentError, match=r"fake\.txt: binary file"):
        read_document(tmp_path / "fake.txt")


def test_a_folders_markdown_files_are_not_issues(tmp_path: Path) -> None:
    (tmp_path / "issue.txt").write_text("发案911起。\n", encoding="utf-8")
    (tmp_path / "SOURCES.md").write_text("see https://example.org/%E4%B8%AD 91%\n", encoding="utf-8")
    files, errors = collect_paths([str(tmp_path)])
    assert [Path(f).name for f in files] == ["issue.txt"] and errors == []


# --- faults (issue 14) -----------------------------------------------------------------------


def _fifo(path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    os.mkfifo(path)
    return path


def test_a_fifo_is_refused_at_once_never_read(tmp_path: Path) -> None:
    fifo = _fifo(tmp_path / "pipe.txt")
    with pytest.raises(DocumentError, match=r"pipe\.txt: a FIFO \(named pipe\), not an issue file"):
        read_document(fifo)  # with no writer, a blocking open or read would hang here
    files, errors = collect_paths([str(fifo)])
    assert files == [] and errors == [f"{fifo}: a FIFO (named pipe), not an issue file; refused"]


def test_odd_entries_inside_a_folder_are_named_not_skipped_silently(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("正文。\n", encoding="utf-8")
    _fifo(tmp_path / "pipe.txt")
    (tmp_path / "x.txt").mkdir()
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    files, errors = collect_paths([str(tmp_path)])
    assert files == [str(tmp_path / "good.txt")]
    assert sorted(errors) == [
        f"{tmp_path / 'gone.txt'}: dangling symbolic link, skipped",
        f"{tmp_path / 'pipe.txt'}: a FIFO (named pipe), not an issue file; skipped",
        f"{tmp_path / 'x.txt'}: a folder named like an issue file, not an issue (its issue files are read)",
    ]
    assert collect_paths([str(tmp_path / "gone.txt")])[1] == [f"{tmp_path / 'gone.txt'}: dangling symbolic link"]


def test_a_bad_utf8_byte_is_reported_at_its_utf8_offset(tmp_path: Path) -> None:
    good = "全市共破获电信诈骗案件862起,同比上升10.23%。\n".encode()
    path = tmp_path / "bad.txt"
    path.write_bytes(good * 3 + b"\xff" + good)
    with pytest.raises(DocumentError) as raised:
        read_document(path)
    message = str(raised.value)
    assert message == (
        f"{path}: UTF-8 text with an invalid byte 0xff at byte offset {len(good) * 3} (line 4); "
        "fix or re-save the issue as UTF-8"
    )


def test_utf16_without_a_bom_is_named_as_such(tmp_path: Path) -> None:
    text = "全市共破获电信诈骗案件862起,同比上升10.23%。\n" * 4
    for codec, name in (("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE")):
        path = tmp_path / f"{codec}.txt"
        path.write_bytes(text.encode(codec))
        with pytest.raises(DocumentError, match=rf"{name} text without a byte-order mark"):
            read_document(path)
    chinese_only = tmp_path / "cjk.txt"  # no NUL byte at all: still not taken for GB18030
    chinese_only.write_bytes(("电信诈骗案件同比上升" * 20).encode("utf-16-le"))
    with pytest.raises(DocumentError, match=r"UTF-16LE text without a byte-order mark"):
        read_document(chinese_only)


def test_a_nul_byte_after_the_first_8_kb_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    path.write_bytes("正文。\n".encode() * 2000 + b"\x00" + "正文。\n".encode())
    with pytest.raises(DocumentError, match=r"late\.txt: binary file, not a text issue \(NUL byte at offset 20000\)"):
        read_document(path)


def test_gb18030_still_decodes_and_undecodable_names_both_attempts(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("全市共破获电信诈骗案件862起。\n".encode("gb18030"))
    assert read_document(path).encoding == "gb18030"
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"ab\x80\xff\xff\xff")
    with pytest.raises(DocumentError, match=r"not UTF-8 \(invalid byte 0x80 at byte offset 2 \(line 1\)\) nor GB18030"):
        read_document(broken)


def test_a_line_separator_inside_a_figure_is_a_layout_break() -> None:
    """'412\\u2028起' is one figure, as '412\\n起' is: the claim of its sentence survives."""
    from checks.claims.build import build_claims
    from checks.figures import extract_figures

    for sep in ("\u2028", "\u2029", "\n"):
        doc = document_from_text("x.txt", f"全年共处理一般程序事故412{sep}起,同比减少36起,\u2028下降8.04%。")
        figures = extract_figures(doc)
        assert figures[0].text.startswith("412") and figures[0].unit == "起", sep
        assert len(build_claims(doc, figures)["changes"]) == 1, sep


def test_every_line_separator_behaves_as_a_newline_wherever_it_falls() -> None:
    """U+2028, U+2029, NEL and a lone CR are line breaks for every stage, exactly as \\n is."""
    from checks.claims.build import build_claims
    from checks.figures import extract_figures

    def outcome(text: str) -> tuple[int, int]:
        doc = document_from_text("x.txt", text)
        figures = extract_figures(doc)
        return len(figures), sum(len(rows) for rows in build_claims(doc, figures).values())

    base = "全年共处理一般程序事故412起,同比减少36起,下降8.04%。"
    assert outcome(base) == (3, 1)
    for index in range(1, len(base)):
        expected = outcome(base[:index] + "\n" + base[index:])
        for sep in ("\u2028", "\u2029", "\x85", "\r"):
            assert outcome(base[:index] + sep + base[index:]) == expected, (index, sep)
