"""The language a client asks for ("speak Polish", "po polsku", "по-русски", "auf
Deutsch", "anglisht", "lietuviškai"), named in any of the six languages and their
inflections.

Some of these words mean other things elsewhere ("nail polish", "a rush"), so the
interpreter looks for them only in a request to change the language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bot.nlu.folding import fold_mapped

# Folded word forms, by language code. Each alternative is a whole word (a \w* tail
# allows the case endings that follow).
_NAMES: Final[dict[str, str]] = {
    "en": r"english|engl\w*|angl\w*|англ\w*|po angielsku",
    "lt": r"lithuanian|lietuv\w*|litew\w*|po litewsku|litau\w*|lituan\w*|литов\w*",
    "pl": r"polish|polsk\w*|po polsku|lenk\w*|polni\w*|polon\w*|польск\w*|по-польски",
    "sq": r"albanian|alban\w*|po albansku|shqip\w*|албан\w*|по-албански",
    "de": (
        r"german|deutsch\w*|vokie\w*|vokisk\w*|niemieck\w*|niemiec\w*|po niemiecku|"
        r"gjerman\w*|немец\w*|немецк\w*|по-немецки"
    ),
    "ru": (
        r"russian|rusu|rusų|rusisk\w*|rusisz\w*|rosyjsk\w*|po rosyjsku|russisch\w*|"
        r"rusisht\w*|русск\w*|по-русски|русский"
    ),
}
_PATTERN: Final = re.compile(
    "|".join(rf"(?P<{code}>(?<![\w-])(?:{forms})(?![\w-]))" for code, forms in _NAMES.items())
)


@dataclass(frozen=True, slots=True)
class LanguageMention:
    start: int  # offsets into the original text
    end: int
    code: str  # en, lt, pl, sq, de or ru


def extract_languages(text: str) -> list[LanguageMention]:
    """The six languages named in ``text``, left to right."""
    folded = fold_mapped(text)
    found = []
    for match in _PATTERN.finditer(folded.text):
        assert match.lastgroup is not None
        start, end = folded.span(match.start(), match.end())
        found.append(LanguageMention(start, end, match.lastgroup))
    return found
