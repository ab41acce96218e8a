"""Template filters that put the tracker's facts in words (tracker/wording.py)."""
from django import template
from django.urls import reverse
from django.utils.html import format_html

from ..obligations import wording

register = template.Library()


@register.filter
def deadline(obligation) -> str:
    return wording.deadline_words(obligation) or "–"


@register.filter
def deadline_link(obligation) -> str:
    """The deadline in words, linked to its session's page where it is at a session."""
    words = deadline(obligation)
    session = obligation.due_session if obligation.due_session_id else None
    if session is None:
        return words
    return format_html('<a href="{}">{}</a>', reverse("session", args=[session.body, session.number]), words)


@register.filter
def ask(obligation):
    return wording.ask_sentence(obligation, obligation.addressees.all())


@register.filter
def change(change):
    return wording.change_words(change)


@register.filter
def opening(text: str) -> tuple[str, str]:
    """A preambular paragraph's opening word(s), set apart to be italicized: ('Recalling', ' its ...')."""
    first, space, rest = text.partition(" ")
    return first, space + rest
