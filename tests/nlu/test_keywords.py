"""The keyword interpreter: intents, language guesses and entities in six languages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.catalog.loading import load_catalog
from bot.nlu.interpreter import FALLBACK_INTENT, Interpreter, Parse, ParseContext
from bot.nlu.keywords import CatalogTerm, KeywordInterpreter, catalog_terms, fold

DEMO = Path(__file__).parents[2] / "bot" / "demo" / "catalog.yml"
VILNIUS = ZoneInfo("Europe/Vilnius")
# Monday 23 November 2026, 09:00 in Vilnius.
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def nlu() -> KeywordInterpreter:
    return KeywordInterpreter(catalog_terms(load_catalog(DEMO)))


def parse(
    nlu: KeywordInterpreter,
    text: str,
    language: str | None = None,
    now: datetime = NOW,
) -> Parse:
    return nlu.parse_sync(text, ParseContext(language, VILNIUS, now))


def values(result: Parse, entity: str) -> list[object]:
    return [e.value for e in result.all(entity)]


# --- intents ----------------------------------------------------------------------------

INTENTS: dict[str, dict[str, list[str]]] = {
    "greet": {
        "en": ["Hi there", "Hello!", "Good morning"],
        "lt": ["Labas", "Laba diena", "Sveiki"],
        "pl": ["Cześć", "Dzień dobry", "Witam serdecznie"],
        "ru": ["Привет", "Здравствуйте", "Добрый день"],
        "de": ["Hallo", "Guten Tag", "Guten Morgen"],
        "sq": ["Përshëndetje", "Tungjatjeta", "Mirëdita"],
    },
    "goodbye": {
        "en": ["Bye", "Goodbye!", "See you later"],
        "lt": ["Viso gero", "Iki pasimatymo", "Sudie"],
        "pl": ["Do widzenia", "Do zobaczenia", "Na razie"],
        "ru": ["До свидания", "Пока", "Всего доброго"],
        "de": ["Tschüss", "Auf Wiedersehen", "Bis bald"],
        "sq": ["Mirupafshim", "Shihemi", "Natën e mirë"],
    },
    "affirm": {
        "en": ["Yes", "Yes please", "Sure, that works", "Yeah"],
        "lt": ["Taip", "Gerai", "Taip, tinka"],
        "pl": ["Tak", "Dobrze", "Jasne, pasuje"],
        "ru": ["Да", "Конечно", "Хорошо, подходит"],
        "de": ["Ja", "Genau", "Ja, passt"],
        "sq": ["Po", "Mirë", "Dakord"],
    },
    "deny": {
        "en": ["No", "Nope", "No, that doesn't suit me"],
        "lt": ["Ne", "Ne, netinka", "Nenoriu"],
        "pl": ["Nie", "Nie, nie pasuje", "W żadnym wypadku"],
        "ru": ["Нет", "Нет, не подходит", "Не надо"],
        "de": ["Nein", "Nein, lieber nicht", "Nee"],
        "sq": ["Jo", "Jo, nuk dua", "Aspak"],
    },
    "thanks": {
        "en": ["Thanks!", "Thank you very much", "Thanks a lot"],
        "lt": ["Ačiū", "Labai ačiū", "Dėkoju"],
        "pl": ["Dziękuję", "Dzięki", "Bardzo dziękuję"],
        "ru": ["Спасибо", "Большое спасибо", "Благодарю"],
        "de": ["Danke", "Vielen Dank", "Dankeschön"],
        "sq": ["Faleminderit", "Faleminderit shumë", "Rrofsh"],
    },
    "book": {
        "en": ["I want to book an appointment", "Can I reserve a slot?", "Book me in please"],
        "lt": [
            "Noriu užsiregistruoti",
            "Norėčiau rezervuoti laiką",
            "Ar galiu užsiregistruoti pas kirpėją?",
        ],
        "pl": ["Chcę umówić wizytę", "Chciałbym zarezerwować termin", "Jak mogę się zapisać?"],
        "ru": ["Хочу записаться", "Можно забронировать время?", "Запишите меня, пожалуйста"],
        "de": ["Ich möchte einen Termin buchen", "Kann ich reservieren?", "Termin vereinbaren"],
        "sq": ["Dua të rezervoj", "Dua të caktoj një takim", "Si mund të bëj një rezervim?"],
    },
    "my_bookings": {
        "en": ["Show my bookings", "What are my appointments?", "When is my appointment?"],
        "lt": ["Mano rezervacijos", "Parodyk mano vizitus", "Kada mano rezervacija?"],
        "pl": ["Moje rezerwacje", "Pokaż moje wizyty", "Kiedy jest moja wizyta?"],
        "ru": ["Мои записи", "Покажи мои брони", "Когда моя запись?"],
        "de": ["Meine Buchungen", "Zeig mir meine Termine", "Wann ist mein Termin?"],
        "sq": ["Rezervimet e mia", "Më trego rezervimet e mia", "Kur është takimi im?"],
    },
    "cancel_booking": {
        "en": ["Cancel my booking", "I need to cancel", "Please cancel the appointment"],
        "lt": ["Noriu atšaukti rezervaciją", "Atšaukite mano vizitą", "atsaukti"],
        "pl": ["Chcę odwołać wizytę", "Odwołaj rezerwację", "Anulować termin"],
        "ru": ["Хочу отменить запись", "Отмените бронь", "Отмена записи"],
        "de": ["Ich möchte stornieren", "Termin absagen", "Bitte stornieren Sie meine Buchung"],
        "sq": ["Dua ta anuloj rezervimin", "Anulo takimin", "Anuloj terminin"],
    },
    "reschedule_booking": {
        "en": ["I need to reschedule", "Can I move my appointment?", "Change my booking"],
        "lt": ["Noriu pakeisti laiką", "Perkelkite mano vizitą", "Ar galima perkelti rezervaciją?"],
        "pl": ["Chcę zmienić termin", "Przełożyć wizytę", "Czy można przesunąć rezerwację?"],
        "ru": ["Хочу перенести запись", "Перенесите бронь", "Можно изменить время?"],
        "de": ["Ich möchte den Termin verschieben", "Kann ich meine Buchung ändern?", "Umbuchen"],
        "sq": ["Dua ta ndryshoj orën", "Shtyje takimin", "A mund ta ndryshoj rezervimin?"],
    },
    "running_late": {
        "en": ["I'm running late", "I'll be late", "Running 10 minutes late"],
        "lt": ["Vėluoju", "Vėluosiu 10 min", "Šiek tiek pavėluosiu"],
        "pl": ["Spóźnię się", "Spóźnię się 10 minut", "Będę spóźniony"],
        "ru": ["Опаздываю", "Я опоздаю на 10 минут", "Немного опоздаю"],
        "de": ["Ich verspäte mich", "Ich komme 10 Minuten später", "Ich habe Verspätung"],
        "sq": ["Do vonohem", "Vonohem 10 minuta", "Do vij me vonesë"],
    },
    "human_handoff": {
        "en": [
            "I want to talk to a human",
            "Connect me to an operator",
            "Can I speak to an agent?",
        ],
        "lt": ["Noriu kalbėti su žmogumi", "Sujunkite su operatoriumi", "Noriu darbuotojo"],
        "pl": ["Chcę rozmawiać z człowiekiem", "Połącz z konsultantem", "Z kimś z obsługi proszę"],
        "ru": ["Соедините с оператором", "Хочу поговорить с человеком", "Позовите менеджера"],
        "de": [
            "Ich möchte mit einem Menschen sprechen",
            "Bitte einen Mitarbeiter",
            "Operator bitte",
        ],
        "sq": ["Dua të flas me një njeri", "Më lidh me operatorin", "Dua një punonjës"],
    },
    "change_language": {
        "en": ["Speak Polish", "Can we switch to another language?", "Change language"],
        "lt": ["Kalbėk lietuviškai", "Ar galite angliškai?", "Noriu pakeisti kalbą"],
        "pl": ["Mów po polsku", "Zmień język", "Proszę po angielsku"],
        "ru": ["Говори по-русски", "Смени язык", "Можно по-английски?"],
        "de": ["Auf Deutsch bitte", "Sprache ändern", "Können Sie auf Englisch schreiben?"],
        "sq": ["Fol shqip", "Ndrysho gjuhën", "A mund të flasim në anglisht?"],
    },
    "out_of_scope": {
        "en": ["What's the weather like?", "Tell me a joke", "Who won the football match?"],
        "lt": ["Kokie rytoj orai?", "Papasakok anekdotą", "Pasakyk juokelį"],
        "pl": ["Jaka jest pogoda?", "Opowiedz dowcip", "Znasz jakiś żart?"],
        "ru": ["Какая погода?", "Расскажи анекдот", "Пошути, расскажи шутку"],
        "de": ["Wie ist das Wetter?", "Erzähl einen Witz", "Kennst du einen Witz?"],
        "sq": ["Si është moti?", "Më thuaj një shaka", "Më trego një barcaletë"],
    },
    "faq/cancellation_policy": {
        "en": ["What is your cancellation policy?", "Is it free to cancel?"],
        "lt": ["Kokios atšaukimo taisyklės?", "Iki kada galima nemokamai atšaukti?"],
        "pl": ["Jakie są zasady odwołania wizyty?", "Do kiedy mogę bezpłatnie odwołać?"],
        "ru": ["Какие правила отмены?", "Можно отменить бесплатно?"],
        "de": ["Wie sind die Stornobedingungen?", "Bis wann kann ich kostenlos stornieren?"],
        "sq": ["Cilat janë kushtet e anulimit?", "Deri kur mund të anuloj falas?"],
    },
    "faq/late_policy": {
        "en": ["What happens if I'm late?", "What's your late policy?"],
        "lt": ["Kas bus, jei vėluosiu?"],
        "pl": ["Co jeśli się spóźnię?"],
        "ru": ["Что будет, если я опоздаю?"],
        "de": ["Was passiert, wenn ich mich verspäte?"],
        "sq": ["Çfarë ndodh nëse vonohem?"],
    },
    "faq/payment_methods": {
        "en": ["Can I pay by card?", "What payment methods do you accept?"],
        "lt": ["Ar galima mokėti kortele?", "Kaip atsiskaityti?"],
        "pl": ["Czy mogę zapłacić kartą?", "Jakie są formy płatności?"],
        "ru": ["Можно оплатить картой?", "Как можно оплатить?"],
        "de": ["Kann ich mit Karte bezahlen?", "Welche Zahlungsarten gibt es?"],
        "sq": ["A mund të paguaj me kartë?", "Si bëhet pagesa?"],
    },
}

INTENT_CASES = [
    pytest.param(text, intent, language, id=f"{intent}-{language}-{number}")
    for intent, by_language in INTENTS.items()
    for language, texts in by_language.items()
    for number, text in enumerate(texts)
]


@pytest.mark.parametrize(("text", "intent", "language"), INTENT_CASES)
def test_intent_in_every_language(
    nlu: KeywordInterpreter, text: str, intent: str, language: str
) -> None:
    result = parse(nlu, text, language)
    assert result.intent == intent
    assert result.confidence == 0.9
    assert result.ranking[0] == (intent, 0.9)


def test_every_required_intent_has_three_utterances_per_language() -> None:
    required = [
        "greet",
        "goodbye",
        "affirm",
        "deny",
        "thanks",
        "book",
        "my_bookings",
        "cancel_booking",
        "reschedule_booking",
        "running_late",
        "human_handoff",
        "change_language",
        "out_of_scope",
    ]
    for intent in required:
        for language in ("en", "lt", "pl", "ru", "de", "sq"):
            assert len(INTENTS[intent][language]) >= 3, (intent, language)


@pytest.mark.parametrize(
    "text",
    ["noriu", "Noriu kirpimo", "nori", "nothing", "notify me", "Jonas", "poniedziałek rano"],
)
def test_short_no_words_need_whole_words(nlu: KeywordInterpreter, text: str) -> None:
    assert parse(nlu, text).intent != "deny"


def test_noriu_with_a_service_is_a_booking(nlu: KeywordInterpreter) -> None:
    result = parse(nlu, "Noriu vyrų kirpimo")
    assert result.intent == "book"
    assert values(result, "service") == ["haircut-men"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("No, I want to cancel my booking", "cancel_booking"),
        ("I'm late, can I still come or should I cancel?", "running_late"),
        ("Cancel and book another time", "cancel_booking"),
        ("Move my booking", "reschedule_booking"),
        ("Hi, I'd like to book a haircut", "book"),
        ("Yes, book it", "book"),
        ("Thanks, bye", "thanks"),
        ("Mów po polsku", "change_language"),
        ("Pakeisk kalbą į anglų", "change_language"),
        ("Mano rezervacijos atšaukimas", "cancel_booking"),
    ],
)
def test_priority_between_intents(nlu: KeywordInterpreter, text: str, intent: str) -> None:
    assert parse(nlu, text).intent == intent


@pytest.mark.parametrize("text", ["", "   ", "asdfgh qwerty", "42", "Lorem ipsum dolor sit amet"])
def test_nothing_matches_is_fallback(nlu: KeywordInterpreter, text: str) -> None:
    result = parse(nlu, text, "pl")
    assert result.intent == FALLBACK_INTENT
    assert result.confidence == 0.0
    assert result.ranking == ()


@pytest.mark.parametrize(
    ("text", "service"),
    [
        ("men's haircut tomorrow at 3", "haircut-men"),
        ("vyrų kirpimas rytoj", "haircut-men"),
        ("strzyżenie męskie jutro o 15", "haircut-men"),
        ("мужская стрижка завтра в 15", "haircut-men"),
        ("Herrenhaarschnitt morgen um 15 Uhr", "haircut-men"),
        ("prerje flokësh për meshkuj nesër", "haircut-men"),
    ],
)
def test_a_service_without_a_verb_implies_booking(
    nlu: KeywordInterpreter, text: str, service: str
) -> None:
    result = parse(nlu, text)
    assert result.intent == "book"
    assert result.confidence == 0.95
    assert values(result, "service") == [service]


def test_a_time_alone_is_a_booking_answer(nlu: KeywordInterpreter) -> None:
    assert parse(nlu, "tomorrow at 3").intent == "book"


def test_ranking_lists_the_other_matches(nlu: KeywordInterpreter) -> None:
    result = parse(nlu, "No thanks, cancel it")
    names = [name for name, _ in result.ranking]
    assert names[0] == "cancel_booking"
    assert {"thanks", "deny"} <= set(names)
    assert result.as_json()["intent"] == {"name": "cancel_booking", "confidence": 0.9}


async def test_async_parse_is_an_interpreter(nlu: KeywordInterpreter) -> None:
    interpreter: Interpreter = nlu
    result = await interpreter.parse("Atšaukti", ParseContext("lt", VILNIUS, NOW))
    assert result.intent == "cancel_booking"
    assert result.language == "lt"


# --- language ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I would like to book a haircut for tomorrow", "en"),
        ("Can I cancel my appointment?", "en"),
        ("Hello, what are my bookings?", "en"),
        ("Noriu užsiregistruoti pas kirpėją", "lt"),
        ("Ar galiu atšaukti vizitą?", "lt"),
        ("Ačiū, viso gero", "lt"),
        ("Chciałbym umówić wizytę na jutro", "pl"),
        ("Czy mogę odwołać rezerwację?", "pl"),
        ("Dziękuję, do widzenia", "pl"),
        ("Хочу записаться на стрижку", "ru"),
        ("Отмените мою запись", "ru"),
        ("Спасибо", "ru"),
        ("Ich möchte einen Termin für morgen buchen", "de"),
        ("Können Sie meine Buchung stornieren?", "de"),
        ("Tschüss und danke", "de"),
        ("Dua të rezervoj një termin për nesër", "sq"),
        ("A mund ta anuloj rezervimin?", "sq"),
        ("Faleminderit, mirupafshim", "sq"),
    ],
)
def test_language_guess(nlu: KeywordInterpreter, text: str, language: str) -> None:
    assert parse(nlu, text).language == language
    # A hint for another language does not override clear evidence.
    other = "sq" if language == "en" else "en"
    assert parse(nlu, text, other).language == language


@pytest.mark.parametrize("hint", ["lt", "pl", "de", "sq"])
def test_language_falls_back_to_the_conversation(nlu: KeywordInterpreter, hint: str) -> None:
    assert parse(nlu, "ok", hint).language == hint
    assert parse(nlu, "12345", hint).language == hint
    assert parse(nlu, "Manicure", hint).language == hint


def test_language_defaults_to_english(nlu: KeywordInterpreter) -> None:
    assert parse(nlu, "ok").language == "en"
    assert parse(nlu, "ok", "xx").language == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [("žž", "lt"), ("łódź", "pl"), ("ëç", "sq"), ("äöü", "de"), ("щ", "ru")],
)
def test_language_from_letters(nlu: KeywordInterpreter, text: str, language: str) -> None:
    assert parse(nlu, text, "en").language == language


# --- catalog entities -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity", "value", "found"),
    [
        ("Noriu užsiregistruoti vyrų kirpimui", "service", "haircut-men", "vyrų kirpimui"),
        ("Chcę umówić strzyżenie męskie", "service", "haircut-men", "strzyżenie męskie"),
        ("Хочу записаться на мужскую стрижку", "service", "haircut-men", "мужскую стрижку"),
        ("Einen Herrenhaarschnitt bitte", "service", "haircut-men", "Herrenhaarschnitt"),
        (
            "Dua një prerje flokësh për meshkuj",
            "service",
            "haircut-men",
            "prerje flokësh për meshkuj",
        ),
        ("A men's haircut please", "service", "haircut-men", "men's haircut"),
        ("Norėčiau moterų kirpimo", "service", "haircut-women", "moterų kirpimo"),
        ("Barzdos kirpimas", "service", "beard", "Barzdos kirpimas"),
        ("Стрижка бороды", "service", "beard", "Стрижка бороды"),
        ("Стрижку и бороду", "service", "haircut-beard", "Стрижку и бороду"),
        ("Haircut and beard", "service", "haircut-beard", "Haircut and beard"),
        ("Klasikinį masažą", "service", "massage-60", "Klasikinį masažą"),
        ("Masaż klasyczny", "service", "massage-60", "Masaż klasyczny"),
        ("Manikiūrą rytoj", "service", "manicure", "Manikiūrą"),
        ("Pastrim dhëmbësh", "service", "cleaning", "Pastrim dhëmbësh"),
        ("Zahnreinigung", "service", "cleaning", "Zahnreinigung"),
        ("Занятие йогой", "service", "yoga-class", "Занятие йогой"),
        ("kirpykla Aušroje", "business", "ausra-vilnius", "kirpykla Aušroje"),
        ("pas Aušrą", "business", "ausra-vilnius", "Aušrą"),
        ("w Lotusie", "business", "lotus-krakow", "Lotusie"),
        ("в Невском", "business", None, None),
        ("Barbershop Nevsky", "business", "nevsky-riga", "Barbershop Nevsky"),
        ("im Kraftwerk", "business", "kraft-berlin", "Kraftwerk"),
        ("Klinika Buzëqeshja", "business", "dentist-tirana", "Buzëqeshja"),
        ("Hotel Linden", "business", "linden-hotel", "Linden"),
        ("Kirpyklos", "category", "hair", "Kirpyklos"),
        ("Uroda i spa", "category", "beauty", "Uroda i spa"),
        ("Стоматология", "category", None, None),
        ("Hotele w okolicy", "category", "stay", "Hotele"),
        ("Фитнес", "category", "fitness", "Фитнес"),
    ],
)
def test_catalog_terms(
    nlu: KeywordInterpreter, text: str, entity: str, value: str | None, found: str | None
) -> None:
    result = parse(nlu, text)
    if value is None:
        assert result.all(entity) == []
        return
    assert values(result, entity) == [value]
    match = result.first(entity)
    assert match is not None
    assert text[match.start : match.end] == found
    assert match.extractor == "keywords"


def test_a_service_id_shared_by_businesses_is_found_once(nlu: KeywordInterpreter) -> None:
    result = parse(nlu, "men's haircut, vyrų kirpimas")
    assert values(result, "service") == ["haircut-men"]


def test_two_services_in_one_text(nlu: KeywordInterpreter) -> None:
    result = parse(nlu, "Manicure and a facial treatment")
    assert sorted(values(result, "service")) == ["facial", "manicure"]  # type: ignore[type-var]


def test_words_inside_other_words_are_not_names(nlu: KeywordInterpreter) -> None:
    result = parse(nlu, "Women's haircut")
    assert values(result, "service") == ["haircut-women"]


def test_catalog_terms_of_the_demo() -> None:
    terms = catalog_terms(load_catalog(DEMO))
    by_key = {(t.entity, t.id): t for t in terms}
    assert ("category", "hair") in by_key
    services = [t for t in terms if t.entity == "service"]
    assert len([t for t in services if t.id == "haircut-men"]) == 1
    assert "Vyrų kirpimas" in by_key["service", "haircut-men"].names
    ausra = by_key["business", "ausra-vilnius"].names
    assert "Kirpykla Aušra" in ausra
    assert "Aušra" in ausra
    assert "Kirpykla" not in ausra
    assert "Vilnius" not in ausra
    assert set(by_key["business", "lotus-krakow"].names) == {"Lotus Spa Kraków", "Lotus"}
    assert set(by_key["business", "linden-hotel"].names) == {"Hotel Linden Dresden", "Linden"}
    assert "Fitness" not in by_key["business", "kraft-berlin"].names


def test_works_without_terms() -> None:
    result = KeywordInterpreter().parse_sync("Men's haircut", ParseContext(None, VILNIUS, NOW))
    assert result.entities == ()
    assert result.intent == FALLBACK_INTENT


def test_custom_terms() -> None:
    nlu = KeywordInterpreter([CatalogTerm("service", "pedicure", ("Pedikiūras", "Pedicure"))])
    result = nlu.parse_sync("Noriu pedikiūro", ParseContext("lt", VILNIUS, NOW))
    assert values(result, "service") == ["pedicure"]


# --- times ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "moment"),
    [
        ("tomorrow at 3", "2026-11-24", "2026-11-24T15:00:00+02:00"),
        ("tomorrow at 3pm", "2026-11-24", "2026-11-24T15:00:00+02:00"),
        ("tomorrow at 9am", "2026-11-24", "2026-11-24T09:00:00+02:00"),
        ("rytoj 10 val.", "2026-11-24", "2026-11-24T10:00:00+02:00"),
        ("rytoj 10", "2026-11-24", "2026-11-24T10:00:00+02:00"),
        ("poryt 11:00", "2026-11-25", "2026-11-25T11:00:00+02:00"),
        ("w piątek o 12", "2026-11-27", "2026-11-27T12:00:00+02:00"),
        ("jutro o 10.30", "2026-11-24", "2026-11-24T10:30:00+02:00"),
        ("в пятницу в 12", "2026-11-27", "2026-11-27T12:00:00+02:00"),
        ("послезавтра в 15 часов", "2026-11-25", "2026-11-25T15:00:00+02:00"),
        ("übermorgen um 10 Uhr", "2026-11-25", "2026-11-25T10:00:00+02:00"),
        ("am Mittwoch um 14:15", "2026-11-25", "2026-11-25T14:15:00+02:00"),
        ("pasnesër në orën 10", "2026-11-25", "2026-11-25T10:00:00+02:00"),
        ("të enjten ora 9", "2026-11-26", "2026-11-26T09:00:00+02:00"),
        ("2026-11-27 14:30", "2026-11-27", "2026-11-27T14:30:00+02:00"),
        ("27.11.2026 14:30", "2026-11-27", "2026-11-27T14:30:00+02:00"),
        ("at 3 on Saturday", "2026-11-28", "2026-11-28T15:00:00+02:00"),
        ("šeštadienį 12:00", "2026-11-28", "2026-11-28T12:00:00+02:00"),
        ("today at 17:00", "2026-11-23", "2026-11-23T17:00:00+02:00"),
        ("šiandien 15 val.", "2026-11-23", "2026-11-23T15:00:00+02:00"),
        ("dziś o 18", "2026-11-23", "2026-11-23T18:00:00+02:00"),
        ("сегодня в 16:00", "2026-11-23", "2026-11-23T16:00:00+02:00"),
        ("heute um 12", "2026-11-23", "2026-11-23T12:00:00+02:00"),
        ("sot në orën 11", "2026-11-23", "2026-11-23T11:00:00+02:00"),
    ],
)
def test_day_and_time(nlu: KeywordInterpreter, text: str, day: str, moment: str) -> None:
    result = parse(nlu, text)
    assert values(result, "date") == [day]
    assert values(result, "time") == [moment]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("tomorrow", "2026-11-24"),
        ("the day after tomorrow", "2026-11-25"),
        ("rytoj", "2026-11-24"),
        ("pojutrze", "2026-11-25"),
        ("завтра", "2026-11-24"),
        ("übermorgen", "2026-11-25"),
        ("nesër", "2026-11-24"),
        ("on Friday", "2026-11-27"),
        ("penktadienį", "2026-11-27"),
        ("ketvirtadienio", "2026-11-26"),
        ("w środę", "2026-11-25"),
        ("w niedzielę", "2026-11-29"),
        ("во вторник", "2026-11-24"),
        ("в субботу", "2026-11-28"),
        ("am Donnerstag", "2026-11-26"),
        ("të hënën", "2026-11-30"),
        ("të premten", "2026-11-27"),
        ("on Monday", "2026-11-30"),
        ("2026-12-01", "2026-12-01"),
    ],
)
def test_day_without_time(nlu: KeywordInterpreter, text: str, day: str) -> None:
    result = parse(nlu, text)
    assert values(result, "date") == [day]
    assert result.all("time") == []


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("at 10", "2026-11-23T10:00:00+02:00"),  # still ahead today (now 09:00)
        ("at 8", "2026-11-24T08:00:00+02:00"),  # gone: tomorrow
        ("at 3", "2026-11-23T15:00:00+02:00"),  # a bare 1–7 is afternoon
        ("8:30", "2026-11-24T08:30:00+02:00"),
        ("о 15", None),  # Cyrillic "о" is not a time marker
        ("o 15", "2026-11-23T15:00:00+02:00"),
        ("15 val.", "2026-11-23T15:00:00+02:00"),
        ("um 15 Uhr", "2026-11-23T15:00:00+02:00"),
        ("в 15", "2026-11-23T15:00:00+02:00"),
        ("ora 15", "2026-11-23T15:00:00+02:00"),
    ],
)
def test_time_without_day(nlu: KeywordInterpreter, text: str, moment: str | None) -> None:
    result = parse(nlu, text)
    assert values(result, "time") == ([moment] if moment else [])
    assert result.all("date") == []


def test_weekday_today_counts_only_while_the_time_is_ahead(nlu: KeywordInterpreter) -> None:
    assert values(parse(nlu, "on Monday at 12"), "time") == ["2026-11-23T12:00:00+02:00"]
    assert values(parse(nlu, "on Monday at 8"), "time") == ["2026-11-30T08:00:00+02:00"]


def test_times_use_the_context_timezone(nlu: KeywordInterpreter) -> None:
    context = ParseContext("de", ZoneInfo("Europe/Berlin"), NOW)
    result = nlu.parse_sync("morgen um 10 Uhr", context)
    assert values(result, "time") == ["2026-11-24T10:00:00+01:00"]


def test_two_days_and_times(nlu: KeywordInterpreter) -> None:
    result = parse(nlu, "move it from Friday at 10 to Tuesday at 12")
    assert values(result, "date") == ["2026-11-27", "2026-11-24"]
    assert values(result, "time") == ["2026-11-27T10:00:00+02:00", "2026-11-24T12:00:00+02:00"]
    assert result.intent == "reschedule_booking"


def test_time_offsets_point_into_the_original_text(nlu: KeywordInterpreter) -> None:
    text = "Užsiregistruoti rytoj 10 val."
    result = parse(nlu, text)
    date_entity = result.first("date")
    time_entity = result.first("time")
    assert date_entity is not None and time_entity is not None
    assert text[date_entity.start : date_entity.end] == "rytoj"
    assert text[time_entity.start : time_entity.end] == "rytoj 10 val."


def test_guten_morgen_is_not_tomorrow(nlu: KeywordInterpreter) -> None:
    result = parse(nlu, "Guten Morgen")
    assert result.intent == "greet"
    assert result.all("date") == []


# --- durations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("I'll be 10 min late", 10),
        ("running 15 minutes late", 15),
        ("vėluosiu 10", 10),
        ("vėluosiu 20 minučių", 20),
        ("vėluosiu pusvalandį", 30),
        ("vėluosiu ketvirtį valandos", 15),
        ("vėluosiu valandą", 60),
        ("spóźnię się 5 minut", 5),
        ("spóźnię się pół godziny", 30),
        ("spóźnię się kwadrans", 15),
        ("spóźnię się godzinę", 60),
        ("опоздаю на 10 минут", 10),
        ("опоздаю на полчаса", 30),
        ("опоздаю на четверть часа", 15),
        ("опоздаю на час", 60),
        ("Ich verspäte mich 10 Minuten", 10),
        ("Ich komme eine halbe Stunde später", 30),
        ("Ich verspäte mich eine Viertelstunde", 15),
        ("Ich verspäte mich eine Stunde", 60),
        ("do vonohem 10 minuta", 10),
        ("do vonohem gjysmë ore", 30),
        ("do vonohem çerek ore", 15),
        ("do vonohem një orë", 60),
        ("late by 2 hours", 120),
    ],
)
def test_duration(nlu: KeywordInterpreter, text: str, minutes: int) -> None:
    result = parse(nlu, text)
    assert values(result, "duration") == [minutes]
    assert result.all("time") == []


def test_bare_number_is_a_duration_only_when_running_late(nlu: KeywordInterpreter) -> None:
    assert values(parse(nlu, "vėluosiu 15"), "duration") == [15]
    assert parse(nlu, "noriu 15").all("duration") == []


def test_duration_offsets(nlu: KeywordInterpreter) -> None:
    text = "Spóźnię się pół godziny"
    entity = parse(nlu, text).first("duration")
    assert entity is not None
    assert text[entity.start : entity.end] == "pół godziny"


# --- e-mail and phone -------------------------------------------------------------------


def test_email(nlu: KeywordInterpreter) -> None:
    text = "Mano el. paštas: Jonas.Jonaitis+test@Example.lt, ačiū"
    result = parse(nlu, text)
    entity = result.first("email")
    assert entity is not None
    assert entity.value == "Jonas.Jonaitis+test@Example.lt"
    assert text[entity.start : entity.end] == entity.value


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("my phone is +370 612 34567", "+37061234567"),
        ("Telefon: 600-123-456", "600123456"),
        ("мой номер +7 (912) 345-67-89", "+79123456789"),
        ("numri im 0692345678", "0692345678"),
    ],
)
def test_phone(nlu: KeywordInterpreter, text: str, phone: str) -> None:
    result = parse(nlu, text)
    assert values(result, "phone") == [phone]


@pytest.mark.parametrize("text", ["2026-11-27 14:30", "123456", "at 10:30 tomorrow", "12 34 56"])
def test_not_phones(nlu: KeywordInterpreter, text: str) -> None:
    assert parse(nlu, text).all("phone") == []


# --- folding and speed ------------------------------------------------------------------


def test_fold() -> None:
    assert fold("Atšaukti Łódź Straße") == "atsaukti lodz strasse"
    assert fold("Ёлка и йога") == "елка и йога"
    assert fold("Nesër Çfarë") == "neser cfare"
