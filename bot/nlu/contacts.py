"""E-mail addresses and phone numbers in a text.

Phone numbers are found and normalized by phonenumbers (E.164), reading numbers
written without a country code with the business's country as the default region
("8 612 34567" in Vilnius is +37061234567).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import phonenumbers
from email_validator import EmailNotValidError, validate_email

_EMAIL: Final = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGITS: Final = re.compile(r"\d(?:[\s().-]{0,2}\d){6,}")


@dataclass(frozen=True, slots=True)
class Contact:
    entity: str  # "email" or "phone"
    value: str  # the normalized address, or the number in E.164
    start: int
    end: int


def find_contacts(text: str, region: str | None = None) -> list[Contact]:
    """The e-mail addresses and phone numbers in ``text``, left to right."""
    found: list[Contact] = []
    masked = text
    for match in _EMAIL.finditer(text):
        try:
            address = validate_email(match.group(), check_deliverability=False).normalized
        except EmailNotValidError:
            continue
        found.append(Contact("email", address, match.start(), match.end()))
        masked = (
            masked[: match.start()] + " " * (match.end() - match.start()) + masked[match.end() :]
        )
    if any(ch.isdigit() for ch in masked):
        for phone in phonenumbers.PhoneNumberMatcher(
            masked, region or "ZZ", leniency=phonenumbers.Leniency.VALID
        ):
            number = phonenumbers.format_number(phone.number, phonenumbers.PhoneNumberFormat.E164)
            found.append(Contact("phone", number, phone.start, phone.end))
    return sorted(found, key=lambda c: c.start)
