"""@mentions in notes email the people named, once."""
import pytest
from django.core import mail
from django.urls import reverse

from tracker.models import Note
from tracker.reminders.mentions import tell_mentioned

from .factories import ObligationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return ObligationFactory(resolution__symbol="A/RES/79/150")


def test_a_note_naming_a_colleague_emails_them_once(client_for, users, report, django_capture_on_commit_callbacks):
    client = client_for(users["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(report.get_absolute_url(), {
            "status": "open", "owner": "", "due_date": "2025-09-09", "version": report.version,
            "note": "@reader, can you ask the capital? cc @chief and @nobody"})
    assert sorted(m.to[0] for m in mail.outbox) == [users["admin"].email, users["viewer"].email]
    message = next(m for m in mail.outbox if m.to == [users["viewer"].email])
    assert message.subject.endswith("mentioned you: A/RES/79/150 para " + report.label)
    assert "can you ask the capital?" in message.body and report.get_absolute_url() in message.body
    assert tell_mentioned(Note.objects.get().pk) == 0  # told once, whatever retries follow
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("text", ["write to desk@example.org", "no one named", "email@reader.org", "@desk myself"])
def test_an_email_address_or_the_author_is_no_mention(users, report, text):
    note = Note.objects.create(obligation=report, author=users["staff"], text=text)
    assert list(note.mentioned()) == []
