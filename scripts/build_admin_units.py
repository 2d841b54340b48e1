"""Build extract/data/admin_units.json: Vietnam's provinces and districts, before and after 1 July 2025.

Developer-time only: the tool reads the JSON file, never this script.

Source: the data files shipped in the PyPI package `vietnam-provinces` (codes of the
General Statistics Office), read straight from the wheels, which are not installed:
  - 0.6.0 (January 2025): the 63 old provinces with their districts and wards;
  - 2025.10.1: the 34 provinces of Nghị quyết 202/2025/QH15 with their wards (no districts).
The 2025 merger mapping is derived from that data: the new wards reuse old ward codes, so
the old ward codes found in a new province tell which old provinces it absorbed. Every old
province must land in exactly one new province, and a few well-known pairs are checked.

Output fields, all strings NFC with modern tone placement ("Hòa", "Thủy"):
  provinces: name (no type word), type ("tỉnh"/"thành phố"), full_name, aliases (every other
    spelling to match, the bare name included), until / merged_into (units merged away on
    1 July 2025, or renamed earlier), since (units created on 1 July 2025).
  districts (as of January 2025): name, type, full_name, province (old short name).
    Numbered urban districts keep their type word as name ("Quận 1").

Re-run from the repository root (needs pip and access to PyPI):
    python scripts/build_admin_units.py
"""

import json
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from extract.textnorm import modern_tones  # noqa: E402

OLD_VERSION, NEW_VERSION = "0.6.0", "2025.10.1"
OUT = ROOT / "extract" / "data" / "admin_units.json"
MERGED_ON, LAST_DAY = "2025-07-01", "2025-06-30"

TYPE_WORDS = ("Thành phố", "Thị xã", "Tỉnh", "Huyện", "Quận")

# Not in either data set under its long-time name: Tỉnh Thừa Thiên Huế became the
# centrally-run Thành phố Huế on 1 January 2025 (Nghị quyết 1314/NQ-UBTVQH15).
# (name, type, until, became)
RENAMED = [("Thừa Thiên Huế", "tỉnh", "2024-12-31", "Huế")]

# Spellings seen in documents that the generic rules below do not produce.
EXTRA_ALIASES = {
    "Hồ Chí Minh": ["TP.HCM", "TP. HCM", "TP HCM", "TPHCM", "Tp.HCM"],
    "Hà Nội": ["Thủ đô Hà Nội"],
    "Bà Rịa - Vũng Tàu": ["Bà Rịa – Vũng Tàu", "Bà Rịa-Vũng Tàu"],
    "Thừa Thiên Huế": ["Thừa Thiên - Huế"],
    "Đắk Lắk": ["Đắc Lắc", "Đăk Lăk"],
    "Đắk Nông": ["Đăk Nông"],
    "Bắc Kạn": ["Bắc Cạn"],
}

# Sanity check of the derived mapping against Nghị quyết 202/2025/QH15.
KNOWN_MERGERS = {"Hà Giang": "Tuyên Quang", "Bắc Giang": "Bắc Ninh", "Quảng Nam": "Đà Nẵng",
                 "Sóc Trăng": "Cần Thơ", "Hậu Giang": "Cần Thơ", "Bình Dương": "Hồ Chí Minh"}

# Modern tone on an open "oa", "oe", "uy" (not after "q"), in NFD: letter, tone mark, letter.
MODERN_TONE = regex.compile(
    r"(?<![qQ])([oO][\u0300\u0301\u0303\u0309\u0323][aAeE]|[uU][\u0300\u0301\u0303\u0309\u0323][yY])(?![\p{L}\p{Mn}])")


def old_tones(text: str) -> str:
    """The old-style spelling, for aliases: "Hòa" → "Hoà", "Thủy" → "Thuỷ"."""
    nfd = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", MODERN_TONE.sub(lambda m: m[0][0] + m[0][2] + m[0][1], nfd))


def clean(text: str) -> str:
    return modern_tones(unicodedata.normalize("NFC", " ".join(text.split())))


def split_type(full_name: str, default: str | None = None) -> tuple[str, str]:
    """"Tỉnh Tuyên Quang" → ("tỉnh", "Tuyên Quang"); the type word's case varies in the data."""
    for word in TYPE_WORDS:
        if full_name.lower().startswith(word.lower() + " "):
            return word.lower(), full_name[len(word) + 1:]
    assert default, f"no type word in {full_name!r}"
    return default, full_name


def load_divisions(version: str, tmp: str) -> list[dict]:
    """Download the wheel of vietnam-provinces==version and read its nested-divisions.json."""
    dest = Path(tmp) / version
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    f"vietnam-provinces=={version}", "-d", str(dest)], check=True)
    (wheel,) = dest.glob("vietnam_provinces-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        return json.loads(zf.read("vietnam_provinces/data/nested-divisions.json"))


def province_entry(name: str, type_: str, until=None, merged_into=None, since=None) -> dict:
    bases = {name, old_tones(name)}
    aliases = set(bases) | set(EXTRA_ALIASES.get(name, []))
    if type_ == "thành phố":
        aliases |= {f"{prefix}{base}" for base in bases for prefix in ("TP. ", "TP ", "TP.", "Tp. ")}
    full_name = f"{type_.capitalize()} {name}"
    return {"name": name, "type": type_, "full_name": full_name, "aliases": sorted(aliases - {full_name}),
            "until": until, "merged_into": merged_into, "since": since}


def build(old: list[dict], new: list[dict]) -> dict:
    new_names = {clean(p["name"]): split_type(clean(p["name"]), "tỉnh") for p in new}  # full name → (type, name)
    new_of_ward = {w["code"]: new_names[clean(p["name"])][1] for p in new for w in p["wards"]}

    provinces, districts = {}, []
    for p in old:
        type_, name = split_type(clean(p["name"]))
        codes = [w["code"] for d in p["districts"] for w in d["wards"]]
        targets = Counter(new_of_ward[c] for c in codes if c in new_of_ward)
        assert len(targets) == 1, f"{name} is split over {dict(targets)}"
        (target,) = targets
        merged = target != name
        provinces[name] = province_entry(name, type_, LAST_DAY if merged else None, target if merged else None)
        for d in p["districts"]:
            d_type, d_name = split_type(clean(d["name"]))
            full_name = f"{d_type.capitalize()} {d_name}"
            districts.append({"name": full_name if d_name.isdigit() else d_name, "type": d_type,
                              "full_name": full_name, "province": name})

    for type_, name in new_names.values():
        if name not in provinces:  # a name first used on 1 July 2025
            provinces[name] = province_entry(name, type_, since=MERGED_ON)
        else:  # a surviving unit keeps its type
            assert provinces[name]["type"] == type_, name
    for name, type_, until, became in RENAMED:
        provinces[name] = province_entry(name, type_, until, became)

    merged_into = {p["name"]: p["merged_into"] for p in provinces.values() if p["until"] == LAST_DAY}
    for old_name, new_name in KNOWN_MERGERS.items():
        assert merged_into[old_name] == new_name, (old_name, merged_into[old_name])
    return {"source": f"PyPI vietnam-provinces {OLD_VERSION} (to 30 June 2025) and {NEW_VERSION} (from 1 July 2025),"
                      " built by scripts/build_admin_units.py",
            "provinces": sorted(provinces.values(), key=lambda p: p["name"]),
            "districts": sorted(districts, key=lambda d: (d["province"], d["name"], d["type"]))}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        old, new = load_divisions(OLD_VERSION, tmp), load_divisions(NEW_VERSION, tmp)
    assert (len(old), len(new)) == (63, 34), (len(old), len(new))
    data = build(old, new)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    provinces = data["provinces"]
    print(f"{OUT.relative_to(ROOT)}: {len(provinces)} provinces"
          f" ({sum(p['until'] is None for p in provinces)} current,"
          f" {sum(p['until'] == LAST_DAY for p in provinces)} merged away on {MERGED_ON}),"
          f" {len(data['districts'])} districts")


if __name__ == "__main__":
    main()
