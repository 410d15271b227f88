"""Checking what a client types as name, e-mail and phone."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email

MAX_NAME = 100


def clean_name(text: str) -> str | None:
    """A person's name, or None when the text cannot be one."""
    name = " ".join(text.split())
    if not 2 <= len(name) <= MAX_NAME or not any(ch.isalpha() for ch in name):
        return None
    if name.startswith("/") or "@" in name or sum(ch.isdigit() for ch in name) > 2:
        return None
    return name


def clean_email(text: str) -> str | None:
    """The normalized address, or None (no network look-up)."""
    try:
        return validate_email(text.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def clean_phone(text: str, region: str | None) -> str | None:
    """The number in E.164, read with the business's country as default region."""
    try:
        number = phonenumbers.parse(text.strip(), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def region_of(phone: str) -> str | None:
    """The country of a business's own phone number ('LT' for +370…)."""
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(phone, None))
    except phonenumbers.NumberParseException:
        return None
