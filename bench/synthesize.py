"""Plan documents for benchmarks, made by varying the seeds in corpus/.

Each synthetic plan is a seed with the items under each top-level section shuffled and
renumbered ("1.", "2.", … or "a)", "b)", … in their new order), and the seed's province and
district names replaced by other real ones from extract/data/admin_units.json. They read
like real plans (the pipeline finds sections, targets, citations and assignments in them),
so a benchmark on them times the work a researcher's archive would cause.

    python -m bench.synthesize bench/data/synthetic-2000 -n 2000 --seed 1
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import regex

from extract.data import load as load_data
from extract.labels import LETTER_ORDER
from extract.pipeline import extract_file

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


@dataclass
class Block:
    """A top-level section: its text before the first item, and its items' texts."""

    intro: str
    items: list[str]
    styles: set[str]


@dataclass
class Template:
    """A seed cut into pieces that can be put together again in another order."""

    head: str
    blocks: list[Block]
    tail: str
    province: str | None
    district: str | None


def _piece(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def template(path: Path) -> Template:
    document = extract_file(path)
    original = path.read_text(encoding="utf-8")
    sections = document.sections
    blocks = []
    for section in sections:
        start, end = section.span
        children = section.children
        if not children:
            blocks.append(Block(_piece(original[start:end]), [], set()))
            continue
        starts = [c.span[0] for c in children] + [end]
        items = [_piece(original[a:b]) for a, b in zip(starts, starts[1:])]
        blocks.append(Block(original[start:starts[0]], items, {c.style for c in children}))
    head = original[: sections[0].span[0]] if sections else original
    tail = original[sections[-1].span[1]:] if sections else ""
    return Template(head, blocks, tail, document.metadata.province, document.metadata.district)


def _label(style: str, index: int) -> str:
    return str(index + 1) if style == "arabic" else LETTER_ORDER[index % len(LETTER_ORDER)]


def _renumber(item: str, style: str, index: int) -> str:
    """Give the item's heading its new label, keeping markdown and the separator."""
    if style == "arabic":
        return regex.sub(r"^([\s#*]*)\d{1,3}(?=\s*[.)\-])", lambda m: m.group(1) + _label(style, index), item, count=1)
    return regex.sub(r"^([\s#*]*)[a-zđ](?=[).])", lambda m: m.group(1) + _label(style, index), item, count=1)


def _places() -> list[tuple[str, list[str]]]:
    units = load_data("admin_units.json")
    districts: dict[str, list[str]] = {}
    for district in units["districts"]:
        districts.setdefault(district["province"], []).append(district["name"])
    return [(p["name"], districts.get(p["name"], [])) for p in units["provinces"] if districts.get(p["name"])]


def compose(seed: Template, rng: random.Random, places: list[tuple[str, list[str]]]) -> str:
    parts = [seed.head]
    for block in seed.blocks:
        parts.append(block.intro)
        items = list(block.items)
        if len(block.styles) == 1 and (style := next(iter(block.styles))) in ("arabic", "letter"):
            rng.shuffle(items)
            items = [_renumber(item, style, i) for i, item in enumerate(items)]
        parts.extend(items)
    parts.append(seed.tail)
    text = "".join(parts)
    province, districts = rng.choice(places)
    if seed.province:
        text = text.replace(seed.province, province)
    if seed.district:
        text = text.replace(seed.district, rng.choice(districts))
    return text


def synthesize(n: int, seed: int = 1) -> Iterator[tuple[str, str]]:
    """(name, text) of n plans, the same for the same seed."""
    rng = random.Random(seed)
    templates = [template(path) for path in SEEDS]
    places = _places()
    for i in range(n):
        source = templates[i % len(templates)]
        yield f"plan_{i:05d}_{SEEDS[i % len(SEEDS)].stem[:3]}", compose(source, rng, places)


def write_corpus(folder: Path, n: int, seed: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in synthesize(n, seed):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", type=int, default=2000, help="how many plans (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_corpus(args.folder, args.n, args.seed)
    print(f"wrote {args.n} plans to {args.folder}")


if __name__ == "__main__":
    main()
