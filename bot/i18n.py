"""Message marking for gettext.

Domain code never translates: it marks message ids with :func:`N_` so that
``pybabel extract`` finds them, and the edge (dialogs, channels) translates them in
the client's language with :func:`gettext_for`.
"""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "lt", "pl", "sq", "de", "ru")
DEFAULT_LANGUAGE = "en"


def N_(message: str) -> str:
    """Mark a message id for extraction without translating it."""
    return message


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalog of ``language`` (English text where it has none).

    Read from the ``.po`` file itself, compiled in memory: a fresh clone needs no
    compile step, and no compiled file can be older than its source. Fuzzy entries
    are left out, as ``msgfmt`` would.
    """
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if language not in LANGUAGES or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def gettext_for(language: str, message: str) -> str:
    """Translate ``message`` into ``language``."""
    return translations(language).gettext(message)
