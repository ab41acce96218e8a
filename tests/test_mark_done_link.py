"""A reminder email links to the resolution's text and offers "mark done": a signed link for its
recipient that opens a confirmation, changes nothing by GET, and expires."""
import re
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
import time_machine
from django.core import mail

from tracker import tasks
from tracker.models import Obligation

from .factories import ObligationFactory

pytestmark = pytest.mark.django_db
SENT = datetime(2016, 8, 14, 9, tzinfo=dt_timezone.utc)


def soon_after(days: float = 1):
    return time_machine.travel(SENT + timedelta(days=days), tick=False)


@pytest.fixture
def emailed(users):
    """A report due on 13 September 2016, reminded to its owner a month before."""
    obligation = ObligationFactory(resolution__symbol="A/RES/70/123", due_date=date(2016, 9, 13),
                                   owner=users["staff"])
    with time_machine.travel(SENT, tick=False):
        tasks.sweep_reminders.apply().get()
    body = mail.outbox[0].body
    return {"obligation": obligation, "body": body,
            "done": re.search(r"Done\? http://127\.0\.0\.1:8000(\S+)", body).group(1)}


def test_the_email_links_to_the_text_at_its_paragraph(emailed):
    obligation = emailed["obligation"]
    assert f"The text: http://127.0.0.1:8000/resolutions/{obligation.resolution_id}/#p-{obligation.paragraph.label}" \
        in emailed["body"]
    assert "Mark it done" in mail.outbox[0].alternatives[0][0]


def test_the_link_asks_first_then_marks_done_in_the_history(client_for, users, emailed):
    client = client_for(users["staff"])
    with soon_after():
        page = client.get(emailed["done"])
        assert "Mark done?" in page.content.decode()
        assert Obligation.objects.get().status == "open"  # a GET changes nothing
        client.post(emailed["done"])
    done = Obligation.objects.get()
    assert done.status == "done" and done.changes.get(field="status").user == users["staff"]


def test_the_link_is_its_recipients_only(client_for, users, django_user_model, emailed):
    from django.contrib.auth.models import Group

    colleague = django_user_model.objects.create_user("colleague", "c@example.org", "pw")
    colleague.groups.add(Group.objects.get_or_create(name="staff")[0])
    with soon_after():
        answer = client_for(colleague).post(emailed["done"], follow=True)
    assert "sent to someone else" in answer.content.decode()
    assert Obligation.objects.get().status == "open"


def test_the_link_expires(client_for, users, emailed, settings):
    with soon_after(days=settings.MARK_DONE_LINK_DAYS + 1):
        answer = client_for(users["staff"]).post(emailed["done"], follow=True)
    assert "This link has expired." in answer.content.decode()
    assert Obligation.objects.get().status == "open"
