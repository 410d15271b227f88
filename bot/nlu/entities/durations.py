"""Amounts of time in chat text, in English, Lithuanian, Polish, Albanian, German and
Russian: "10 min", "pusvalandį", "pół godziny", "полчаса", "gjysmë ore", "eine
Viertelstunde", "an hour and a half", "dziesięć minut", "десять минут", "zehn Minuten",
"dhjetë minuta", "dešimt minučių", "минут на десять".

Rules (compiled at import) run over folded text (see :mod:`bot.nlu.folding`):

- a number in digits or words (any of the six languages, 1..99, "1,5") and a unit:
  minutes, hours ("h", "val.", "godz.", "Std."), days ("сутки" too) and weeks;
- hours and minutes together ("1 h 30 min", "2 hours and 15 minutes") as one amount;
- halves and quarters ("half an hour", "pusvalandį", "pół godziny", "полчаса", "gjysmë
  ore", "eine halbe Stunde"; "a quarter of an hour", "kwadrans", "четверть часа", "një
  çerek", "Viertelstunde", "ketvirtis valandos"; "three quarters of an hour", "trzy
  kwadranse", "Dreiviertelstunde"), one and a half ("an hour and a half",
  "anderthalb Stunden", "półtorej godziny", "полтора часа", "pusantros valandos", "një
  orë e gjysmë");
- a unit alone where it means one ("an hour", "eine Stunde", "godzinę", "valandą",
  "час", "сутки", "неделя");
- Russian's unit-first amounts ("минут на десять", "минут 15", "минуты на 3");
- with ``bare_numbers``, a lone number 1..240 as minutes ("be there in 15"), only when
  nothing else in the text is an amount of time.

What reads as a day or a time of day is not a duration: the text's time mentions (see
:mod:`bot.nlu.entities.times`) are kept out first, so "at 10", "10:30", "10 val.",
"o 15", "in 3 days" give nothing here, while "24 hours", "24 val.", "likus 2 val." do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bot.nlu.entities.times import NUMBER_WORD, number_value, time_spans
from bot.nlu.folding import fold_mapped


@dataclass(frozen=True, slots=True)
class DurationMention:
    """One amount of time found in a text."""

    start: int  # character offsets into the original text
    end: int
    minutes: int


_MINUTE: Final = r"(?:min\w*\.?|мин\w*\.?)"
_HOUR: Final = (
    r"(?:h\b|hrs?\b\.?|hours?\b|std\b\.?|stunde\w*|stund\w*|godz\w*\.?|valand\w*|val\b\.?|"
    r"час(?:а|ов|ик|ика|ок|ам)?\b|ore(?:ve|sh|t)?\b)"
)
_DAY: Final = (
    r"(?:days?\b|tag(?:e|en)?\b|dien(?:a|as|u|os|ai|om|omis|u)?\b|dni\b|dnia\b|dzien\b|"
    r"дн(?:я|ей|и)\b|день\b|денек\b|сут(?:ки|ок)\b|dit(?:e|a|esh|en)?\b(?!\s+(?:te\s+)?"
    r"(?:bukur|mbare|mire|mrekull\w*|tjeter))|paros\b|parai\b|dob(?:e|a|y)\b)"
)
_WEEK: Final = (
    r"(?:weeks?\b|wochen?\b|savait\w*|tydzien\b|tygodni\w*|недел(?:я|ю|и|ь)\b|jav(?:e|a|en)\b|"
    r"javesh\b)"
)
_QUARTER: Final = (
    r"(?:quarters?\s+(?:of\s+an?\s+)?hour|quarter-hour|kwadrans\w*|ketvir[tc]\w*\s+valand\w*|"
    r"четверт\w*\s+час\w*|cerek(?:\s+ore\b)?)"
)
_UNITS: Final = {"m": 1, "h": 60, "d": 1440, "w": 10080, "q": 15}
_NUMBER: Final = rf"(?:\d{{1,3}}(?:[.,]5)?|(?:{NUMBER_WORD}|пару|пара|парочку|pare|paru)(?![\w']))"

_DURATION_RE: Final = re.compile(
    # every alternative starts at a word: "guten Tag" holds no "ten Tag"
    r"(?<![\w'])(?:"
    # 1 h 30 min, 2 hours and 15 minutes, 1 час 20 минут
    rf"(?P<hm>(?P<hm_h>{_NUMBER})\s*{_HOUR}\s*(?:(?:and|und|i|ir|и|e)\s+)?"
    rf"(?P<hm_m>{_NUMBER})\s*{_MINUTE})"
    # an hour and a half, 2 and a half hours, 2 hours and a half, 1,5 h
    rf"|(?P<h15>(?:an?\s+|one\s+)?hour\s+and\s+a\s+half|anderthalb\s+stund\w*|"
    rf"eineinhalb\s+stund\w*|poltorej\s+godzin\w*|poltora\s+godzin\w*|полтора\s+часа|"
    rf"pusantros\s+valand\w*|(?:nje\s+)?ore\s+e\s+gjysm\w*|полутора\s+час\w*)"
    rf"|(?P<nh>(?P<nh_n>{_NUMBER})\s+(?:and\s+a\s+half\s+hours?\b|hours?\s+and\s+a\s+half|"
    rf"ore\s+e\s+gjysm\w*|und\s+eine\s+halbe\s+stunde\w*))"
    # three quarters of an hour, trzy kwadranse, Dreiviertelstunde
    rf"|(?P<q45>(?:eine\s+|ne\s+|'ne\s+)?dreiviertelstunde\w*|три\s+четверти\s+часа)"
    # 10 min, zehn Minuten, dešimt minučių, 24 Stunden, 3 dienas, 2 weeks, trzy kwadranse
    rf"|(?P<nu>(?!ten\s+(?:dzien|dni|tydz|tygod|dob))(?P<nu_n>{_NUMBER})\s*-?\s*(?:(?P<nu_m>{_MINUTE})|(?P<nu_h>{_HOUR})|"
    rf"(?P<nu_d>{_DAY})|(?P<nu_w>{_WEEK})|(?P<nu_q>{_QUARTER})))"
    # минут на десять, минут 15, минуты на 3, часа на два
    rf"|(?P<inv>(?P<inv_u>минут\w*|мин\.?|час(?:а|ов|ика)?)\s+(?:(?:на|через|за|в|с)\s+)?"
    rf"(?P<inv_n>\d{{1,3}}|{NUMBER_WORD})\b)"
    # half an hour, pusvalandį, pół godziny, полчаса, gjysmë ore, eine halbe Stunde
    rf"|(?P<half>(?:a\s+)?half\s+(?:an\s+)?hour|half-hour|(?:eine[rn]?\s+|ne\s+|'ne\s+)?"
    rf"halbe[rn]?\s+stunde|halbstund\w*|pus\s*valand\w*|pus[eė]s?\s+valandos|"
    rf"pol\s+godzin\w*|polgodzin\w*|пол\s*-?\s*часа|полчас\w*|получаса|gjysm\w*\s+or\w*|"
    rf"gjysem\s+or\w*)"
    # a quarter of an hour, kwadrans, четверть часа, (një) çerek, eine Viertelstunde
    rf"|(?P<quarter>(?:a\s+)?{_QUARTER}|(?:eine[rn]?\s+|ne\s+|'ne\s+)?viertel\s*stunde\w*|"
    rf"ketvirtis|ketvirti|ketvircio|ketvirciu)"
    # an hour, eine Stunde, godzinę, valandą, час, сутки, неделя, a day, einen Tag
    rf"|(?P<one_h>(?:an|one)\s+hour\b|(?:eine[rn]?|ne|'ne)\s+stunde|"
    rf"(?:(?<=\bo\s)|(?<=\bza\s)|(?<=\bna\s)|(?<=przez\s)|(?<=\bpo\s))godzin(?:e|ke)\b|"
    rf"godzinke\b|valandziuk\w*|(?<!kelinta\s)(?<!\bta\s)(?<!pacia\s)(?<!kuria\s)(?<!\bsia\s)"
    rf"valand(?:a|ai)\b|(?<!в\s)час(?:ик|ок)?\b)"
    rf"|(?P<one_m>(?:a|one)\s+minute\b|eine\s+minute\b)"
    rf"|(?P<one_d>(?:a|one)\s+day\b|(?:einen|einem|ein)\s+tag\b|сутки\b|"
    rf"(?<!времени\s)суток\b|(?<=на\s)денек\b|(?<=за\s)день\b|(?<=на\s)день\b|parai\b|"
    rf"(?:(?<=\bo\s)|(?<=\bna\s))(?:dobe|dzien)\b|"
    rf"(?:dzien|dobe|diena)(?=\s+(?:wczesniej|pozniej|przed|veliau|anksciau|pries))|"
    rf"(?<=likus\s)dienai\b|(?<=per\s)diena\b)"
    rf"|(?P<one_w>(?:a|one)\s+week\b|(?:eine|einer)\s+woche|(?<!эту\s)(?<!следующую\s)"
    rf"(?<!прошлую\s)(?<!вторую\s)(?<!каждую\s)(?<!ту\s)недел[яю]\b|(?<=\bo\s)tydzien\b|"
    rf"tydzien(?=\s+(?:wczesniej|pozniej|przed|do\s+przodu))|(?<=jau\s)savaite\b|"
    rf"(?<=likus\s)savaitei\b|savaite(?=\s+(?:veliau|anksciau|pries)))"
    r")"
)
_BARE_NUMBER_RE: Final = re.compile(
    r"(?<![\w.,:/+\-€$£#@])(?P<n>\d{1,3})(?![\w%€$£]|[.,:/]\d|\s*(?:%|€|\$|eur|usd|pln|zl\b|"
    r"руб|lek|people|person|osob|zmon|человек|person|x\b))"
    # "be there in ten", "через пять буду": a number word after "in"
    rf"|(?<![\w'])(?:in|через|за|za|po|pas|uz|in)\s+(?P<w>{NUMBER_WORD})(?![\w'])"
)


def _minutes(match: re.Match[str]) -> int | None:
    g = match.group
    if g("hm"):
        hours, minutes = _amount(g("hm_h")), _amount(g("hm_m"))
        return None if hours is None or minutes is None else round(hours * 60 + minutes)
    if g("h15"):
        return 90
    if g("nh"):
        hours = _amount(g("nh_n"))
        return None if hours is None else round(hours * 60 + 30)
    if g("q45"):
        return 45
    if g("nu"):
        amount = _amount(g("nu_n"))
        unit_name = next(u for u in "mhdwq" if g(f"nu_{u}"))
        return None if amount is None else round(amount * _UNITS[unit_name])
    if g("inv"):
        amount = _amount(g("inv_n"))
        unit = 1 if g("inv_u").startswith("мин") else 60
        return None if amount is None else round(amount * unit)
    if g("half"):
        return 30
    if g("quarter"):
        return 15
    for name, minutes in (("one_h", 60), ("one_m", 1), ("one_d", 1440), ("one_w", 10080)):
        if g(name):
            return minutes
    return None  # pragma: no cover - every alternative is handled above


def _amount(raw: str) -> float | None:
    raw = raw.strip()
    if raw in ("пару", "пара", "парочку", "pare", "paru"):
        return 2
    if re.fullmatch(r"\d{1,3}[.,]5", raw):
        return float(raw.replace(",", "."))
    value = number_value(raw)
    return None if value is None else float(value)


def extract_durations(text: str, *, bare_numbers: bool = False) -> list[DurationMention]:
    """Amounts of time ("10 min", "pusvalandį", "pół godziny", "полчаса", "gjysmë ore",
    "eine Viertelstunde", "an hour and a half", "dziesięć minut", "десять минут",
    "zehn Minuten", "dhjetë minuta", "dešimt minučių"). With bare_numbers, a lone number
    1..240 counts as minutes ("late, be there in 15"), used when the intent is running late.
    A time mention must not be read as a duration: "at 10" / "10:30" / "10 val." are not
    durations (the caller passes text where time mentions may appear)."""
    folded = fold_mapped(text)
    taken = time_spans(folded.text)
    found: list[tuple[int, int, int]] = []
    for match in _DURATION_RE.finditer(folded.text):
        start, end = match.start(), match.end()
        if any(s < end and start < e for s, e in taken):
            continue
        minutes = _minutes(match)
        if minutes is not None and minutes > 0:
            found.append((start, end, minutes))
    if bare_numbers and not found:
        for match in _BARE_NUMBER_RE.finditer(folded.text):
            start, end = match.span()
            raw = match.group("n") or match.group("w")
            minutes = int(_amount(raw) or 0)
            if 1 <= minutes <= 240 and not any(s < end and start < e for s, e in taken):
                found.append((start, end, minutes))
    mentions: list[DurationMention] = []
    for start, end, minutes in found:
        first, last = folded.span(start, end)
        mentions.append(DurationMention(first, last, minutes))
    return mentions
