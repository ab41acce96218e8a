"""A draft checked before adoption: what it asks, what it repeats of the resolution it follows,
its requests beside the open ones, what it leaves open-ended, what its addressees owe."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tracker.models import Draft, Obligation
from tracker.obligations.importing import import_text

from .conftest import resolution_text

pytestmark = pytest.mark.django_db

ADOPTED = ("1. Encourages Member States to adopt comprehensive legislation on road safety;\n"
           "2. Requests the Secretary-General to submit to the General Assembly at its eighty-first session a "
           "report on the implementation of the present resolution;")
DRAFT = """United Nations A/C.3/81/L.12
General Assembly
Eighty-first session
Third Committee
Ghana: draft resolution

Improving global road safety

The General Assembly,

Recalling its resolution 79/161 of 17 December 2024,

1. Encourages Member States to adopt comprehensive legislation on road safety;

2. Requests the Secretary-General to submit to the General Assembly at its eighty-third session a report on the implementation of the present resolution and on road traffic injuries;

3. Invites Member States to contribute to the United Nations Road Safety Fund;

4. Requests the Secretary-General to report annually on progress;
"""


@pytest.fixture
def adopted():
    """The resolution the draft follows: the parser's import is what adopted text is (not obligations' data)."""
    import_text(resolution_text(ADOPTED, symbol="79/161", title="Improving global road safety"))


def test_a_draft_is_read_against_the_resolution_it_follows(client_for, users, adopted):
    client = client_for(users["staff"])
    answer = client.post(reverse("drafts"), {"text": DRAFT})
    draft = Draft.objects.get()
    assert answer.url == draft.get_absolute_url() and draft.user == users["staff"]
    page = client.get(answer.url).content.decode()
    assert "A/RES/79/161" in page and 'id="repeated-share"' in page
    assert 'href="/sessions/general-assembly/83/"' in page  # what is already due there, a click away
    assert not Obligation.objects.filter(resolution__symbol__contains="L.12").exists()  # never stored


def test_the_api_answers_what_a_delegate_needs(client_for, users, adopted):
    data = client_for(users["staff"]).post(reverse("api:drafts"), {"text": DRAFT},
                                           content_type="application/json").json()
    assert data["series"]["previous"] == "A/RES/79/161"
    states = [row["state"] for row in data["series"]["comparison"]]
    assert states[:2] == ["unchanged", "changed"] and "new" in states
    assert 0.5 < data["repeated_share"] < 0.6  # paragraph 1, and most words of paragraph 2
    asked = {(o["paragraph"], o["kind"]) for o in data["obligations"]}
    assert ("2", "report") in asked and ("4", "report") in asked
    assert data["overlaps"][0]["existing"]["resolution"] == "A/RES/79/161"  # the report it asks again
    assert [o["paragraph"] for o in data["open_ended"]] == ["4"]  # annual, and nothing reviews it
    assert Draft.objects.filter(pk=data["id"]).exists()


def test_a_word_draft_is_read_and_a_brief_written(client_for, users, adopted):
    from docx import Document

    upload = io.BytesIO()
    document = Document()
    for line in DRAFT.split("\n"):
        document.add_paragraph(line)
    document.save(upload)
    client = client_for(users["staff"])
    answer = client.post(reverse("drafts"), {"file": SimpleUploadedFile("L12.docx", upload.getvalue())})
    brief = client.get(reverse("draft_brief", args=[Draft.objects.get().pk]))
    assert answer.status_code == 302 and brief.content[:2] == b"PK"
    text = "\n".join(p.text for p in Document(io.BytesIO(brief.content)).paragraphs)
    assert "Improving global road safety" in text and "Follows A/RES/79/161" in text


def test_a_draft_is_its_checkers_alone_and_deleted_on_request(client_for, users, adopted):
    client_for(users["staff"]).post(reverse("drafts"), {"text": DRAFT})
    draft = Draft.objects.get()
    viewer = client_for(users["viewer"])
    assert viewer.get(draft.get_absolute_url()).status_code == 404
    staff = client_for(users["staff"])
    staff.post(reverse("draft_delete", args=[draft.pk]))
    assert not Draft.objects.exists()


def test_no_text_is_a_clear_message(client_for, users):
    answer = client_for(users["staff"]).post(reverse("drafts"), {"text": "  "})
    assert answer.status_code == 400 and "Paste the draft or upload it." in answer.content.decode()


def test_the_repeated_share_counts_the_words_a_changed_paragraph_keeps():
    from tracker.analysis.drafts import repeated_share

    rows = [{"state": "unchanged", "old": "a b c d", "new": "a b c d"},
            {"state": "changed", "old": "a b c d", "new": "a b x d"},
            {"state": "new", "old": "", "new": "e f"},
            {"state": "dropped", "old": "g h i", "new": ""}]
    assert repeated_share(rows) == 0.7  # (4 + 3) of 10 words


def test_a_draft_follows_the_latest_of_its_titles_series_whatever_it_recalls(client_for, users, adopted):
    import_text(resolution_text(ADOPTED, symbol="60/5", title="Improving global road safety"))
    import_text(resolution_text("1. Decides to convene a conference;", symbol="80/1", title="Another matter"))
    recalling_others = DRAFT.replace("Recalling its resolution 79/161 of 17 December 2024,",
                                     "Recalling its resolutions 60/5 of 26 October 2005 and 80/1,")
    data = client_for(users["staff"]).post(reverse("api:drafts"), {"text": recalling_others},
                                           content_type="application/json").json()
    assert data["series"]["previous"] == "A/RES/79/161"


def test_a_drafts_request_is_weighed_against_each_open_one_never_two_open_ones_together():
    from tracker.analysis.overlap import alike

    found = alike(["a report on road safety"], ["road safety report", "a report on road safety", "forests"])
    assert sorted(j for _i, j, _similarity in found) == [0, 1]
