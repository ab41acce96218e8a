"""The REST API: tokens, who reads and who writes, the list's filters, edits through the same
path as the pages, the schema and its readers, and the schema fuzzed by schemathesis."""
import re
from datetime import date

import pytest
import schemathesis
from django.urls import reverse
from hypothesis import HealthCheck

from tracker.models import ApiToken, ImportJob, Obligation

from .conftest import resolution_text
from .factories import ObligationFactory, ResolutionFactory

pytestmark = pytest.mark.django_db
REQUEST = "1. Requests the Secretary-General to submit to the General Assembly at its seventy-first session a report;"
READ = ["resolution-list", "obligation-list", "mandate-list", "series-list", "evidence-list", "reminder-list"]


@pytest.fixture
def world(users):
    """A report and a call to act of the Assembly, and a mandate of the Security Council."""
    assembly = ResolutionFactory(symbol="A/RES/70/123", session=70, adopted=date(2015, 12, 17))
    report = ObligationFactory(resolution=assembly, label="1", due_date=date(2016, 9, 13),
                               due_text="at its seventy-first session")
    ObligationFactory(resolution=assembly, label="2", verb="urges", verb_class="exhortative",
                      kind=Obligation.Kind.ACTION, addressees=["Member States"], action="to act",
                      paragraph__text="Urges Member States to act;",
                      due_date=None, due_precision="", due_text="")
    council = ResolutionFactory(symbol="S/RES/2900 (2030)", body="Security Council", session=None,
                                adopted=date(2030, 4, 29))
    ObligationFactory(resolution=council, verb="decides", kind=Obligation.Kind.MANDATE, addressees=["Security Council"],
                      action="to extend the mandate of the Mission until 30 April 2031", mandate_of="the Mission",
                      due_date=date(2031, 4, 30), due_text="until 30 April 2031")
    return {"obligation": report}


@pytest.fixture
def token(users):
    def make(role):
        return ApiToken.issue(users[role], f"{role} script")[1]
    return make


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_a_token_is_made_shown_once_kept_hashed_and_revoked_on_its_page(client, users):
    client.force_login(users["staff"])
    page = client.post(reverse("api_tokens"), {"name": "intranet sync"}).content.decode()
    key = re.search(r'id="new-token".*?<code>([^<]+)</code>', page, re.S).group(1)
    stored = ApiToken.objects.get()
    assert key not in (stored.digest, stored.prefix) and stored.digest == ApiToken.digest_of(key)
    assert key not in client.get(reverse("api_tokens")).content.decode()  # shown once
    assert client.get(reverse("api:obligation-list"), **auth(key)).status_code == 200
    client.post(reverse("revoke_api_token", args=[stored.pk]))
    assert client.get(reverse("api:obligation-list"), **auth(key)).status_code == 401


def test_nobody_sees_or_revokes_another_users_tokens(client, users, token):
    token("staff")
    client.force_login(users["viewer"])
    assert "staff script" not in client.get(reverse("api_tokens")).content.decode()
    assert client.post(reverse("revoke_api_token", args=[ApiToken.objects.get().pk])).status_code == 404
    assert ApiToken.objects.exists()


@pytest.mark.parametrize("name", READ)
def test_anyone_logged_in_reads_nobody_else(client, world, token, name):
    assert client.get(reverse(f"api:{name}")).status_code == 401
    assert client.get(reverse(f"api:{name}"), **auth("not-a-token")).status_code == 401
    for role in ("viewer", "staff", "admin"):
        assert client.get(reverse(f"api:{name}"), **auth(token(role))).status_code == 200


def test_viewers_never_write_staff_do_through_the_pages_edit(client, world, token, users):
    obligation = world["obligation"]
    url = reverse("api:obligation-detail", args=[obligation.pk])
    change = {"status": "done", "version": obligation.version}
    assert client.patch(url, change, content_type="application/json", **auth(token("viewer"))).status_code == 403
    for name in ("notes", "evidence"):
        assert client.post(reverse(f"api:obligation-{name}", args=[obligation.pk]), {"text": "x", "symbol": "A/71/1"},
                           **auth(token("viewer"))).status_code == 403
    assert client.post(reverse("api:import-list"), {}, **auth(token("viewer"))).status_code == 403
    staff = token("staff")
    response = client.patch(url, change, content_type="application/json", **auth(staff))
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert obligation.changes.get(field="status").user == users["staff"]
    stale = client.patch(url, {"status": "open", "version": obligation.version}, content_type="application/json",
                         **auth(staff))
    assert stale.status_code == 409 and stale.json()["status"] == "done"
    client.post(reverse("api:obligation-notes", args=[obligation.pk]), {"text": "Sent."}, **auth(staff))
    client.post(reverse("api:obligation-evidence", args=[obligation.pk]), {"symbol": "A/71/200"}, **auth(staff))
    assert [n.text for n in obligation.thread.all()] == ["Sent."]
    assert obligation.evidence.get().symbol == "A/71/200" and obligation.changes.filter(field="evidence").exists()


def test_the_api_filters_as_the_list_does(client, world, token, users):
    key = token("viewer")
    for params in ({"kind": "report"}, {"body": "Security Council"}, {"q": "Member"}, {"status": "open"}):
        api = {o["id"] for o in client.get(reverse("api:obligation-list"), params, **auth(key)).json()["results"]}
        client.force_login(users["viewer"])
        page = {o.pk for o in client.get(reverse("obligations"), params).context["page"].object_list}
        assert api == page and api, params
    assert client.get(reverse("api:obligation-list"), {"due_from": "2009-02-30"}, **auth(key)).status_code == 400


def test_staff_import_a_file_and_follow_its_job(client, token):
    from django.core.files.uploadedfile import SimpleUploadedFile

    staff = token("staff")
    response = client.post(reverse("api:import-list"),
                           {"file": SimpleUploadedFile("res.txt", resolution_text(REQUEST).encode())}, **auth(staff))
    assert response.status_code == 202
    job = client.get(response.json()["url"], **auth(staff)).json()
    assert (job["state"], job["resolution"]) == (ImportJob.State.DONE, "A/RES/70/123")


def test_the_schema_and_its_readers_come_from_the_site(client):
    schema = client.get(reverse("api:schema")).content.decode()
    assert "openapi: 3" in schema and "/api/v1/obligations/" in schema and "tokenAuth" in schema
    for name in ("api:docs", "api:redoc"):
        page = client.get(reverse(name)).content.decode()
        assert "cdn" not in page.lower() and "/static/drf_spectacular_sidecar/" in page


@pytest.fixture
def api_schema():
    """The schema, called in process through WSGI; the test's database connection stays open
    across calls, as Django's own test client keeps it."""
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi(reverse("api:schema") + "?format=json", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def each_operation_fuzzed(schema, examples: int, check) -> int:
    """Run `check(case)` on cases that schemathesis makes from every operation of the schema."""
    from hypothesis import given, settings as hypothesis_settings

    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                             suppress_health_check=list(HealthCheck))
        def run(case):
            check(case)

        run()
    return operations


def test_the_schema_fuzzed_with_a_staff_token_no_5xx_and_answers_match(world, token, api_schema):
    key = token("staff")

    def check(case):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {key}"}
        response = case.call()
        assert response.status_code < 500, (case.method, case.path, response.text[:300])
        if "csv" in str((case.query or {}).get("format", "")):
            return  # CSV answers: their own test reads them; the schema check reads JSON
        case.validate_response(response, checks=[schemathesis.checks.not_a_server_error,
                                                 schemathesis.checks.response_schema_conformance])

    assert each_operation_fuzzed(api_schema, 6, check) >= 12


def test_the_schema_fuzzed_with_a_viewer_token_never_writes(world, token, api_schema):
    key = token("viewer")

    def state():
        return (Obligation.objects.count(), ImportJob.objects.count(),
                sorted(Obligation.objects.values_list("pk", "status", "owner_id", "due_date")))

    before = state()

    def check(case):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {key}"}
        response = case.call()
        assert response.status_code < 500, (case.method, case.path)
        if case.method.upper() not in ("GET", "HEAD", "OPTIONS"):
            assert response.status_code in (400, 401, 403, 404, 405, 415), (case.method, case.path)

    each_operation_fuzzed(api_schema, 4, check)
    assert state() == before


def test_obligations_as_csv_are_the_whole_filtered_set(client, world, token):
    import csv
    import io

    response = client.get(reverse("api:obligation-list"), {"format": "csv", "kind": "report"}, **auth(token("viewer")))
    assert response.streaming  # rows written as they are read, as the list's own export does
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert [r["resolution"] for r in rows] == ["A/RES/70/123"] and rows[0]["addressees"] == "Secretary-General"


def test_a_csv_larger_than_the_cap_is_refused_with_its_size(client, world, token, settings):
    settings.API_CSV_MAX_ROWS = 1
    response = client.get(reverse("api:obligation-list"), {"format": "json", "q": ""}, **auth(token("viewer")))
    total = response.json()["count"]
    response = client.get(reverse("api:obligation-list") + "?format=csv", **auth(token("viewer")))
    assert response.status_code == 400 and f"{total:,} rows" in response.content.decode()


@pytest.mark.parametrize("method, path", [("patch", "/api/v1/obligations/{pk}/"), ("post", "/api/v1/obligations/{pk}/notes/"),
                                          ("post", "/api/v1/obligations/{pk}/evidence/")])
def test_a_deeply_nested_json_body_is_a_400(client, world, token, method, path):
    pk = Obligation.objects.first().pk
    body = "[" * 100_000 + "]" * 100_000
    response = getattr(client, method)(path.format(pk=pk), body, content_type="application/json",
                                       **auth(token("staff")))
    assert response.status_code == 400 and "nested too deeply" in response.json()["detail"]
