"""Text folding: what the NLU compares instead of the text as typed.

The classifier, the name finder and the entity rules match *folded* text, so that a
client who types "as noriu" and one who types "aš noriu" are read alike: lower case,
diacritics dropped (``ą`` → ``a``, ``ł`` → ``l``, ``ë`` → ``e``, ``ç`` → ``c``,
``ü`` → ``u``, ``ß`` → ``ss``), Cyrillic kept as it is except ``ё`` → ``е``,
typographic apostrophes and dashes made plain. A character may fold to several
(``ß``) or to none (a combining accent), so the folded text keeps, for each of its
characters, the index of the original character it came from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Final

# Folds that Unicode decomposition does not do (ł, ß, …) or that must not happen
# (й would lose its breve under NFKD, so Cyrillic is handled apart).
_SPECIAL: Final[dict[str, str]] = {
    "ł": "l",
    "ß": "ss",
    "ø": "o",
    "đ": "d",
    "æ": "ae",
    "œ": "oe",
    "ı": "i",
    "ё": "е",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "´": "'",
    "`": "'",
    "–": "-",
    "—": "-",
    "‑": "-",
    "‒": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
}
_CACHE: dict[str, str] = {}


def _fold_char(char: str) -> str:
    folded = _CACHE.get(char)
    if folded is not None:
        return folded
    out: list[str] = []
    for ch in char.lower():
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif "\u0400" <= ch <= "\u04ff":
            out.append(ch)
        else:
            out.extend(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    folded = "".join(out)
    if len(_CACHE) < 8192:  # bounded: chat text uses few distinct characters
        _CACHE[char] = folded
    return folded


@dataclass(frozen=True, slots=True)
class Folded:
    """Folded text and the way back to the original."""

    original: str
    text: str
    origin: tuple[int, ...] | None  # origin[i]: original index of text[i]; None: the same

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the folded span ``[start, end)``."""
        if self.origin is None:
            return start, end
        if start >= end:
            position = self.origin[start] if start < len(self.origin) else len(self.original)
            return position, position
        first = self.origin[start]
        last = self.origin[end - 1] + 1
        # characters dropped right after the span (combining accents) belong to it
        last = max(last, self.origin[end]) if end < len(self.origin) else len(self.original)
        return first, last


def fold_mapped(text: str) -> Folded:
    """``text`` folded for matching, with the map back to it."""
    if text.isascii():
        # ASCII lowercases character for character; only the backtick needs a fold
        return Folded(text, text.lower().replace("`", "'"), None)
    chars: list[str] = []
    origin: list[int] = []
    same = True
    for index, char in enumerate(text):
        folded = _fold_char(char)
        if len(folded) == 1:
            chars.append(folded)
            origin.append(index)
        else:
            same = False
            for piece in folded:
                chars.append(piece)
                origin.append(index)
    return Folded(text, "".join(chars), None if same else tuple(origin))


def fold(text: str) -> str:
    """``text`` folded (lower case, no diacritics, plain apostrophes and dashes)."""
    return fold_mapped(text).text


def blank(text: str, start: int, end: int) -> str:
    """``text`` with ``[start, end)`` replaced by spaces: offsets stay, words go."""
    return text[:start] + " " * (end - start) + text[end:]
