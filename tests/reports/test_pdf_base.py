"""The shared PDF base: literal user text, fonts for every name, page X of Y, metadata,
and no half-written file."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import PageBreak

from peerdesk.reports.pdf_base import (
    DocumentInfo,
    ExportCancelled,
    para,
    safe,
    styles,
    table,
    write_pdf,
)

INFO = DocumentInfo(title="Test report", author="Amara Okafor", organisation="Brighter Paths")
HOSTILE = '<b>Bo</b> & "Co" <img src="/etc/passwd"/> \x07bell'


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_safe_prints_markup_literally() -> None:
    assert safe(HOSTILE) == (
        "&lt;b&gt;Bo&lt;/b&gt; &amp; &quot;Co&quot; &lt;img src=&quot;/etc/passwd&quot;/&gt; bell"
    )
    assert safe("line one\r\nline two") == "line one<br/>line two"


def test_a_pdf_with_hostile_text_and_every_kind_of_name(tmp_path: Path) -> None:
    names = ["Łukasz Wróbel", "Siân Ŵyn", "François Çelik", "Nguyễn Thị Hương", "Zoë"]
    s = styles()

    def story() -> list:
        return [
            para("A report", s.title),
            para(HOSTILE, s.body),
            table(["Name", "Count"], [[n, i] for i, n in enumerate(names)], numeric_from=1),
            PageBreak(),
            para("Second page", s.body),
        ]

    path = write_pdf(tmp_path / "out.pdf", INFO, story)
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    assert reader.metadata.title == "Test report"
    assert reader.metadata.author == "Amara Okafor"
    text = text_of(path)
    assert '<b>Bo</b> & "Co" <img src="/etc/passwd"/> bell' in text
    for name in names:
        assert name in text
    assert "page 1 of 2" in text and "page 2 of 2" in text
    assert "Brighter Paths" in text and "Confidential" in text
    fonts = {
        str(font.get("/BaseFont"))
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert all("DejaVu" in font for font in fonts), fonts


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    s = styles()
    target = tmp_path / "report.pdf"
    with pytest.raises(ExportCancelled):
        write_pdf(target, INFO, lambda: [para("x", s.body)], is_cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_leaves_no_file_and_keeps_an_old_one(tmp_path: Path, monkeypatch) -> None:
    s = styles()
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the old report")

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("peerdesk.reports.pdf_base.os.fsync", full)
    with pytest.raises(OSError):
        write_pdf(target, INFO, lambda: [para("x", s.body)])
    assert target.read_bytes() == b"the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_latin_text_keeps_its_letters_and_arabic_is_shaped(tmp_path: Path) -> None:
    from peerdesk.reports.pdf_base import needs_shaping

    s = styles()
    path = write_pdf(
        tmp_path / "names.pdf",
        INFO,
        lambda: [para("Administrator first floor staff", s.body), para("سلمى الحسن", s.body)],
    )
    text = text_of(path)
    assert "Administrator first floor staff" in text  # no ﬆ / ﬁ / ﬂ ligature characters
    assert not any(ch in text for ch in "\ufb00\ufb01\ufb02\ufb05\ufb06")
    assert needs_shaping("سلمى") and not needs_shaping("Łukasz Nguyễn")
