"""The chat widget in a real browser (Debian's Chromium driven by Playwright) on the
demo site, served by the real app: booking by clicking in every language, history
after a reload, the language picker, markup shown as text, a push arriving, the
keyboard. Without Chromium these skip with the reason; with
``SLOTCHAT_REQUIRE_BROWSER=1`` (as in CI) they fail instead."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bot.booking.service import BookingService
from bot.channels.web.app import create_app
from bot.i18n import LANGUAGES, translations
from storage.database import Database
from tests.channels.web_support import apart, category_name, demo_sqlite, serving
from tests.cli import run_slotchat

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

CHROMIUM = Path(os.environ.get("SLOTCHAT_CHROMIUM", "/usr/bin/chromium"))
REQUIRE_BROWSER = os.environ.get("SLOTCHAT_REQUIRE_BROWSER") == "1"
# The machine's network is closed: without these, Chromium's background connections
# fail noisily.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000
XSS = "<img src=x onerror=alert(1)>"
PHONES = {"en": "+370 612 34567", "lt": "8 612 34567", "pl": "+370 612 34567"}


def _unavailable(reason: str) -> None:
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (SLOTCHAT_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium, headless, for the whole module."""
    if not CHROMIUM.exists():
        _unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def site(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """The demo served on a free port: its base URL and its database URL."""
    url = demo_sqlite(sqlite_template, tmp_path_factory.mktemp("widget"))
    with serving(create_app(url)) as base:
        yield base, url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser profile (so a new chat session) with one page; fails the test
    on any script error or alert."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    opened.on("dialog", lambda dialog: problems.append(f"a dialog opened: {dialog.message}"))
    try:
        yield opened
    finally:
        context.close()
    assert problems == []


class Widget:
    """The chat widget on a page, as a client uses it."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.root = page.locator(".slotchat")

    def open(self) -> None:
        self.root.and_(self.page.locator("[data-state=online]")).wait_for()
        self.page.locator(".slotchat-launcher").click()
        self.wait_idle()

    def wait_idle(self) -> None:
        self.page.locator(".slotchat[data-state=online][data-waiting=false]").wait_for()

    def acting(self, act: Callable[[], Any]) -> None:
        """Do something that starts a turn; return when its replies are all shown."""
        before = self.bot_messages().count()
        act()
        self.page.locator(".slotchat-theirs").nth(before).wait_for()
        self.wait_idle()

    def chip(self, title: str | None = None, *, prefix: bool = False) -> Locator:
        """An enabled button: the first, or the one titled ``title`` (or starting so)."""
        chips = self.page.locator(".slotchat-chip:enabled")
        if title is None:
            return chips.first
        pattern = f"^{re.escape(title)}" + ("" if prefix else "$")
        return chips.filter(has_text=re.compile(pattern)).first

    def press(self, title: str | None = None, *, prefix: bool = False) -> None:
        self.acting(self.chip(title, prefix=prefix).click)

    def type(self, text: str) -> None:
        def send() -> None:
            self.page.locator(".slotchat-input").fill(text)
            self.page.locator(".slotchat-input").press("Enter")

        self.acting(send)

    def bot_messages(self) -> Locator:
        return self.page.locator(".slotchat-theirs .slotchat-text")

    def last_bot_text(self) -> str:
        return self.bot_messages().last.inner_text()

    def texts(self) -> list[str]:
        return self.page.locator(".slotchat-log .slotchat-text").all_inner_texts()


async def _bookings(url: str) -> list[Any]:
    db = Database(url)
    try:
        return list(await BookingService(db).listing())
    finally:
        await db.dispose()


def _book_at_ausra(widget: Widget, language: str) -> None:
    _ = translations(language).gettext
    widget.press(_("Book"))
    widget.press(category_name("hair", language))
    widget.press("Kirpykla Aušra", prefix=True)
    widget.press()  # the first service
    widget.press()  # the first day with a free time
    widget.press()  # the first free time
    widget.type(f"Ona Test {language}")
    widget.type(f"ona.{language}@example.com")
    widget.type(PHONES.get(language, "+370 612 34567"))
    widget.press(_("Confirm"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_client_books_end_to_end_by_clicking(
    page: Page, site: tuple[str, str], language: str
) -> None:
    base, database_url = site
    if language == "ru":
        page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{base}/?lang={language}")
    widget = Widget(page)
    widget.open()
    assert page.locator(".slotchat-panel").get_attribute("lang") == language
    _book_at_ausra(widget, language)

    booked = translations(language).gettext(
        "Booked! {service} at {business} on {when}. Booking number: {number}."
    )
    text = widget.last_bot_text()
    assert text.startswith(booked.split("{")[0]), text
    mine = [b for b in apart(_bookings(database_url)) if b.email.startswith(f"ona.{language}")]
    assert len(mine) == 1
    assert (mine[0].status, mine[0].channel, mine[0].language) == ("confirmed", "web", language)
    assert f"{mine[0].id}" in text
    if language == "ru":
        box = page.locator(".slotchat-panel").bounding_box()
        assert box is not None and box["width"] == 390  # the whole phone screen


def test_a_reload_shows_the_history(page: Page, site: tuple[str, str]) -> None:
    base, _db = site
    page.goto(f"{base}/?lang=en")
    widget = Widget(page)
    widget.open()
    widget.press("Book")
    widget.press(category_name("hair", "en"))
    before = widget.texts()
    mine = page.locator(".slotchat-mine .slotchat-text").all_inner_texts()
    assert mine == ["Book", category_name("hair", "en")]
    assert len(before) == 5

    page.reload()
    widget.root.and_(page.locator("[data-state=online]")).wait_for()
    assert page.locator(".slotchat-panel").is_visible()  # it stays open
    assert widget.texts() == before
    widget.press("Kirpykla Aušra", prefix=True)  # and the conversation goes on where it was
    assert widget.chip().is_enabled()


def test_the_language_picker_switches_the_conversation_and_the_widget(
    page: Page, site: tuple[str, str]
) -> None:
    base, _db = site
    page.goto(f"{base}/?lang=en")
    widget = Widget(page)
    widget.open()
    de = translations("de").gettext
    widget.acting(lambda: page.locator(".slotchat-language").select_option("de"))
    assert de("Done, I will write in English.") in widget.texts()
    assert page.locator(".slotchat-send").inner_text() == de("Send")
    assert page.locator(".slotchat-panel").get_attribute("lang") == "de"
    widget.press(de("Book"))
    assert widget.chip(category_name("beauty", "de")).is_visible()


def test_markup_in_a_message_is_shown_as_text(page: Page, site: tuple[str, str]) -> None:
    base, _db = site
    page.goto(f"{base}/?lang=en")
    widget = Widget(page)
    widget.open()
    widget.type(XSS)
    assert page.locator(".slotchat-mine .slotchat-text").last.inner_text() == XSS
    assert page.locator(".slotchat-log img").count() == 0
    page.reload()
    widget.root.and_(page.locator("[data-state=online]")).wait_for()
    assert page.locator(".slotchat-mine .slotchat-text").last.inner_text() == XSS
    assert page.locator(".slotchat-log img").count() == 0


def test_the_business_confirmation_arrives_in_the_open_page(
    page: Page, site: tuple[str, str], tmp_path: Path
) -> None:
    base, database_url = site
    page.goto(f"{base}/demo/lotus-krakow?lang=en")
    widget = Widget(page)
    widget.open()
    widget.press("Book")
    widget.press("Beauty & spa")
    widget.press("Lotus Spa Kraków", prefix=True)
    widget.press("Manicure", prefix=True)
    widget.press()
    widget.press()
    widget.type("Anna Push")
    widget.type("anna.push@example.com")
    widget.type("600 700 800")
    widget.press("Confirm")
    assert "is sent to Lotus Spa Kraków" in widget.last_bot_text()
    (pending,) = [b for b in apart(_bookings(database_url)) if b.email == "anna.push@example.com"]
    assert pending.status == "pending"

    # The business confirms from the command line: another process, as in the README.
    confirmed = run_slotchat(
        "bookings", "confirm", str(pending.id), database_url=database_url, cwd=tmp_path
    )
    assert confirmed.returncode == 0, confirmed.stderr
    arrived = widget.bot_messages().filter(has_text="Lotus Spa Kraków confirmed your booking")
    arrived.wait_for()
    assert arrived.inner_text().endswith(f"Booking number: {pending.id}.")


def test_the_widget_works_from_the_keyboard(page: Page, site: tuple[str, str]) -> None:
    base, _db = site
    page.goto(f"{base}/?lang=en")
    widget = Widget(page)
    widget.root.and_(page.locator("[data-state=online]")).wait_for()
    launcher = page.locator(".slotchat-launcher")
    assert launcher.get_attribute("aria-expanded") == "false"
    launcher.focus()
    widget.acting(lambda: page.keyboard.press("Enter"))
    assert launcher.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.className") == "slotchat-input"
    log = page.locator(".slotchat-log")
    assert (log.get_attribute("role"), log.get_attribute("aria-live")) == ("log", "polite")

    widget.chip("Book").focus()
    widget.acting(lambda: page.keyboard.press("Enter"))
    assert widget.texts()[-2] == "Book"
    page.keyboard.press("Escape")
    assert not page.locator(".slotchat-panel").is_visible()
    assert page.evaluate("document.activeElement.className") == "slotchat-launcher"


def test_the_widget_connects_again_after_a_server_restart(
    page: Page, sqlite_template: Path, tmp_path: Path
) -> None:
    url = demo_sqlite(sqlite_template, tmp_path)
    with serving(create_app(url)) as base:
        port = int(base.rsplit(":", 1)[1])
        page.goto(f"{base}/?lang=en")
        widget = Widget(page)
        widget.open()
        widget.press("Book")
        before = widget.texts()
    page.locator(".slotchat[data-state=offline]").wait_for()
    assert page.locator(".slotchat-status").inner_text() == "Connection lost. Connecting again…"
    assert page.locator(".slotchat-send").is_disabled()
    with serving(create_app(url), port=port):
        page.locator(".slotchat[data-state=online]").wait_for()
        assert widget.texts() == before
        assert page.locator(".slotchat-status").inner_text() == ""
        widget.press(category_name("hair", "en"))
        assert widget.texts()[len(before)] == category_name("hair", "en")


def test_a_phone_sized_screen_gets_the_whole_chat(browser: Browser, site: tuple[str, str]) -> None:
    base, _db = site
    context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(f"{base}/?lang=lt")
        widget = Widget(page)
        widget.open()
        box = page.locator(".slotchat-panel").bounding_box()
        assert box is not None
        assert (box["width"], box["height"]) == (360, 640)
        chip = widget.chip().bounding_box()
        assert chip is not None and chip["height"] >= 36  # big enough for a finger
    finally:
        context.close()
