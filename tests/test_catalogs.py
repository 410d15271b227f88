"""The gettext catalogs: complete in all six languages and current with the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import LANGUAGES, LOCALE_DIR, translations

REPO = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{\w+\}")


def _code_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        REPO / "bot", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_the_template_is_current_with_the_code() -> None:
    with (LOCALE_DIR / "messages.pot").open("rb") as source:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(source) if m.id}
    assert template == _code_messages(), "run scripts/update-catalogs"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        catalog = read_po(source, locale=language)
    code = _code_messages()
    translated = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert not message.fuzzy, f"{language}: fuzzy {ids[0]!r}"
        assert all(strings), f"{language}: untranslated {ids[0]!r}"
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= wanted | set(PLACEHOLDER.findall(ids[0])), (
                f"{language}: {text!r} has placeholders {ids[0]!r} lacks"
            )
        translated.add(ids[0])
    assert code <= translated, f"{language}: missing {sorted(code - translated)}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("lt", ["1 minutė", "2 minutės", "5 minutės", "10 minučių", "21 minutė", "22 minutės"]),
        ("pl", ["1 minuta", "2 minuty", "5 minut", "10 minut", "21 minut", "22 minuty"]),
        ("ru", ["1 минута", "2 минуты", "5 минут", "10 минут", "21 минута", "22 минуты"]),
        ("de", ["1 Minute", "2 Minuten", "5 Minuten", "10 Minuten", "21 Minuten", "22 Minuten"]),
        ("sq", ["1 minutë", "2 minuta", "5 minuta", "10 minuta", "21 minuta", "22 minuta"]),
        ("en", ["1 minute", "2 minutes", "5 minutes", "10 minutes", "21 minutes", "22 minutes"]),
    ],
)
def test_plural_forms_read_right(language: str, expected: list[str]) -> None:
    forms = [
        translations(language).ngettext("{n} minute", "{n} minutes", n).format(n=n)
        for n in (1, 2, 5, 10, 21, 22)
    ]
    assert forms == expected
