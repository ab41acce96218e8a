"""Reminders: which are due, to whom, once only; failures retried. Time is frozen."""
import smtplib
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from tracker import tasks
from tracker.models import Obligation, ObligationChange, Reminder, ReminderPreference
from tracker.obligations.history import apply_edit
from tracker.obligations.importing import import_text
from tracker.reminders.schedule import reminder_offset, sweep
from tracker.reminders.sending import claim

from .conftest import need_service, resolution_text
from .factories import ObligationFactory

pytestmark = pytest.mark.django_db
REQUEST = "1. Requests the Secretary-General to submit to the General Assembly at its seventy-first session a report;"


def at(day: date, hour: int = 9):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=dt_timezone.utc), tick=False)


@pytest.fixture
def owner(users):
    return users["staff"]


@pytest.fixture
def obligation(owner):
    """A report due at the Assembly's seventy-first session, 13 September 2016."""
    return ObligationFactory(resolution__symbol="A/RES/70/123", label="1", due_date=date(2016, 9, 13),
                             due_text="at its seventy-first session", owner=owner)


def run_sweep():
    return tasks.sweep_reminders.apply().get()


def test_offset_is_the_nearest_not_yet_passed(obligation):
    def offset_for(today):
        return Obligation.objects.annotate(offset=reminder_offset(today)).get(pk=obligation.pk).offset

    assert obligation.due_date == date(2016, 9, 13)
    assert offset_for(date(2016, 7, 1)) is None
    assert offset_for(date(2016, 8, 14)) == 30
    assert offset_for(date(2016, 9, 1)) == 30  # the 30-day one, if it was missed
    assert offset_for(date(2016, 9, 6)) == 7
    assert offset_for(date(2016, 9, 12)) == 1
    assert offset_for(date(2016, 9, 13)) == 0
    assert offset_for(date(2016, 9, 19)) is None
    assert offset_for(date(2016, 9, 20)) == -7
    assert offset_for(date(2016, 9, 27)) == -14
    assert offset_for(date(2016, 9, 28)) == -14
    assert offset_for(date(2017, 9, 13)) == -364  # a year overdue: still weekly


def test_a_mandates_end_has_its_own_offsets(obligation):
    Obligation.objects.filter(pk=obligation.pk).update(kind=Obligation.Kind.MANDATE)
    offsets = {day: Obligation.objects.annotate(offset=reminder_offset(day)).get().offset
               for day in (date(2016, 7, 15), date(2016, 8, 14), date(2016, 9, 6), date(2016, 9, 12))}
    assert offsets == {date(2016, 7, 15): 60, date(2016, 8, 14): 30, date(2016, 9, 6): 7, date(2016, 9, 12): 7}


def test_each_reminder_reaches_the_owner_once(obligation, owner):
    with at(date(2016, 8, 14)):
        run_sweep()
        run_sweep()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert "A/RES/70/123 para 1: due in 30 days (13 September 2016)" == message.subject
    assert f"http://127.0.0.1:8000/obligations/{obligation.pk}/" in message.body
    assert "http://127.0.0.1:8000/reminders/" in message.body
    html = message.alternatives[0][0]
    assert "13 September 2016" in html and f"/obligations/{obligation.pk}/" in html
    assert Reminder.objects.get().state == Reminder.State.SENT


def test_the_whole_schedule(obligation):
    sent = []
    for day in [date(2016, 8, 14), date(2016, 8, 20), date(2016, 9, 6), date(2016, 9, 12), date(2016, 9, 13),
                date(2016, 9, 15), date(2016, 9, 20), date(2016, 9, 21), date(2016, 9, 27)]:
        with at(day):
            run_sweep()
        sent.append(len(mail.outbox))
    assert sent == [1, 1, 2, 3, 4, 4, 5, 5, 6]
    assert sorted(Reminder.objects.values_list("offset", flat=True)) == [-14, -7, 0, 1, 7, 30]


def test_nothing_once_done_or_answered(obligation, owner):
    apply_edit(obligation, owner, ObligationChange.Source.STAFF, status=Obligation.Status.DONE)
    with at(date(2016, 9, 6)):
        run_sweep()
    assert mail.outbox == []


def test_a_moved_deadline_gets_reminders_for_the_new_date(obligation, owner):
    with at(date(2016, 9, 6)):
        run_sweep()
    apply_edit(obligation, owner, ObligationChange.Source.STAFF, due_date=date(2016, 10, 13))
    with at(date(2016, 9, 13)):
        run_sweep()
    assert [m.subject.split(": ")[1] for m in mail.outbox] == [
        "due in 7 days (13 September 2016)", "due in 30 days (13 October 2016)",
    ]


def test_a_pending_reminder_of_a_moved_deadline_is_cancelled_not_sent(obligation, owner):
    with at(date(2016, 9, 6)):
        written = sweep()
    apply_edit(obligation, owner, ObligationChange.Source.STAFF, due_date=date(2016, 12, 1))
    tasks.send_reminder.apply(args=[written.to_send[0]])
    assert mail.outbox == []
    assert Reminder.objects.get().state == Reminder.State.CANCELLED


def test_without_an_active_owner_the_coordinators_hear_and_inactive_users_never(obligation, users, django_user_model):
    coordinator = django_user_model.objects.create_user("coord", "coord@example.org")
    retired = django_user_model.objects.create_user("retired", "retired@example.org", is_active=False)
    for person in (coordinator, retired):
        person.groups.add(Group.objects.get(name="coordinators"))
    obligation.owner = None
    obligation.save()
    with at(date(2016, 9, 6)):
        run_sweep()
    assert [m.to for m in mail.outbox] == [["coord@example.org"]]
    obligation.owner = retired  # an owner who left: the coordinators hear instead, never the retired
    obligation.save()
    with at(date(2016, 9, 12)):
        run_sweep()
    assert [m.to for m in mail.outbox] == [["coord@example.org"], ["coord@example.org"]]


@pytest.fixture
def daily_digest_reader(obligation, owner):
    """The owner of two requests due the same week, who reads a daily digest."""
    ObligationFactory(resolution__symbol="A/RES/70/124", verb="invites", addressees=["Member States"],
                      due_date=date(2016, 9, 1), due_text="by 1 September 2016", owner=owner)
    ReminderPreference.objects.create(user=owner, mode=ReminderPreference.Mode.DAILY)
    return owner


def test_opting_out_and_digests(daily_digest_reader):
    owner = daily_digest_reader
    with at(date(2016, 8, 14)):
        run_sweep()
        run_sweep()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "2 deadlines to watch"
    with at(date(2016, 8, 14, ), hour=15):
        run_sweep()
    assert len(mail.outbox) == 1  # a daily digest comes once a day
    ReminderPreference.objects.filter(user=owner).update(mode=ReminderPreference.Mode.OFF)
    with at(date(2016, 9, 6)):
        run_sweep()
    assert len(mail.outbox) == 1


def test_a_sweep_lists_each_digest_reader_once(daily_digest_reader):
    """Two pending digest reminders of one person: one digest to queue, not two."""
    owner = daily_digest_reader
    with at(date(2016, 8, 14)):
        result = sweep()
    assert Reminder.objects.filter(recipient=owner, digest=True).count() == 2
    assert result.digests == [owner.pk]


def test_smtp_failure_is_retried_and_not_marked_sent(obligation, settings, monkeypatch):
    attempts = []

    def failing_send(self, fail_silently=False):
        attempts.append(1)
        raise smtplib.SMTPServerDisconnected("connection lost")

    with at(date(2016, 9, 6)):
        written = sweep()
        from django.core.mail import EmailMultiAlternatives

        monkeypatch.setattr(EmailMultiAlternatives, "send", failing_send)
        with pytest.raises(smtplib.SMTPServerDisconnected):
            tasks.send_reminder.apply(args=[written.to_send[0]], throw=True, retries=6)
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.sent_at) == (Reminder.State.PENDING, None)
    assert "connection lost" in reminder.last_error
    monkeypatch.undo()
    with at(date(2016, 9, 6), hour=10):
        run_sweep()
    assert len(mail.outbox) == 1
    assert Reminder.objects.get().state == Reminder.State.SENT


def test_retry_is_scheduled_with_back_off(obligation, monkeypatch):
    from celery.exceptions import Retry

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send",
                        lambda self, fail_silently=False: (_ for _ in ()).throw(smtplib.SMTPDataError(451, "later")))
    with at(date(2016, 9, 6)):
        written = sweep()
        with pytest.raises(Retry) as first:
            tasks.send_reminder.apply(args=[written.to_send[0]])
        with pytest.raises(Retry) as third:
            tasks.send_reminder.apply(args=[written.to_send[0]], retries=2)
    assert (first.value.when, third.value.when) == (60, 240)


def test_only_one_claim_wins(obligation):
    with at(date(2016, 9, 6)):
        written = sweep()
    first, second = claim(written.to_send), claim(written.to_send)
    assert first is not None and second is None


def test_a_claim_left_by_a_dead_worker_is_released_and_sent(obligation, settings):
    with at(date(2016, 9, 6)):
        written = sweep()
        claim(written.to_send)  # the worker that took it died before sending
        run_sweep()
    assert mail.outbox == []
    later = datetime(2016, 9, 6, 9, tzinfo=dt_timezone.utc) + timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT + 60)
    with time_machine.travel(later, tick=False):
        summary = run_sweep()
    assert summary["released"] == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_sweep_over_several_connections_writes_each_reminder_once(django_user_model, settings, monkeypatch):
    """On PostgreSQL the sweep shares the obligations among connections, which commit apart:
    together they write what one statement writes, and a second sweep writes nothing."""
    from django.db import connection

    from tracker.reminders import schedule as reminders

    if connection.vendor != "postgresql":
        need_service("PostgreSQL (a sweep over several connections)")
    ObligationFactory.create_batch(7, due_date=date(2016, 9, 13),
                                   owner=django_user_model.objects.create_user("desk", "desk@example.org", "pw"))
    writers = []
    one_statement = reminders._insert

    def noted(rows, now):
        written = one_statement(rows, now)
        writers.append((connection.connection.info.backend_pid, written))
        return written

    monkeypatch.setattr(reminders, "_insert", noted)
    written = {}
    for connections in (1, 3):
        settings.REMINDER_SWEEP_CONNECTIONS = connections
        Reminder.objects.all().delete()
        writers.clear()
        with at(date(2016, 9, 6)):
            assert sweep().created == 7
            assert sweep().created == 0
        written[connections] = sorted(Reminder.objects.values_list("obligation", "deadline", "offset", "recipient"))
        assert len({pid for pid, count in writers if count}) == connections
    assert written[1] == written[3] and len(written[3]) == 7


def test_dry_run_lists_and_writes_nothing(obligation, capsys):
    with at(date(2016, 9, 6)):
        call_command("remind", "--dry-run")
    out = capsys.readouterr().out
    assert "1 new reminders" in out and "due 2016-09-13 (in 7 days)" in out and "desk" in out
    assert not Reminder.objects.exists() and mail.outbox == []


def test_settings_page_is_the_users_own(client, users):
    client.force_login(users["viewer"])
    response = client.post(reverse("reminder_settings"), {"mode": "weekly"})
    assert response.status_code == 302
    assert ReminderPreference.objects.get(user=users["viewer"]).mode == "weekly"
    assert not ReminderPreference.objects.filter(user=users["staff"]).exists()


def send_due():
    for reminder_id in sweep().to_send:
        tasks.send_reminder.apply(args=[reminder_id])


@pytest.fixture
def owned(users):
    """A report due 13 September 2016, given to its owner by an import."""
    return ObligationFactory(due_date=date(2016, 9, 13), owner=users["staff"])


def test_a_deadline_moved_and_moved_back_is_still_reminded(owned, users):
    with at(date(2016, 9, 6)):
        written = sweep()  # the 7-day reminder, not yet sent
        apply_edit(owned, users["staff"], ObligationChange.Source.STAFF, due_date=date(2016, 10, 13))
        for reminder_id in written.to_send:
            tasks.send_reminder.apply(args=[reminder_id])  # the deadline moved: cancelled
        assert mail.outbox == []
        apply_edit(owned, users["staff"], ObligationChange.Source.STAFF, due_date=date(2016, 9, 13))
        send_due()
    assert len(mail.outbox) == 1 and "due in 7 days" in mail.outbox[0].subject


def test_an_opt_out_between_sweep_and_send_sends_nothing(owned, users):
    with at(date(2016, 9, 6)):
        written = sweep()
        ReminderPreference.objects.update_or_create(user=users["staff"], defaults={"mode": ReminderPreference.Mode.OFF})
        for reminder_id in written.to_send:
            tasks.send_reminder.apply(args=[reminder_id])
    assert mail.outbox == []


def test_a_reassigned_obligation_does_not_mail_the_previous_owner(owned, users):
    with at(date(2016, 9, 6)):
        written = sweep()
        apply_edit(owned, users["admin"], ObligationChange.Source.STAFF, owner=users["admin"])
        for reminder_id in written.to_send:
            tasks.send_reminder.apply(args=[reminder_id])
        send_due()
    assert [m.to for m in mail.outbox] == [[users["admin"].email]]


def test_switching_from_digest_to_each_reminder_sends_tomorrows_deadline_now(owned, users):
    ReminderPreference.objects.create(user=users["staff"], mode=ReminderPreference.Mode.WEEKLY,
                                      last_digest_at=datetime(2016, 9, 11, tzinfo=dt_timezone.utc))
    with at(date(2016, 9, 12)):
        sweep()  # written as part of next week's digest
        ReminderPreference.objects.filter(user=users["staff"]).update(mode=ReminderPreference.Mode.EACH)
        send_due()
    assert len(mail.outbox) == 1 and "due tomorrow" in mail.outbox[0].subject


def test_the_words_say_the_real_distance_and_no_earlier_reminder_follows_a_later_one(owned):
    with at(date(2016, 9, 5)):  # 8 days before: the 30-day reminder is the one due
        send_due()
    assert "due in 8 days" in mail.outbox[0].subject
    with at(date(2016, 9, 6)):
        send_due()  # the 7-day one
    with at(date(2016, 8, 20)):  # the clock set back: no 30-day reminder after the 7-day one
        send_due()
    assert [m.subject.split(": ")[1].split(" (")[0] for m in mail.outbox] == ["due in 8 days", "due in 7 days"]


def test_importing_old_overdue_requests_sends_one_digest_not_a_flood(users):
    coordinator = users["admin"]
    coordinator.groups.add(Group.objects.get_or_create(name="coordinators")[0])
    body = "\n".join(f"{i}. Requests the Secretary-General to report to it at its sixty-fifth session;"
                     for i in range(1, 41))
    with at(date(2016, 9, 1)):
        import_text(resolution_text(body, symbol="64/123", adopted="18 December 2009"))
    with at(date(2016, 9, 20)):
        result = sweep()
        for user_id in result.digests:
            tasks.send_digest.apply(args=[user_id])
        for reminder_id in result.to_send:
            tasks.send_reminder.apply(args=[reminder_id])
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "40 deadlines to watch"

