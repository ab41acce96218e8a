"""Template filters that put the tracker's facts in words (tracker/wording.py)."""
from django import template

from ..obligations import wording

register = template.Library()


@register.filter
def deadline(obligation) -> str:
    return wording.deadline_words(obligation) or "–"


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
