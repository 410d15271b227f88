"""A small rule-based interpreter: keyword intents, catalog names, times, durations.

It stands in for the trained model (and backs it up): intents come from keyword and
stem lists in the six languages, entities from the catalog's names (matched on word
stems so that inflected forms match), from rules for days and times of day, and from
patterns for durations, e-mail addresses and phone numbers.

Everything is matched on *folded* text: lowercased, diacritics dropped (``ł`` → ``l``,
``ß`` → ``ss``), Cyrillic kept as it is except ``ё`` → ``е``. Entity offsets point into
the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Final, Protocol

from bot.nlu.folding import fold
from bot.nlu.folding import fold_mapped as _fold_mapped
from bot.nlu.interpreter import FALLBACK_INTENT, Entity, Parse, ParseContext

if TYPE_CHECKING:
    pass

EXTRACTOR: Final = "keywords"
KEYWORD_CONFIDENCE: Final = 0.9
IMPLIED_BOOK_CONFIDENCE: Final = 0.95
OTHER_CONFIDENCE: Final = 0.5
LANGUAGE_ORDER: Final = ("en", "lt", "pl", "ru", "de", "sq")
ANY: Final = "*"  # a keyword that says nothing about the language (ok, operator…)


# --- intents ----------------------------------------------------------------------------

# Regex fragments on folded text, by intent and language. ``ANY`` marks words shared by
# the languages (they decide the intent, not the language).
_W = r"\w*"
_LANGUAGE_NAMES = (
    r"english|lithuanian|polish|albanian|german|russian|"
    r"angl\w*|lietuv\w*|lenk\w*|rus\w*|vok\w*|alban\w*|"
    r"angiel\w*|litew\w*|polsk\w*|rosyj\w*|niemiec\w*|niemieck\w*|"
    r"англ\w*|литов\w*|польск\w*|русск\w*|немец\w*|немецк\w*|албан\w*|"
    r"englisch\w*|litauisch\w*|polnisch\w*|russisch\w*|deutsch\w*|albanisch\w*|"
    r"shqip\w*|anglisht|lituanisht|polonisht|rusisht|gjermanisht"
)
_LANGUAGE_WORDS = (
    rf"\b(?:language|lang|kalb(?:a|os|as|u)\b|jezyk\w*|язык\w*|sprache\w*|gjuh\w*|"
    rf"{_LANGUAGE_NAMES})"
)

_CANCEL = r"\b(?:cancel\w*|atsauk\w*|atsisak\w*|odwol\w*|anul\w*|отмен\w*|storn\w*|ab(?:zu)?sag\w*)"
_POLICY = (
    r"\b(?:polic\w*|politik\w*|polityk\w*|политик\w*|rules?|fees?|free|charge\w*|penalt\w*|"
    r"deadline|in advance|how (?:late|long|early)|until when|"
    r"taisykl\w*|salyg\w*|nemokam\w*|mokest\w*|iki kada|per kiek|"
    r"zasad\w*|regulamin\w*|warunk\w*|bezplatn\w*|oplat\w*|do kiedy|ile wczesniej|"
    r"правил\w*|услови\w*|бесплатн\w*|штраф\w*|до какого|за сколько|"
    r"regel\w*|bedingung\w*|kostenlos\w*|gebuhr\w*|bis wann|frist\w*|"
    r"rregull(?:at|ore|a)\w*|kusht\w*|falas|tarif\w*|deri kur)"
)
_LATE = (
    r"\b(?:late|lateness|veluo\w*|pavel\w*|spozni\w*|spoznie\w*|опаздыв\w*|опозда\w*|"
    r"verspat\w*|vonoh\w*|vones\w*)"
)
_IF = (
    r"\b(?:what (?:happens|if)|if|jei|jeigu|kas bus|jesli|jezeli|co (?:jesli|bedzie|sie stanie)|"
    r"если|что будет|wenn|falls|was passiert|nese|ne qofte|cfare ndodh\w*)\b"
)


def _both(first: str, second: str) -> str:
    return rf"^(?=.*?(?:{first}))(?=.*?(?:{second}))"


_INTENTS: Final[dict[str, dict[str, list[str]]]] = {
    "faq/cancellation_policy": {
        ANY: [_both(_CANCEL, _POLICY), r"\bstorno\w*(?:bedingung|gebuhr|regel|frist)\w*"],
    },
    "faq/late_policy": {
        ANY: [_both(_LATE, _POLICY), _both(_LATE, _IF), r"\blate (?:policy|arrival)"],
    },
    "running_late": {
        "en": [
            r"\brunning (?:a bit |a little |\w+ minutes )?late\b",
            r"\b(?:be|am|i'm|im|i am|be a bit|be a little|running)\s+(?:\w+\s+)?late\b",
            r"\blate by\b",
            r"\bminutes late\b",
            r"\bdelayed\b",
            r"\bstuck in traffic\b",
        ],
        "lt": [r"\bveluo\w*", r"\bpaveluo\w*", r"\bvelai atvyk\w*", r"\bvelu\w* \d"],
        "pl": [r"\bspozni\w*", r"\bspoznie\w*", r"\bopozni\w*", r"\bbede (?:troche )?pozniej\b"],
        "ru": [r"\bопаздыв\w*", r"\bопозда\w*", r"\bзадерж\w*", r"\bбуду позже\b"],
        "de": [r"\bverspat\w*", r"\bkomme?\b.{0,20}\bspater\b", r"\bspater kommen\b"],
        "sq": [r"\bvonoh\w*", r"\bvones\w*", r"\bvonoj\b"],
    },
    "cancel_booking": {
        "en": [r"\bcancel\w*", r"\bcall (?:it )?off\b", r"\bdelete my (?:booking|appointment)"],
        "lt": [r"\batsauk\w*", r"\batsisak\w*", r"\bnebeateis\w*", r"\bnebeatvyk\w*"],
        "pl": [r"\bodwol\w*", r"\banulow\w*", r"\banuluj\w*", r"\bzrezygnow\w*", r"\brezygnuj\w*"],
        "ru": [r"\bотмен\w*", r"\bне приду\b"],
        "de": [r"\bstorn\w*", r"\bab(?:zu)?sag\w*", r"\bsage?\b.{0,30}\bab\b"],
        "sq": [r"\banuloj\w*", r"\banulo\b", r"\banulim\w*", r"\banulo(?:n|ni|je)\b"],
    },
    "reschedule_booking": {
        "en": [
            r"\breschedul\w*",
            r"\b(?:change|move|shift)\b",
            r"\bpostpon\w*",
            r"\b(?:another|different|other) (?:time|day|date|slot)\b",
        ],
        "lt": [
            r"\bpakeist\w*",
            r"\bpakeisk\w*",
            r"\bkeist\w*",
            r"\bperkel\w*",
            r"\bkit\w* laik\w*",
        ],
        "pl": [r"\bzmien\w*", r"\bzmian\w*", r"\bprzeloz\w*", r"\bprzesun\w*", r"\binny termin\w*"],
        "ru": [
            r"\bперен[её]с\w*",
            r"\bперенест\w*",
            r"\bперенос\w*",
            r"\bизмен\w*",
            r"\bпоменя\w*",
        ],
        "de": [
            r"\bverschieb\w*",
            r"\bverleg\w*",
            r"\bumbuch\w*",
            r"\bander(?:n|e|t)\b",
            r"\banderen termin\b",
        ],
        "sq": [r"\bndrysho\w*", r"\bshty\w*", r"\bzhvendos\w*", r"\bkohe tjeter\b"],
    },
    "my_bookings": {
        "en": [
            r"\bmy (?:\w+ )?(?:bookings?|appointments?|reservations?|visits?)\b",
            r"\bwhat (?:have i|did i) book",
            r"\bupcoming (?:bookings|appointments)\b",
        ],
        "lt": [r"\bmano (?:\w+ )?(?:rezervacij\w*|vizit\w*|registracij\w*|uzsakym\w*)"],
        "pl": [r"\bmo(?:je|ja|ich|ja|j) (?:\w+ )?(?:rezerwacj\w*|wizyt\w*|termin\w*)"],
        "ru": [r"\bмо(?:и|я|ю|их|ей|ё|е) (?:\w+ )?(?:запис\w*|брон\w*|визит\w*)"],
        "de": [r"\bmein\w* (?:\w+ )?(?:buchung\w*|termin\w*|reservierung\w*)"],
        "sq": [r"\b(?:rezervim|termin|takim)\w* (?:e |i |te )?(?:mi|mia|mija|mij|im|ime)\b"],
    },
    "change_language": {
        "en": [
            rf"\b(?:speak|talk|write|answer|reply|switch|change|continue)\b.{{0,25}}"
            rf"(?:{_LANGUAGE_NAMES}|\blanguage)\b",
            r"\b(?:other|another|different) language\b",
            r"\bin (?:english|lithuanian|polish|albanian|german|russian)\b",
            r"\blanguage\b",
        ],
        "lt": [
            r"\b(?:lietuv|angl|lenk|rus|vok|alban)iskai\b",
            r"\bkalbek\w*",
            r"\bkalb(?:a|os|as)\b",
        ],
        "pl": [
            r"\bpo (?:polsku|angielsku|litewsku|rosyjsku|niemiecku|albansku)\b",
            r"\bjezyk\w*",
        ],
        "ru": [
            r"\bпо[- ](?:русски|английски|литовски|польски|немецки|албански)\b",
            r"\bязык\w*",
        ],
        "de": [
            r"\bauf (?:deutsch|englisch|polnisch|russisch|litauisch|albanisch)\b",
            r"\bsprache\w*",
        ],
        "sq": [
            r"\b(?:ne|fol\w*) (?:shqip|anglisht|gjermanisht|rusisht|polonisht|lituanisht)\b",
            r"\bgjuh\w*",
        ],
    },
    "human_handoff": {
        ANY: [r"\boperator\w*", r"\bkonsultant\w*", r"\bmanager\b"],
        "en": [
            r"\bhuman\b",
            r"\b(?:real|live|actual) (?:person|human|agent)\b",
            r"\bagent\b",
            r"\bcustomer (?:service|support)\b",
            r"\b(?:talk|speak) to (?:someone|somebody|a person|staff)\b",
            r"\brepresentative\b",
        ],
        "lt": [r"\bzmog\w*", r"\bdarbuotoj\w*", r"\bgyv\w* asmen\w*", r"\badministrator\w*"],
        "pl": [r"\bczlowiek\w*", r"\bz kims\b", r"\bpracownik\w*", r"\bzyw\w* osob\w*"],
        "ru": [
            r"\bоператор\w*",
            r"\bс (?:живым )?человеком\b",
            r"\bживым\b",
            r"\bконсультант\w*",
            r"\bменеджер\w*",
            r"\bадминистратор\w*",
        ],
        "de": [r"\bmensch\w*", r"\bmitarbeiter\w*", r"\becht\w* person\b", r"\bkundendienst\b"],
        "sq": [r"\bnjeri\w*", r"\bagjent\w*", r"\bpunonjes\w*", r"\bperson real\b"],
    },
    "faq/payment_methods": {
        "en": [
            r"\bpay(?:ing|ment\w*)?\b",
            r"\b(?:credit|debit|bank) card\b",
            r"\bby card\b",
            r"\bcash\b",
        ],
        "lt": [r"\bmoket\w*", r"\bmokej\w*", r"\bsumoket\w*", r"\batsiskait\w*", r"\bgrynais\b"],
        "pl": [r"\bplac\w*", r"\bzaplac\w*", r"\bplatn\w*", r"\bgotowk\w*", r"\bkarta\b"],
        "ru": [
            r"\bоплат\w*",
            r"\bзаплат\w*",
            r"\bплат(?:ить|ят|им)\b",
            r"\bналичн\w*",
            r"\bкартой\b",
        ],
        "de": [r"\bbezahl\w*", r"\bzahl(?:en|ung\w*)\b", r"\bkartenzahlung\b", r"\bbar\b"],
        "sq": [r"\bpagu\w*", r"\bpages\w*", r"\bme karte\b", r"\bkesh\b"],
    },
    "book": {
        "en": [
            r"\bbook\b",
            r"\bbooking\b",
            r"\breserv\w*",
            r"\bappointment\b",
            r"\bschedul\w*",
            r"\b(?:free|available) (?:slots?|times?)\b",
        ],
        "lt": [
            r"\buzsiregistr\w*",
            r"\bregistruot\w*",
            r"\brezervuot\w*",
            r"\brezervuok\w*",
            r"\buzsirasy\w*",
            r"\blaisv\w* laik\w*",
            r"\bvizit(?:o|a|ui)\b",
        ],
        "pl": [
            r"\bumowi\w*",
            r"\bumow\w*",
            r"\bzarezerw\w*",
            r"\brezerwacj\w*",
            r"\bwizyt\w*",
            r"\bzapisac\w*",
            r"\bzapisz\w*",
            r"\bwolne terminy\b",
        ],
        "ru": [
            r"\bзапис\w*",
            r"\bзапиш\w*",
            r"\bзаброн\w*",
            r"\bбронь\w*",
            r"\bбронир\w*",
            r"\bсвободн\w* (?:время|окн\w*)",
        ],
        "de": [r"\bbuch\w*", r"\breservier\w*", r"\btermin\w*", r"\bvereinbar\w*"],
        "sq": [r"\brezerv\w*", r"\btermin\w*", r"\btakim\w*", r"\bcaktoj\w*"],
    },
    "thanks": {
        "en": [r"\bthank\w*", r"\bthx\b", r"\bty\b", r"\bmuch appreciated\b", r"\bcheers\b"],
        "lt": [r"\baciu\b", r"\bdekoj\w*", r"\bdekui\b"],
        "pl": [r"\bdziek\w*", r"\bdzieki\b"],
        "ru": [r"\bспасибо\b", r"\bблагодар\w*", r"\bспс\b"],
        "de": [r"\bdanke\w*", r"\bdank\b", r"\bvielen dank\b"],
        "sq": [r"\bfaleminderit\b", r"\bfalemnderit\b", r"\brrofsh\b", r"\bflm\b"],
    },
    "goodbye": {
        "en": [
            r"\b(?:good)?\s?bye\b",
            r"\bsee (?:you|ya)\b",
            r"\bfarewell\b",
            r"\bhave a (?:nice|good) day\b",
        ],
        "lt": [
            r"\bviso gero\b",
            r"\bsudie\w*",
            r"\biki (?:pasimatymo|susitikimo|greito)\b",
            r"^\W*iki\W*$",
            r"\blik sveik\w*",
        ],
        "pl": [
            r"\bdo widzenia\b",
            r"\bdo zobaczenia\b",
            r"\bna razie\b",
            r"\bnarazie\b",
            r"\bpa pa\b",
            r"^\W*pa\W*$",
        ],
        "ru": [
            r"\bдо свидания\b",
            r"\bвсего (?:доброго|хорошего)\b",
            r"\bдо встречи\b",
            r"\bпока\W*$",
        ],
        "de": [
            r"\btschus+\b",
            r"\bauf wiedersehen\b",
            r"\bbis (?:bald|dann|spater)\b",
            r"\bschonen tag\b",
        ],
        "sq": [r"\bmirupafshim\b", r"\bshihemi\b", r"\bnaten e mire\b", r"\bdite te mire\b"],
        ANY: [r"\bciao\b"],
    },
    "deny": {
        "en": [
            r"\bno\b(?!\s+(?:problem|worries))",
            r"\bnope\b",
            r"\bnah\b",
            r"\bnot (?:now|really|interested)\b",
            r"\bnever ?mind\b",
        ],
        "lt": [
            r"^\W*ne\b(?!\s+(?:ore|oren|ora)\b)",
            r"\bnetinka\b",
            r"\bnenoriu\b",
            r"\bjokiu budu\b",
            r"\bnereikia\b",
        ],
        "pl": [r"\bnie\b", r"\bw zadnym wypadku\b"],
        "ru": [r"\bнет\b", r"\bне надо\b", r"\bне хочу\b", r"\bне подходит\b", r"\bнеа\b"],
        "de": [
            r"\bnein\b",
            r"\bnee\b",
            r"\blieber nicht\b",
            r"\bpasst nicht\b",
            r"\bauf keinen fall\b",
        ],
        "sq": [r"\bjo\b", r"\bnuk dua\b", r"\baspak\b", r"\bnuk me pershtatet\b"],
    },
    "affirm": {
        ANY: [r"\bok\b", r"\bokay\b", r"\bokey\b", r"\bsuper\b", r"\bperfect\w*"],
        "en": [
            r"\byes\b",
            r"\byeah\b",
            r"\byep\b",
            r"\byup\b",
            r"\bsure\b",
            r"\bof course\b",
            r"\bcorrect\b",
            r"\bthat'?s right\b",
            r"\bsounds good\b",
            r"\bconfirm\w*",
            r"\babsolutely\b",
            r"\bgo ahead\b",
            r"\balright\b",
        ],
        "lt": [
            r"\btaip\b",
            r"\bgerai\b",
            r"\btinka\b",
            r"\bzinoma\b",
            r"\bpatvirtin\w*",
            r"\bpuiku\b",
            r"\bsutinku\b",
        ],
        "pl": [
            r"\btak\b",
            r"\bdobrze\b",
            r"\bjasne\b",
            r"\boczywiscie\b",
            r"\bzgoda\b",
            r"\bpasuje\b",
            r"\bpotwierdz\w*",
        ],
        "ru": [
            r"\bда\b",
            r"\bок\b",
            r"\bокей\b",
            r"\bконечно\b",
            r"\bхорошо\b",
            r"\bладно\b",
            r"\bподходит\b",
            r"\bподтвержда\w*",
            r"\bверно\b",
            r"\bдавай\w*",
        ],
        "de": [
            r"\bja\b",
            r"\bgenau\b",
            r"\bklar\b",
            r"\bnaturlich\b",
            r"\bpasst\b",
            r"\beinverstanden\b",
            r"\bstimmt\b",
            r"\bgerne?\b",
            r"\bbestatig\w*",
        ],
        "sq": [
            r"^\W*po\b",
            r"\bmire\b",
            r"\bdakord\b",
            r"\bsigurisht\b",
            r"\bne rregull\b",
            r"\bkonfirmo\w*",
            r"\bpatjeter\b",
        ],
    },
    "greet": {
        "en": [r"\b(?:hi|hello|hey|hiya|howdy)\b", r"\bgood (?:morning|afternoon|evening)\b"],
        "lt": [r"\blabas\b", r"\blaba diena\b", r"\blabukas\b", r"\bsveik\w*"],
        "pl": [
            r"\bczesc\b",
            r"\bdzien dobry\b",
            r"\bwitam\b",
            r"\bwitaj\w*",
            r"\bhej\b",
            r"\bdobry wieczor\b",
            r"\bsiema\b",
        ],
        "ru": [
            r"\bпривет\w*",
            r"\bздравствуй\w*",
            r"\bдобр(?:ый|ое) (?:день|вечер|утро)\b",
            r"\bздрасьте\b",
        ],
        "de": [
            r"\bhallo\b",
            r"\bguten (?:tag|morgen|abend)\b",
            r"\bservus\b",
            r"\bmoin\b",
            r"\bgruss gott\b",
        ],
        "sq": [
            r"\bpershendetje\b",
            r"\btung\w*",
            r"\bc'?kemi\b",
            r"\bmiremengjes\b",
            r"\bmiredita\b",
            r"\bmirembrema\b",
        ],
    },
    "out_of_scope": {
        "en": [r"\bweather\b", r"\bjokes?\b", r"\bfootball\b", r"\brecipe\b", r"\bpresident\b"],
        "lt": [r"\borai\b", r"\banekdot\w*", r"\bjuokel\w*"],
        "pl": [r"\bpogod\w*", r"\bdowcip\w*", r"\bzart\w*"],
        "ru": [r"\bпогод\w*", r"\bанекдот\w*", r"\bшутк\w*"],
        "de": [r"\bwetter\b", r"\bwitz\w*"],
        "sq": [r"\bmoti\b", r"\bshaka\w*", r"\bbarcalet\w*"],
    },
}

PRIORITY: Final = tuple(_INTENTS)
"""Intents in the order that decides between several matches (first wins)."""

# Intents that an implied booking (a service or a time without a verb) overrides.
_WEAK_INTENTS: Final = frozenset({"greet", "out_of_scope"})


# --- language hints ---------------------------------------------------------------------

_LETTERS: Final[dict[str, tuple[str, ...]]] = {
    "ł": ("pl",), "ś": ("pl",), "ź": ("pl",), "ż": ("pl",), "ć": ("pl",), "ń": ("pl",),
    "ó": ("pl",), "ą": ("pl", "lt"), "ę": ("pl", "lt"), "č": ("lt",), "ė": ("lt",),
    "į": ("lt",), "š": ("lt",), "ų": ("lt",), "ū": ("lt",), "ž": ("lt",), "ë": ("sq",),
    "ç": ("sq",), "ä": ("de",), "ö": ("de",), "ü": ("de",), "ß": ("de",),
}  # fmt: skip

_FUNCTION_WORDS: Final[dict[str, str]] = {
    "en": "the my for please want would like can is at you your and with what when how i'm i'll",
    "lt": "noriu noreciau man mano ir prasau del su ar kada kiek galima val galiu pas",
    "pl": "sie chce chcialbym chcialabym jest na prosze mi moje czy jak kiedy dla z w o ze moge",
    "de": "ich die der das und mit bitte ist ein eine einen mein meine fur um uhr nicht mochte",
    "sq": "dua te me nje per une eshte ju nese oren ora mund kam nuk nga qe se",
    "ru": "я мне на в и не хочу можно пожалуйста",
}
"""Common short words: weak hints of the language (day words count separately)."""


# --- times ------------------------------------------------------------------------------

_RELATIVE_DAYS: Final[dict[str, list[tuple[str, int]]]] = {
    "en": [(r"(?:the )?day after tomorrow", 2), (r"tomorrow", 1), (r"today|tonight", 0)],
    "lt": [(r"poryt\w*", 2), (r"rytoj\w*", 1), (r"siandien\w*|sianakt\w*", 0)],
    "pl": [(r"pojutrze", 2), (r"jutr(?:o|zejsz\w*)", 1), (r"dzis(?:iaj)?|dzisiejsz\w*", 0)],
    "ru": [(r"послезавтра", 2), (r"завтра\w*", 1), (r"сегодня\w*", 0)],
    "de": [(r"ubermorgen", 2), (r"(?<!guten )morgen(?!s)", 1), (r"heute", 0)],
    "sq": [(r"pasneser", 2), (r"neser", 1), (r"sot|sonte", 0)],
}
_SQ = r"(?:(?:e|te) )?"
_WEEKDAYS: Final[dict[str, list[str]]] = {
    "en": [rf"{day}days?" for day in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")],
    "lt": [
        rf"{day}dien\w*"
        for day in ("pirma", "antra", "trecia", "ketvirta", "penkta", "sesta", "sekma")
    ],
    "pl": [
        r"poniedzial\w*",
        r"wtor(?:ek|ku|kowy)",
        r"srod(?:a|e|y|zie)",
        r"czwart(?:ek|ku|kowy)",
        r"piat(?:ek|ku|kowy)",
        r"sobot(?:a|e|y|nie)",
        r"niedziel(?:a|e|i)",
    ],
    "ru": [
        r"понедельник\w*",
        r"вторник\w*",
        r"сред(?:а|у|ы|е)",
        r"четверг\w*",
        r"пятниц\w*",
        r"суббот\w*",
        r"воскресень\w*",
    ],
    "de": [
        r"montag\w*",
        r"dienstag\w*",
        r"mittwoch\w*",
        r"donnerstag\w*",
        r"freitag\w*",
        r"(?:samstag|sonnabend)\w*",
        r"sonntag\w*",
    ],
    "sq": [
        rf"{_SQ}{day}"
        for day in (
            "henen?",
            "marten?",
            "merkuren?",
            "enjten?",
            "premten?",
            "shtunen?",
            "diel(?:en|e)?",
        )
    ],
}

_DAY_KINDS: list[tuple[str, str, int]] = []  # group name → (language, "rel"/"wd", number)


def _day_regex() -> re.Pattern[str]:
    parts: list[str] = []
    for language, items in _RELATIVE_DAYS.items():
        for pattern, offset in items:
            name = f"d{len(_DAY_KINDS)}"
            _DAY_KINDS.append((language, "rel", offset))
            parts.append(rf"(?P<{name}>\b(?:{pattern})\b)")
    for language, days in _WEEKDAYS.items():
        for weekday, pattern in enumerate(days):
            name = f"d{len(_DAY_KINDS)}"
            _DAY_KINDS.append((language, "wd", weekday))
            parts.append(rf"(?P<{name}>\b(?:{pattern})\b)")
    return re.compile("|".join(parts))


_DAY_RE: Final = _day_regex()
_DATE_RE: Final = re.compile(
    r"(?<![\d.])(?:(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"|(?P<d2>\d{1,2})[./](?P<m2>\d{1,2})[./](?P<y2>\d{4}))(?![\d])"
)
_AMPM = r"a\.m\.|p\.m\.|am\b|pm\b"
_MARK = (
    r"at|around|about|by|apie|o\s+godz\w*\.?|godz\w*\.?|o|в|к|около|um|gegen|"
    r"ne\s+or[ea]n?|ora|oren|rreth"
)
_SUFFIX = r"val\b\.?|uhr\b|h\b|o'?clock\b|час(?:а|ов)?\b"
_UNIT = r"min|мин|hour|val?and|godzin|час|stund|ore\b|or[eë]\b"
_TIME_RE: Final = re.compile(
    rf"(?:\b(?:{_MARK})\s+)?(?<![\d.:])(?P<h1>[01]?\d|2[0-3])[:.](?P<m1>[0-5]\d)(?!\d)"
    rf"(?:\s*(?P<ap1>{_AMPM}))?(?:\s*(?:{_SUFFIX}))?"
    rf"|(?:\b(?:{_MARK})\s+)?(?<![\d.:])\b(?P<h2>1[0-2]|0?[1-9])\s*(?P<ap2>{_AMPM})"
    rf"|\b(?:{_MARK})\s+(?P<h3>[01]?\d|2[0-3])(?![\d:.])(?!\s*(?:{_UNIT}))(?:\s*(?:{_SUFFIX}))?"
    rf"|(?<![\d.:])\b(?P<h4>[01]?\d|2[0-3])\s*(?:{_SUFFIX})"
)
_HOUR_AFTER_DAY_RE: Final = re.compile(
    rf"[ ,]{{1,2}}(?P<h>[01]?\d|2[0-3])(?![\d:.%])(?!\s*(?:{_UNIT}))\b"
)

# --- durations, e-mail, phone -----------------------------------------------------------

_DURATION_WORDS: Final = re.compile(
    r"(?P<half>\bhalf\s+(?:an\s+)?hour\b|\bhalf-hour\b|\bpusvaland\w*|\bpus\s+valand\w*|"
    r"\bpol\s+godziny\b|\bполчаса\b|\bпол\s+часа\b|\bhalbe\w*\s+stunde\b|\bhalbstund\w*|"
    r"\bgjysme?\s+or\w*|\bgjysem\s+ore\b)"
    r"|(?P<quarter>\bquarter\s+(?:of\s+an\s+)?hour\b|\bketvirt\w*\s+valand\w*|\bkwadrans\w*|"
    r"\bчетверть\s+час\w*|\bviertelstund\w*|\bviertel\s+stunde\b|\bcerek\s+or\w*)"
    r"|(?P<n>\b\d{1,3})\s*-?\s*(?P<unit>min\w*|мин\w*|hours?\b|hrs?\b|valand\w*|godzin\w*|"
    r"час\w*|stunden?\b|ore\b)"
    r"|(?P<hour>\b(?:an|one)\s+hour\b|\b(?:viena\s+)?valanda\b|\b(?:jedna\s+)?godzine\b|"
    r"\b(?:один\s+)?час\b|\b(?:eine\s+)?stunde\b|\bnje\s+ore\b)"
)
_BARE_NUMBER: Final = re.compile(r"(?<![\d.:,+])\b(\d{1,3})\b(?![\d.:,]\d)")
_EMAIL_RE: Final = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_RE: Final = re.compile(r"(?<![\w+])\+?\d(?:[ \-()]{0,2}\d){6,16}(?!\w)")


# --- catalog terms ----------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogTerm:
    """Something of the catalog that can be named: a category, a business, a service."""

    entity: str
    id: str
    names: tuple[str, ...]


_WORD_RE: Final = re.compile(r"\w+")
_STOP_WORDS: Final = frozenset(
    re.findall(
        r"\S+",
        "and und dhe per for the with min мин для oder или lub arba ose von der die das des "
        "mit nga ili",
    )
)
_GENERIC_BUSINESS_WORDS: Final = frozenset(
    re.findall(
        r"\S+",
        "kirpykla salonas salon studija studio klinika clinic klinik dentare barbershop hotel "
        "hotelis center centras centrum zentrum qendra gym sporto club klubas klub",
    )
)


def stem(word: str) -> str:
    """The first ``max(4, len - 3)`` characters: what inflected forms share."""
    return word[: max(4, len(word) - 3)]


def _significant(name: str) -> list[str]:
    return [w for w in _WORD_RE.findall(fold(name)) if len(w) >= 3 and w not in _STOP_WORDS]


class _Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def names(self) -> Mapping[str, str]: ...


class _Business(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def city(self) -> str: ...
    @property
    def services(self) -> Sequence[_Named]: ...


class CatalogLike(Protocol):
    """A validated catalog file, or the stored catalog's rows in the same shape."""

    @property
    def categories(self) -> Sequence[_Named]: ...
    @property
    def businesses(self) -> Sequence[_Business]: ...


def catalog_terms(catalog: CatalogLike) -> list[CatalogTerm]:
    """The categories, businesses and services of ``catalog`` as terms to look for.

    A service id shared by several businesses is one term; a business is found by its
    full name and by each distinctive word of it alone (not the generic ones such as
    "Kirpykla", "Hotel", a city or a category's name).
    """
    terms = [
        CatalogTerm("category", c.id, tuple(dict.fromkeys(c.names.values())))
        for c in catalog.categories
    ]
    generic = set(_GENERIC_BUSINESS_WORDS)
    for category in catalog.categories:
        for name in category.names.values():
            generic.update(_significant(name))
    service_names: dict[str, dict[str, None]] = {}
    for business in catalog.businesses:
        if business.city:
            generic.update(_significant(business.city))
        for service in business.services:
            names = service_names.setdefault(service.id, {})
            names.update(dict.fromkeys(service.names.values()))
            for name in service.names.values():
                generic.update(_significant(name))
    counts: dict[str, int] = {}
    for business in catalog.businesses:
        for word in set(_significant(business.name)):
            counts[word] = counts.get(word, 0) + 1

    def is_generic(word: str) -> bool:
        if counts.get(word, 0) > 1:
            return True
        own = stem(word)
        return any(g.startswith(own) or word.startswith(stem(g)) for g in generic)

    for business in catalog.businesses:
        business_names = [business.name]
        for original in _WORD_RE.findall(business.name):
            folded = fold(original)
            if len(folded) >= 3 and folded not in _STOP_WORDS and not is_generic(folded):
                business_names.append(original)
        terms.append(CatalogTerm("business", business.id, tuple(dict.fromkeys(business_names))))
    terms.extend(
        CatalogTerm("service", service_id, tuple(names))
        for service_id, names in service_names.items()
    )
    return terms


@dataclass(frozen=True, slots=True)
class _Name:
    term: CatalogTerm
    words: tuple[str, ...]  # folded significant words
    stems: tuple[str, ...]
    others: frozenset[str]  # the other words ("и", "and"): they break ties


@dataclass(slots=True)
class _Span:
    start: int  # in folded text
    end: int
    kind: str
    value: Any
    language: str = ""


# --- the interpreter --------------------------------------------------------------------


class KeywordInterpreter:
    """Reads intents and entities from keywords and rules (see the module's docstring)."""

    def __init__(self, terms: Sequence[CatalogTerm] = ()) -> None:
        self._intents: list[tuple[str, str, re.Pattern[str]]] = []
        for intent, by_language in _INTENTS.items():
            for language, patterns in by_language.items():
                regex = "|".join(f"(?:{p})" for p in patterns)
                self._intents.append((intent, language, re.compile(regex, re.S)))
        self._not_reschedule = re.compile(_LANGUAGE_WORDS)
        self._function_words = {
            language: re.compile(rf"(?<![\w'])(?:{'|'.join(words.split())})(?![\w'])")
            for language, words in _FUNCTION_WORDS.items()
        }
        self._names: list[_Name] = []
        self._index: dict[str, list[tuple[int, int]]] = {}
        for term in terms:
            for name in term.names:
                words = tuple(_significant(name))
                if not words:
                    continue
                stems = tuple(stem(w) for w in words)
                others = frozenset(_WORD_RE.findall(fold(name))) - set(words)
                number = len(self._names)
                self._names.append(_Name(term, words, stems, others))
                for position, word_stem in enumerate(stems):
                    self._index.setdefault(word_stem[:3], []).append((number, position))

    async def parse(self, text: str, context: ParseContext) -> Parse:
        return self.parse_sync(text, context)

    def parse_sync(self, text: str, context: ParseContext) -> Parse:
        folded, origin = _fold_mapped(text)
        origin.append(len(text))

        matched = [(i, lang) for i, lang, regex in self._intents if regex.search(folded)]
        intents = list(dict.fromkeys(i for i, _ in matched))
        if "reschedule_booking" in intents and self._not_reschedule.search(folded):
            intents.remove("reschedule_booking")
            matched = [m for m in matched if m[0] != "reschedule_booking"]
        intent = intents[0] if intents else None

        spans: list[_Span] = []
        spans += self._catalog(folded)
        masked = folded
        contact, masked = _contacts(masked)
        spans += contact
        times, day_languages, masked = _times(masked, context)
        spans += times
        spans += _durations(masked, running_late=intent == "running_late")

        confidence = KEYWORD_CONFIDENCE
        implies_book = any(s.kind in ("service", "category", "business") for s in spans)
        if intent is None or intent in _WEAK_INTENTS:
            if implies_book:
                intent, confidence = "book", IMPLIED_BOOK_CONFIDENCE
                intents.insert(0, "book")
            elif intent is None and any(s.kind in ("time", "date") for s in spans):
                intent = "book"
                intents.insert(0, "book")

        language = self._language(text, folded, matched, intent, day_languages, context)
        entities = tuple(
            Entity(
                entity=s.kind,
                value=_original_value(s, text, origin),
                start=origin[s.start],
                end=origin[s.end - 1] + 1,
                extractor=EXTRACTOR,
            )
            for s in sorted(spans, key=lambda s: (s.start, s.end))
        )
        if intent is None:
            return Parse(text, language, FALLBACK_INTENT, 0.0, (), entities)
        ranking = [(intent, confidence)]
        ranking += [
            (other, OTHER_CONFIDENCE) for other in dict.fromkeys(intents) if other != intent
        ]
        return Parse(text, language, intent, confidence, tuple(ranking), entities)

    # --- catalog ---

    def _catalog(self, folded: str) -> list[_Span]:
        if not self._names:
            return []
        words = [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(folded)]
        hits: dict[int, dict[int, list[int]]] = {}
        for word_number, (word, _, _) in enumerate(words):
            if len(word) < 3:
                continue
            for number, position in self._index.get(word[:3], ()):
                if word.startswith(self._names[number].stems[position]):
                    hits.setdefault(number, {}).setdefault(position, []).append(word_number)
        text_words = {word for word, _, _ in words}
        candidates: list[tuple[tuple[int, ...], int, list[int]]] = []
        for number, positions in hits.items():
            name = self._names[number]
            if len(positions) < len(name.stems):
                continue
            used: list[int] = []
            for position in range(len(name.stems)):
                free = [w for w in positions[position] if w not in used]
                if not free:
                    break
                used.append(free[0])
            else:
                exact = sum(words[w][0] == name.words[p] for p, w in enumerate(used))
                in_order = int(used == sorted(used))
                size = sum(len(s) for s in name.stems)
                others = len(name.others & text_words)
                score = (len(used), exact, in_order, others, size)
                candidates.append((score, number, used))
        candidates.sort(key=lambda c: c[0], reverse=True)
        taken: set[int] = set()
        seen: set[tuple[str, str]] = set()
        found: list[_Span] = []
        for _, number, used in candidates:
            term = self._names[number].term
            if taken.intersection(used) or (term.entity, term.id) in seen:
                continue
            taken.update(used)
            seen.add((term.entity, term.id))
            start = min(words[w][1] for w in used)
            end = max(words[w][2] for w in used)
            found.append(_Span(start, end, term.entity, term.id))
        return found

    # --- language ---

    def _language(
        self,
        text: str,
        folded: str,
        matched: Iterable[tuple[str, str]],
        intent: str | None,
        day_languages: Iterable[str],
        context: ParseContext,
    ) -> str:
        hint = context.language if context.language in LANGUAGE_ORDER else None
        if any("\u0400" <= c <= "\u04ff" for c in text):
            return "ru"
        scores = dict.fromkeys(LANGUAGE_ORDER, 0)
        for char in text.lower():
            for language in _LETTERS.get(char, ()):
                scores[language] += 2
        for matched_intent, language in matched:
            if language != ANY:
                scores[language] += 4 if matched_intent == intent else 3
        for language in day_languages:
            scores[language] += 2
        for language, regex in self._function_words.items():
            scores[language] += len(regex.findall(folded))
        if hint is not None:
            scores[hint] += 2
        best = max(scores.values())
        if best == 0:
            return hint or "en"
        if hint is not None and scores[hint] == best:
            return hint
        return next(lang for lang in LANGUAGE_ORDER if scores[lang] == best)


def _original_value(span: _Span, text: str, origin: list[int]) -> Any:
    if span.kind == "email":  # as written, not folded
        return text[origin[span.start] : origin[span.end - 1] + 1]
    return span.value


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _contacts(folded: str) -> tuple[list[_Span], str]:
    found: list[_Span] = []
    for match in _EMAIL_RE.finditer(folded):
        found.append(_Span(match.start(), match.end(), "email", match.group()))
        folded = _blank(folded, match.start(), match.end())
    probe = folded  # dates must not be read as phone numbers
    for date_match in _DATE_RE.finditer(folded):
        probe = _blank(probe, date_match.start(), date_match.end())
    for match in _PHONE_RE.finditer(probe):
        digits = re.sub(r"\D", "", match.group())
        if not 7 <= len(digits) <= 15:
            continue
        value = ("+" if match.group().startswith("+") else "") + digits
        found.append(_Span(match.start(), match.end(), "phone", value))
        folded = _blank(folded, match.start(), match.end())
    return found, folded


def _local_now(context: ParseContext) -> datetime:
    now = context.now if context.now.tzinfo is not None else context.now.replace(tzinfo=UTC)
    return now.astimezone(context.timezone)


def _times(folded: str, context: ParseContext) -> tuple[list[_Span], list[str], str]:
    """Days and times of day, paired; the languages of the day words; the masked text."""
    days, languages, folded = _days(folded)
    clocks, folded = _clocks(folded, days)
    tokens = sorted(days + clocks, key=lambda t: t.start)
    groups: list[list[_Span]] = []  # at most one day and one time of day each
    for token in tokens:
        if not groups or any(t.kind == token.kind for t in groups[-1]):
            groups.append([token])
        else:
            groups[-1].append(token)
    now = _local_now(context)
    found: list[_Span] = []
    for group in groups:
        day = next((t for t in group if t.kind == "day"), None)
        clock = next((t for t in group if t.kind == "clock"), None)
        found += _moment(day, clock, now, context)
    return found, languages, folded


def _days(folded: str) -> tuple[list[_Span], list[str], str]:
    days: list[_Span] = []
    languages: list[str] = []
    for match in _DATE_RE.finditer(folded):
        try:
            value = date(
                int(match["y"] or match["y2"]),
                int(match["m"] or match["m2"]),
                int(match["d"] or match["d2"]),
            )
        except ValueError:
            continue
        days.append(_Span(match.start(), match.end(), "day", ("date", value)))
    for span in days:
        folded = _blank(folded, span.start, span.end)
    for match in _DAY_RE.finditer(folded):
        assert match.lastgroup is not None
        language, kind, number = _DAY_KINDS[int(match.lastgroup[1:])]
        days.append(_Span(match.start(), match.end(), "day", (kind, number), language))
        languages.append(language)
        folded = _blank(folded, match.start(), match.end())
    return days, languages, folded


def _clocks(folded: str, days: list[_Span]) -> tuple[list[_Span], str]:
    clocks: list[_Span] = []
    for match in _TIME_RE.finditer(folded):
        hour = int(match["h1"] or match["h2"] or match["h3"] or match["h4"])
        minute = int(match["m1"] or 0)
        ampm = (match["ap1"] or match["ap2"] or "").replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        elif not ampm and 1 <= hour <= 7 and match["m1"] is None:
            hour += 12  # "at 3": nobody books at three in the night
        start, end = match.start(), match.end()
        while end > start and folded[end - 1].isspace():
            end -= 1
        clocks.append(_Span(start, end, "clock", time(hour, minute)))
    for span in clocks:
        folded = _blank(folded, span.start, span.end)
    for day in days:  # "rytoj 10", "Friday 3": a bare hour right after a day
        after = _HOUR_AFTER_DAY_RE.match(folded, day.end)
        if after is None:
            continue
        hour = int(after["h"])
        if 1 <= hour <= 7:
            hour += 12
        clocks.append(_Span(after.start("h"), after.end("h"), "clock", time(hour, 0)))
        folded = _blank(folded, after.start("h"), after.end("h"))
    return clocks, folded


def _moment(
    day: _Span | None, clock: _Span | None, now: datetime, context: ParseContext
) -> list[_Span]:
    """The ``date`` and ``time`` entities of one day and/or time of day."""
    zone = context.timezone
    at: time | None = clock.value if clock is not None else None
    if day is None:
        if clock is None or at is None:
            return []
        when = datetime.combine(now.date(), at, zone)
        if when <= now:
            when = datetime.combine(now.date() + timedelta(days=1), at, zone)
        return [_Span(clock.start, clock.end, "time", when.isoformat())]
    kind, number = day.value
    if kind == "date":
        on: date = number
    elif kind == "rel":
        on = now.date() + timedelta(days=number)
    else:
        ahead = (number - now.weekday()) % 7
        if ahead == 0 and not (at is not None and datetime.combine(now.date(), at, zone) > now):
            ahead = 7
        on = now.date() + timedelta(days=ahead)
    found = [_Span(day.start, day.end, "date", on.isoformat())]
    if clock is not None and at is not None:
        when = datetime.combine(on, at, zone)
        start, end = min(day.start, clock.start), max(day.end, clock.end)
        found.append(_Span(start, end, "time", when.isoformat()))
    return found


def _durations(folded: str, *, running_late: bool) -> list[_Span]:
    found: list[_Span] = []
    for match in _DURATION_WORDS.finditer(folded):
        if match["half"]:
            minutes = 30
        elif match["quarter"]:
            minutes = 15
        elif match["hour"]:
            minutes = 60
        else:
            minutes = int(match["n"])
            unit = match["unit"]
            if not (unit.startswith("min") or unit.startswith("мин")):
                minutes *= 60
        found.append(_Span(match.start(), match.end(), "duration", minutes))
    if running_late and not found:
        for match in _BARE_NUMBER.finditer(folded):
            minutes = int(match.group(1))
            if 1 <= minutes <= 240:
                found.append(_Span(match.start(), match.end(), "duration", minutes))
                break
    return found
