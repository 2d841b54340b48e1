"""The review page, rendered in a real browser (Debian's headless chromium): highlights of
every item type, outline and table links that lead to their places in the text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract.cli import main
from extract.pipeline import extract_file

from .conftest import CORPUS, SEEDS

SEED = CORPUS / f"{SEEDS[4]}.txt"
COLOURS = {"target": (0xFF, 0xE0, 0x8A), "deadline": (0xB9, 0xE6, 0xFF), "citation": (0xD7, 0xC6, 0xF5),
           "assignment": (0xBF, 0xF0, 0xC2), "link target outline": (0xE4, 0x57, 0x2E)}


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium before the tests")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


def run_chromium(tmp_path: Path, *args: str, height: int = 900) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", f"--window-size=1280,{height}"]
    return subprocess.run([chromium(), *flags, *args], capture_output=True, timeout=120, text=True)


class Elements(HTMLParser):
    """Ids, links and highlight classes of a rendered DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.ids, self.links, self.classes = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.links.append(attrs["href"][1:])
        if tag == "span" and "hl" in (attrs.get("class") or "").split():
            self.classes.append(attrs["class"])


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    result = CliRunner().invoke(main, ["review", str(SEED), "-o", str(folder / "review.html")])
    assert result.exit_code == 0, result.output
    return folder / "review.html"


def pixels(png: Path) -> set[tuple[int, int, int]]:
    from PIL import Image

    return {colour for _, colour in Image.open(png).convert("RGB").getcolors(maxcolors=1 << 24)}


def test_the_rendered_page_has_every_highlight_and_every_link_lands(page, tmp_path):
    dom = run_chromium(tmp_path, "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    elements = Elements()
    elements.feed(dom.stdout)
    document = extract_file(SEED)
    counted = {kind: sum(kind in c.split() for c in elements.classes) for kind in ("target", "deadline", "citation", "assignment")}
    assert all(counted.values()), counted
    anchors = {i for i in elements.ids if re.match(r"(target|deadline|citation|assignment|sec)-", i)}
    assert {f"target-{t.id}" for t in document.targets} <= anchors
    assert {f"sec-{s.id}" for s in document.iter_sections()} <= anchors
    assert len(elements.links) >= len(document.targets) + len(list(document.iter_sections()))
    assert set(elements.links) <= elements.ids  # every table and outline link has its place


def test_the_screenshot_shows_the_highlights_and_a_followed_link(page, tmp_path):
    top = tmp_path / "top.png"
    shot = run_chromium(tmp_path, f"--screenshot={top}", page.as_uri())
    assert shot.returncode == 0 and top.is_file(), shot.stderr[-2000:]
    seen = pixels(top)
    for kind in ("target", "citation"):  # both are in the first screen of this plan
        assert COLOURS[kind] in seen, kind
    # A link followed: the page opened at a deadline's anchor marks it (CSS :target) with a
    # colour used nowhere else. (Headless screenshots start at the top of the page, so this
    # one is as tall as the page.)
    followed = tmp_path / "followed.png"
    run_chromium(tmp_path, f"--screenshot={followed}", page.as_uri() + "#deadline-d3", height=16000)
    seen = pixels(followed)
    assert COLOURS["deadline"] in seen and COLOURS["link target outline"] in seen
    plain = tmp_path / "plain.png"
    run_chromium(tmp_path, f"--screenshot={plain}", page.as_uri(), height=16000)
    assert COLOURS["link target outline"] not in pixels(plain)
