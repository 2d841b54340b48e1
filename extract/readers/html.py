"""HTML: the text of a page's document body, without navigation, scripts and styles;
block elements one per line, table rows one per line with " | " between cells."""

from __future__ import annotations

import regex

from .common import ReadError

DROPPED = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "iframe", "svg"]
BLOCKS = ["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "pre", "dd", "dt",
          "center", "address", "figcaption", "caption", "main"]
BLANK_LINES = regex.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")


def read(data: bytes, max_bytes: int) -> str:
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "html.parser")  # detects the charset from the bytes and <meta>
    except Exception as error:  # the parser is lenient; this is a last resort
        raise ReadError(f"is not readable HTML ({type(error).__name__}: {error})")
    for tag in soup.find_all(DROPPED):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    for table in root.find_all("table"):
        rows = [" | ".join(" ".join(cell.get_text(" ").split()) for cell in row.find_all(["td", "th"]))
                for row in table.find_all("tr")]
        table.replace_with("\n" + "\n".join(r for r in rows if r.strip(" |")) + "\n")
    for br in root.find_all("br"):
        br.replace_with("\n")
    for block in root.find_all(BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    text = root.get_text("")
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    return BLANK_LINES.sub("\n\n", text).strip() + "\n"
