"""Sending reminders exactly once: claimed, sent as one email, marked sent.

Sending claims rows with one atomic UPDATE (pending -> sending) before the email goes
out and marks them sent right after; a failed send puts them back to pending, and a
message the mail server refuses for good marks them failed.
"""
from __future__ import annotations

import hashlib
import smtplib
import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import Obligation, Reminder, ReminderPreference
from .links import mark_done_token
from .schedule import Recipients


def claim(reminder_ids, now=None) -> str | None:
    """Take pending reminders for this sender alone; None if another has them."""
    token = uuid.uuid4().hex
    taken = Reminder.objects.filter(pk__in=reminder_ids, state=Reminder.State.PENDING).update(
        state=Reminder.State.SENDING, claim=token, claimed_at=now or timezone.now(), attempts=F("attempts") + 1,
    )
    return token if taken else None


def release(token: str, error: str) -> None:
    Reminder.objects.filter(claim=token, state=Reminder.State.SENDING).update(
        state=Reminder.State.PENDING, claim="", last_error=error[:2000])


def mark_failed(token: str, error: str) -> None:
    """The mail server refused these for good: they are not tried again, and the admin lists them."""
    Reminder.objects.filter(claim=token, state=Reminder.State.SENDING).update(
        state=Reminder.State.FAILED, claim="", last_error=error[:2000])


def refused_for_good(exc: Exception) -> bool:
    """An SMTP answer in the 5xx range (a line too long, a mailbox unknown) will not change
    on a retry; a 4xx answer or a dropped connection may."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def mark_sent(token: str) -> None:
    Reminder.objects.filter(claim=token, state=Reminder.State.SENDING).update(
        state=Reminder.State.SENT, sent_at=timezone.now(), last_error="")


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# A digest lists this many reminders of each group, nearest deadline first; the rest are
# counted and linked to the list, so that a digest of thousands stays one readable email.
DIGEST_LISTED_PER_GROUP = 25


def message_id(reminders) -> str:
    """One short Message-ID for one email, the same if the same reminders are sent again (a
    receiving server can drop the copy), whatever their number: a line of the header never
    grows with the digest."""
    ids = ",".join(str(r.pk) for r in sorted(reminders, key=lambda r: r.pk))
    key = hashlib.sha256(ids.encode()).hexdigest()[:32]
    return f"<reminder-{len(reminders)}-{key}@mandate-tracker>"


def _item(reminder) -> dict:
    """An obligation as an email lists it: its page, its resolution's text at its paragraph,
    and a link to mark it done, signed for the one who receives it."""
    obligation = reminder.obligation
    paragraph = f"#p-{obligation.paragraph.label}" if obligation.paragraph_id else ""
    token = mark_done_token(obligation.pk, reminder.recipient_id)
    return {
        "reminder": reminder,
        "obligation": obligation,
        "addressees": "; ".join(a.name for a in obligation.addressees.all()),
        "url": site_url(obligation.get_absolute_url()),
        "text_url": site_url(reverse("resolution", args=[obligation.resolution_id]) + paragraph),
        "done_url": site_url(reverse("mark_done", args=[obligation.pk, token])),
    }


def digest_groups(recipient, reminders) -> list[dict]:
    """Overdue work, then what comes up: each counted, its nearest items listed, and a link
    to the same obligations in the list for the rest."""
    mine = all(r.obligation.owner_id == recipient.pk for r in reminders)
    scope = "assigned=mine&" if mine else ""
    today = timezone.localdate()
    overdue = sorted((r for r in reminders if r.deadline < today), key=lambda r: (-r.deadline.toordinal(), r.pk))
    coming = sorted((r for r in reminders if r.deadline >= today), key=lambda r: (r.deadline, r.pk))
    groups = []
    if overdue:
        groups.append({"title": "Overdue", "reminders": overdue,
                       "url": site_url(f"{reverse('obligations')}?{scope}overdue=true")})
    if coming:
        last = coming[-1].deadline
        groups.append({"title": "Coming up", "reminders": coming,
                       "url": site_url(f"{reverse('obligations')}?{scope}due_to={last:%Y-%m-%d}&order=due")})
    for group in groups:
        listed = group["reminders"][:DIGEST_LISTED_PER_GROUP]
        group.update(count=len(group["reminders"]), items=[_item(r) for r in listed],
                     more=len(group["reminders"]) - len(listed))
    return groups


def build_email(recipient, reminders) -> EmailMultiAlternatives:
    """One email: a reminder alone, or a digest grouped and counted. Django's mail encodes a
    body line longer than RFC 5322's 998 characters, and a header is folded."""
    context = {"user": recipient, "groups": digest_groups(recipient, reminders),
               "settings_url": site_url(reverse("reminder_settings"))}
    if len(reminders) == 1:
        r = reminders[0]
        subject = f"{r.obligation.resolution.symbol} para {r.obligation.label}: {r.when_words} ({r.deadline:%d %B %Y})"
    else:
        subject = f"{len(reminders)} deadlines to watch"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("tracker/email/reminder.txt", context),
        to=[recipient.email],
        headers={"Message-ID": message_id(reminders)},
    )
    message.attach_alternative(render_to_string("tracker/email/reminder.html", context), "text/html")
    return message


def still_current(reminder, recipients: Recipients) -> bool:
    """Decided at send time, from the state then: the deadline still stands and is still owed,
    and the recipient is still the one to hear of it (the owner, else a coordinator) and
    has not opted out meanwhile."""
    obligation = reminder.obligation
    if obligation.remind_by != reminder.deadline or not Obligation.objects.awaiting().filter(pk=obligation.pk).exists():
        return False
    return reminder.recipient_id in recipients.of(obligation.owner_id)


def send_claimed(token: str) -> int:
    """Send what a claim holds, as one email; mark it sent. Raises on SMTP failure."""
    claimed = list(
        Reminder.objects.filter(claim=token, state=Reminder.State.SENDING)
        .select_related("recipient", "obligation__resolution", "obligation__paragraph")
        .prefetch_related("obligation__addressees")
    )
    recipients = Recipients()
    reminders = [r for r in claimed if still_current(r, recipients) and r.recipient.email]
    obsolete = [r.pk for r in claimed if r not in reminders]
    Reminder.objects.filter(pk__in=obsolete).update(state=Reminder.State.CANCELLED, claim="")
    if not reminders:
        return 0
    recipient = reminders[0].recipient
    build_email(recipient, reminders).send(fail_silently=False)
    mark_sent(token)
    if reminders[0].digest:
        ReminderPreference.objects.filter(user=recipient).update(last_digest_at=timezone.now())
    return len(reminders)
