"""Import by symbol and following a session, against a loopback server in the shapes of the UN's
document system: a PDF made here, a redirect chain, a MARCXML list, a 404, an empty "not yet",
a slow answer, an HTML error page, a failing then working service. Nothing leaves the machine."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from resolutions.fetching import FetchFailed, NotYetIssued, clean_symbol, fetch_document, list_symbols
from resolutions.models import FetchLog, Resolution
from tracker.following.check import check_all, symbol_for
from tracker.obligations.importing import ImportFailed, import_symbol
from tracker.models import Follow, ImportJob, Obligation, Profile, SessionWatch

from .conftest import resolution_text
from .test_import import make_pdf

pytestmark = pytest.mark.django_db

MARCXML = """<?xml version="1.0" encoding="UTF-8"?>
<collection xmlns="http://www.loc.gov/MARC21/slim">{}</collection>"""
RECORD = """<record><controlfield tag="001">{n}</controlfield>
<datafield tag="191" ind1=" " ind2=" "><subfield code="a">{symbol}</subfield><subfield code="b">A/</subfield></datafield>
<datafield tag="245" ind1="1" ind2="0"><subfield code="a">A resolution</subfield></datafield></record>"""


def resolution_pdf(tmp_path, number: int, ask: str = "Requests the Secretary-General to report to the General "
                                                     "Assembly at its eighty-first session on the matter;") -> bytes:
    text = resolution_text(f"1.\tWelcomes the work done;\n2.\t{ask}\n3.\tUrges Member States to act on it;",
                           symbol=f"80/{number}", title=f"Matter number {number}", adopted="1 December 2025")
    path = tmp_path / f"80_{number}.pdf"
    make_pdf(text, path, f"A/RES/80/{number}")
    return path.read_bytes()


class DocumentSystem:
    """What the loopback server answers: symbol -> (status, content type, body) or a behaviour."""

    def __init__(self):
        self.documents: dict[str, tuple] = {}
        self.listing: list[str] | None = None
        self.requests: list[str] = []
        self.flaky: dict[str, int] = {}  # symbol -> failures (503) before it answers

    def handler(system):  # noqa: N805 (the request handler closes over the system)
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def send(self, status, kind=b"", body=b"", headers=()):
                self.send_response(status)
                if kind:
                    self.send_header("Content-Type", kind)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                system.requests.append(self.path)
                url = urlparse(self.path)
                query = parse_qs(url.query)
                if url.path == "/search":
                    if system.listing is None:
                        return self.send(202)  # the Digital Library's bot challenge: accepted, empty
                    body = MARCXML.format("".join(RECORD.format(n=i, symbol=s) for i, s in enumerate(system.listing)))
                    return self.send(200, "application/xml", body.encode())
                if url.path.startswith("/files/"):
                    symbol = url.path[len("/files/"):].replace("_", "/")
                    return self.send(200, "application/pdf", system.documents[symbol][2])
                if url.path == "/hop":
                    return self.send(302, headers=[("Location", f"/files/{query['to'][0]}")])
                symbol = query.get("s", [url.path.lstrip("/")])[0]
                if system.flaky.get(symbol):
                    system.flaky[symbol] -= 1
                    return self.send(503, "text/plain", b"busy")
                answer = system.documents.get(symbol)
                if answer is None:
                    return self.send(404, "text/html", b"<html><body>Not found</body></html>")
                if answer == "slow":
                    time.sleep(2)
                    return self.send(200, "application/pdf", b"%PDF-late")
                if answer == "drip":  # a byte every half second, for ever
                    self.send_response(200)
                    self.send_header("Content-Type", "application/pdf")
                    self.end_headers()
                    try:
                        while True:
                            self.wfile.write(b"%")
                            self.wfile.flush()
                            time.sleep(0.5)
                    except OSError:
                        return None
                if answer == "busy for a day":
                    return self.send(429, "text/plain", b"later", headers=[("Retry-After", "100000")])
                if answer == "a terabyte":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/pdf")
                    self.send_header("Content-Length", str(10 ** 12))
                    self.end_headers()
                    return None
                if isinstance(answer, str) and answer.startswith("redirect:"):
                    return self.send(302, headers=[("Location", answer[len("redirect:"):])])
                status, kind, body = answer
                if kind == "application/pdf" and status == 200:  # the real service redirects, twice
                    return self.send(302, headers=[("Location", f"/hop?to={symbol.replace('/', '_')}")])
                return self.send(status, kind, body)

        return Handler


@pytest.fixture
def un(settings):
    system = DocumentSystem()
    server = ThreadingHTTPServer(("127.0.0.1", 0), system.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.UN_SYMBOL_URL = base + "/api/symbol/access?s={symbol}&l=en&t={type}"
    settings.UN_UNDOCS_URL = ""
    settings.UN_LIBRARY_SEARCH_URL = base + "/search?p={query}&of=xm"
    settings.UN_FETCH_READ_TIMEOUT = 1
    settings.UN_FETCH_RETRIES = 2
    settings.UN_FETCH_BACKOFF = 0
    yield system
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("typed, clean", [
    ("A/RES/80/4", "A/RES/80/4"), ("s/res/2790 (2025)", "S/RES/2790 (2025)"), ("S/RES/2790(2025)", "S/RES/2790 (2025)"),
    (" A/HRC/RES/59/2 ", "A/HRC/RES/59/2"), ("E/RES/2025/1", "E/RES/2025/1"),
])
def test_a_typed_symbol_is_read_in_the_systems_form(typed, clean):
    assert clean_symbol(typed) == clean


@pytest.mark.parametrize("typed", ["", "resolution 4", "A/RES/80/4; DROP TABLE", "http://example.org/A/RES/80/4"])
def test_what_is_no_symbol_is_refused_before_any_request(typed, un):
    with pytest.raises(ValueError, match="not a document symbol"):
        clean_symbol(typed)
    assert un.requests == []


def test_a_symbol_is_fetched_through_its_redirects_and_imported_with_its_source(un, tmp_path):
    un.documents["A/RES/80/4"] = (200, "application/pdf", resolution_pdf(tmp_path, 4))
    result = import_symbol("a/res/80/4")
    resolution = Resolution.objects.get(symbol="A/RES/80/4")
    assert result.created and resolution.obligations.filter(kind="report").exists()
    assert resolution.source_url.endswith("/files/A_RES_80_4")  # where the file finally came from
    logged = list(FetchLog.objects.order_by("pk").values_list("url", "outcome"))
    assert len(logged) == 1 and "s=A%2FRES%2F80%2F4" in logged[0][0] and "answered 200" in logged[0][1]


def test_a_symbol_already_imported_keeps_what_staff_edited(un, tmp_path, users):
    un.documents["A/RES/80/4"] = (200, "application/pdf", resolution_pdf(tmp_path, 4))
    import_symbol("A/RES/80/4")
    report = Obligation.objects.get(kind="report")
    report.status, report.owner = Obligation.Status.IN_PROGRESS, users["staff"]
    report.save()
    again = import_symbol("A/RES/80/4")
    report.refresh_from_db()
    assert (again.created, report.status, report.owner) == (False, Obligation.Status.IN_PROGRESS, users["staff"])


def test_a_404_is_no_such_symbol_yet_and_so_is_an_empty_answer(un):
    un.documents["A/RES/80/98"] = (200, "application/pdf", b"")
    for symbol in ("A/RES/80/99", "A/RES/80/98"):
        with pytest.raises(NotYetIssued, match="no document has this symbol yet"):
            fetch_document(symbol)
    assert not Resolution.objects.exists()


def test_an_html_page_where_a_pdf_was_expected_is_a_clear_failure(un):
    un.documents["A/RES/80/50"] = (200, "text/html", b"<html><body>Service error</body></html>")
    with pytest.raises(ImportFailed, match="sent a web page where a PDF file was expected"):
        import_symbol("A/RES/80/50")
    assert not Resolution.objects.exists()


def test_a_slow_answer_times_out_after_the_retries(un):
    un.documents["A/RES/80/51"] = "slow"
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="did not answer in time"):
        fetch_document("A/RES/80/51")
    assert time.monotonic() - started < 10
    assert sum("80%2F51" in r for r in un.requests) == 3  # the first try and two retries
    assert FetchLog.objects.get().outcome == "timed out"


def test_a_dripping_answer_is_cut_off_at_the_fetchs_deadline_and_logged(un, settings):
    settings.UN_FETCH_DEADLINE = 2
    un.documents["A/RES/80/53"] = "drip"
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="did not finish sending in 2 s"):
        fetch_document("A/RES/80/53")
    assert time.monotonic() - started < 5
    assert FetchLog.objects.get().outcome == "timed out"


def test_a_retry_after_of_a_day_is_capped_within_the_deadline(un, settings):
    settings.UN_FETCH_DEADLINE = 3
    settings.UN_FETCH_RETRY_AFTER_MAX = 1
    un.documents["A/RES/80/54"] = "busy for a day"
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="answered 429"):
        fetch_document("A/RES/80/54")
    assert time.monotonic() - started < 8  # a PDF, then a Word file, each within its deadline
    assert set(FetchLog.objects.values_list("status", flat=True)) == {429}


def test_a_declared_terabyte_is_refused_with_its_size_and_logged(un):
    un.documents["A/RES/80/55"] = "a terabyte"
    with pytest.raises(FetchFailed, match="larger than 20 MB"):
        fetch_document("A/RES/80/55")
    assert FetchLog.objects.get().size == 10 ** 12


@pytest.mark.parametrize("target, reason", [
    ("http://127.0.0.1:6379/", "not the document system's"),
    ("http://169.254.169.254/latest/meta-data/", "not the document system's"),
    ("https://documents.example.org/A_RES_80_56.pdf", "not the document system's"),
    ("file:///etc/passwd", "not http"),
])
def test_a_redirect_leaves_the_document_system_only_for_its_own_hosts(un, target, reason):
    un.documents["A/RES/80/56"] = f"redirect:{target}"
    with pytest.raises(FetchFailed, match=reason):
        fetch_document("A/RES/80/56")
    assert "refused a redirect" in FetchLog.objects.get().outcome


def test_a_redirect_never_goes_from_https_to_http(settings):
    from resolutions.fetching import refused_redirect

    settings.UN_SYMBOL_URL = "https://documents.un.org/api/symbol/access?s={symbol}&t={type}"
    assert refused_redirect("https://documents.un.org/a", "https://daccess-ods.un.org/b") == ""
    assert "not https" in refused_redirect("https://documents.un.org/a", "http://documents.un.org/b")
    assert "not the document system's" in refused_redirect("https://documents.un.org/a", "https://un.org.example.com/")


def test_a_fetch_stopped_by_the_tasks_time_limit_is_still_logged(un, monkeypatch):
    from celery.exceptions import SoftTimeLimitExceeded

    def stopped(*args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("requests.Session.get", stopped)
    with pytest.raises(SoftTimeLimitExceeded):
        fetch_document("A/RES/80/57")
    assert FetchLog.objects.get().outcome == "stopped: SoftTimeLimitExceeded"


def test_a_busy_service_is_retried_and_then_answers(un, tmp_path):
    un.documents["A/RES/80/4"] = (200, "application/pdf", resolution_pdf(tmp_path, 4))
    un.flaky["A/RES/80/4"] = 2
    assert import_symbol("A/RES/80/4").created


def test_a_file_over_the_size_limit_is_refused(un, monkeypatch):
    monkeypatch.setattr("resolutions.fetching.MAX_FILE_BYTES", 1000)
    un.documents["A/RES/80/52"] = (200, "application/pdf", b"%PDF-" + b"x" * 5000)
    with pytest.raises(FetchFailed, match="larger than"):
        fetch_document("A/RES/80/52")


def test_the_wrong_document_is_not_stored(un, tmp_path):
    un.documents["A/RES/80/7"] = (200, "application/pdf", resolution_pdf(tmp_path, 4))  # 80/4 under 80/7
    with pytest.raises(ImportFailed, match="symbol reads A/RES/80/4"):
        import_symbol("A/RES/80/7")
    assert not Resolution.objects.exists()


def test_the_digital_librarys_marcxml_list_and_its_challenge(un):
    un.listing = ["A/RES/80/4", "A/RES/80/5", "A/RES/80/5"]
    assert list_symbols("A/RES/80/") == ["A/RES/80/4", "A/RES/80/5"]
    un.listing = None  # 202 and an empty body: no list, not an error
    assert list_symbols("A/RES/80/") is None


def test_import_by_symbol_on_the_import_page(un, tmp_path, client_for, users):
    un.documents["A/RES/80/4"] = (200, "application/pdf", resolution_pdf(tmp_path, 4))
    client = client_for(users["staff"])
    response = client.post(reverse("import"), {"symbol": "A/RES/80/4"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and (job.state, job.symbol) == (ImportJob.State.DONE, "A/RES/80/4")
    assert job.resolution.symbol == "A/RES/80/4"
    client.post(reverse("import"), {"symbol": "A/RES/80/99"})
    failed = ImportJob.objects.order_by("-pk").first()
    assert failed.state == ImportJob.State.FAILED and "no document with this symbol" in failed.message
    page = client.post(reverse("import"), {"symbol": "not a symbol"})
    assert page.status_code == 400 and "not a document symbol" in page.content.decode()
    assert ImportJob.objects.count() == 2


def test_ingest_symbol_on_the_command_line(un, tmp_path, capsys):
    un.documents["A/RES/80/4"] = (200, "application/pdf", resolution_pdf(tmp_path, 4))
    call_command("ingest", "--symbol", "A/RES/80/4")
    assert "A/RES/80/4" in capsys.readouterr().out
    with pytest.raises(CommandError, match="1 of 1 imports failed"):
        call_command("ingest", "--symbol", "A/RES/80/99")


def test_symbols_in_sequence_for_each_body():
    assert symbol_for("General Assembly", 80, 4) == "A/RES/80/4"
    assert symbol_for("Security Council", 2025, 2790) == "S/RES/2790 (2025)"
    assert symbol_for("Human Rights Council", 59, 2) == "A/HRC/RES/59/2"
    assert symbol_for("Economic and Social Council", 2025, 1) == "E/RES/2025/1"


@pytest.fixture
def follower(users):
    user = users["staff"]
    Profile.objects.update_or_create(user=user, defaults={"member_state": "Ghana"})
    Follow.objects.create(user=user, body="General Assembly", session=80)
    return user


def test_a_followed_session_is_read_in_sequence_imported_and_told_in_one_email(un, tmp_path, follower):
    for number in (1, 2):
        un.documents[f"A/RES/80/{number}"] = (200, "application/pdf", resolution_pdf(tmp_path, number))
    outcome = check_all()
    assert outcome["imported"] == 2 and outcome["told"] == 1
    assert set(Resolution.objects.values_list("symbol", flat=True)) == {"A/RES/80/1", "A/RES/80/2"}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [follower.email] and message.subject == "2 new resolutions of what you follow"
    assert "A/RES/80/1" in message.body and "A/RES/80/2" in message.body
    assert "* para 3: urges Member States" in message.body  # what binds Ghana is marked
    assert "binds Ghana: 2 new obligations" in message.body
    # Three misses in a row end the look; the next check starts after the last found.
    assert SessionWatch.objects.get().last_number == 2
    un.requests.clear()
    un.documents["A/RES/80/3"] = (200, "application/pdf", resolution_pdf(tmp_path, 3))
    assert check_all()["imported"] == 1
    assert not any("80%2F1&" in r or "80%2F2&" in r for r in un.requests)
    assert len(mail.outbox) == 2 and mail.outbox[1].subject == "A/RES/80/3 adopted"


def test_nothing_new_is_no_error_and_no_email(un, follower):
    assert check_all() == {"sessions": 1, "imported": 0, "told": 0, "failed": 0}
    assert mail.outbox == []


def test_the_list_is_used_where_the_library_answers(un, tmp_path, follower):
    un.listing = ["A/RES/80/7"]
    un.documents["A/RES/80/7"] = (200, "application/pdf", resolution_pdf(tmp_path, 7))
    assert check_all()["imported"] == 1
    assert not any("80%2F1&" in r for r in un.requests)  # no guessing from 1 when the list answers
    assert SessionWatch.objects.get().last_number == 7


def test_a_failing_service_stops_the_look_and_the_next_check_goes_on(un, tmp_path, follower):
    un.documents["A/RES/80/1"] = (200, "text/html", b"<html>maintenance</html>")
    outcome = check_all()
    assert (outcome["imported"], outcome["failed"]) == (0, 1)
    assert "maintenance" not in SessionWatch.objects.get().last_outcome  # a line, not the page
    un.documents["A/RES/80/1"] = (200, "application/pdf", resolution_pdf(tmp_path, 1))
    assert check_all()["imported"] == 1


def test_a_followed_series_hears_only_of_its_own(un, tmp_path, users):
    un.documents["A/RES/80/1"] = (200, "application/pdf", resolution_pdf(tmp_path, 1))
    import_symbol("A/RES/80/1")
    series = Resolution.objects.get(symbol="A/RES/80/1").series
    reader = users["viewer"]
    Follow.objects.create(user=reader, series=series)
    un.documents["A/RES/80/2"] = (200, "application/pdf", resolution_pdf(tmp_path, 2))  # another title
    assert check_all()["imported"] == 1
    assert mail.outbox == []  # the new resolution is of another series


def test_the_api_imports_by_symbol_too(un, tmp_path, client, users):
    from tracker.models import ApiToken

    un.documents["A/RES/80/4"] = (200, "application/pdf", resolution_pdf(tmp_path, 4))
    key = ApiToken.issue(users["staff"], "sync")[1]
    response = client.post("/api/v1/imports/", {"symbol": "A/RES/80/4"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 202
    job = client.get(response.json()["url"], HTTP_AUTHORIZATION=f"Token {key}").json()
    assert (job["symbol"], job["state"], job["resolution"]) == ("A/RES/80/4", "done", "A/RES/80/4")
    refused = client.post("/api/v1/imports/", {"symbol": "no symbol"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert refused.status_code == 400 and "not a document symbol" in refused.content.decode()


def test_following_and_unfollowing_from_the_pages(client_for, users, biennial_series):
    client = client_for(users["viewer"])
    client.post(reverse("follows"), {"body": "General Assembly", "session": "80"})
    client.post(reverse("follows"), {"series": biennial_series.pk})  # the series page's button
    again = client.post(reverse("follows"), {"body": "General Assembly", "session": "80"}, follow=True)
    assert "You already follow it" in again.content.decode()
    assert Follow.objects.filter(user=users["viewer"]).count() == 2
    refused = client.post(reverse("follows"), {"body": "General Assembly"})
    assert refused.status_code == 400 and "Choose a body and its session" in refused.content.decode()
    follow = Follow.objects.get(user=users["viewer"], series=biennial_series)
    assert client.post(reverse("unfollow", args=[follow.pk])).status_code == 302
    other = client_for(users["staff"])
    assert other.post(reverse("unfollow", args=[Follow.objects.get().pk])).status_code == 404  # not theirs
    assert Follow.objects.count() == 1


@pytest.fixture
def biennial_series():
    from tracker.obligations.importing import import_text

    import_text(resolution_text("1.\tRequests a report;", symbol="79/1", title="A followed matter"))
    return Resolution.objects.get(symbol="A/RES/79/1").series


def test_one_unreadable_document_does_not_stop_a_session_for_ever(un, tmp_path, follower):
    un.documents["A/RES/80/1"] = (200, "text/html", b"<html>a page, not the resolution</html>")
    un.documents["A/RES/80/2"] = (200, "application/pdf", resolution_pdf(tmp_path, 2))
    outcome = check_all()
    assert (outcome["imported"], outcome["failed"]) == (1, 1)
    watch = SessionWatch.objects.get()
    assert watch.last_number == 2 and "A/RES/80/1" in watch.last_outcome  # named, for staff to see to
