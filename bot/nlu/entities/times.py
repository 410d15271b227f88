"""Days and times of day in chat text, in English, Lithuanian, Polish, Albanian, German
and Russian: "tomorrow at 3", "rytoj 10 val.", "w piątek o 12", "të martën",
"übermorgen um 10 Uhr", "в пятницу в 12", "halb fünf", "pusę trijų", "12 marca".

How it reads
------------
Rules (regular expressions, compiled at import) run over *folded* text (see
:mod:`bot.nlu.folding`) in passes; each pass blanks what it took, so a later
pass cannot read the same characters again:

1. e-mail addresses, links, then phone numbers are blanked (never times);
2. dates: ``2027-03-12``, ``12.03.2027``, month names in the six languages in either
   order ("12 March", "kovo 12 d.", "12-го марта", "më 12 mars"), ranges ("from 5 to 8
   June": two mentions), a day of the month alone ("the 5th", "am 5.", "5-го числа",
   "na szesnastego", "më 5");
3. times of day: digits ("15:00", "15.00", "15h", "3pm", "10 val.", "um 10 Uhr"), an
   hour after a marker ("at 3", "o 12", "в 12", "në 10", "ora 10", "um 10"), number
   words ("at three", "o trzeciej", "trečią", "в пять", "në orën pesë"), halves and
   quarters ("half past two", "halb fünf", "pusę trijų", "wpół do trzeciej",
   "полтретьего", "tre e gjysmë") and ranges ("zwischen 16 und 18 Uhr");
4. short numeric dates left over ("12.03", "5.05");
5. days: relative ("today", "rytoj", "pojutrze", "pasnesër", "übermorgen",
   "послезавтра", "in 3 days", "за 3 дні"…) and weekdays in all their inflections,
   with "this" / "next" / "last";
6. parts of the day ("morning", "po pietų", "wieczorem", "nachmittags", "вечером",
   "në mbrëmje");
7. a bare hour right after a day ("šeštadienį 11").

Tokens that follow each other with only small words between them ("at", "um", ",",
"o"…) and do not clash (two days, two hours) make one mention: "tomorrow at 3",
"at 3 tomorrow", "w piątek o 12", "Dienstag, der 12. März, um 10:30".

Only when a cheap pattern says a date may be left (a number next to a month-like word
that the rules did not read, such as "12 wrz.") is :mod:`dateparser` asked, if it is
installed; it is slow (milliseconds a call) and misreads the forms the rules cover.

What the values mean
--------------------
- Values are aware datetimes in the business's zone ``tz``. A day without a time of
  day is 00:00 that day (grain ``"day"``); a time of day has grain ``"hour"`` or, when
  minutes were given (also "half past", "15:00"), ``"minute"``.
- Wall times are made through UTC so the offset is right across a DST change. A time
  that does not exist (02:00–03:00 in Vilnius on the last Sunday of March, or 03:00 to
  04:00 there: clocks jump 03:00 → 04:00) is read with the offset from before the jump
  and normalized: "03:30" that night becomes 04:30+03:00. A time that happens twice
  (the autumn night) is the first of the two (``fold=0``, summer time).
- An hour 1–7 without "am"/"pm" or a morning word is in the afternoon ("at 3" is
  15:00): nobody books at three at night. An hour written with a leading zero
  ("07:30") is on the 24-hour clock and kept. "8 vakare" (evening) is 20:00; "10 val.
  ryto" (morning) is 10:00.
- A part of the day alone gives a representative hour with grain ``"hour"``: morning
  09:00, noon / lunch 12:00, afternoon / after lunch 14:00, evening / after work 18:00,
  night 22:00.
- A time of day without a day is its next occurrence: today if still ahead, otherwise
  tomorrow.
- Weekdays prefer the future: a bare weekday or "this <weekday>" ("šį", "w ten",
  "diesen", "в эту", "këtë", "kommenden", "najbliższy") is its next occurrence; today
  only when a time of day (or part of the day) is given and still ahead today, so
  "Monday" said on a Monday morning is the Monday a week later, "Monday at 15:00"
  said then is today. "next <weekday>" ("kitą", "przyszły", "następny", "nächsten",
  "следующий", "tjetër", "e ardhshme") is that weekday in the following calendar week
  (weeks start on Monday): said on Monday 23 November, "next Friday" is 4 December.
  "last <weekday>" is that weekday in the previous calendar week.
- A date without a year is its next occurrence, today included ("12 March" said in
  November is next year's); a day of the month alone likewise (this month if the day
  is today or later, else the next month that has that day).
- Yesterday and "3 days ago" are read too (they are dates; the caller decides what a
  past date means).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from bot.nlu.folding import Folded, blank, fold_mapped


@dataclass(frozen=True, slots=True)
class TimeMention:
    """One day and/or time of day found in a text."""

    start: int  # character offsets into the ORIGINAL text (text[start:end] is the mention)
    end: int
    value: datetime  # aware, in `tz`; for a day without a time of day: 00:00 that day
    grain: str  # "day" (a date only), "hour" or "minute"


# --- number words -----------------------------------------------------------------------


def _words(spec: str) -> dict[str, int]:
    """``"one two three"`` → ``{"one": 1, "two": 2, "three": 3}``; ``"a/b"`` share a value."""
    out: dict[str, int] = {}
    for value, forms in enumerate(spec.split(), start=1):
        for form in forms.split("/"):
            out[form] = value
    return out


def _tens(spec: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for value, forms in zip((20, 30, 40, 50, 60, 70, 80, 90), spec.split(), strict=True):
        for form in forms.split("/"):
            if form != "-":
                out[form] = value
    return out


# 1..19 (folded, in the cases people write after "in", "for", "на", "o"…)
_UNITS_EN: Final = _words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_UNITS_DE: Final = _words(
    "eins/ein/eine/einen/einer/einem zwei drei vier funf/fuenf sechs sieben acht neun zehn "
    "elf zwolf/zwoelf dreizehn vierzehn funfzehn/fuenfzehn sechzehn siebzehn achtzehn "
    "neunzehn"
)
_UNITS_PL: Final = _words(
    "jeden/jedna/jedno/jednej/jedną dwa/dwie/dwoch/dwu/dwiema trzy/trzech/trzema "
    "cztery/czterech piec/pieciu szesc/szesciu siedem/siedmiu osiem/osmiu "
    "dziewiec/dziewieciu dziesiec/dziesieciu jedenascie/jedenastu dwanascie/dwunastu "
    "trzynascie/trzynastu czternascie/czternastu pietnascie/pietnastu szesnascie/szesnastu "
    "siedemnascie/siedemnastu osiemnascie/osiemnastu dziewietnascie/dziewietnastu"
)
_UNITS_LT: Final = _words(
    "vienas/viena/vienos/vieno/viena/vienu du/dvi/dvieju/dviem/dvejas "
    "trys/tris/triju/trims/trimis/trim keturi/keturias/keturiu/keturiems/keturiomis/keturiom "
    "penki/penkias/penkiu/penkiems/penkiomis/penkiom sesi/sesias/sesiu/sesiomis/sesiom "
    "septyni/septynias/septyniu/septyniomis/septyniom "
    "astuoni/astuonias/astuoniu/astuoniomis/astuoniom "
    "devyni/devynias/devyniu/devyniomis/devyniom desimt/desimties/desimcia "
    "vienuolika/vienuolikos dvylika/dvylikos trylika/trylikos keturiolika/keturiolikos "
    "penkiolika/penkiolikos sesiolika/sesiolikos septyniolika/septyniolikos "
    "astuoniolika/astuoniolikos devyniolika/devyniolikos"
)
_UNITS_RU: Final = _words(
    "один/одна/одну/одной/одного/одному два/две/двух/двум три/трех/трем "
    "четыре/четырех/четырем пять/пяти шесть/шести семь/семи восемь/восьми девять/девяти "
    "десять/десяти одиннадцать/одиннадцати двенадцать/двенадцати тринадцать/тринадцати "
    "четырнадцать/четырнадцати пятнадцать/пятнадцати шестнадцать/шестнадцати "
    "семнадцать/семнадцати восемнадцать/восемнадцати девятнадцать/девятнадцати"
)
_UNITS_SQ: Final = _words(
    "nje dy tre/tri kater pese gjashte shtate tete nente dhjete njembedhjete dymbedhjete "
    "trembedhjete katermbedhjete pesembedhjete gjashtembedhjete shtatembedhjete "
    "tetembedhjete nentembedhjete"
)
_TENS_ALL: Final = {
    **_tens("twenty thirty forty fifty sixty seventy eighty ninety"),
    **_tens("zwanzig dreissig/dreisig vierzig funfzig/fuenfzig sechzig siebzig achtzig neunzig"),
    **_tens(
        "dwadziescia/dwudziestu trzydziesci/trzydziestu czterdziesci/czterdziestu "
        "piecdziesiat/piecdziesieciu szescdziesiat - - dziewiecdziesiat"
    ),
    **_tens(
        "dvidesimt/dvidesimties trisdesimt/trisdesimties keturiasdesimt/keturiasdesimties "
        "penkiasdesimt/penkiasdesimties sesiasdesimt/sesiasdesimties - - "
        "devyniasdesimt/devyniasdesimties"
    ),
    **_tens(
        "двадцать/двадцати тридцать/тридцати сорок/сорока пятьдесят/пятидесяти "
        "шестьдесят/шестидесяти - - девяносто"
    ),
    **_tens("njezet tridhjete dyzet pesedhjete gjashtedhjete - - nentedhjete"),
}
UNIT_WORDS: Final[dict[str, int]] = {
    **_UNITS_EN,
    **_UNITS_DE,
    **_UNITS_PL,
    **_UNITS_LT,
    **_UNITS_RU,
    **_UNITS_SQ,
}
"""Number words 1..19 of the six languages, folded (the durations module shares them)."""
TENS_WORDS: Final[dict[str, int]] = _TENS_ALL
_DE_COMPOUND: Final = re.compile(
    r"(ein|zwei|drei|vier|funf|fuenf|sechs|sieben|acht|neun)und"
    r"(zwanzig|dreissig|dreisig|vierzig|funfzig|fuenfzig)"
)


def _split(words: str) -> list[str]:
    """The words of a string (vocabularies are written as one string per language)."""
    return words.split()


def _alternation(words: Iterable[str]) -> str:
    """Words as a regex alternation, the longest first (so "dwadziescia" beats "dwa")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_UNIT_ALT: Final = _alternation(UNIT_WORDS)
_TENS_ALT: Final = _alternation(TENS_WORDS)
NUMBER_WORD: Final = (
    rf"(?:(?:{_DE_COMPOUND.pattern})|(?:{_TENS_ALT})(?:(?:\s+|-)(?:and\s+|e\s+|i\s+)?"
    rf"(?:{_UNIT_ALT}))?|(?:{_UNIT_ALT}))"
)
"""A number in words, 1..99 (regex, no groups): "twenty-five", "dvidesimt penkias"."""
_SPLIT_RE: Final = re.compile(r"[\s-]+")


def number_value(words: str) -> int | None:
    """The value of a number written in digits or words (folded); None if not one."""
    words = words.strip()
    if words.isdigit():
        return int(words)
    compound = _DE_COMPOUND.fullmatch(words)
    if compound is not None:
        return UNIT_WORDS[compound.group(1)] + TENS_WORDS[compound.group(2)]
    total = 0
    for part in _SPLIT_RE.split(words):
        if part in ("and", "e", "i", ""):
            continue
        value = UNIT_WORDS.get(part, TENS_WORDS.get(part))
        if value is None:
            return None
        total += value
    return total or None


# Hours in words after a marker ("at three", "um drei", "в три", "в пять", "около двух",
# "në tre", "po trijų"). Left out on purpose: "one"/"eine…" ("at one point"), Albanian
# "një"/"dy" ("në një" is "in a", "ne dy" is "we two"), Polish cardinals (Polish says
# hours with ordinals), Lithuanian nominatives ("po du" is "two each").
_HOUR_WORDS: Final[dict[str, int]] = {
    **{w: v for w, v in _UNITS_EN.items() if 2 <= v <= 12},
    **{w: v for w, v in _UNITS_DE.items() if v <= 12 and not w.startswith("eine")},
    **{w: v for w, v in _UNITS_RU.items() if 2 <= v <= 12},
    **{w: v for w, v in _UNITS_SQ.items() if 3 <= v <= 12},
    **{
        w: v
        for w, v in _UNITS_LT.items()
        if v <= 12 and (w.endswith(("u", "os")) or w in ("desimties",))
    },
}
# Lithuanian nominative cardinals ("be ketvirčio trys") and ordinals ("trečią",
# "penktą valandą", "po trečios")
_LT_NOMINATIVE: Final = _words(
    "vienas/viena du/dvi trys keturi penki sesi septyni astuoni devyni desimt vienuolika dvylika"
)
_LT_ORDINALS: Final = _words(
    "pirma/pirmos antra/antros trecia/trecios ketvirta/ketvirtos penkta/penktos "
    "sesta/sestos septinta/septintos astunta/astuntos devinta/devintos desimta/desimtos "
    "vienuolikta/vienuoliktos dvylikta/dvyliktos"
)
# Polish ordinals: feminine (hours: "o trzeciej", "na piętnastą") and masculine genitive
# (days of the month: "na szesnastego")
_PL_STEMS: Final = [
    "pierwsz",
    "drug",
    "trzec",
    "czwart",
    "piat",
    "szost",
    "siodm",
    "osm",
    "dziewiat",
    "dziesiat",
    "jedenast",
    "dwunast",
    "trzynast",
    "czternast",
    "pietnast",
    "szesnast",
    "siedemnast",
    "osiemnast",
    "dziewietnast",
    "dwudziest",
]


def _pl_forms(stem: str, feminine: bool) -> list[str]:
    soft = stem in ("drug", "trzec")
    if feminine:
        return [stem + e for e in (("iej", "a", "e", "ia", "ie") if soft else ("ej", "a", "e"))]
    return [stem + ("iego" if soft else "ego")]


_PL_HOURS: Final[dict[str, int]] = {}  # up to 23: "o dwudziestej trzeciej"
_PL_DAYS: Final[dict[str, int]] = {}
for _value, _stem in enumerate(_PL_STEMS, start=1):
    for _form in _pl_forms(_stem, True):
        _PL_HOURS[_form] = _value
    for _form in _pl_forms(_stem, False):
        _PL_DAYS[_form] = _value
for _value, _stem in enumerate(("pierwsz", "drug", "trzec"), start=21):
    for _lead in _pl_forms("dwudziest", True):
        for _form in _pl_forms(_stem, True):
            _PL_HOURS[f"{_lead} {_form}"] = _value
for _value, _stem in enumerate(_PL_STEMS[:9], start=21):
    _PL_DAYS[f"dwudziestego {_pl_forms(_stem, False)[0]}"] = _value
_PL_DAYS["trzydziestego"] = 30
_PL_DAYS["trzydziestego pierwszego"] = 31
# Russian ordinals in the genitive ("в половине третьего", "полтретьего")
_RU_ORDINALS: Final = _words(
    "первого второго третьего четвертого пятого шестого седьмого восьмого девятого "
    "десятого одиннадцатого двенадцатого"
)

_HW: Final = _alternation(_HOUR_WORDS)
_HW_ANY: Final = _alternation(
    {**_HOUR_WORDS, **_UNITS_EN, **_LT_ORDINALS, "eins": 1, "ein": 1, **_LT_NOMINATIVE}
)
_PL_HW: Final = _alternation(_PL_HOURS)
_PL_DW: Final = _alternation(_PL_DAYS)
_RU_ORD: Final = _alternation(_RU_ORDINALS)
_LT_ORD: Final = _alternation(_LT_ORDINALS)
_LT_GEN: Final = _alternation({**_LT_ORDINALS, **_HOUR_WORDS})
_LT_NOM: Final = _alternation({**_LT_NOMINATIVE, **_LT_ORDINALS})
_SQ_HW: Final = _alternation({w: v for w, v in _UNITS_SQ.items() if 3 <= v <= 12})
_EN_HW: Final = _alternation({w: v for w, v in _UNITS_EN.items() if 2 <= v <= 12})
_DE_HW: Final = _alternation(
    {w: v for w, v in _UNITS_DE.items() if v <= 12 and not w.startswith("eine")}
)
_RU_CARD: Final = _alternation({w: v for w, v in _UNITS_RU.items() if 2 <= v <= 12})
_WORD_MARKERS_EN: Final = r"at|at\s+around|at\s+about|around|about|after|before|until|till"
_WORD_MARKERS_DE: Final = r"um|gegen|so\s+gegen|ab|bis|nach|vor|um\s+ca\.?|um\s+etwa|erst\s+um"
_WORD_MARKERS_RU: Final = (
    r"в|во|к|около|до|после|с|на|часиков\s+в|часов\s+в|где-то\s+в|примерно\s+в|ближе\s+к"
)
_WORD_MARKERS_SQ: Final = (
    r"ne|ne\s+oren|ne\s+ora|ora|oren|ores|rreth|rreth\s+ores|pas\s+ores|para\s+ores|"
    r"deri\s+ne|nga\s+ora"
)
_WORD_MARKERS_LT: Final = r"po|iki|nuo|apie"


def _hour_word(word: str) -> int | None:
    word = " ".join(word.split())
    for table in (_HOUR_WORDS, _PL_HOURS, _LT_ORDINALS, _RU_ORDINALS, _LT_NOMINATIVE):
        if word in table:
            return table[word]
    if word in ("eins", "ein", "one", "час"):
        return 1
    return UNIT_WORDS.get(word)


def _hour_token(text: str) -> int | None:
    """An hour written in digits or words."""
    return int(text) if text.isdigit() else _hour_word(text)


# --- vocabulary -------------------------------------------------------------------------

# What may follow a number that is NOT an hour: units of time, people, money, sizes,
# ordinals. Prefixes: "min" covers "minutes", "minučių", "minuty"…
_NOT_AFTER_HOUR: Final = (
    r"(?:[%€$£]|-?(?:min|мин|sec|sek|сек|hour|hr|h\b|stund|std\b|godz|valand|or[ea]\b|oresh|"
    r"day|dien|dni\b|dnia|dzie|tag|дн|день|сут|dit|par(?:ai|os)\b|week|savait|tydz|tygod|"
    r"woch|недел|jav|month|menes|mies|monat|месяц|muaj|year|metu|lat\b|rok|jahr|лет|год|"
    r"vjet|vjec|people|person|pax|guest|kid|child|osob|zmon|asmen|vaik|человек|чел\b|гост|"
    r"leute|gast|gaste|kind|njer|vet[ae]?\b|eur|usd|dollar|zl\b|pln|zlot|руб|lek|chf|gbp|"
    r"x\b|раз|razy|mal\b|kg\b|km\b|m\b|cm\b|st\b|nd\b|rd\b|th\b|го\b|ого\b|ego\b|go\b|"
    r"procent|prozent|процент|star|punkt|point|room|zimmer|pokoj|номер|kambar|dhom|seat|"
    r"viet|miejsc|мест|platz|platze|stk|szt|шт|sms))"
)
_NOT_HOUR_AHEAD: Final = rf"(?![.,:/]\d)(?!\s*{_NOT_AFTER_HOUR})"

# Markers that make a bare number an hour ("at 3", "um 10", "o 12", "в 12", "në 10").
_MARKERS_TIME_ONLY: Final = (
    "at",
    "at around",
    "at about",
    "around",
    "around about",
    "about",
    "um",
    "um ca.",
    "um ca",
    "um etwa",
    "so gegen",
    "gegen",
    "statt um",
    "erst um",
    "o",
    "o godz.",
    "o godz",
    "o godzinie",
    "godz.",
    "godz",
    "godzina",
    "na godzine",
    "na godz.",
    "okolo",
    "ok.",
    "kolo",
    "в",
    "во",
    "к",
    "около",
    "часиков в",
    "часов в",
    "где-то в",
    "где-то к",
    "примерно в",
    "примерно к",
    "ближе к",
    "apie",
    "ne oren",
    "ne ora",
    "ne oret",
    "ora",
    "oren",
    "ores",
    "rreth",
    "rreth ores",
    "pas ores",
    "para ores",
    "deri ne oren",
    "nga ora",
    "instead of",
    "statt",
    "vietoj",
    "zamiast",
    "вместо",
    "ne vend te",
)
_MARKERS_AMBIGUOUS: Final = (
    "after",
    "before",
    "until",
    "till",
    "ab",
    "bis",
    "nach",
    "vor",
    "po",
    "iki",
    "nuo",
    "ant",
    "na",
    "do",
    "od",
    "przed",
    "на",
    "до",
    "после",
    "с",
    "ne",
    "deri ne",
    "deri",
)
_MARKER_ALT: Final = _alternation(
    m.replace(" ", "\x00") for m in (*_MARKERS_TIME_ONLY, *_MARKERS_AMBIGUOUS)
).replace("\x00", r"\s+")
_TIME_ONLY: Final = frozenset(_MARKERS_TIME_ONLY)
_MK: Final = rf"(?<![\w'-])(?:{_MARKER_ALT})"

_AMPM: Final = (
    r"(?:a\.\s?m\.|p\.\s?m\.|pm\b|am\b(?!\s+(?:mo|di|mi|do|fr|sa|so|wochen|\d|morgen|abend|"
    r"nachmittag|vormittag|ersten|letzten|anfang|ende)))"
)
_H24: Final = r"(?:[01]?\d|2[0-3])"
_H12: Final = r"(?:1[0-2]|0?[1-9])"
_MM: Final = r"[0-5]\d"
_SFX: Final = r"(?:uhr\b|val\b\.?|h\b|o'?\s?clock\b|oclock\b)"
_PART_AFTER_NUMBER: Final = (
    r"(?:ryto|vakare|vakaro|nakties|po\s+pietu|popiet\w*|утра|вечера|ночи|rano|wieczorem|"
    r"po\s+poludniu|w\s+nocy|morgens|abends|nachmittags|vormittags|fruh|in\s+the\s+morning|"
    r"in\s+the\s+evening|in\s+the\s+afternoon|at\s+night|te\s+mengjesit|ne\s+mengjes|"
    r"pasdite\w*|ne\s+mbremje|te\s+mbremjes|te\s+pasdites|te\s+darkes|ne\s+darke)\b"
)

_MONTH_FORMS: Final = _split(
    # en
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    # de
    "januar janner jaenner februar feber marz maerz mrz mai juni juli oktober okt dezember dez "
    # pl
    "stycznia styczen styczniu lutego luty lutym marca marzec marcu kwietnia kwiecien "
    "kwietniu maja maj maju czerwca czerwiec czerwcu lipca lipiec lipcu sierpnia sierpien "
    "sierpniu wrzesnia wrzesien wrzesniu pazdziernika pazdziernik pazdzierniku listopada "
    "listopad listopadzie grudnia grudzien grudniu "
    # lt
    "sausio sausis vasario vasaris kovo kovas balandzio balandis geguzes geguze birzelio "
    "birzelis liepos liepa rugpjucio rugpjutis rugsejo rugsejis spalio spalis lapkricio "
    "lapkritis gruodzio gruodis "
    # ru
    "января январь февраля февраль марта март апреля апрель мая май июня июнь июля июль "
    "августа август сентября сентябрь октября октябрь ноября ноябрь декабря декабрь "
    # sq
    "janar janarit shkurt shkurtit mars marsit prill prillit majit qershor qershorit korrik "
    "korrikut gusht gushtit shtator shtatorit tetor tetorit nentor nentorit dhjetor dhjetorit"
)
_MONTH_STEMS: Final = sorted(
    (
        (stem, number)
        for number, stems in enumerate(
            (
                "jan stycz saus январ",
                "feb lut vasar феврал shkurt",
                "mar maer mrz kov март",
                "apr kwie baland апрел prill",
                "may mai maj geguz мая май",
                "jun czerw birzel июн qershor",
                "jul lip liep июл korrik",
                "aug sierp rugpj август gusht",
                "sep wrze rugs сентябр shtator",
                "oct okt pazdz spal октябр tetor",
                "nov listop lapkr ноябр nentor",
                "dec dez grud gruod декабр dhjetor",
            ),
            start=1,
        )
        for stem in stems.split()
    ),
    key=lambda item: -len(item[0]),
)
_MONTH: Final = rf"(?:{_alternation(_MONTH_FORMS)})\b\.?"


def _month_of(word: str) -> int:
    word = word.rstrip(".")
    for stem, number in _MONTH_STEMS:
        if word.startswith(stem):
            return number
    raise ValueError(word)  # pragma: no cover - only month forms reach here


_D: Final = r"(?:3[01]|[12]\d|0?[1-9])"
_HOLIDAYS: Final = {
    r"silvester|sylwest\w*|new\s+year'?s\s+eve|naujuju\s+metu\s+naktis": (12, 31),
    r"neujahr|new\s+year'?s\s+day": (1, 1),
    r"valentin(?:e'?s|s)\s*(?:day|tag)|walentynk\w*|valentino\s+dien\w*": (2, 14),
    r"heiligabend|christmas\s+eve|kucio\w*|kucias|wigili\w*": (12, 24),
    r"christmas(?:\s+day)?|weihnachten|kaledo\w*|kaledas|boze\w*\s+narodzeni\w*": (12, 25),
}
_HOLIDAY_ALT: Final = "|".join(_HOLIDAYS)
_HOLIDAY_RES: Final = [(re.compile(pattern), day) for pattern, day in _HOLIDAYS.items()]
_ORD: Final = (
    r"(?:\.|-?(?:st|nd|rd|th)\b|-?(?:go|ego|го|ого)\b|-(?:iaja|aja|ioji|oji|osios|ios|os|ojo)\b)"
)

_WEEKDAY_WORDS: Final = (
    # en (abbreviations only before a number: see _WEEKDAY_ABBR)
    r"(?:mon|tues|tue|wednes|wed|thurs|thu|fri|satur|sun)days?"
    # lt: all cases share "…dien-"
    r"|(?:pirma|antra|trecia|ketvirta|penkta|sesta|sekma)dien\w*"
    # pl
    r"|poniedzial(?:ek|ku|ki|kach)|wtor(?:ek|ku|ki)|srod(?:a|e|y|zie|ach)|czwart(?:ek|ku|ki)"
    r"|piat(?:ek|ku|ki)|sobot(?:a|e|y|ach)|sobocie|niedziel(?:a|e|i|ach)"
    # ru (and the Latin transliteration)
    r"|понедельник\w*|вторник\w*|сред(?:а|у|ы|е)|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*"
    r"|ponedelnik\w*|vtornik\w*|sred[auy]|chetverg\w*|pyatni(?:c|ts)\w*|subbot\w*|voskresen\w*"
    # de (compounds: "Montagabend", "Samstagvormittag"; "montags")
    r"|(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)"
    r"(?:morgen|vormittag|mittag|nachmittag|abend|nacht|fruh)?s?"
    # sq: with the article ("e premte", "të premten", "së premtes") or the -n forms
    r"|(?:(?:e|te|se)\s+)(?:hen|mart|merkur|enjt|premt|shtun|diel)(?:en|es|e|ja|a)?"
    r"|(?:henen|marten|merkuren|enjten|premten|shtunen|dielen)"
)
_WEEKDAY_STEMS: Final = sorted(
    (
        (stem, number)
        for number, stems in enumerate(
            (
                "mon pirmad poniedz понед ponedel montag hen",
                "tue antrad wtor втор vtor dienstag mart",
                "wed treciad srod сред sred mittwoch merkur",
                "thu ketvirtad czwart четв chetv donnerstag enjt",
                "fri penktad piat пятн pyatn freitag premt",
                "sat sestad sobot sobocie суббот subbot samstag sonnabend shtun",
                "sun sekmad niedziel воскр voskr sonntag diel",
            )
        )
        for stem in stems.split()
    ),
    key=lambda item: -len(item[0]),
)
# "Sa 10 Uhr", "Fr 15:00", "on wed": abbreviations only where they cannot be other words
_WEEKDAY_ABBR: Final = (
    r"(?:mon|tue|wed|thu|fri|sat|sun|mo|di|mi|fr|sa)\.?"
    r"(?=,?\s*\d{1,2}(?::\d\d|\.\d|\s*(?:uhr|h\b|am\b|pm\b|val)))"
)
_ON_ABBR: Final = r"(?<=on\s)(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b\.?"


def _weekday_of(word: str) -> int:
    word = re.sub(r"^(?:e|te|se)\s+", "", word)
    for stem, number in _WEEKDAY_STEMS:
        if word.startswith(stem):
            return number
    for stem, number in (("mo", 0), ("di", 1), ("mi", 2), ("fr", 4), ("sa", 5)):
        if word.startswith(stem):
            return number
    raise ValueError(word)  # pragma: no cover


_NEXT_WORDS: Final = (
    r"next|the\s+following|kit(?:a|o|am|as|ai)|przysz\w*|nastepn\w*|следующ\w*|след\.?|"
    r"nachst\w*|naechst\w*|next\s+week|nachste\s+woche|naechste\s+woche|kita\s+savaite|"
    r"w\s+przyszlym\s+tygodniu|на\s+следующей\s+неделе|javen\s+tjeter"
)
_THIS_WORDS: Final = (
    r"this(?:\s+coming)?|coming|upcoming|s(?:i|ia|io|iam|is)|ateinant\w*|t(?:en|e|a|ej|ym)|"
    r"najblizsz\w*|эт(?:у|от|ой|им|ом)|ближайш\w*|diese[nrms]?|kommend\w*|kete|kesaj"
)
_LAST_WORDS: Final = (
    r"last|past|previous|praeit\w*|pereit\w*|zeszl\w*|ubiegl\w*|прошл\w*|letzt\w*|"
    r"vergangen\w*|vorig\w*"
)
_SQ_AFTER: Final = r"tjeter|e\s+ardhshme|e\s+ardhshem|qe\s+vjen|e\s+kaluar|qe\s+shkoi|e\s+shkuar"
_DAY_PREFIX: Final = r"(?:on|am|w|we|в|во|на|na)"


# --- the passes -------------------------------------------------------------------------


def _at_word(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"{_AT_WORD}(?:{pattern})")


_EMAIL_RE: Final = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+")
_PHONE_RE: Final = re.compile(r"(?<![\w+])\+?\d(?:[ \-()]{0,2}\d){6,16}(?!\w)")

# Every combined pattern starts with _AT_WORD: inside a word the engine then fails at
# once instead of trying each alternative (most positions of a text are inside words).
_AT_WORD: Final = r"(?<![\w'-])"

_DATE_RE: Final = _at_word(
    # 2027-03-12
    rf"(?P<iso>(?<![\d.\-/])(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})(?!\d))"
    # 12.03.2027, 12/03/27
    rf"|(?P<dmy>(?:{_DAY_PREFIX}\s+)?(?<![\d.:/])(?P<dmy_d>{_D})(?P<dmy_s>[./])"
    rf"(?P<dmy_m>[01]?\d)(?P=dmy_s)(?P<dmy_y>\d{{4}}|\d{{2}})(?![\d]|[.,]\d)"
    rf"(?:\s*(?:m|r|г)\b\.?)?)"
    # 2027 m. kovo 12 d.
    rf"|(?P<ymd>(?P<ymd_y>\d{{4}})\s*(?:m\.?\s*)?(?P<ymd_mon>{_MONTH})\s*(?P<ymd_d>{_D})"
    rf"(?:\s*d\.|{_ORD})?(?![\d:]))"
    # from 5 to 8 June, vom 12. bis 14. März, od 3 do 6 sierpnia, с 14 по 16 июля
    rf"|(?P<rng>(?:(?:from|vom|von|od|с|nga|nuo|between|zwischen|ab)\s+)?(?:the\s+)?"
    rf"(?P<rng_d1>{_D}){_ORD}?\s*(?:-|to|till|until|bis(?:\s+zum)?|do|iki|по|до|"
    rf"deri(?:\s+m[e])?|and|und)\s*(?:the\s+)?(?P<rng_d2>{_D}){_ORD}?\s*(?:of\s+)?"
    rf"(?P<rng_mon>{_MONTH})(?:\s*,?\s*(?P<rng_y>\d{{4}}))?)"
    # kovo 20–22 d., May 14-16
    rf"|(?P<mrng>(?P<mrng_mon>{_MONTH})\s+(?P<mrng_d1>{_D}){_ORD}?\s*(?:-|to|till|until|iki|bis)"
    rf"\s*(?P<mrng_d2>{_D})(?:\s*d\.|{_ORD})?(?![\d:]))"
    # 12 March, 12. März, 12-go marca, 12-го марта, më 12 mars, the 2nd of April
    rf"|(?P<dm>(?:(?:on(?:\s+the)?|the|am|den|dem|vom|zum|na|на|me|ne|до|с|od|do|nga|deri|"
    rf"nuo|iki|from|until)\s+)?(?<![\d.:,/])(?P<dm_d>{_D}){_ORD}?\s*(?:of\s+|de\s+)?"
    rf"(?P<dm_mon>{_MONTH})(?:\s*,?\s*(?P<dm_y>\d{{4}})(?!\d)(?:\s*(?:m|r|г)\b\.?)?)?)"
    # March 12, kovo 12 d., birželio 3-iąją
    rf"|(?P<md>(?:(?:on|am|den|na|на|me|ne|nuo|iki|until|from)\s+)?(?P<md_mon>{_MONTH})\s+"
    rf"(?:the\s+)?(?P<md_d>{_D})(?:\s*d\.|{_ORD})?(?![\d:.]\d|\d)"
    rf"(?!\s*(?:{_AMPM}|:|uhr|val\b|h\b|{_NOT_AFTER_HOUR}))"
    rf"(?:\s*,?\s*(?P<md_y>\d{{4}})(?!\d))?)"
    # the 5th, on the 14th
    rf"|(?P<nth>(?:on\s+)?the\s+(?P<nth_d>{_D})(?:st|nd|rd|th)\b)"
    # am 5., den 15.
    rf"|(?P<dep>(?:am|den|dem|vom|zum|bis\s+zum|ab\s+dem|ab\s+den)\s+(?P<dep_d>{_D})\.(?!\d))"
    # 17-го, 5-го числа, 12-go
    rf"|(?P<rud>(?:(?:на|к|с|по|до|na|do|od)\s+)?(?<![\d.:])(?P<rud_d>{_D})-?"
    rf"(?:го|ого|go|ego)\b(?:\s+числа)?)"
    # na szesnastego, dwudziestego (marca)
    rf"|(?P<plw>(?:(?:na|do|od|w|z)\s+)?(?P<plw_d>{_PL_DW})\b(?:\s+(?P<plw_mon>{_MONTH}))?)"
    # më 5, datën 20
    rf"|(?P<sqd>(?:me|daten|data|dates|me\s+daten|pas\s+dates)\s+(?P<sqd_d>{_D})\b(?![\d:.,]\d)"
    rf"(?!\s*(?:{_NOT_AFTER_HOUR}|{_AMPM}|:)))"
    # Sa 10 Uhr, Fr 15:00 (a weekday's abbreviation, only right before a time of day)
    rf"|(?P<wab>(?<![\w'-])(?P<wab_w>{_WEEKDAY_ABBR})(?![\w]))"
    # fixed holidays: Silvester, Valentine's day, Christmas Eve…
    rf"|(?P<hol>(?:(?:on|am|an|na|w|на)\s+)?(?<![\w'-])(?P<hol_w>{_HOLIDAY_ALT})(?![\w']))"
    # 5 diena, 20-ąją, 13-osios
    rf"|(?P<ltd>(?:(?:i|iki|nuo|is)\s+)?(?<![\d.:])(?P<ltd_d>{_D})(?:\s*-?(?:a|aja|iaja|oji|"
    rf"osios|ios|os|ojo)?\s+dien(?:a|ai|os)\b|-(?:aja|iaja|oji|osios|ios|ojo)\b))"
)
_DATE_KINDS: Final = ("iso", "dmy", "ymd", "rng", "mrng", "dm", "md", "nth", "dep", "rud", "plw")
_DATE_KINDS_2: Final = ("wab", "hol", "sqd", "ltd")

_CLOCK_RE: Final = _at_word(
    # 10-12 Uhr, zwischen 16 und 18 Uhr, from 10 to 12, с 10 до 12
    rf"(?P<rng>(?:(?P<rng_mk>between|zwischen|from|von|od|nuo|от|с|nga(?:\s+ora)?)\s+)"
    rf"(?<![\d.:,/])(?P<rng_h1>{_H24})(?:[:.](?P<rng_m1>{_MM}))?\s*(?:-|and|und|to|till|until|"
    rf"bis|do|iki|до|по|deri(?:\s+ne)?|e)\s*(?P<rng_h2>{_H24})(?:[:.](?P<rng_m2>{_MM}))?"
    rf"(?:\s*(?P<rng_ap>{_AMPM})|\s*(?P<rng_sx>{_SFX}|часов\b|часа\b))?{_NOT_HOUR_AHEAD})"
    # half past two, quarter to four, ten past three
    rf"|(?P<en>(?:{_MK}\s+)?(?<![\w'-])(?P<en_q>half|(?:a\s+)?quarter|\d{{1,2}}|five|ten|twenty|"
    rf"twenty[\s-]five)(?:\s+minutes)?\s+(?P<en_rel>past|after|to|till)\s+"
    rf"(?P<en_h>{_EN_HW}|{_H12})\b(?!\s*{_NOT_AFTER_HOUR})(?:\s*(?P<en_ap>{_AMPM}))?)"
    # half 6 (British: 6:30)
    rf"|(?P<enh>(?:{_MK}\s+)?half\s+(?P<enh_h>{_EN_HW}|{_H12})\b(?!\s*{_NOT_AFTER_HOUR}))"
    # halb fünf, Viertel nach vier, dreiviertel drei, zehn nach drei
    rf"|(?P<de>(?:{_MK}\s+)?(?<![\w'-])(?P<de_q>halb|viertel\s+nach|viertel\s+vor|dreiviertel|"
    rf"drei\s+viertel|viertel|(?:funf|fuenf|zehn|zwanzig)\s+(?:nach|vor))\s+"
    rf"(?P<de_h>{_DE_HW}|{_H12})\b(?!\s*{_NOT_AFTER_HOUR})(?:\s+uhr\b)?)"
    # pusę trijų (2:30), ketvirtis po trijų, be ketvirčio trys
    rf"|(?P<lt>(?:{_MK}\s+)?(?:(?P<lt_half>puse|pusei|puses)\s+(?P<lt_h1>{_LT_GEN})"
    rf"|(?P<lt_qp>ketvirtis|ketvirti)\s+po\s+(?P<lt_h2>{_LT_GEN})"
    rf"|be\s+ketvircio\s+(?P<lt_h3>{_LT_NOM}))\b)"
    # wpół do trzeciej (2:30), kwadrans po drugiej, za kwadrans trzecia
    rf"|(?P<pl>(?:{_MK}\s+)?(?:(?:w\s*)?pol\s+do\s+(?P<pl_h1>{_PL_HW})"
    rf"|kwadrans\s+po\s+(?P<pl_h2>{_PL_HW})|za\s+kwadrans\s+(?P<pl_h3>{_PL_HW})"
    rf"|kwadrans\s+przed\s+(?P<pl_h4>{_PL_HW}))\b)"
    # в половине третьего, полтретьего, четверть третьего, без четверти четыре
    rf"|(?P<ru>(?:{_MK}\s+)?(?:(?:в\s+)?половин[аеуы]\s+(?P<ru_h1>{_RU_ORD})"
    rf"|пол[\s-]?(?P<ru_h2>{_RU_ORD})|(?:в\s+)?четверть\s+(?P<ru_h3>{_RU_ORD})"
    rf"|без\s+(?P<ru_b>четверти|пяти|десяти|пятнадцати|двадцати(?:\s+пяти)?)\s+"
    rf"(?P<ru_h4>{_RU_CARD}|час))\b)"
    # tre e gjysmë (3:30), tre e një çerek, tre pa një çerek
    rf"|(?P<sq>(?:(?P<sq_mk>{_MK})\s+)?(?<![\w'-])(?P<sq_h>{_SQ_HW}|{_H12})\s+(?:(?P<sq_half>e\s+gjysm\w*|"
    rf"e\s+gjysem)|(?P<sq_qp>e\s+(?:nje\s+)?cerek)|(?P<sq_qm>pa\s+(?:nje\s+)?cerek)"
    rf"|e\s+(?P<sq_min>[0-5]?\d)(?!\d)(?!\s*(?:min|or)))\b(?!\s+or[ea]\b))"
    # 15:00, 15.00, at 10:30, 3:30pm, 10.30 Uhr
    rf"|(?P<hm>(?:(?P<hm_mk>{_MK})\s+)?(?<![\d.:,/])(?P<hm_h>{_H24})(?P<hm_s>[:.])"
    rf"(?P<hm_m>{_MM})(?![\d]|[.:,]\d)(?:\s*(?P<hm_ap>{_AMPM})|\s*(?P<hm_sx>{_SFX}|часов\b))?)"
    # 15h30
    rf"|(?P<hh>(?:{_MK}\s+)?(?<![\d.:,/])(?P<hh_h>{_H24})h(?P<hh_m>{_MM})\b)"
    # 3pm, 3 p.m., at 10am
    rf"|(?P<ap>(?:{_MK}\s+)?(?<![\d.:,/])(?P<ap_h>{_H12})\s*(?P<ap_ap>{_AMPM}))"
    # 10 Uhr, 10 val., 15h, 10 o'clock
    rf"|(?P<sx>(?:(?P<sx_mk>{_MK})\s+)?(?<![\d.:,/])(?P<sx_h>{_H24})\s*(?P<sx_sx>{_SFX}))"
    # at 3, um 10, o 12, в 12, в 3 часа дня, në 10, na 17
    rf"|(?P<mk>(?P<mk_mk>{_MK})\s+(?<![\d.:,/])(?P<mk_h>{_H24})(?![\d])"
    rf"(?:\s*(?P<mk_sx>часов|часа|часам|час)\b)?(?:\s+(?P<mk_p>утра|дня|вечера|ночи)\b)?"
    rf"{_NOT_HOUR_AHEAD})"
    # 8 vakare, 7 утра (a number right before a part of the day)
    rf"|(?P<bp>(?<![\d.:,/])(?P<bp_h>{_H24})(?=\s+{_PART_AFTER_NUMBER}))"
    # three o'clock, drei Uhr, penktą valandą
    rf"|(?P<ws>(?:{_MK}\s+)?(?<![\w'-])(?P<ws_h>{_HW_ANY})\s+(?P<ws_sx>o'?\s?clock|oclock|uhr|"
    rf"valand\w*|val\b\.?|часов|часа)\b)"
    # at three, в три, около двух, um drei, në tre, в пять вечера, po trijų: each language's
    # markers with its own words ("na ten" is Polish for "to this", not "at ten")
    rf"|(?P<wm>(?<![\w'-])(?:(?:{_WORD_MARKERS_EN})\s+(?P<wm_en>{_EN_HW})"
    rf"|(?:{_WORD_MARKERS_DE})\s+(?P<wm_de>{_DE_HW})"
    rf"|(?:{_WORD_MARKERS_RU})\s+(?P<wm_ru>{_RU_CARD})"
    rf"|(?:{_WORD_MARKERS_SQ})\s+(?P<wm_sq>{_SQ_HW})"
    rf"|(?:{_WORD_MARKERS_LT})\s+(?P<wm_lt>{_LT_GEN}))\b"
    rf"(?:\s+(?P<wm_p>утра|дня|вечера|ночи)\b)?(?!\s*{_NOT_AFTER_HOUR}))"
    # в час (дня)
    rf"|(?P<one>(?<![\w-])в\s+час\b(?:\s+(?P<one_p>дня|ночи)\b)?)"
    # o trzeciej, na piętnastą (not "po drugiej stronie", "na drugą" = "to the other one")
    rf"|(?P<plh>(?P<plh_mk>{_MK})\s+(?P<plh_h>{_PL_HW})\b"
    rf"(?!\s+(?:stron|raz|klas|osob|dzie|dni|tydz|tygod|miesi|rok|polow|czes|wizyt|uslug|"
    rf"termin|zmian|opcj|wersj|godzin|minut)))"
    # trečią, apie dešimtą (not "trečią dieną", "antrą kartą")
    rf"|(?P<lto>(?:(?P<lto_mk>{_MK}|i)\s+)?(?<![\w'-])(?P<lto_h>{_LT_ORD})\b"
    rf"(?!\s+(?:dien|kart|savait|viet|men|klas|aukst|kart|eil|puslap|vaik|numer|kambar))"
    rf"(?!\s*{_NOT_AFTER_HOUR}))"
    # midnight
    rf"|(?P<mid>(?:{_MK}\s+)?(?:midnight|mitternacht|полноч\w*|полуноч\w*|vidurnakt\w*|"
    rf"polnoc\w*|mesnat\w*))"
)
_CLOCK_KINDS: Final = (
    "rng",
    "en",
    "enh",
    "de",
    "lt",
    "pl",
    "ru",
    "sq",
    "hm",
    "hh",
    "ap",
    "sx",
    "mk",
    "bp",
    "ws",
    "wm",
    "one",
    "plh",
    "lto",
    "mid",
)
_DM_RE: Final = _at_word(
    rf"(?:(?:na|am|on|den|do|od|до|на|с|по|me|ne|iki|nuo|vom|zum|bis)\s+)?(?<![\d.:,/])"
    rf"(?P<d>{_D})\.(?:(?P<m>[01]?\d)\.(?!\d)|(?P<m2>0[1-9]|1[0-2])(?![\d]|[.,]\d))"
)

_RELATIVE: Final[list[tuple[str, int, str]]] = [
    # (pattern, days from today, part of the day)
    (r"(?:the\s+)?day\s+after\s+tomorrow", 2, ""),
    (r"(?:the\s+)?day\s+before\s+yesterday", -2, ""),
    (r"tomm?orr?ow'?s?|tmrw|tmr|tomorow", 1, ""),
    (r"this\s+morning", 0, "M"),
    (r"this\s+afternoon", 0, "A"),
    (r"this\s+evening|tonight'?s?|tonite", 0, "E"),
    (r"today'?s?|later\s+today", 0, ""),
    (r"yesterday'?s?", -1, ""),
    (r"poryt\w*", 2, ""),
    (r"rytoj\w*|ryt", 1, ""),
    (r"sivakar", 0, "E"),
    (r"sianakt", 0, "T"),
    (r"siryt", 0, "M"),
    (r"siandien\w*", 0, ""),
    (r"uzvakar", -2, ""),
    (r"vakar", -1, ""),
    (r"pojutrze", 2, ""),
    (r"jutr(?:o|zejsz\w*)", 1, ""),
    (r"dzis(?:iaj)?|dzisiejsz\w*", 0, ""),
    (r"przedwczoraj", -2, ""),
    (r"wczoraj\w*", -1, ""),
    (r"послезавтра\w*|poslezavtra", 2, ""),
    (r"завтр(?:а|о|ашн\w*)|zavtra", 1, ""),
    (r"сегодня\w*|сегодняшн\w*|segodnya", 0, ""),
    (r"позавчера", -2, ""),
    (r"вчера\w*", -1, ""),
    (r"(?:ub|ueb)ermorgen", 2, ""),
    (r"heute\s+(?:morgen|fruh)", 0, "M"),
    (r"heute\s+nacht", 0, "T"),
    (
        r"(?<!guten\s)(?<!gutn\s)(?<!gute\s)(?<!am\s)(?<!den\s)(?<!jeden\s)(?<!einen\s)"
        r"(?<!schonen\s)(?<!gestern\s)morgen",
        1,
        "",
    ),
    (r"heute|heutig\w*", 0, ""),
    (r"vorgestern", -2, ""),
    (r"gestern\s+abend", -1, "E"),
    (r"gestern", -1, ""),
    (r"pasneser", 2, ""),
    (r"(?:e|te)\s+neserme\w*", 1, ""),
    (r"neser", 1, ""),
    (r"sonte", 0, "E"),
    (r"sot", 0, ""),
    (r"pardje", -2, ""),
    (r"dje", -1, ""),
    (r"mbreme", -1, "E"),
]
_NUM: Final = rf"(?:\d{{1,2}}|{NUMBER_WORD})"
_IN_DAYS: Final[list[tuple[str, int]]] = [
    # (pattern with a group "n" or none; sign; a group-less pattern means a week)
    (rf"in\s+(?P<n>{_NUM}|a|one)\s+days?", 1),
    (r"in\s+(?:a|one)\s+week", 7),
    (rf"(?P<n>{_NUM}|a)\s+days?\s+ago", -1),
    (r"a\s+week\s+ago", -7),
    (rf"(?:po|uz)\s+(?P<n>{_NUM})\s+dien(?:u|os|ai)", 1),
    (r"po\s+savaites", 7),
    (rf"pries\s+(?P<n>{_NUM})\s+dien(?:as|a|u)", -1),
    (rf"za\s+(?P<n>{_NUM})\s+(?:dni|dzien)", 1),
    (r"za\s+tydzien", 7),
    (rf"(?P<n>{_NUM})\s+(?:dni|dzien)\s+temu", -1),
    (r"tydzien\s+temu", -7),
    (rf"in\s+(?P<n>{_NUM})\s+tag(?:en)?", 1),
    (r"in\s+einer\s+woche", 7),
    (rf"vor\s+(?P<n>{_NUM})\s+tag(?:en)?", -1),
    (r"vor\s+einer\s+woche", -7),
    (rf"через\s+(?P<n>{_NUM})\s+(?:дня|дней|день)", 1),
    (r"через\s+неделю", 7),
    (rf"(?P<n>{_NUM})\s+(?:дня|дней|день)\s+назад", -1),
    (r"неделю\s+назад", -7),
    (rf"pas\s+(?P<n>{_NUM})\s+dit(?:esh|e|ve)?", 1),
    (r"pas\s+nje\s+jave", 7),
    (rf"para\s+(?P<n>{_NUM})\s+dit(?:esh|e)?", -1),
    (r"para\s+nje\s+jave", -7),
]


def _days_regex() -> re.Pattern[str]:
    parts = [
        rf"(?P<r{index}>(?:{_DAY_PREFIX}\s+)?(?<![\w'-])(?:{pattern})(?![\w']))"
        for index, (pattern, _, _) in enumerate(_RELATIVE)
    ]
    parts += [
        rf"(?P<i{index}>(?<![\w'-])" + pattern.replace("(?P<n>", f"(?P<n{index}>") + r"(?![\w']))"
        for index, (pattern, _) in enumerate(_IN_DAYS)
    ]
    parts.append(
        rf"(?P<wd>(?:{_DAY_PREFIX}\s+)?(?<![\w'-])(?:(?:(?P<next>{_NEXT_WORDS})|"
        rf"(?P<this>{_THIS_WORDS})|(?P<last>{_LAST_WORDS}))\s+)?"
        rf"(?:on\s+|(?:diten|dita)\s+)?(?P<wd_w>{_WEEKDAY_WORDS}|{_ON_ABBR})(?![\w])"
        rf"(?:\s+(?P<sq_mod>{_SQ_AFTER})\b)?)"
    )
    return _at_word("|".join(parts))


_DAYS_RE: Final = _days_regex()

_PARTS: Final[list[tuple[str, str]]] = [
    # (pattern, part). The order matters where one is inside another ("po poludniu"
    # before "poludnie"; "after lunch" before "lunch").
    (r"after\s+lunch(?:time)?|after\s+work|(?:in|during)\s+the\s+afternoon", "A"),
    (r"(?:(?:in|during)\s+the\s+|the\s+)?(?<!good\s)afternoons?", "A"),
    (r"after\s+work", "W"),
    (r"(?:(?:in|during)\s+the\s+|the\s+|early\s+)?(?<!good\s)mornings?", "M"),
    (r"(?:(?:in|during)\s+the\s+|the\s+)?(?<!good\s)evenings?", "E"),
    (r"at\s+night|in\s+the\s+night|overnight", "T"),
    (r"(?:at\s+|around\s+)?(?:noon|midday|lunch\s*time)|at\s+lunch", "N"),
    (r"po\s+pietu|popiet\w*", "A"),
    (r"po\s+darbo|vakarop", "W"),
    (r"(?<!laba\s)(?<!labas\s)ryte|(?<!laba\s)ryta|rytais|ryto|is\s+ryto|priespiet\w*", "M"),
    (r"(?<!laba\s)(?<!labas\s)vakare|(?<!laba\s)vakara|vakarais|vakaro", "E"),
    (r"vidurdien\w*|pietu\s+metu|per\s+pietus", "N"),
    (r"nakti|nakties|naktimis", "T"),
    (r"po\s+poludniu|popoludni\w*|po\s+obiedzie", "A"),
    (r"po\s+pracy", "W"),
    (r"rano|z\s+rana|rankiem|przed\s+poludniem|z\s+samego\s+rana", "M"),
    (r"(?:na\s+)?(?<!dobry\s)(?<!dobrego\s)wieczor(?:em|kiem|u)?", "E"),
    (r"(?:w\s+)?poludnie", "N"),
    (r"w\s+nocy|noca", "T"),
    (r"(?:на\s+)?после\s+обеда|днем", "A"),
    (r"после\s+работы", "W"),
    (r"(?<!доброе\s)(?<!доброго\s)(?:с\s+)?утр(?:ом|о|а|ечком)|до\s+обеда", "M"),
    (r"(?:ближе\s+)?к\s+вечеру|(?<!добрый\s)(?<!доброго\s)вечер(?:ом|ком|а|у)?", "E"),
    (r"(?:в\s+)?полдень|в\s+обед", "N"),
    (r"ночью", "T"),
    (r"nach\s+dem\s+mittag(?:essen)?|nach\s+der\s+mittagspause|(?:am\s+)?nachmittags?", "A"),
    (r"nach\s+der\s+arbeit|nach\s+feierabend", "W"),
    (
        r"morgens|am\s+morgen|in\s+der\s+fruh|am\s+fruhen\s+morgen|fruhmorgens|"
        r"(?:am\s+)?vormittags?",
        "M",
    ),
    (r"(?:am\s+|zu\s+)?mittags?|mittagszeit|zur\s+mittagszeit", "N"),
    (r"(?:am\s+)?(?<!guten\s)(?<!n')(?<!gute\s)abends?", "E"),
    (r"nachts|in\s+der\s+nacht", "T"),
    (r"pas\s+dreke?s?|pasdite\w*|mbasdite\w*|te\s+pasdites", "A"),
    (r"pas\s+pune", "W"),
    (r"(?:ne\s+)?mengjes(?:in)?|te\s+mengjesit|(?:ne\s+)?paradite\w*", "M"),
    (r"(?:ne\s+)?mesdit\w*|(?:rreth|ne)\s+dreke?s?", "N"),
    (r"(?:ne\s+)?mbremje\w*|te\s+mbremjes|(?:ne\s+)?darke|te\s+darkes", "E"),
    (r"naten|ne\s+nate", "T"),
    # weak: only with a day or an hour ("morgen früh", "3 ночи")
    (r"fruh|ночи", "M?"),
]
_PARTS_RE: Final = _at_word(
    "|".join(
        rf"(?P<p{index}>(?<![\w'-])(?:{pattern})(?![\w']))"
        for index, (pattern, _) in enumerate(_PARTS)
    )
)
_PART_HOURS: Final = {"M": 9, "N": 12, "A": 14, "E": 18, "W": 18, "T": 22}
_AFTER_DAY_HOUR_RE: Final = re.compile(
    rf"[ ,]{{1,2}}(?:at\s+)?(?P<h>{_H24})(?![\d:.])\b(?!\s*{_NOT_AFTER_HOUR})"
)
_CONNECTOR_RE: Final = re.compile(
    r"(?:[\s,]|-|\b(?:at|on|in|the|um|am|der|den|dem|o|na|w|we|в|во|на|к|ne|te|e|se|me|ca\.?|"
    r"so|gegen|kl\.)\b)*"
)
_GREETING_RE: Final = re.compile(
    r"^\W*(?:(?:good\s+)?(?:morning|afternoon|evening|mornin|naten)\b"
    r"\s*(?:[!.,)]|all\b|everyone|folks|$)"
    r"|(?:morgen|abend|n'abend|nabend)\b\s*(?:!|allerseits|zusammen|ihr\b|leute\b))"
)
# "a digit next to a month-like word": where dateparser may read what the rules did not
_MONTH_HINT_RE: Final = re.compile(
    r"(?<![\w.])(?:\d{1,2}(?:st|nd|rd|th|\.|-?(?:go|го|ego))?\s*(?:of\s+)?"
    r"(?P<a>[^\W\d_]{3,})\.?|(?P<b>[^\W\d_]{3,})\.?\s+\d{1,2}(?:st|nd|rd|th|\.)?)(?![\w])"
)
_MONTH_PREFIXES: Final = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
        "mai",
        "mae",
        "okt",
        "dez",
        "mrz",
        "sty",
        "lut",
        "kwi",
        "maj",
        "cze",
        "lip",
        "wrz",
        "paz",
        "lis",
        "gru",
        "sau",
        "vas",
        "kov",
        "bal",
        "geg",
        "bir",
        "lie",
        "rug",
        "spa",
        "lap",
        "янв",
        "фев",
        "мар",
        "апр",
        "мая",
        "май",
        "июн",
        "июл",
        "авг",
        "сен",
        "окт",
        "ноя",
        "дек",
        "shk",
        "pri",
        "qer",
        "kor",
        "gus",
        "sht",
        "tet",
        "nen",
        "dhj",
    ]
)


# --- tokens -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    day: tuple[str, int, int, int] | None = (
        None  # ("rel", n, 0, 0) / ("date", y, m, d) / ("dom", 0, 0, d)
    )
    weekday: int | None = None
    shift: str = ""  # "next", "last" or "" (this / bare)
    hour: int | None = None
    minute: int = 0
    exact: bool = False  # minutes were given
    ampm: str = ""
    clock24: bool = False  # "07:30": already on the 24-hour clock
    part: str = ""
    weak: bool = False  # counts only together with a day or a time of day
    inherit: bool = False  # the second of a range: same day as the mention before


def _scan(folded: str) -> list[_Token]:
    """All tokens of a folded text (no clock needed: values come later)."""
    text = folded
    for match in _EMAIL_RE.finditer(text):
        text = blank(text, match.start(), match.end())
    tokens: list[_Token] = []
    text = _dates(text, tokens)
    for match in _PHONE_RE.finditer(text):
        if len(re.sub(r"\D", "", match.group())) >= 7:
            text = blank(text, match.start(), match.end())
    text = _clocks(text, tokens)
    text = _short_dates(text, tokens)
    text = _days(text, tokens)
    text = _parts(text, tokens)
    _hours_after_days(text, tokens)
    tokens.sort(key=lambda t: (t.start, t.end))
    return tokens


def _add(tokens: list[_Token], text: str, token: _Token) -> str:
    tokens.append(token)
    return blank(text, token.start, token.end)


def _date_token(start: int, end: int, day: int, month: int, year: str | None) -> _Token | None:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if year:
        full = int(year) + (2000 if len(year) == 2 else 0)
        try:
            date(full, month, day)
        except ValueError:
            return None
        return _Token(start, end, day=("date", full, month, day))
    if day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        return None
    return _Token(start, end, day=("date", 0, month, day))


def _dates(text: str, tokens: list[_Token]) -> str:
    found: list[_Token] = []
    for match in _DATE_RE.finditer(text):
        kind = next((k for k in _DATE_KINDS + _DATE_KINDS_2 if match.group(k) is not None), "")
        g = match.group
        start, end = match.start(), match.end()
        token: _Token | None = None
        if kind == "iso":
            token = _date_token(start, end, int(g("iso_d")), int(g("iso_m")), g("iso_y"))
        elif kind == "dmy":
            token = _date_token(start, end, int(g("dmy_d")), int(g("dmy_m")), g("dmy_y"))
        elif kind == "ymd":
            month = _month_of(g("ymd_mon"))
            token = _date_token(start, end, int(g("ymd_d")), month, g("ymd_y"))
        elif kind in ("rng", "mrng"):
            month = _month_of(g(f"{kind}_mon"))
            year = g("rng_y") if kind == "rng" else None
            first = _date_token(start, match.end(f"{kind}_d1"), int(g(f"{kind}_d1")), month, year)
            second = _date_token(match.start(f"{kind}_d2"), end, int(g(f"{kind}_d2")), month, year)
            if first is not None and second is not None:
                found += [first, second]
            continue
        elif kind == "dm":
            token = _date_token(start, end, int(g("dm_d")), _month_of(g("dm_mon")), g("dm_y"))
        elif kind == "md":
            token = _date_token(start, end, int(g("md_d")), _month_of(g("md_mon")), g("md_y"))
        elif kind in ("nth", "dep", "rud", "sqd", "ltd"):
            day = int(g(f"{kind}_d"))
            if 1 <= day <= 31:
                token = _Token(start, end, day=("dom", 0, 0, day))
        elif kind == "wab":
            token = _Token(start, end, weekday=_weekday_of(g("wab_w")))
        elif kind == "hol":
            word = g("hol_w")
            month, day = next(d for r, d in _HOLIDAY_RES if r.fullmatch(word))
            token = _date_token(start, end, day, month, None)
        elif kind == "plw":
            day = _PL_DAYS[" ".join(g("plw_d").split())]
            if g("plw_mon"):
                token = _date_token(start, end, day, _month_of(g("plw_mon")), None)
            else:
                token = _Token(start, end, day=("dom", 0, 0, day))
        if token is not None:
            found.append(token)
    for token in found:
        text = _add(tokens, text, token)
    return text


def _marker(raw: str | None) -> str:
    return " ".join(raw.split()) if raw else ""


def _clocks(text: str, tokens: list[_Token]) -> str:
    found: list[_Token] = []
    for match in _CLOCK_RE.finditer(text):
        kind = next(k for k in _CLOCK_KINDS if match.group(k) is not None)
        found += _clock(kind, match, text)
    for token in found:
        text = _add(tokens, text, token)
    return text


_RU_AT_RE: Final = re.compile(r"(?:^|\s)(?:в|к|около)\s+$")


def _inverted_duration(text: str, position: int) -> bool:
    """ "минут на пять", "минуты на 3": Russian puts the unit first in an amount."""
    return _previous_word(text, position).startswith(("минут", "мин", "часик", "часа", "minut"))


def _previous_word(text: str, position: int) -> str:
    words = text[max(0, position - 20) : position].split()
    return words[-1] if words else ""


_DURATION_BEFORE: Final = frozenset(
    [
        "in",
        "within",
        "for",
        "per",
        "every",
        "likus",
        "per",
        "kas",
        "za",
        "за",
        "через",
        "innerhalb",
        "binnen",
        "pas",
    ]
)
_DURATION_AFTER_RE: Final = re.compile(
    r"\s*(?:before|ahead|earlier|later|ago|in\s+advance|vorher|fruher|spater|vor\b|pries|"
    r"anksciau|veliau|przed|wczesniej|pozniej|раньше|позже|до\b|назад|para\b|me\s+vone|"
    r"me\s+heret)"
)


def _clock(kind: str, match: re.Match[str], text: str) -> list[_Token]:
    g = match.group
    start, end = match.start(), match.end()
    token = _Token(start, end)
    if kind == "rng":
        first = _Token(start, match.end("rng_h1") if g("rng_m1") is None else match.end("rng_m1"))
        second = _Token(match.start("rng_h2"), end, inherit=True)
        for tok, hour_group, minute_group in (
            (first, "rng_h1", "rng_m1"),
            (second, "rng_h2", "rng_m2"),
        ):
            tok.hour = int(g(hour_group))
            tok.minute = int(g(minute_group) or 0)
            tok.exact = g(minute_group) is not None
            tok.clock24 = g(hour_group).startswith("0") and len(g(hour_group)) == 2
            tok.ampm = _ampm(g("rng_ap"))
        return [first, second]
    if kind == "en":
        hour = _hour_token(g("en_h"))
        quantity = g("en_q")
        rel = g("en_rel")
        minutes = (
            30
            if quantity == "half"
            else 15
            if "quarter" in quantity
            else number_value(quantity) or 0
        )
        if hour is None or not 0 < minutes < 60 or (quantity.isdigit() and rel in ("to", "till")):
            return []
        token.hour, token.minute = (
            (hour, minutes) if rel in ("past", "after") else (hour - 1, 60 - minutes)
        )
        token.exact, token.ampm = True, _ampm(g("en_ap"))
    elif kind == "enh":
        token.hour, token.minute, token.exact = _required(_hour_token(g("enh_h"))), 30, True
    elif kind == "de":
        hour = _hour_token(g("de_h"))
        if hour is None:
            return []
        quantity = " ".join(g("de_q").split())
        offsets = {
            "halb": (-1, 30),
            "viertel nach": (0, 15),
            "viertel vor": (-1, 45),
            "dreiviertel": (-1, 45),
            "drei viertel": (-1, 45),
            "viertel": (-1, 15),
        }
        if quantity in offsets:
            shift, minute = offsets[quantity]
        else:
            words, rel = quantity.split()
            value = number_value(words) or 0
            shift, minute = (0, value) if rel == "nach" else (-1, 60 - value)
        token.hour, token.minute, token.exact = hour + shift, minute, True
    elif kind == "lt":
        if g("lt_half"):
            token.hour, token.minute = _required(_hour_word(g("lt_h1"))) - 1, 30
        elif g("lt_qp"):
            token.hour, token.minute = _required(_hour_word(g("lt_h2"))), 15
        else:
            token.hour, token.minute = _required(_hour_word(g("lt_h3"))) - 1, 45
        token.exact = True
    elif kind == "pl":
        if g("pl_h1"):
            token.hour, token.minute = _PL_HOURS[_norm(g("pl_h1"))] - 1, 30
        elif g("pl_h2"):
            token.hour, token.minute = _PL_HOURS[_norm(g("pl_h2"))], 15
        else:
            token.hour, token.minute = _PL_HOURS[_norm(g("pl_h3") or g("pl_h4"))] - 1, 45
        token.exact = True
    elif kind == "ru":
        if g("ru_h1") or g("ru_h2"):
            token.hour, token.minute = _RU_ORDINALS[g("ru_h1") or g("ru_h2")] - 1, 30
        elif g("ru_h3"):
            token.hour, token.minute = _RU_ORDINALS[g("ru_h3")] - 1, 15
        else:
            before = {"четверти": 15, "пяти": 5, "десяти": 10, "пятнадцати": 15, "двадцати": 20}
            early = before.get(g("ru_b"), 25)
            token.hour, token.minute = _required(_hour_word(g("ru_h4"))) - 1, 60 - early
        token.exact = True
    elif kind == "sq":
        hour = _required(_hour_token(g("sq_h")))
        if g("sq_min"):
            if not g("sq_mk"):
                return []  # "4 e 10" alone may be "4 and 10"; "rreth orës 4 e 10" is 4:10
            token.hour, token.minute = hour, int(g("sq_min"))
        elif g("sq_half"):
            token.hour, token.minute = hour, 30
        elif g("sq_qp"):
            token.hour, token.minute = hour, 15
        else:
            token.hour, token.minute = hour - 1, 45
        token.exact = True
    elif kind == "hm":
        hour, minute = int(g("hm_h")), int(g("hm_m"))
        marker = _marker(g("hm_mk"))
        # "12.03" is a date and "15.50" a price unless something says time: "o 10.10",
        # "10.10 Uhr"; "15.00", "9.30" are times
        if (
            g("hm_s") == "."
            and (minute % 15 != 0 or (1 <= minute <= 12 and hour <= 31))
            and marker not in _TIME_ONLY
            and g("hm_ap") is None
            and g("hm_sx") is None
        ):
            return []
        token.hour, token.minute, token.exact = hour, minute, True
        token.ampm = _ampm(g("hm_ap"))
        token.clock24 = g("hm_h").startswith("0") and len(g("hm_h")) == 2
    elif kind == "hh":
        token.hour, token.minute, token.exact = int(g("hh_h")), int(g("hh_m")), True
    elif kind == "ap":
        token.hour, token.ampm = int(g("ap_h")), _ampm(g("ap_ap"))
    elif kind == "sx":
        hour = int(g("sx_h"))
        suffix = g("sx_sx")
        if suffix == "h" and not g("sx_mk") and text[match.start("sx_sx") - 1].isspace():
            return []  # "1 h 30 min": "15h" is a time, "2 h" an amount
        # "24h", "per 2 val.", "2 val. prieš": amounts of time, not hours
        if (
            suffix.startswith(("h", "val"))
            and not g("sx_mk")
            and (
                _previous_word(text, start) in _DURATION_BEFORE
                or _DURATION_AFTER_RE.match(text, end) is not None
            )
        ):
            return []
        if hour > 23:
            return []
        token.hour = hour
        token.clock24 = g("sx_h").startswith("0") and len(g("sx_h")) == 2
    elif kind == "mk":
        hour = int(g("mk_h"))
        marker = _marker(g("mk_mk"))
        suffix = g("mk_sx")
        if _inverted_duration(text, start):
            return []
        if suffix and marker not in ("в", "во", "к", "около", "на", "до", "после", "с"):
            return []  # "за 2 часа": an amount of time
        if _DURATION_AFTER_RE.match(text, end) is not None and marker in ("na", "на", "o", "po"):
            return []  # "o 10 minut wcześniej"-like
        token.hour = hour
        token.clock24 = g("mk_h").startswith("0") and len(g("mk_h")) == 2
        token.part = _PART_SUFFIX.get(g("mk_p") or "", "")
    elif kind == "bp":
        token.hour = int(g("bp_h"))
    elif kind == "ws":
        word = " ".join(g("ws_h").split())
        hour = _hour_token(word)
        suffix = g("ws_sx")
        if hour is None or hour > 12:
            return []
        if suffix.startswith("valand") and word not in _LT_ORDINALS:
            return []  # "viena valanda" is an hour long; "penktą valandą" is five o'clock
        if suffix.startswith("час") and not _RU_AT_RE.search(text, 0, start):
            return []  # "за три часа" is an amount of time; "в три часа" a time
        token.hour = hour
    elif kind == "wm":
        word = g("wm_en") or g("wm_de") or g("wm_ru") or g("wm_sq") or g("wm_lt")
        hour = _hour_word(word)
        if hour is None or _inverted_duration(text, start):
            return []
        token.hour = hour
        token.part = _PART_SUFFIX.get(g("wm_p") or "", "")
    elif kind == "one":
        token.hour, token.part = 1, _PART_SUFFIX.get(g("one_p") or "", "")
    elif kind == "plh":
        token.hour = _PL_HOURS[_norm(g("plh_h"))]
        if token.hour <= 2 and _marker(g("plh_mk")) not in _TIME_ONLY:
            return []
    elif kind == "lto":
        word = g("lto_h")
        if word.startswith(("pirm", "antr")) and not g("lto_mk"):
            return []  # "pirma" / "antra" alone are "first" / "second(ly)"
        token.hour = _LT_ORDINALS[word]
    elif kind == "mid":
        token.hour, token.clock24 = 0, True
    if token.hour is not None:
        if token.hour == 0 and kind in _BEFORE_THE_HOUR:
            token.hour = 12  # "halb eins", "полпервого": half past twelve
        if not 0 <= token.hour <= 24:
            return []
    return [token]


_BEFORE_THE_HOUR: Final = frozenset(("en", "de", "lt", "pl", "ru", "sq"))


_PART_SUFFIX: Final = {"утра": "M", "дня": "A", "вечера": "E", "ночи": "T"}


def _norm(words: str) -> str:
    return " ".join(words.split())


def _required(value: int | None) -> int:
    if value is None:  # pragma: no cover - the regex only lets known words through
        raise ValueError("not an hour")
    return value


def _ampm(raw: str | None) -> str:
    if not raw:
        return ""
    return "pm" if raw.startswith("p") else "am"


def _short_dates(text: str, tokens: list[_Token]) -> str:
    found: list[_Token] = []
    for match in _DM_RE.finditer(text):
        month = int(match.group("m") or match.group("m2"))
        token = _date_token(match.start(), match.end(), int(match.group("d")), month, None)
        if token is not None:
            found.append(token)
    for token in found:
        text = _add(tokens, text, token)
    return text


def _days(text: str, tokens: list[_Token]) -> str:
    found: list[_Token] = []
    for match in _DAYS_RE.finditer(text):
        name = match.lastgroup or ""
        start, end = match.start(), match.end()
        if match.group("wd") is not None:
            word = match.group("wd_w")
            token = _Token(start, end, weekday=_weekday_of(word))
            sq_mod = match.group("sq_mod") or ""
            if match.group("next") or (sq_mod and "kaluar" not in sq_mod and "shk" not in sq_mod):
                token.shift = "next"
            elif match.group("last") or sq_mod:
                token.shift = "last"
            suffix = re.search(r"(vormittag|nachmittag|mittag|morgen|abend|nacht|fruh)s?$", word)
            if suffix is not None and not word.startswith("sonnabend"):
                token.part = _GERMAN_SUFFIX[suffix.group(1)]
            found.append(token)
            continue
        if name.startswith("r"):
            _, offset, part = _RELATIVE[int(name[1:])]
            found.append(_Token(start, end, day=("rel", offset, 0, 0), part=part))
            continue
        index = next(i for i in range(len(_IN_DAYS)) if match.group(f"i{i}") is not None)
        pattern, sign = _IN_DAYS[index]
        if "(?P<n>" in pattern:
            raw = match.group(f"n{index}")
            amount = 1 if raw in ("a", "one") else number_value(raw)
            if amount is None or not 0 < amount <= 60:
                continue
            offset = amount * sign
        else:
            offset = sign
        found.append(_Token(start, end, day=("rel", offset, 0, 0)))
    for token in found:
        text = _add(tokens, text, token)
    return text


_GERMAN_SUFFIX: Final = {
    "morgen": "M",
    "vormittag": "M",
    "fruh": "M",
    "mittag": "N",
    "nachmittag": "A",
    "abend": "E",
    "nacht": "T",
}


def _parts(text: str, tokens: list[_Token]) -> str:
    found: list[_Token] = []
    for match in _PARTS_RE.finditer(text):
        part = _PARTS[int((match.lastgroup or "p0")[1:])][1]
        weak = part.endswith("?")
        found.append(_Token(match.start(), match.end(), part=part.rstrip("?"), weak=weak))
    for token in found:
        text = _add(tokens, text, token)
    return text


def _hours_after_days(text: str, tokens: list[_Token]) -> None:
    """ "šeštadienį 11", "Friday 3": a bare hour right after a day word."""
    for token in list(tokens):
        if token.weekday is None and (token.day is None or token.day[0] != "rel"):
            continue
        match = _AFTER_DAY_HOUR_RE.match(text, token.end)
        if match is None:
            continue
        hour = int(match.group("h"))
        if hour == 0:
            continue
        tokens.append(_Token(match.start("h"), match.end("h"), hour=hour))


# --- mentions ---------------------------------------------------------------------------


def _groups(tokens: list[_Token], folded: str) -> list[list[_Token]]:
    """Tokens that belong together (see the module's docstring)."""
    groups: list[list[_Token]] = []
    for token in tokens:
        if token.inherit or not groups or not _joinable(groups[-1], token, folded):
            groups.append([token])
        else:
            groups[-1].append(token)
    return groups


def _joinable(group: list[_Token], token: _Token, folded: str) -> bool:
    last = group[-1]
    gap = folded[last.end : token.start]
    if token.start < last.end or len(gap) > 14 or _CONNECTOR_RE.fullmatch(gap) is None:
        return False
    for other in group:
        if other.inherit and token.hour is not None:
            return False
        if (
            (other.day is not None and token.day is not None)
            or (other.weekday is not None and token.weekday is not None)
            or (other.hour is not None and token.hour is not None)
            or (other.part and token.part)
        ):
            return False
    return True


def _hour_of_day(tokens: list[_Token]) -> tuple[int, int, str] | None:
    """(hour, minute, grain) of a mention's time of day, if it has one."""
    clock = next((t for t in tokens if t.hour is not None), None)
    part = next((t.part for t in tokens if t.part), "")
    if clock is None or clock.hour is None:
        if not part:
            return None
        return _PART_HOURS[part], 0, "hour"
    hour = clock.hour
    ampm = clock.ampm or next((t.ampm for t in tokens if t.ampm), "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    elif not ampm:
        part = clock.part or part
        if part in ("A", "E", "W") and hour < 12:
            hour += 12
        elif part == "T":
            hour = 0 if hour == 12 else hour + 12 if 6 <= hour < 12 else hour
        elif part in ("M", "N"):
            pass
        elif 1 <= hour <= 7 and not clock.clock24:
            hour += 12  # "at 3": nobody books at three at night
    if hour == 24:
        hour = 0
    return hour, clock.minute, "minute" if clock.exact else "hour"


def _wall(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    """A wall time in ``tz``, normalized through UTC (see the module's docstring)."""
    naive = datetime.combine(day, time(hour, minute))
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def _next_date(month: int, day: int, today: date) -> date | None:
    for year in range(today.year, today.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def _next_day_of_month(day: int, today: date) -> date | None:
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _resolve(
    tokens: list[_Token], now: datetime, tz: ZoneInfo, inherited: date | None
) -> tuple[datetime, str] | None:
    if all(t.weak for t in tokens):
        return None
    today = now.date()
    clock = _hour_of_day(tokens)
    day_token = next((t for t in tokens if t.day is not None), None)
    weekday_token = next((t for t in tokens if t.weekday is not None), None)
    on: date | None = None
    if day_token is not None and day_token.day is not None:
        kind, a, b, c = day_token.day
        if kind == "rel":
            on = today + timedelta(days=a)
        elif kind == "dom":
            on = _next_day_of_month(c, today)
        elif a:
            on = date(a, b, c)
        else:
            on = _next_date(b, c, today)
        if on is None:
            return None
    elif weekday_token is not None and weekday_token.weekday is not None:
        weekday = weekday_token.weekday
        monday = today - timedelta(days=today.weekday())
        if weekday_token.shift == "next":
            on = monday + timedelta(days=7 + weekday)
        elif weekday_token.shift == "last":
            on = monday + timedelta(days=weekday - 7)
        else:
            ahead = (weekday - today.weekday()) % 7
            if ahead == 0 and not (
                clock is not None and _wall(today, clock[0], clock[1], tz) > now
            ):
                ahead = 7
            on = today + timedelta(days=ahead)
    elif inherited is not None:
        on = inherited
    if clock is None:
        if on is None:
            return None
        return _wall(on, 0, 0, tz), "day"
    hour, minute, grain = clock
    if on is None:
        value = _wall(today, hour, minute, tz)
        if value <= now:
            value = _wall(today + timedelta(days=1), hour, minute, tz)
        return value, grain
    return _wall(on, hour, minute, tz), grain


def _local_now(now: datetime, tz: ZoneInfo) -> datetime:
    if now.tzinfo is None:  # documented as aware; a naive one is taken as local time
        return now.replace(tzinfo=tz)
    return now.astimezone(tz)


def extract_times(text: str, *, now: datetime, tz: ZoneInfo) -> list[TimeMention]:
    """Every date / time-of-day mention in `text`, in order of appearance; a day and a time
    of day that belong together ("tomorrow at 3", "at 3 tomorrow", "w piątek o 12",
    "rytoj 10 val.") are ONE mention spanning both. `now` is aware (any zone)."""
    folded = fold_mapped(text)
    tokens = _scan(folded.text)
    tokens += _dateparser_tokens(folded, tokens)
    if not tokens:
        return []
    tokens.sort(key=lambda t: (t.start, t.end))
    local = _local_now(now, tz)
    greeting = _GREETING_RE.match(folded.text)
    mentions: list[TimeMention] = []
    previous_day: date | None = None
    for group in _groups(tokens, folded.text):
        start, end = group[0].start, max(t.end for t in group)
        if greeting is not None and end <= greeting.end() and all(t.hour is None for t in group):
            continue  # "Morgen!", "morning all": a greeting
        if _is_wish(group, folded.text):
            continue
        resolved = _resolve(group, local, tz, previous_day if group[0].inherit else None)
        if resolved is None:
            continue
        value, grain = resolved
        previous_day = value.date()
        first, last = folded.span(start, end)
        mentions.append(TimeMention(first, last, value, grain))
    return mentions


_WISH_BEFORE: Final = frozenset(
    [
        "good",
        "nice",
        "lovely",
        "great",
        "pleasant",
        "wonderful",
        "gero",
        "geros",
        "grazaus",
        "grazios",
        "labos",
        "labo",
        "ramios",
        "ramaus",
        "malonaus",
        "malonios",
        "puikaus",
        "puikios",
        "saugios",
        "milego",
        "milej",
        "dobrego",
        "dobrej",
        "dobre",
        "spokojnej",
        "spokojnego",
        "udanego",
        "udanej",
        "хорошего",
        "хорошей",
        "приятного",
        "приятной",
        "доброго",
        "доброй",
        "добрейшего",
        "спокойной",
        "schonen",
        "schone",
        "gute",
        "guten",
        "angenehmen",
        "erholsame",
        "netten",
    ]
)
_WISH_AFTER_RE: Final = re.compile(r"\s+(?:te\s+|e\s+|i\s+)?(?:mbare|mire)\b|\s+добр")


def _is_wish(group: list[_Token], folded: str) -> bool:
    """ "Gero vakaro", "miłego wieczoru", "natën e mirë", "Вечер добрый": a part of the
    day in a greeting or a wish is not a time."""
    dated = any(t.hour is not None or t.day is not None or t.weekday is not None for t in group)
    if dated and (len(group) > 1 or not any(t.weekday is not None for t in group)):
        return False  # "Miłej niedzieli" alone is a wish; "niedzieli o 12" is not
    start, end = group[0].start, group[-1].end
    if _previous_word(folded, start).strip(",.!") in _WISH_BEFORE:
        return True
    return _WISH_AFTER_RE.match(folded, end) is not None


def time_spans(folded_text: str) -> list[tuple[int, int]]:
    """Spans (in the folded text) of what reads as a day or a time of day: the durations
    module keeps out of them ("at 10", "10 val.", "in 3 days" are not durations)."""
    return [(t.start, t.end) for t in _scan(folded_text)]


# --- dateparser, for what the rules do not cover ----------------------------------------

_dateparser: Any = None
_DATEPARSER_SETTINGS: Final = {
    "PREFER_DATES_FROM": "future",
    "REQUIRE_PARTS": ["day", "month"],
    "DATE_ORDER": "DMY",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def _load_dateparser() -> Any:
    global _dateparser
    if _dateparser is None:
        try:
            _dateparser = importlib.import_module("dateparser")
        except ImportError:  # optional: without it, only the rules read dates
            _dateparser = False
    return _dateparser


def _dateparser_tokens(folded: Folded, tokens: list[_Token]) -> list[_Token]:
    """Dates that only dateparser reads ("12 wrz."), where a number stands next to a
    month-like word that no rule took."""
    masked = folded.text
    for token in tokens:
        masked = blank(masked, token.start, token.end)
    if not any(ch.isdigit() for ch in masked):
        return []
    found: list[_Token] = []
    for match in _MONTH_HINT_RE.finditer(masked):
        word = match.group("a") or match.group("b")
        if word[:3] not in _MONTH_PREFIXES:
            continue
        parser = _load_dateparser()
        if not parser:
            return []
        first, last = folded.span(match.start(), match.end())
        result = parser.parse(
            folded.original[first:last],
            languages=["en", "lt", "pl", "sq", "de", "ru"],
            settings=_DATEPARSER_SETTINGS,
        )
        if isinstance(result, datetime):
            parsed = _date_token(match.start(), match.end(), result.day, result.month, None)
            if parsed is not None:
                found.append(parsed)
    return found
