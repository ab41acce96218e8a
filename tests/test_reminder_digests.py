"""A digest of thousands of overdue requests still reaches its reader, as one readable email."""
import smtplib
from datetime import date, datetime, timezone as dt_timezone

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail

from tracker import tasks
from tracker.models import Reminder
from tracker.reminders.sending import DIGEST_LISTED_PER_GROUP
from tracker.reminders.schedule import sweep

from .factories import ObligationFactory, ResolutionFactory

pytestmark = pytest.mark.django_db

MANY = DIGEST_LISTED_PER_GROUP * 8


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=dt_timezone.utc), tick=False)


@pytest.fixture
def coordinator(users):
    """A coordinator, and many requests with no owner, imported long after they fell due."""
    person = users["admin"]
    person.groups.add(Group.objects.get_or_create(name="coordinators")[0])
    with at(date(2016, 9, 1)):
        ObligationFactory.create_batch(MANY, resolution=ResolutionFactory(symbol="A/RES/64/123"),
                                       due_date=date(2010, 9, 14))
    return person


def send_the_digest():
    with at(date(2016, 9, 20)):
        for user_id in sweep().digests:
            tasks.send_digest.apply(args=[user_id])


def test_a_digest_of_hundreds_is_one_email_counted_with_a_link_to_the_rest(coordinator):
    send_the_digest()
    [message] = mail.outbox
    assert message.subject == f"{MANY} deadlines to watch"
    assert f"Overdue: {MANY}" in message.body
    assert f"and {MANY - DIGEST_LISTED_PER_GROUP} more: http://127.0.0.1:8000/obligations/?overdue=true" in message.body
    assert message.body.count("Done? ") == DIGEST_LISTED_PER_GROUP  # each listed one, with its links
    assert message.body.count("/obligations/?") == 1  # and one link to the rest
    assert Reminder.objects.filter(state=Reminder.State.SENT).count() == MANY


def test_no_line_of_a_large_digest_passes_the_rfc_limit(coordinator):
    send_the_digest()
    raw = mail.outbox[0].message().as_bytes()
    assert max(len(line) for line in raw.splitlines()) <= 998
    message_id = mail.outbox[0].extra_headers["Message-ID"]
    assert len(message_id) < 100 and message_id.startswith("<") and message_id.endswith(">")


def test_a_message_refused_for_good_is_failed_not_retried(coordinator, monkeypatch):
    def refuse(self, fail_silently=False):
        raise smtplib.SMTPDataError(500, b"Line too long")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    send_the_digest()
    assert set(Reminder.objects.values_list("state", flat=True)) == {Reminder.State.FAILED}
    assert "Line too long" in Reminder.objects.first().last_error
    monkeypatch.undo()
    send_the_digest()  # the next sweep does not send it again
    assert mail.outbox == []


def test_a_refusal_for_now_is_still_retried(coordinator, monkeypatch):
    from celery.exceptions import Retry

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send",
                        lambda self, fail_silently=False: (_ for _ in ()).throw(smtplib.SMTPDataError(451, "later")))
    with at(date(2016, 9, 20)), pytest.raises(Retry):
        tasks.send_digest.apply(args=[sweep().digests[0]])
    assert set(Reminder.objects.values_list("state", flat=True)) == {Reminder.State.PENDING}


def test_failed_reminders_are_listed_for_admins(coordinator, monkeypatch, admin_client):
    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send",
                        lambda self, fail_silently=False: (_ for _ in ()).throw(smtplib.SMTPDataError(550, "no")))
    send_the_digest()
    page = admin_client.get("/admin/tracker/reminder/?state__exact=failed")
    assert page.status_code == 200 and "SMTPDataError" in page.content.decode()
