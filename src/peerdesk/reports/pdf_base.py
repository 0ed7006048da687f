"""What every PeerDesk PDF shares: A4, DejaVu Sans embedded, escaped user text, a header
with the organisation (and its logo), "page X of Y", PDF metadata, and an atomic write.

Builders make a story (a list of flowables) from plain data; ``write_pdf`` lays it out into a
temporary file beside the destination and moves it into place only when complete, so a
cancelled or failed export never leaves a half-written PDF.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from peerdesk.resources import resource_path

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
MARGIN = 18 * mm
INK = colors.HexColor("#1d2a24")
MUTED = colors.HexColor("#5b6661")
ACCENT = colors.HexColor("#2f6f55")
RULE = colors.HexColor("#d9dedb")
SHADE = colors.HexColor("#f1f3f2")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_registered = False

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


class ExportCancelled(Exception):
    """The user cancelled the export; nothing was written."""


def register_fonts() -> None:
    """Register DejaVu Sans (shipped in resources/fonts) once per process."""
    global _registered
    if _registered:
        return
    folder = resource_path("fonts")
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(folder / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC)
    _registered = True


def safe(text: object) -> str:
    """User text made safe for a Paragraph: printed literally, never read as markup.

    Control characters are dropped, ``< > &`` and quotes escaped, and line breaks kept.
    """
    cleaned = _CONTROL.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    escaped = escape(cleaned, {'"': "&quot;", "'": "&#39;"})
    return escaped.replace("\n", "<br/>")


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    figure: ParagraphStyle


def styles() -> Styles:
    register_fonts()

    def style(name: str, size: float, **extra: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": FONT,
            "fontSize": size,
            "leading": size * 1.3,
            "textColor": INK,
            "alignment": TA_LEFT,
        }
        base.update(extra)
        return ParagraphStyle(name, **base)

    return Styles(
        title=style("title", 24, fontName=FONT_BOLD, leading=30, spaceAfter=8),
        subtitle=style("subtitle", 13, textColor=MUTED, spaceAfter=4),
        heading=style("heading", 15, fontName=FONT_BOLD, spaceBefore=10, spaceAfter=6),
        subheading=style("subheading", 11.5, fontName=FONT_BOLD, spaceBefore=8, spaceAfter=4),
        body=style("body", 9.5, spaceAfter=4),
        small=style("small", 8, textColor=MUTED),
        cell=style("cell", 8.5),
        cell_bold=style("cell_bold", 8.5, fontName=FONT_BOLD),
        figure=style("figure", 20, fontName=FONT_BOLD, textColor=ACCENT, leading=24),
    )


# Scripts whose letters join or reorder (Arabic, Hebrew, Syriac, Thaana, Indic, Thai, …):
# only these are shaped, because shaping Latin text turns "st" and "fi" into ligature
# characters that break searching and copying the PDF's text.
_COMPLEX = re.compile("[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\ufb1d-\ufdff\ufe70-\ufeff]")
_shaped: dict[str, ParagraphStyle] = {}


def needs_shaping(text: str) -> bool:
    return bool(_COMPLEX.search(text))


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of user (or any) text, printed literally; Arabic and other joined
    scripts are shaped so their letters connect."""
    words = str(text)
    if needs_shaping(words):
        shaped = _shaped.get(style.name)
        if shaped is None:
            shaped = ParagraphStyle(f"{style.name}_shaped", parent=style, shaping=1)
            _shaped[style.name] = shaped
        style = shaped
    return Paragraph(safe(words), style)


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float] | None = None,
    *,
    numeric_from: int | None = None,
) -> Table:
    """A table with a shaded header row that repeats on each page; every cell escaped.

    Columns from ``numeric_from`` on are right-aligned.
    """
    s = styles()
    right = ParagraphStyle("cell_right", parent=s.cell, alignment=2)
    right_bold = ParagraphStyle("cell_right_bold", parent=s.cell_bold, alignment=2)

    def cell(value: object, column: int, bold: bool) -> Paragraph:
        numeric = numeric_from is not None and column >= numeric_from
        if bold:
            return para(value, right_bold if numeric else s.cell_bold)
        return para(value, right if numeric else s.cell)

    data = [[cell(h, i, True) for i, h in enumerate(header)]]
    data += [[cell(v, i, False) for i, v in enumerate(row)] for row in rows]
    result = Table(data, colWidths=list(widths) if widths else None, repeatRows=1)
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # else Helvetica lands in the file
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return result


@dataclass(frozen=True)
class DocumentInfo:
    """The PDF's metadata and what its header says."""

    title: str
    author: str  # who prepared it
    organisation: str
    subject: str = ""
    logo: Path | None = None
    confidential: bool = True


class _NumberedCanvas(Canvas):
    """Draws "page X of Y" once the page count is known (pages are kept until save)."""

    def __init__(self, *args: Any, info: DocumentInfo, **kwargs: Any) -> None:
        kwargs["initialFontName"] = FONT  # not Helvetica: every font is embedded
        kwargs["initialFontSize"] = 9
        super().__init__(*args, **kwargs)
        self._info = info
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # ReportLab's documented recipe

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        width, height = A4
        info = self._info
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        left = MARGIN
        if info.logo is not None and info.logo.is_file():
            try:
                self.drawImage(
                    str(info.logo),
                    MARGIN,
                    height - MARGIN + 2 * mm,
                    width=14 * mm,
                    height=9 * mm,
                    preserveAspectRatio=True,
                    mask="auto",
                )
                left += 16 * mm
            except OSError:
                pass  # an unreadable logo: the name alone
        self.drawString(left, height - MARGIN + 5 * mm, info.organisation)
        self.drawRightString(width - MARGIN, height - MARGIN + 5 * mm, info.title)
        self.setStrokeColor(RULE)
        self.line(MARGIN, height - MARGIN + 3 * mm, width - MARGIN, height - MARGIN + 3 * mm)
        self.line(MARGIN, MARGIN - 4 * mm, width - MARGIN, MARGIN - 4 * mm)
        if info.confidential:
            self.drawString(MARGIN, MARGIN - 8 * mm, "Confidential")
        self.drawRightString(
            width - MARGIN, MARGIN - 8 * mm, f"page {self.getPageNumber()} of {total}"
        )
        self.restoreState()


def write_pdf(
    destination: Path,
    info: DocumentInfo,
    build_story: Callable[[], list[Flowable]],
    *,
    progress: Progress | None = None,
    is_cancelled: IsCancelled | None = None,
) -> Path:
    """Lay out a fresh story into ``destination`` atomically; returns the path.

    Raises ExportCancelled when ``is_cancelled()`` turns true (checked while laying out
    each page); the destination is then left as it was.
    """
    register_fonts()
    destination = Path(destination)
    folder = destination.parent
    if not folder.is_dir():
        raise FileNotFoundError(2, "The folder does not exist", str(folder))
    handle, temporary = tempfile.mkstemp(
        prefix=f".{destination.stem}-", suffix=".pdf.partial", dir=folder
    )
    os.close(handle)
    partial = Path(temporary)
    pages = 0

    def on_page(_canvas: Canvas, _document: BaseDocTemplate) -> None:
        nonlocal pages
        pages += 1
        if is_cancelled is not None and is_cancelled():
            raise ExportCancelled("The export was cancelled; nothing was written.")
        if progress is not None:
            progress(pages, 0)

    try:
        document = BaseDocTemplate(
            str(partial),
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 4 * mm,
            bottomMargin=MARGIN + 2 * mm,
            title=info.title,
            author=info.author,
            subject=info.subject,
            creator="PeerDesk",
            producer="PeerDesk (ReportLab)",
        )
        frame = Frame(
            document.leftMargin,
            document.bottomMargin,
            document.width,
            document.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
        story = build_story()  # a fresh story: doc.build empties the list it is given
        if is_cancelled is not None and is_cancelled():
            raise ExportCancelled("The export was cancelled; nothing was written.")

        def canvas_maker(*args: Any, **kwargs: Any) -> _NumberedCanvas:
            return _NumberedCanvas(*args, info=info, **kwargs)

        document.build(story, canvasmaker=canvas_maker)
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return destination
