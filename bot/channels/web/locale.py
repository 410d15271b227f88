"""Which language a web request gets: ``?lang=``, then ``Accept-Language``, then English."""

from __future__ import annotations

from babel import Locale, negotiate_locale
from starlette.requests import HTTPConnection

from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES


def request_language(request: HTTPConnection) -> str:
    """The client's language among the six, from the query or the browser's header."""
    asked = request.query_params.get("lang", "")
    if asked in LANGUAGES:
        return asked
    header = request.headers.get("accept-language", "")
    preferred = []
    for part in header.split(","):
        tag = part.split(";")[0].strip().replace("-", "_")
        if tag:
            preferred.append(tag)
    chosen = negotiate_locale(preferred, list(LANGUAGES), sep="_")
    if chosen is None:
        # "lt_LT" against "lt": compare the language part only
        for tag in preferred:
            language = Locale.parse(tag, sep="_").language if "_" in tag else tag
            if language in LANGUAGES:
                return language
        return DEFAULT_LANGUAGE
    return chosen
