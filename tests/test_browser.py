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

    from tracker.obligations.importing import import_text

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


@pytest.fixture
def desk_day(transactional_db, users):
    """The seeds, a Council mandate, a delegation for the staff login and two notes."""
    from datetime import date, timedelta
    from pathlib import Path

    from tracker.obligations.importing import import_file, import_text
    from tracker.models import Note, Obligation, Profile

    from .conftest import council_text

    for path in sorted((Path(__file__).resolve().parent.parent / "seeds").iterdir()):
        import_file(path)
    soon = date.today() + timedelta(days=40)
    import_text(council_text(2900, date.today().year, f"{date.today() - timedelta(days=300):%-d %B %Y}", f"""
        1. Decides to extend the mandate of the United Nations Verification Mission in Atlantis (UNVMA) until {soon:%-d %B %Y};
        2. Calls upon the Government of Iraq to cooperate fully with the Mission;"""))
    users["staff"].first_name, users["staff"].last_name = "Daniel", "Okafor"
    users["staff"].save()
    Profile.objects.create(user=users["staff"], member_state="Iraq")
    obligation = Obligation.objects.open().filter(kind="report").order_by("due_date").first()  # on the list
    Note.objects.create(obligation=obligation, author=users["admin"], text="Ask the capital for figures.")
    # Addresses worked out here: no query may run inside Playwright's event loop.
    return {"pk": obligation.pk, "url": obligation.get_absolute_url(),
            "series_url": f"/series/{obligation.resolution.series_id}/"}


def fits(page) -> bool:
    wide = page.evaluate("""() => { const w = window.innerWidth; const out = [];
        document.querySelectorAll('body *').forEach(e => { const r = e.getBoundingClientRect();
            if (r.right > w + 1) out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right)); });
        return document.documentElement.scrollWidth > w + 1 ? out.slice(0, 6) : []; }""")
    assert not wide, f"wider than the screen: {wide}"
    return True


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_the_desk_officers_day_at_desk_and_phone_width(live_server, desk_day, page, width, height):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    phone = width < 700

    def shot(name):
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        if phone:
            assert fits(page), f"{name} scrolls sideways at {width} px"

    page.goto(live_server.url + "/")
    page.fill("input[name=username]", "desk")
    page.fill("input[name=password]", "pw-desk")
    page.click("button[type=submit]")
    page.wait_for_selector("ul.counts")
    shot("dashboard")

    page.goto(live_server.url + "/obligations/?order=due")
    assert page.locator("form.filters").is_visible() != phone  # folded away on a phone
    if phone:
        page.click("label.toggle-label")
        assert page.locator("form.filters").is_visible()
    dues = page.locator("table.obligations tbody td.due")
    assert dues.first.inner_text().startswith("by end of 2008")  # a year's deadline, no day made up
    assert dues.filter(has_text=" · GA ").count() >= 1  # "15 Sep 2009 · GA 64th session"
    assert page.locator("td.ask mark.verb").first.is_visible()
    assert page.locator("input[type=checkbox][name=status]").count() == 6  # superseded among them
    shot("list")

    page.locator(f"td.pick input[value='{desk_day['pk']}']").check()
    page.select_option("#bulk select[name=status]", "in_progress")
    page.click("#bulk button[type=submit]")
    page.wait_for_selector(".message.success")
    assert "1 obligation changed." in page.inner_text(".message.success")

    page.goto(live_server.url + desk_day["url"])
    page.fill("#edit textarea[name=note]", "Draft sent to the capital.")
    page.click("#edit button[type=submit]")
    page.wait_for_selector(".message.success")
    notes = page.locator("#notes li")
    assert notes.count() == 2 and "Draft sent to the capital." in notes.first.inner_text()
    assert "Status: open → in progress" in page.inner_text("#history")
    assert page.locator("#ask mark.verb").count() == 1 and page.locator("#ask mark.addressee").count() >= 1
    shot("obligation")
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / f"obligation-print-{width}.png"), full_page=True)
    assert not page.locator("header.top").is_visible()
    assert "in progress" in page.inner_text("#status-facts")  # the edit form is not printed; its facts are
    page.emulate_media(media="screen")
    assert not page.locator("#status-facts").is_visible()

    page.goto(live_server.url + "/my-delegation/?resolution=2900")
    assert "What binds Iraq" in page.inner_text("h1")
    assert "Government of Iraq" in page.inner_text("#everything table.obligations")
    assert "Government of Iraq" in page.inner_text("#named")  # apart from what all States are asked
    shot("my-delegation")

    page.goto(live_server.url + "/calendar/?month=nonsense")
    assert "That is no month" in page.inner_text(".message")
    page.click("#next-deadline")
    page.wait_for_url("**month=**")
    if phone:  # a list of days, each named, each deadline in words
        day = page.locator("table.month td:has(a.due)").first
        assert day.locator(".day-name").is_visible() and "mandate of" in day.locator(".words").first.inner_text()
    shot("calendar")

    page.goto(live_server.url + "/mandates/")
    assert "Security Council" in page.inner_text("main")
    shot("mandates")

    page.goto(live_server.url + "/sessions/general-assembly/64/")
    assert "General Assembly, 64th session" in page.inner_text("h1")
    assert "A/RES/63/197" in page.inner_text("#reports") and "A/RES/63/197" in page.inner_text("#agenda")
    shot("session")

    page.fill("header form.search input", "63/197")
    page.press("header form.search input", "Enter")
    page.wait_for_selector("#found-resolutions")
    assert "A/RES/63/197" in page.inner_text("#found-resolutions")
    shot("search")

    page.goto(live_server.url + desk_day["series_url"])
    shot("series")

    page.click("header button.link")  # log out
    page.wait_for_selector(".message")
    assert "You have been logged out." in page.inner_text("main")
    shot("logged-out")


def test_the_api_docs_render_under_the_sites_content_security_policy(live_server, users, page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() >= 10
    assert not [e for e in errors if "Content Security Policy" in e], errors
    page.screenshot(path=str(SHOTS / "api-docs.png"), full_page=False)


@pytest.fixture
def burden_figures(transactional_db, users):
    """A biennial series and two overlapping requests, refreshed as an import leaves them."""
    from tracker.analysis import burden
    from tracker.obligations.importing import import_text

    from .test_burden import TRAFFICKING, asking, series_resolution

    for session, year in ((65, 2010), (67, 2012), (69, 2014)):
        import_text(series_resolution(session, year))
    import_text(asking("70/130", TRAFFICKING, "to report at its seventy-second session on the trafficking of "
                                              "women and girls and the assistance given to its victims"))
    import_text(asking("70/131", "Violence against women migrant workers",
                       "to report at its seventy-second session on measures against trafficking in women and "
                       "girls, including assistance to victims of trafficking"))
    burden.refresh()


def test_the_reporting_burden_page_draws_its_charts_and_prints(live_server, burden_figures, page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(live_server.url + "/accounts/login/?next=/burden/")
    page.fill("input[name=username]", "desk")
    page.fill("input[name=password]", "pw-desk")
    page.click("button[type=submit]")
    page.wait_for_url("**/burden/")
    # Chart.js, served from the project's static files, drew into each chart's canvas.
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 4")
    drawn = page.evaluate("() => Object.values(Chart.instances).map(c => c.data.datasets.length)")
    assert len(drawn) >= 4 and all(n >= 1 for n in drawn)
    assert not errors, errors
    assert page.locator(".pair").count() == 1
    page.screenshot(path=str(SHOTS / "burden.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator("header.top").is_hidden()
    assert page.locator("#per-year table").is_visible()  # the numbers print beside each chart
    page.screenshot(path=str(SHOTS / "burden-print.png"), full_page=True)
    page.emulate_media(media="screen")
    page.click(".pair button")  # staff mark the pair as no overlap
    page.wait_for_selector(".message")
    assert page.locator(".pair").count() == 0


@pytest.fixture
def drafting(transactional_db, users):
    """A resolution adopted, and a draft that follows it: one paragraph as adopted, one changed,
    one new. Its words are worked out here: no query may run inside Playwright's event loop."""
    from tracker.obligations.importing import import_text

    from .conftest import resolution_text
    from .test_drafts import ADOPTED, DRAFT

    import_text(resolution_text(ADOPTED, symbol="79/161", title="Improving global road safety"))
    # A delegate's half-remembered sentence: a word dropped, the session changed.
    remembered = "Requests the Secretary-General to submit at its eighty-second session a report on the implementation"
    return {"remembered": remembered, "draft": DRAFT}


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_a_delegate_finds_agreed_language_and_checks_a_draft(live_server, drafting, page, width, height):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + "/language/")
    page.fill("input[name=username]", "desk")
    page.fill("input[name=password]", "pw-desk")
    page.click("button[type=submit]")
    page.wait_for_selector("#language-form")

    page.fill("#language-form [name=q]", drafting["remembered"])
    page.click("#language-form button[type=submit]")
    page.wait_for_selector("#found")
    first = page.locator("#found li").first
    assert first.locator("input.citation").input_value() == "A/RES/79/161, para. 2"
    assert "eighty-first" in " ".join(first.locator("blockquote mark").all_inner_texts())  # what differs is marked
    page.screenshot(path=str(SHOTS / f"language-{width}.png"), full_page=True)
    assert width > 700 or fits(page)

    page.click("header.top >> text=Drafts") if width > 700 else page.goto(live_server.url + "/drafts/")
    page.fill("#draft-form textarea[name=text]", drafting["draft"])
    page.click("#draft-form button[type=submit]")
    page.wait_for_selector("#series")
    assert "A/RES/79/161" in page.inner_text("#series")
    assert page.inner_text("#repeated-share").endswith("%")
    assert {"unchanged", "changed", "new"} <= {row.get_attribute("class") for row in
                                                page.locator("table.side-by-side tbody tr").all()}
    assert "Secretary-General" in page.inner_text("#obligations")
    assert "Para. 4: a report, recurring (annual)" in page.inner_text("#open-ended")  # and no end
    page.screenshot(path=str(SHOTS / f"draft-{width}.png"), full_page=True)
    assert width > 700 or fits(page)

    page.click("text=all your drafts")
    page.click("#my-drafts button[type=submit]")
    page.wait_for_selector("#my-drafts li.empty")  # deleted on request
