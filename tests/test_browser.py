"""A person in a real browser (Debian's Chromium driven by Playwright) against a live server."""
import shutil
from pathlib import Path

import pytest

from .conftest import need_service, resolution_text

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


@pytest.fixture
def page(live_server, transactional_db, tmp_path):
    """Set up after the live server and database, so torn down before them. A test asks
    for its data fixtures before this one: ORM calls made inside Playwright's event
    loop would open connections of their own that nobody closes."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        need_service("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=FLAGS,
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()


def test_log_in_filter_change_status_and_import(live_server, seeded, users, page, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(live_server.url + "/obligations/")
    assert "/accounts/login/" in page.url  # every page asks for a login first
    page.fill("input[name=username]", "desk")
    page.fill("input[name=password]", "pw-desk")
    page.click("button[type=submit]")
    page.wait_for_url("**/obligations/")

    page.select_option("select[name=kind]", "report")
    page.fill("input[name=session]", "63")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**kind=report**")
    rows = page.locator("table.obligations tbody tr")
    assert rows.count() == 5
    page.screenshot(path=str(SHOTS / "list.png"), full_page=True)

    rows.first.locator("a.para").click()
    page.wait_for_selector("#edit")
    page.select_option("#edit select[name=status]", "done")
    page.fill("#edit textarea[name=note]", "Report issued.")
    page.click("#edit button[type=submit]")
    page.wait_for_selector(".message.success")
    history = page.locator("#history").inner_text()
    assert "Status: in progress → done" in history or "Status: open → done" in history
    assert "desk" in history and "Report issued." in page.inner_text("#notes")
    page.screenshot(path=str(SHOTS / "obligation.png"), full_page=True)

    upload = tmp_path / "road-safety.txt"
    upload.write_text(resolution_text("1. Requests the Secretary-General to report annually;",
                                      symbol="70/260", title="Improving global road safety"))
    page.goto(live_server.url + "/import/")
    page.set_input_files("input[name=file]", str(upload))
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#result")
    page.click("#result")
    page.wait_for_selector("article.resolution")
    assert "A/RES/70/260" in page.inner_text("h1")
    assert "Improving global road safety" in page.inner_text("h1")
    page.screenshot(path=str(SHOTS / "resolution.png"), full_page=True)


@pytest.fixture
def council_renewal(transactional_db):
    """A mission's mandate ending in 45 days, renewed a week ago by a later resolution."""
    from datetime import date, timedelta

    from tracker.importer import import_text

    from .conftest import council_text

    def day(offset):
        return f"{(date.today() + timedelta(days=offset)):%-d %B %Y}"

    import_text(council_text(2900, date.today().year - 1, day(-320), f"""
        1. Decides to extend the mandate of the United Nations Verification Mission in Atlantis (UNVMA) until {day(45)};
        2. Decides to remain seized of the matter."""))
    import_text(council_text(2960, date.today().year, day(-7), f"""
        1. Decides to extend the mandate of UNVMA until {day(410)};
        2. Decides to remain seized of the matter.""", recalls=f"2900 ({date.today().year - 1})"))


def test_the_mandates_page_shows_a_council_renewal(live_server, users, council_renewal, page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(live_server.url + "/mandates/")
    page.fill("input[name=username]", "reader")
    page.fill("input[name=password]", "pw-reader")
    page.click("button[type=submit]")
    page.wait_for_url("**/mandates/")
    assert page.inner_text("h2") == "Security Council"
    row = page.locator("table.mandates tbody tr").first
    assert "mandate of the United Nations Verification Mission in Atlantis" in row.inner_text()
    assert "S/RES/2900" in row.locator("td:nth-child(3)").inner_text()  # set by
    assert "S/RES/2960" in row.locator("td:nth-child(4)").inner_text()  # renewed by
    page.select_option("select[name=within]", "30")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**within=30**")
    assert "No mandate ends in the next 30 days." in page.inner_text("main")
    page.goto(live_server.url + "/mandates/?within=180")
    page.screenshot(path=str(SHOTS / "mandates.png"), full_page=True)
