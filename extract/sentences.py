"""Sentences of the clean text, as spans, from underthesea's sentence splitter.

A sentence never crosses a line break: in the clean text a line is a paragraph, a heading
or a list item, so the text is cut into lines first and each line split with underthesea.
"""

from __future__ import annotations

import regex
from underthesea import sent_tokenize

from .models import Span

SENTENCE_MARKS = ".?!"
# A mark the splitter may cut at: any but a "." between two digits ("1.500", "15.12"),
# which it never cuts at. (\d is narrower than str.isdigit, which it tests: that only
# sends more lines to the splitter.)
CUTTABLE_MARK = regex.compile(r"[?!]|(?<!\d)\.|\.(?!\d)")


def _locate(line: str, sentence: str, cursor: int) -> Span | None:
    start = line.find(sentence, cursor)
    if start >= 0:
        return start, start + len(sentence)
    words = sentence.split()  # the splitter may have changed white space
    if not words:
        return None
    m = regex.compile(r"\s+".join(regex.escape(w) for w in words)).search(line, cursor)
    return (m.start(), m.end()) if m else None


def _split(line: str) -> list[str]:
    """underthesea's sentences of a line. It cuts only at ".", "?" and "!", and never at a
    "." between digits, so a line with no other mark before its end is one sentence: most
    lines, answered without calling it."""
    stripped = line.strip()
    if not CUTTABLE_MARK.search(stripped.rstrip(SENTENCE_MARKS)):
        return [stripped]
    return sent_tokenize(line)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of the sentences in text[start:end], in order."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    pos = start
    for line in text[start:end].split("\n"):
        if line.strip():
            cursor = 0
            for sentence in _split(line):
                found = _locate(line, sentence.strip(), cursor)
                if found:
                    spans.append((pos + found[0], pos + found[1]))
                    cursor = found[1]
        pos += len(line) + 1
    return spans
