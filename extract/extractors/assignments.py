"""Agency assignments: which agency a plan's implementation section gives which tasks.

The implementation section ("Tổ chức thực hiện", "Phân công trách nhiệm") is read sentence
by sentence. A sentence that opens with agencies starts a group: a heading "1. Sở Y tế", an
inline "Sở Y tế: Chủ trì …", prose "Sở Y tế chủ trì …", also after an opener ("Đề nghị …",
"Giao …", "Căn cứ Kế hoạch này, …"). The sentences after it are the group's tasks until the
next group or the end of its numbered item. Every agency of a group is one assignment.

Agencies are read by a small grammar over tokens that spaCy's PhraseMatcher tags with the
vocabulary of data/agencies.toml: a known agency ("UBND", "Hội LHPN"), a head and a known
domain ("Sở" + "LĐ-TB&XH"), a head and a capitalised name (an agency the vocabulary does not
know: "Sở Ngoại vụ"), or a collective body ("các sở, ban, ngành liên quan"); then an optional
suffix ("tỉnh", "các xã, thị trấn", "cấp huyện", a place name), kept as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, repeat
from typing import Iterator, NamedTuple, Optional

import regex
from spacy.attrs import LOWER
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..data import load as load_data
from ..load import Text
from ..models import Assignment, Section, Span
from ..segment import Outline, section_kind
from ..sentences import sentence_spans
from ..textnorm import normalize
from . import register

WORD = regex.compile(r"\w+|[^\w\s]")
WORD_SPLIT = regex.compile(rf"({WORD.pattern})")  # white space, word, white space, …, white space
# The characters on which re reads \w and \s as regex does (a test checks every one): a text
# made of these only is cut into the same words by re, which does it 1.5x faster.
READ_ALIKE = (r"\x00-\x1b\x20-\xb1\xb4-\xb8\xba\xbb\xbf-\u02ff\u1e00-\u1eff\u2000-\u200b\u200e-\u203e"
              r"\u2041-\u2053\u2055-\u206f\u2190-\u245f\u2500-\u2775\u2794-\u27ff")
READ_OTHERWISE = re.compile(rf"[^{READ_ALIKE}]")
FAST_WORD_SPLIT = re.compile(WORD_SPLIT.pattern)
DASHES = "–—‐‑−"  # read as "-"
BULLET = regex.compile(r"[-+•–—]\s*")
NEWLINE = regex.compile(r"\n")
TERMINAL = ".;:!?…"  # a line ending otherwise was cut mid-sentence: the next line goes on with it
LONG_TITLE_WORDS = 15  # a heading line this long without final punctuation is body text cut short
SEPARATORS = {",", ";", "và", "cùng"}
NO_SPACE_BEFORE = {",", ";", ":", ".", ")", "/"}
LEVEL_RANK = {"commune": 0, "district": 1, "province": 2, "national": 3}
MAX_LOWER_WORDS = 4  # lower-case words an unknown agency's name may run on in prose ("Ban Quản lý dự án")
WINDOW = 12  # tokens matched together from the first one the grammar asks for a phrase at
MATCHED_WINDOW = b"\x01" * WINDOW
MAX_CONDITION_COMMAS = 8  # commas of a "Căn cứ …," clause tried as the place where the agencies begin
# The labels of the phrases a subject can begin with (an opener or an agency); "các" begins the others
OPENING_LABELS = ("REQUESTED", "ORDERED", "IN_HEADING", "TOPIC", "CONDITION", "POSITION", "AGENCY", "HEAD")


class Entry(NamedTuple):
    """What a vocabulary phrase stands for."""

    name: str
    level: Optional[str] = None  # the level the phrase itself tells
    weak: Optional[str] = None  # a level that holds unless the document is of a lower one
    proper: bool = False  # a head whose name is a proper name ("Báo Quảng Nam")
    owner: bool = False  # a body written after the agencies it owns ("Ban Tuyên giáo Tỉnh ủy")
    head: Optional[str] = None  # a collective noun's head before a list of domains ("Các Sở: Y tế, …")


class Tag(NamedTuple):
    end: int  # token index after the phrase
    entry: Entry


class Mention(NamedTuple):
    """An agency named in the text: tokens [start, end)."""

    start: int
    end: int
    name: str
    level: Optional[str]
    weak: Optional[str]
    shaped: bool = False  # found by shape, not in the vocabulary: its end is a guess


@dataclass
class Vocabulary:
    vocab: Vocab
    matcher: PhraseMatcher
    entries: dict[tuple[str, tuple[str, ...]], Entry]
    labels: dict[int, str]  # the matcher's match id → its label
    lexemes: dict[str, int]  # the lower-case form of a phrase word → that word's spaCy id
    no_phrase: int  # the spaCy id of a word that no phrase holds
    first_words: dict[str, frozenset[str]]  # label → the lower-case first words of its phrases
    longest: int  # the most words a phrase has
    opening_words: frozenset[str]  # the first words of the phrases of OPENING_LABELS, and "các"
    requested_openers: tuple[str, ...]
    closing_openers: tuple[str, ...]
    not_predicates: frozenset[str]
    implementation_titles: frozenset[str]
    indicator: regex.Pattern

    def matches(self, lower: list[str]) -> list[tuple[int, int, int]]:
        """The matcher's (match id, first token, token after) over words written in lower
        case. It compares lower-case forms only, so each word is handed to it as the phrase
        word of that form, or as a word no phrase holds: spaCy neither hashes the words of
        the text nor adds them to its vocabulary."""
        return self.matcher(Doc(self.vocab, words=list(map(self.lexemes.get, lower, repeat(self.no_phrase)))))


@dataclass
class Tokens:
    """Tokens of a stretch of the clean text. The vocabulary phrases starting at a token are
    matched when the grammar first asks for one there: it asks at few places (a sentence's
    first words, what follows "phối hợp"), so most of the text is never matched."""

    starts: list[int]
    words: list[str]
    lower: list[str]
    vocabulary: Vocabulary
    phrase_ends: dict[str, dict[int, int]] = field(init=False)  # label → token → end of its longest phrase there
    matched: bytearray = field(init=False)  # 1 at the tokens whose phrases are in phrase_ends (and WINDOW more)

    def __post_init__(self) -> None:
        self.phrase_ends = {label: {} for label in self.vocabulary.first_words}
        self.matched = bytearray(len(self.words) + WINDOW)

    def tag(self, i: int, label: str) -> Optional[Tag]:
        """The longest phrase of a label that starts at token i."""
        # no phrase of the label begins with the word: most questions end here, unmatched
        if i >= len(self.lower) or self.lower[i] not in self.vocabulary.first_words[label]:
            return None
        if not self.matched[i]:
            self._match(i)
        end = self.phrase_ends[label].get(i)
        return None if end is None else Tag(end, self.vocabulary.entries[(label, tuple(self.lower[i:end]))])

    def _match(self, first: int) -> None:
        """The phrases that start at the WINDOW tokens from `first`: the matcher reads them and as
        many words after them as a phrase may have, so that none starting there is cut short."""
        last = first + WINDOW
        self.matched[first:last] = MATCHED_WINDOW
        vocabulary = self.vocabulary
        for match_id, start, after in vocabulary.matches(self.lower[first:last + vocabulary.longest - 1]):
            start += first
            if start >= last:
                continue  # may be cut short by the window's end
            label = vocabulary.labels[match_id]
            if label == "PLACE" and not self.words[start][0].isupper():
                continue  # place names are capitalised; "an phú" in lower case is not one
            ends = self.phrase_ends[label]
            if ends.get(start, 0) < after + first:
                ends[start] = after + first

    def tagged(self, label: str, first: int, last: int) -> list[Tag]:
        """The phrases of a label that start at tokens [first, last), in order."""
        words = self.lower[first:last]
        first_words = self.vocabulary.first_words[label]
        if first_words.isdisjoint(words):
            return []  # most stretches: a set test in C, not a question per token
        return [tag for k, word in enumerate(words, first) if word in first_words and (tag := self.tag(k, label))]

    def find(self, word: str, first: int, last: int) -> int:
        """The first token `word` in [first, last), or `last`."""
        try:
            return self.words.index(word, first, last)
        except ValueError:
            return last

    def end(self, i: int) -> int:
        """The clean-text position after token i."""
        return self.starts[i] + len(self.words[i])

    def capitalised(self, i: int) -> bool:
        return i < len(self.words) and self.words[i][0].isupper()

    def index(self, pos: int) -> int:
        """The first token that starts at or after the clean-text position `pos`."""
        return bisect_left(self.starts, pos)


@dataclass
class Group:
    """Agencies named together, and the sentences that give them their tasks."""

    mentions: list[Mention]
    role: str
    section: Section
    sentences: list[Span] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    lead_in: bool = False  # "Các đơn vị thực hiện các nhiệm vụ sau:": no group unless a task follows


def _words(phrase: str) -> list[str]:
    return WORD.findall(_unify_dashes(phrase))


def _unify_dashes(text: str) -> str:
    # str.replace of the dashes there are: 20x faster than a regex sub of all of them
    for dash in DASHES:
        if dash in text:
            text = text.replace(dash, "-")
    return text


@lru_cache(maxsize=None)
def _vocabulary() -> Vocabulary:
    """The matcher over data/agencies.toml and the place names, built once per process."""
    data = load_data("agencies.toml")
    words = data["words"]
    phrases: dict[str, list[tuple[str, Entry]]] = {}

    def add(label: str, phrase: str, entry: Entry) -> None:
        phrases.setdefault(label, []).append((phrase, entry))

    for head in data["head"]:
        entry = Entry(head["name"], head.get("level"), head.get("weak"), proper=head.get("proper", False))
        add("HEAD", head["name"], entry)
    for label, key in (("DOMAIN", "domain"), ("AGENCY", "agency"), ("COLLECTIVE", "collective")):
        for item in data[key]:
            entry = Entry(item["name"], item.get("level"), item.get("weak"), owner=item.get("owner", False),
                          head=item.get("head"))
            for phrase in [item["name"], *item.get("variants", [])]:
                add(label, phrase, entry)
    for unit, level in data["units"].items():
        add("UNIT", unit, Entry(unit, level or None))
    openers = data["openers"]
    lists = {"QUALIFIER": words["qualifiers"], "POSITION": words["positions"], "PREDICATE": words["predicate_words"],
             "PARTNER": words["partner_verbs"], "REQUESTED": openers["requested"], "ORDERED": openers["ordered"],
             "IN_HEADING": openers["in_headings"], "TOPIC": openers["topics"], "CONDITION": openers["conditions"]}
    for label, listed in lists.items():
        for phrase in listed:
            add(label, phrase, Entry(phrase))
    for place in _place_names(words["places"]):
        add("PLACE", place, Entry(place))

    # The matcher compares lower-case forms only, so its vocabulary needs no language
    # (spacy.blank would resolve a config and load every spaCy plug-in): only LOWER, made
    # by str.lower as the grammar's `Tokens.lower` is.
    vocab = Vocab(lex_attr_getters={LOWER: str.lower})
    matcher = PhraseMatcher(vocab, attr="LOWER")
    entries: dict[tuple[str, tuple[str, ...]], Entry] = {}
    lexemes: dict[str, int] = {}
    for label, items in phrases.items():
        patterns = []
        for phrase, entry in items:
            phrase_words = _words(phrase)
            entries.setdefault((label, tuple(w.lower() for w in phrase_words)), entry)
            patterns.append(Doc(vocab, words=phrase_words))
            lexemes.update((token.lower_, token.orth) for token in patterns[-1])
        matcher.add(label, patterns)
    indicator_words = "|".join(regex.escape(w) for w in words["indicator_words"])
    indicator = regex.compile(
        rf"(?:{indicator_words})\s+(?:số\s+)?(\d{{1,3}}(?!\d)(?:\s*(?:,|;|và|-|đến)\s*(?:số\s+)?\d{{1,3}}(?!\d))*)",
        regex.IGNORECASE,
    )
    first_words = {label: frozenset(phrase[0] for (of, phrase) in entries if of == label) for label in phrases}
    return Vocabulary(
        vocab=vocab,
        matcher=matcher,
        entries=entries,
        labels={vocab.strings[label]: label for label in phrases},
        lexemes=lexemes,
        no_phrase=vocab[" "].orth,  # a token is never white space
        first_words=first_words,
        longest=max(len(phrase) for _, phrase in entries),
        opening_words=frozenset().union(*(first_words[label] for label in OPENING_LABELS)) | {"các"},
        requested_openers=tuple(normalize(o) for o in openers["requested"]),
        closing_openers=tuple(normalize(o) for o in words["closing_openers"]),
        not_predicates=frozenset(words["not_predicates"]),
        implementation_titles=frozenset(normalize(t) for t in words["implementation_titles"]),
        indicator=indicator,
    )


def _place_names(extra: list[str]) -> list[str]:
    units = load_data("admin_units.json")
    names = set(extra)
    for unit in units["provinces"]:
        names.update([unit["name"], *unit.get("aliases", [])])
    names.update(unit["name"] for unit in units["districts"])
    return sorted(names)


def _tokens(clean: str, start: int, end: int) -> Tokens:
    """Tokens of clean[start:end]."""
    text = _unify_dashes(clean[start:end])
    pieces = (WORD_SPLIT if READ_OTHERWISE.search(text) else FAST_WORD_SPLIT).split(text)
    words = pieces[1::2]
    starts = list(accumulate(map(len, pieces[:-1]), initial=start))[1::2]
    return Tokens(starts, words, list(map(str.lower, words)), _vocabulary())


# --- the agency grammar -------------------------------------------------------------------


def _render(t: Tokens, start: int, end: int, capitalise: bool = True) -> str:
    """Tokens as text: vocabulary phrases in canonical form, dashes spaced, punctuation attached."""
    out: list[str] = []
    i = start
    while i < end:
        known = t.tag(i, "DOMAIN") or t.tag(i, "AGENCY")
        if known and known.end <= end and _abbreviated(t, i, known):
            piece, i = known.entry.name, known.end
        else:
            piece, i = t.words[i], i + 1
        out.append(piece)
    text = "".join(piece if _glued(out, k) else " " + piece for k, piece in enumerate(out))
    return text[:1].upper() + text[1:] if capitalise else text


def _glued(pieces: list[str], k: int) -> bool:
    """Whether pieces[k] is written without a space before it: punctuation, "&", and a dash
    between acronyms ("GDNN-GDTX"); any other dash is spaced ("Tài chính - Kế hoạch")."""
    piece, previous = pieces[k], pieces[k - 1] if k else ""
    if k == 0 or piece in NO_SPACE_BEFORE or piece == "&" or previous in ("(", "&"):
        return True
    if piece == "-":
        return _acronym(previous) and k + 1 < len(pieces) and _acronym(pieces[k + 1])
    return previous == "-" and k > 1 and _acronym(pieces[k - 2]) and _acronym(piece)


def _abbreviated(t: Tokens, i: int, known: Tag) -> bool:
    """Whether a phrase is written otherwise than its canonical name ("VH-TT&TT"), not only
    in another case ("các cơ sở giáo dục" keeps its lower case)."""
    return t.lower[i:known.end] != [w.lower() for w in _words(known.entry.name)]


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _suffix(t: Tokens, k: int, stop: int) -> tuple[int, Optional[str]]:
    """End and level of a suffix at token k: "tỉnh", "huyện Tân Yên", "cấp xã", "các xã, thị
    trấn", "các cấp", a place name. No suffix: (k, None)."""
    unit = _unit(t, k, stop)
    if unit:
        end = unit.end
        place = t.tag(end, "PLACE")
        return (place.end if place and place.end <= stop else end), unit.entry.level
    owner = t.tag(k, "AGENCY")
    if owner and owner.entry.owner and owner.end <= stop:
        return owner.end, owner.entry.level
    if t.lower[k] == "cấp" and (unit := _unit(t, k + 1, stop)):
        return unit.end, unit.entry.level
    if t.lower[k] == "các" and k + 1 < stop:
        if t.lower[k + 1] == "cấp":
            return k + 2, None
        unit = _unit(t, k + 1, stop)
        if unit:
            level, end = unit.entry.level, unit.end
            while end + 1 < stop and t.words[end] in (",", "và") and (more := _unit(t, end + 1, stop)):
                end = more.end
            return _qualifiers(t, end, stop), level
    place = t.tag(k, "PLACE")
    if place and place.end <= stop:
        return place.end, None
    return k, None


def _unit(t: Tokens, k: int, stop: int) -> Optional[Tag]:
    unit = t.tag(k, "UNIT")
    if unit is None or unit.end > stop or not t.words[k][0].islower():
        return None  # "Tỉnh" is the start of "Tỉnh ủy", "Tỉnh đoàn"
    if t.lower[k] == "xã" and unit.end < len(t.words) and t.lower[unit.end] == "hội":
        return None  # "xã hội" is society, not a commune
    return unit


def _qualifiers(t: Tokens, k: int, stop: int) -> int:
    while k < stop and (qualifier := t.tag(k, "QUALIFIER")) and qualifier.end <= stop:
        k = qualifier.end
    return k


def _known(t: Tokens, i: int, stop: int) -> Optional[tuple[int, Entry]]:
    """A vocabulary agency, or a head followed by a known domain: the longest."""
    found: list[tuple[int, Entry]] = []
    agency = t.tag(i, "AGENCY")
    if agency and agency.end <= stop:
        found.append((agency.end, agency.entry))
    head = t.tag(i, "HEAD")
    domain = t.tag(head.end, "DOMAIN") if head else None
    if head and domain and domain.end <= stop:
        found.append((domain.end, Entry(f"{head.entry.name} {domain.entry.name}", head.entry.level, head.entry.weak)))
    return max(found, key=lambda f: f[0]) if found else None


def _shaped(t: Tokens, i: int, stop: int, bounded: bool) -> Optional[tuple[int, Entry]]:
    """An agency the vocabulary does not know, by its shape: a capitalised head and a
    capitalised name ("Sở Ngoại vụ", "Báo Sóc Trăng", "Trung tâm GDNN-GDTX")."""
    head = t.tag(i, "HEAD")
    if head is None or not t.capitalised(i) or _acronym(t.words[i]) or head.end >= stop \
            or not t.words[head.end][0].isalnum() or not t.capitalised(head.end):
        return None  # an upper-case head is a table's column title ("CƠ QUAN CHỦ TRÌ")
    k = _phrase_end(t, head.end)
    lower_words = 0
    while k < stop and _suffix(t, k, stop)[0] == k:
        word = t.words[k]
        if word in ("-", "&") and t.capitalised(k + 1) and k + 1 < stop:
            k = _phrase_end(t, k + 1)
        elif t.lower[k] == "và" and t.capitalised(k + 1) and k + 1 < stop and not _starts_agency(t, k + 1):
            k = _phrase_end(t, k + 1)
        elif t.capitalised(k) and word.isalnum():
            k = _phrase_end(t, k)  # "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam": one name
        elif word.isalpha() and word.islower() and not head.entry.proper and not t.tag(k, "PREDICATE") \
                and (bounded or lower_words < MAX_LOWER_WORDS):
            k, lower_words = k + 1, lower_words + 1
        else:
            break
    return k, Entry(_render(t, i, k), head.entry.level, head.entry.weak)


def _phrase_end(t: Tokens, k: int) -> int:
    """After the vocabulary phrase (domain, agency, place) at k, or after the token k."""
    known = t.tag(k, "DOMAIN") or t.tag(k, "AGENCY") or t.tag(k, "PLACE")
    return known.end if known else k + 1


def _starts_agency(t: Tokens, k: int) -> bool:
    return bool(t.tag(k, "AGENCY") or (t.tag(k, "HEAD") and t.capitalised(k)) or t.tag(k, "POSITION"))


def _collective(t: Tokens, i: int, stop: int) -> Optional[tuple[int, Entry]]:
    """"các" + nouns + qualifiers: "Các sở, ban, ngành, cơ quan liên quan", "các sở ngành có
    liên quan", "các tổ chức thành viên khác"."""
    if t.lower[i] != "các" or not (noun := t.tag(i + 1, "COLLECTIVE")) or noun.end > stop:
        return None
    position = t.tag(i + 1, "POSITION")
    if position and position.end > noun.end:
        return None  # "các Bộ trưởng" are people, not "các Bộ"
    level, weak, k = noun.entry.level, noun.entry.weak, noun.end
    while k < stop:
        joined = k + 1 if t.words[k] in (",", "và") else k
        more = t.tag(joined, "COLLECTIVE")
        if more is None or more.end > stop or (joined == k and t.tag(k, "PREDICATE")):
            break  # "các sở, ngành tổ chức …": a verb, not a third noun
        level, weak, k = level or more.entry.level, weak or more.entry.weak, more.end
    k = _qualifiers(t, k, stop)
    return k, Entry(_render(t, i, k), level, weak)


def _agency_at(t: Tokens, i: int, stop: int, bounded: bool) -> Optional[Mention]:
    """The agency named at token i, ending by token `stop`, with its suffix."""
    if i >= stop:
        return None
    position = t.tag(i, "POSITION")
    if position and position.end < stop:  # "Thủ trưởng các sở" is an order to the sở
        found = _agency_at(t, position.end, stop, bounded)
        if found:
            return found
    known = _known(t, i, stop) or _collective(t, i, stop)
    core = known or _shaped(t, i, stop, bounded)
    if core is None:
        return None
    end, entry = core
    suffix_end, suffix_level = _suffix(t, end, stop) if end < stop else (end, None)
    shaped = known is None
    if suffix_end == end:
        return Mention(i, end, entry.name, entry.level, entry.weak, shaped)
    name = f"{entry.name} {_render(t, end, suffix_end, capitalise=False)}"
    return Mention(i, suffix_end, name, suffix_level or entry.level, entry.weak, shaped)


def _elliptic(t: Tokens, i: int, stop: int) -> list[Mention]:
    """"Các Sở: Y tế, Giáo dục và Đào tạo" names "Sở Y tế" and "Sở Giáo dục và Đào tạo"."""
    noun = t.tag(i + 1, "COLLECTIVE") if i < stop and t.lower[i] == "các" else None
    if noun is None or noun.entry.head is None:
        return []
    k = noun.end
    if k < stop and t.words[k] == ":":
        k += 1
    mentions: list[Mention] = []
    while (domain := t.tag(k, "DOMAIN")) and domain.end <= stop:
        entry = noun.entry
        mentions.append(Mention(k, domain.end, f"{entry.head} {domain.entry.name}", entry.level, entry.weak))
        k = domain.end + 1
        if domain.end >= stop or t.words[domain.end] not in SEPARATORS:
            break
    return mentions if len(mentions) > 1 else []


def _chain(t: Tokens, i: int, stop: int, bounded: bool) -> list[Mention]:
    """Agencies named one after another: "Sở Tài chính, Sở Kế hoạch và Đầu tư", "UBND
    các huyện; các đơn vị liên quan", "các Sở: Y tế, Tài chính"."""
    mentions: list[Mention] = []
    while True:
        found = _elliptic(t, i, stop)
        if not found:
            mention = _agency_at(t, i, stop, bounded)
            found = [mention] if mention else []
        if not found:
            return mentions
        mentions += found
        k = found[-1].end
        if k >= stop or t.words[k] not in SEPARATORS:
            return mentions
        i = k + 1
        if i < stop and t.lower[i] == "và":
            i += 1  # ", và"


# --- subjects: the agencies a sentence opens with ---------------------------------------


class Subject(NamedTuple):
    mentions: list[Mention]
    end: int  # token after the agencies (at the colon of "Agency: tasks")
    role: Optional[str]  # set by an opener ("Đề nghị" → requested, "Giao" → lead)


def _subject(t: Tokens, a: int, b: int, heading: bool) -> Optional[Subject]:
    """The agencies that sentence tokens [a, b) open with, after an opener if any. A heading
    may name agencies only; any other sentence must go on with their task."""
    if a >= b or t.lower[a] not in _vocabulary().opening_words:
        return None  # most sentences: a task, which no phrase that begins a subject begins
    role, topic = None, False
    opener = _opener(t, a, ("REQUESTED", "ORDERED", "IN_HEADING", "TOPIC"))
    if opener and opener.end < b:
        role = "requested" if t.tag(a, "REQUESTED") else "lead"
        topic = bool(t.tag(a, "TOPIC"))
        a = opener.end
    starts = [a]
    if _opener(t, a, ("CONDITION",)):  # "Căn cứ vào Kế hoạch này, UBND các huyện …"
        clause_end = t.find(";", a, b)
        starts += [k + 1 for k in range(a, clause_end) if t.words[k] == ","][:MAX_CONDITION_COMMAS]
    for start in starts:
        subject = _read_subject(t, start, b, heading, topic)
        if subject:
            return _handed_on(t, subject, b, heading) if _hands_on(t, subject) else subject._replace(role=role)
    return None


def _opener(t: Tokens, a: int, labels: tuple[str, ...]) -> Optional[Tag]:
    """An opener at token a, unless it begins a longer verb ("Theo dõi" is not "Theo")."""
    opener = next((tag for label in labels if (tag := t.tag(a, label))), None)
    if opener is None:
        return None
    verb = t.tag(a, "PREDICATE")
    return None if verb and verb.end > opener.end else opener


def _hands_on(t: Tokens, subject: Subject) -> bool:
    """Whether the agencies hand the task on: "UBND tỉnh giao …", "Chính phủ trân trọng đề nghị …"."""
    return not t.capitalised(subject.end) and _handing_verb(t, subject.end) is not None


def _handing_verb(t: Tokens, k: int) -> Optional[Tag]:
    return t.tag(k, "REQUESTED") or t.tag(k, "ORDERED") or t.tag(k, "IN_HEADING")


def _handed_on(t: Tokens, subject: Subject, b: int, heading: bool) -> Optional[Subject]:
    """The agencies a task is handed on to; None when they cannot be read."""
    verb = _handing_verb(t, subject.end)
    onward = _read_subject(t, verb.end, b, heading, False)
    role = "requested" if t.tag(subject.end, "REQUESTED") else "lead"
    return onward._replace(role=role) if onward else None


def _read_subject(t: Tokens, a: int, b: int, heading: bool, topic: bool) -> Optional[Subject]:
    while b > a and t.words[b - 1] in (".", ";", ","):
        b -= 1  # "2. Sở Y tế." names its agency as well as "2. Sở Y tế"
    listed = _elliptic(t, a, b)  # the colon of "Các Sở: Y tế, …" is inside the agencies
    colon = t.find(":", listed[-1].end if listed else a, b)
    mentions = _chain(t, a, colon, bounded=True)  # a heading, or "Agency: tasks"
    if mentions and mentions[-1].end == colon and (colon < b or heading):
        return Subject(mentions, colon, None)
    if topic:
        return None
    mentions = _chain(t, a, b, bounded=False)
    if mentions and _opens_predicate(t, mentions[-1], b):
        return Subject(mentions, mentions[-1].end, None)
    return None


def _opens_predicate(t: Tokens, last: Mention, b: int) -> bool:
    """Whether what follows the agencies in running text is what they are to do. After an
    agency found by shape only a known verb tells where its name ends."""
    k = last.end
    if k < b and t.words[k] in ("(", "-"):
        return True
    if k < b and t.words[k] == ",":
        k += 1
    if k >= b or t.lower[k] in _vocabulary().not_predicates:
        return False
    if t.tag(k, "PREDICATE"):
        return True
    return not last.shaped and t.words[k].isalpha() and t.words[k].islower()


# --- walking the implementation section ---------------------------------------------------


def implementation_sections(outline: Outline) -> list[Section]:
    """Top-level sections of kind implementation; below a part ("PHẦN II", "B."), sections
    whose title says implementation; inside a plan's section of another kind, a sub-section
    titled like one ("III. GIẢI PHÁP VÀ TỔ CHỨC THỰC HIỆN" → "2. Tổ chức thực hiện")."""
    titles = _vocabulary().implementation_titles
    return [found for section in outline.sections for found in _implementation_in(section, None, titles)]


# Functions of the module, not closures of implementation_sections: a closure that calls
# itself is a reference cycle, which would hold the outline until the collector's next pass.
def _implementation_in(section: Section, parent: Optional[Section], titles: frozenset[str]) -> Iterator[Section]:
    if section.style == "article":
        return  # an adopting decision's articles order its publication, not the plan
    if _is_implementation(section, parent, titles):
        yield section
    elif parent is None or section.style == "part" or parent.style == "part":
        for child in section.children:
            yield from _implementation_in(child, section, titles)


def _is_implementation(section: Section, parent: Optional[Section], titles: frozenset[str]) -> bool:
    if parent is None:
        return section.kind == "implementation"
    if parent.style == "part":
        return section_kind(section.title) == "implementation"
    return normalize(section.title) in titles


def _subsections(section: Section) -> Iterator[Section]:
    """The sections inside `section`, in the order of the text. Only these: a plan's outline
    (an adopting decision's too) may hold far more sections than its implementation section."""
    for child in section.children:
        yield child
        yield from _subsections(child)


def _parents(section: Section) -> dict[str, Section]:
    """Section id → its parent, inside `section`."""
    return {child.id: parent for parent in (section, *_subsections(section)) for child in parent.children}


def _descends(section: Section, ancestor: Section) -> bool:
    return section.id == ancestor.id or section.id.startswith(ancestor.id + "/")


def _lines(clean: str, start: int, end: int):
    pos = start
    for line in clean[start:end].split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def _cut_short(t: Tokens, start: int, end: int, heading: bool, names_agencies: bool) -> bool:
    """Whether a line stops mid-sentence, so that the next line goes on with it: body text
    without final punctuation, or a heading line that ends in a word wanting more ("báo
    cáo", "của", ",") or runs long. A heading naming agencies ("1. Sở Y tế") is complete."""
    first, last = t.index(start), t.index(end) - 1
    if last < first or t.words[last] in TERMINAL:
        return False
    if not heading:
        return True
    if names_agencies:
        return False
    tail = tuple(t.lower[max(first, last - 1):last + 1])
    wants_more = t.words[last] == "," or t.lower[last] in _vocabulary().not_predicates or any(
        ("PREDICATE", tail[k:]) in _vocabulary().entries for k in range(len(tail)))
    return wants_more or last - first + 1 > LONG_TITLE_WORDS


class _Reader:
    """Reads one implementation section, line by line and sentence by sentence, into groups."""

    def __init__(self, text: Text, section: Section, tokens: Tokens):
        self.clean, self.section, self.t = text.clean, section, tokens
        self.parents = _parents(section)
        self.groups: list[Group] = []
        self.assigned: set[str] = set()  # agencies already given tasks in this section
        self.item: list[Group] = []  # the groups of the item being read; the last one named latest
        self.inside = section  # the innermost section of the line being read

    def read(self) -> list[Group]:
        titles, skipped = self._title_lines()
        open_line = False  # the previous line stopped mid-sentence: this one goes on with it
        for start, end in _lines(self.clean, self.section.heading_span[1], self.section.span[1]):
            if start == end or start in skipped:
                continue
            heading, content = titles.get(start, (None, start))
            if heading is not None:
                self._enter(heading)
            else:
                bullet = BULLET.match(self.clean, start, end)
                content = bullet.end() if bullet else start
            continues = open_line and heading is None and content == start
            groups_before = len(self.groups)
            for n, (a, b) in enumerate(sentence_spans(self.clean, min(content, end), end)):
                self._sentence(a, b, heading if n == 0 else None, continues and n == 0)
            open_line = _cut_short(self.t, content, end, heading is not None, len(self.groups) > groups_before)
        return [g for g in self.groups if not (g.lead_in and len(g.sentences) == 1)]

    def _title_lines(self) -> tuple[dict[int, tuple[Section, int]], set[int]]:
        """Line start → the sub-section whose title begins on it and where the title starts;
        and the lines to skip: a label alone ("1." with its title below) and the second line
        of a broken title."""
        titles: dict[int, tuple[Section, int]] = {}
        skipped: set[int] = set()
        for sub in _subsections(self.section):
            title_start, title_end = sub.title_span or sub.heading_span
            line = self.clean.rfind("\n", 0, title_start) + 1
            titles[line] = (sub, title_start)
            if line != sub.heading_span[0]:
                skipped.add(sub.heading_span[0])
            skipped.update(m.end() for m in NEWLINE.finditer(self.clean, title_start, title_end))
        return titles, skipped

    def _enter(self, heading: Section) -> None:
        self.inside = heading
        if self.item and not _descends(heading, self.item[0].section):
            self.item = []  # a new item: the groups' tasks are over

    def _sentence(self, a: int, b: int, heading: Optional[Section], continues: bool) -> None:
        sentence = self.clean[a:b]
        if self._closing(sentence, a, heading):
            self.item = []
            return
        subject = None
        if not (continues or self._outside_items()):
            subject = _subject(self.t, self.t.index(a), self.t.index(b), heading is not None)
        if subject is None:
            self._task(a, b, sentence, continues)
            return
        names = {normalize(m.name) for m in subject.mentions}
        if heading is None and names <= self.assigned:
            # agencies given tasks already: a closing paragraph, or the item's own agency again
            if not (self.item and names == {normalize(m.name) for m in self.item[-1].mentions}):
                self.item = []
            self._task(a, b, sentence, False)
            return
        role = subject.role or ("requested" if self._requested(self.inside) else "lead")
        agency_colon = subject.end < len(self.t.words) and self.t.words[subject.end] == ":"
        lead_in = heading is None and sentence.rstrip().endswith(":") and not agency_colon
        group = Group(subject.mentions, role, self.inside, [(a, b)], lead_in=lead_in)
        task = _subject_task(self.clean, self.t, subject, a, b)
        if task:
            group.tasks.append(task)
        self.item = [group] if heading is not None else self.item + [group]
        self.groups.append(group)
        self.assigned |= names

    def _closing(self, sentence: str, a: int, heading: Optional[Section]) -> bool:
        """The plan's closing words, which give nobody a task: "Trên đây là Kế hoạch …", and an
        unnumbered "Yêu cầu các sở, ban, ngành … nghiêm túc thực hiện"."""
        if normalize(sentence).startswith(_vocabulary().closing_openers):
            return True
        return heading is None and _opener(self.t, self.t.index(a), ("IN_HEADING",)) is not None

    def _outside_items(self) -> bool:
        """Whether the line is a paragraph of a section that has numbered items, outside
        them: a lead-in or a general paragraph, whose agencies the items assign."""
        return self.inside is self.section and bool(self.section.children)

    def _task(self, a: int, b: int, sentence: str, continues: bool) -> None:
        """A sentence without its own agency is a task of every group of its item; a line
        that goes on with the sentence before it is joined to that task."""
        for group in self.item:
            group.sentences.append((a, b))
            if continues and group.tasks:
                group.tasks[-1] = f"{group.tasks[-1]} {sentence}"
            else:
                group.tasks.append(sentence)

    def _requested(self, inside: Section) -> bool:
        """Whether the numbered item holding a sentence asks rather than orders ("12. Đề nghị …")."""
        openers = _vocabulary().requested_openers
        node: Optional[Section] = inside
        while node is not None and node.id != self.section.id:
            if normalize(node.title).startswith(openers):
                return True
            node = self.parents.get(node.id)
        return False


def _subject_task(clean: str, t: Tokens, subject: Subject, a: int, b: int) -> Optional[str]:
    """The task a subject sentence states itself: what follows "Agency:", the whole sentence
    in prose, nothing after a heading that names agencies only."""
    k = subject.end
    if k >= len(t.words) or t.starts[k] >= b:
        return None
    if t.words[k] == ":":
        return clean[t.end(k):b].strip() or None
    return None if t.words[k] in TERMINAL else clean[a:b]


# --- from groups to assignments ---------------------------------------------------------


def _partners(t: Tokens, group: Group) -> list[str]:
    """Agencies after "phối hợp với" in the group's sentences, other than its own."""
    own = {normalize(m.name) for m in group.mentions}
    partners: list[str] = []
    for a, b in group.sentences:
        first, last = t.index(a), t.index(b)
        for verb in t.tagged("PARTNER", first, last):
            if verb.end <= last:
                for mention in _chain(t, verb.end, last, bounded=False):
                    key = normalize(mention.name)
                    if key not in own and mention.name not in partners:
                        partners.append(mention.name)
    return partners


def _indicator_numbers(clean: str, group: Group) -> list[int]:
    """"các chỉ tiêu 1, 2, 8, 9" → [1, 2, 8, 9]; "chỉ tiêu 3 đến 5" → [3, 4, 5]."""
    numbers: list[int] = []
    for a, b in group.sentences:
        for match in _vocabulary().indicator.finditer(clean, a, b):
            listed = regex.split(r"\s*(,|;|và|-|đến)\s*(?:số\s+)?", match.group(1))
            values, joins = [int(v) for v in listed[0::2]], listed[1::2]
            for i, value in enumerate(values):
                if i and joins[i - 1] in ("-", "đến") and values[i - 1] < value <= values[i - 1] + 50:
                    numbers.extend(range(values[i - 1] + 1, value + 1))
                else:
                    numbers.append(value)
    return list(dict.fromkeys(numbers))


def _document_level(groups: list[Group]) -> Optional[str]:
    """The level of the plan, from the levels its assigned agencies state."""
    for attribute in ("level", "weak"):
        levels = [getattr(m, attribute) for g in groups for m in g.mentions if getattr(m, attribute)]
        if levels:
            return max(levels, key=LEVEL_RANK.__getitem__)
    return None


def _agency_level(mention: Mention, document: Optional[str]) -> Optional[str]:
    level = mention.level
    if level is None and mention.weak:
        below = document and LEVEL_RANK[document] < LEVEL_RANK[mention.weak]
        level = document if below else mention.weak  # a commune's "Phòng Kinh tế" is the commune's
    level = level or document
    return None if level == "national" else level


def _assignments(clean: str, t: Tokens, groups: list[Group], first_id: int) -> list[Assignment]:
    document = _document_level(groups)
    out: list[Assignment] = []
    for group in groups:
        partners = _partners(t, group)
        numbers = _indicator_numbers(clean, group)
        for mention in group.mentions:
            start, end = t.starts[mention.start], t.end(mention.end - 1)
            out.append(Assignment(
                id=f"a{first_id + len(out)}",
                section_id=group.section.id,
                span=(start, end),
                agency=mention.name,
                agency_level=_agency_level(mention, document),
                role=group.role,
                tasks=group.tasks,
                indicator_numbers=numbers,
                partners=partners,
            ))
    return out


@register("assignments")
def extract_assignments(text: Text, outline: Outline, found: dict) -> list[Assignment]:
    """One assignment per agency per group in each implementation section."""
    out: list[Assignment] = []
    for section in implementation_sections(outline):
        t = _tokens(text.clean, section.heading_span[1], section.span[1])
        groups = _Reader(text, section, t).read()
        out.extend(_assignments(text.clean, t, groups, len(out) + 1))
    return out
