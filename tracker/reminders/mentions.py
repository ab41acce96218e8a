"""Telling the people a note @mentions, once: the note is claimed before the emails go out,
and given back if the mail server could not take them (the task then tries again)."""
from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string

from ..models import Note
from .sending import site_url


def tell_mentioned(note_id: int) -> int:
    """Email each person the note names; returns how many. Nothing if told before."""
    if not Note.objects.filter(pk=note_id, mentions_told=False).update(mentions_told=True):
        return 0
    note = Note.objects.select_related("author", "obligation__resolution").get(pk=note_id)
    people = list(note.mentioned())
    author = note.author.get_full_name() or note.author.get_username() if note.author else "Someone"
    obligation = note.obligation
    subject = f"{author} mentioned you: {obligation.resolution.symbol} para {obligation.label}"
    try:
        send_mass_mail([
            (subject, render_to_string("tracker/email/mention.txt", {
                "person": person, "author": author, "note": note, "obligation": obligation,
                "url": site_url(obligation.get_absolute_url()),
            }), settings.DEFAULT_FROM_EMAIL, [person.email])
            for person in people
        ])
    except Exception:
        Note.objects.filter(pk=note_id).update(mentions_told=False)
        raise
    return len(people)
