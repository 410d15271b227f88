"""Text folding: what the NLU compares instead of the text as typed.

Clients often type without diacritics ("as noriu" for "aš noriu", "neser" for "nesër",
"spater" for "später"), so the NLU works on *folded* text: lower case, diacritics
dropped (``ł`` → ``l``, ``ß`` → ``ss``), Cyrillic kept as it is except ``ё`` → ``е``.
Folding keeps the text's length for most characters; :func:`fold_mapped` gives, for
each folded character, the index of the character it came from, so that entity
offsets found in folded text point back into the original.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_SPECIAL = {"ł": "l", "ß": "ss", "ø": "o", "đ": "d", "æ": "ae", "œ": "oe", "ё": "е"}


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    out: list[str] = []
    for ch in char.lower():
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif "\u0400" <= ch <= "\u04ff":  # Cyrillic: keep й and the like
            out.append(ch)
        else:
            out.extend(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return "".join(out)


def fold(text: str) -> str:
    """``text`` lowercased, without diacritics (Cyrillic kept, ``ё`` → ``е``)."""
    return "".join(_fold_char(c) for c in text)


def fold_mapped(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        chars.append(folded)
        origin.extend([index] * len(folded))
    return "".join(chars), origin
