"""Message marking for gettext.

Domain code never translates: it marks message ids with :func:`N_` so that
``pybabel extract`` finds them, and the edge (dialogs, channels) translates them in
the client's language with :func:`gettext_for`.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "lt", "pl", "sq", "de", "ru")
DEFAULT_LANGUAGE = "en"


def N_(message: str) -> str:
    """Mark a message id for extraction without translating it."""
    return message


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog for ``language`` (English text when there is none)."""
    return gettext.translation(
        "messages", localedir=LOCALE_DIR, languages=[language], fallback=True
    )


def gettext_for(language: str, message: str) -> str:
    """Translate ``message`` into ``language``."""
    return translations(language).gettext(message)


def ngettext_for(language: str, singular: str, plural: str, n: int) -> str:
    """Translate a message with plural forms into ``language``."""
    return translations(language).ngettext(singular, plural, n)
