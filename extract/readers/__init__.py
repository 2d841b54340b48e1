"""Readers: the text of a file that is not plain text (DOCX, PDF, HTML).

Each reader takes the file's bytes and returns its text as lines, the way a person would
copy it out: paragraphs and list items one per line with their numbering written out, table
rows one per line with " | " between cells. The loader cleans that text like any other, and
the spans of the output point into it (it is saved as `source.text`).
"""

from __future__ import annotations

from typing import Callable

from . import docx, html, pdf

Reader = Callable[[bytes, int], str]  # (data, max_bytes) → text; ReadError says why not

READERS: dict[str, Reader] = {"docx": docx.read, "pdf": pdf.read, "html": html.read}
