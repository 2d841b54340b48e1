"""Mutated seed documents for the property tests and scripts/fuzz.py: what a batch of real
files does to the text (lines lost, doubled or out of order, stray bytes, markdown where it
does not belong, diacritics stripped by an old tool)."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))
MARKDOWN = ["**", "*", "_", "#", "## ", "\\", "|", "- ", "> ", "`", "***", "# 1. ", "**I.** "]


def _lines(text: str, rng: random.Random) -> list[str]:
    lines = text.split("\n")
    return lines if lines else [""]


def delete_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text, rng)
    start = rng.randrange(len(lines))
    del lines[start:start + rng.randint(1, 20)]
    return "\n".join(lines)


def duplicate_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text, rng)
    start = rng.randrange(len(lines))
    piece = lines[start:start + rng.randint(1, 20)]
    at = rng.randrange(len(lines) + 1)
    return "\n".join(lines[:at] + piece + lines[at:])


def shuffle_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text, rng)
    start = rng.randrange(len(lines))
    piece = lines[start:start + rng.randint(2, 40)]
    rng.shuffle(piece)
    return "\n".join(lines[:start] + piece + lines[start + len(piece):])


def insert_markdown(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 30)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(MARKDOWN))
    return "".join(chars)


def strip_diacritics(text: str, rng: random.Random) -> str:
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def cut(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


TEXT_MUTATIONS = [delete_lines, duplicate_lines, shuffle_lines, insert_markdown, strip_diacritics, cut]


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        at = rng.randrange(len(out) + 1)
        if rng.random() < 0.5 and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        else:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(out)


def mutate(seed: int) -> tuple[str, bytes]:
    """(seed file name, mutated bytes) for a case number: the same case, the same bytes."""
    rng = random.Random(seed)
    source = rng.choice(SEEDS)
    text = source.read_text(encoding="utf-8")
    for mutation in rng.sample(TEXT_MUTATIONS, rng.randint(1, 3)):
        text = mutation(text, rng)
    data = text.encode("utf-8")
    if rng.random() < 0.3:
        data = random_bytes(data, rng)
    return source.name, data
