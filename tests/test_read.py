"""Reading files: encodings, HTML, and clear errors for bad input."""

from __future__ import annotations

import codecs

import pytest

from pairaid_etl.errors import DocumentError
from pairaid_etl.read import decode, discover, read_bytes, read_document, year_from_name

TEXT = "Aid Bulletin\n\nIn 2012, the city donated 5 million yuan to 3 counties.\n"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    ("援助公报 donated 5 million yuan".encode("gb18030"), "gb18030"),
])
def test_it_decodes_supported_encodings(data, encoding):
    text, used = decode(data)
    assert used == encoding
    assert "5 million yuan" in text


def test_it_keeps_utf8_text_exactly():
    """Offsets point into the text as decoded, so no newline translation happens."""
    raw = "Title\r\n\r\nIt built 4 schools.\r\n".encode()
    assert decode(raw)[0] == raw.decode("utf-8")


def test_it_reduces_html_to_text():
    html = b"<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body><p>It built <b>12</b> schools.</p><script>var a=1;</script></body></html>"
    text, encoding = decode(html)
    assert encoding == "utf-8+html"
    assert "It built 12 schools." in text
    assert "var a" not in text and "p{}" not in text


@pytest.mark.parametrize("data, code", [
    (b"", "empty"),
    (b"   \n\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(1, 32)) * 20, "binary"),
])
def test_it_rejects_bad_bytes_with_a_code(data, code):
    with pytest.raises(DocumentError) as info:
        decode(data, "bad.txt")
    assert info.value.code == code
    assert "bad.txt" in info.value.message


@pytest.mark.parametrize("code", range(1, 32))
def test_control_characters_make_a_file_binary_except_line_breaks_tabs_and_form_feeds(code):
    """More than 5% control characters in the first 4,096 characters means binary."""
    char = chr(code)
    words = ("It built 12 schools. " * 5)[:94]
    text = words + char * 6  # 6% of 100 characters
    if char in "\t\n\f\r":
        assert decode(text.encode("utf-8"))[0] == text
    else:
        with pytest.raises(DocumentError) as info:
            decode(text.encode("utf-8"), "ctl.txt")
        assert info.value.code == "binary"
        fewer = words + "ab" + char * 4  # 4%: still text
        assert decode(fewer.encode("utf-8"))[0] == fewer
    late = "x" * 4096 + char * 500  # only the first 4,096 characters are looked at
    assert decode(late.encode("utf-8"))[0] == late


def test_it_rejects_files_over_the_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2048)
    with pytest.raises(DocumentError) as info:
        read_bytes(path, max_bytes=1024)
    assert info.value.code == "too_large"


def test_it_reports_missing_files(tmp_path):
    with pytest.raises(DocumentError) as info:
        read_bytes(tmp_path / "gone.txt", max_bytes=1024)
    assert info.value.code == "missing"


def test_it_reads_a_document_with_title_hash_and_year(tmp_path):
    path = tmp_path / "zj-sc-2012.txt"
    path.write_text(TEXT, encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "Aid Bulletin"
    assert doc.bulletin_year == 2012
    assert len(doc.sha256) == 64


def test_it_discovers_text_files_in_folders(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("x")
    (tmp_path / "c.png").write_bytes(b"x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("x")
    assert [p.name for p in discover([tmp_path])] == ["a.txt", "b.html"]


@pytest.mark.parametrize("name, year", [("zhejiang-sichuan-2010.txt", 2010), ("report.txt", None), ("x-123456.txt", None)])
def test_it_reads_the_year_from_a_file_name(name, year):
    assert year_from_name(name) == year
