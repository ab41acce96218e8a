"""What the pages say in words: deadlines, the ask as a sentence, the history of a change.

"15 Sep 2009 · GA 64th session" rather than "2009-09-15"; "The Secretary-General is
requested to submit ..." rather than "requests" beside an "Of" column; "Status: open ->
in progress" rather than a field name and raw values.
"""
from __future__ import annotations

from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from resolutions.parsing.calendar import calendars, numbered_by_year

# The verbs that the speaking body does itself ("The General Assembly decides to ..."); the
# rest ask someone, and read in the passive ("Member States are urged to ...").
ACTIVE_VERBS = ("decides", "resolves", "commits", "undertakes", "pledges")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def session_words(body: str, number: int, full: bool = False) -> str:
    """'GA 64th session', 'HRC 58th session', 'ECOSOC 2026 session'; in full, 'General
    Assembly, 64th session'."""
    calendar = calendars().get(body, {})
    name = calendar.get("name", body)
    which = f"{number}" if numbered_by_year(body) else ordinal(number)
    return f"{name}, {which} session" if full else f"{calendar.get('short', name)} {which} session"


def date_words(due: date | None, precision: str) -> str:
    """A deadline's date as precise as it is known, never with an invented day."""
    if due is None:
        return ""
    if precision == "year":
        return f"by end of {due.year}" if (due.month, due.day) == (12, 31) else str(due.year)
    if precision == "month":
        return f"{due:%B %Y}"
    return f"{due.day} {due:%b %Y}"


def deadline_phrase(due: date | None, precision: str, session_body: str | None = None,
                    session_number: int | None = None) -> str:
    """'15 Sep 2009 · GA 64th session', 'March 2009 · CND 52nd session', 'by end of 2008'."""
    words = date_words(due, precision)
    if words and session_number is not None:
        words = f"{words} · {session_words(session_body, session_number)}"
    return words


def deadline_words(obligation) -> str:
    """An obligation's deadline in words, with the session it falls at."""
    session = obligation.due_session
    return deadline_phrase(obligation.due_date, obligation.due_precision, session and session.body,
                           session and session.number)


def due_for_export(due: date | None, precision: str) -> str:
    """The deadline as precise as it is known: '2009-09-15', '2009-03', '2008'."""
    if due is None:
        return ""
    return {"month": f"{due:%Y-%m}", "year": str(due.year)}.get(precision, due.isoformat())


def participle(verb: str) -> str:
    """'requests' -> 'requested', 'urges' -> 'urged', 'calls upon' -> 'called upon'."""
    first, _, rest = verb.partition(" ")
    stem = first[:-1] if first.endswith("s") else first
    done = stem + "d" if stem.endswith("e") else stem + "ed"
    return f"{done} {rest}".strip()


def _plural(names: list[str]) -> bool:
    """'Member States are', 'civil society is', 'the United Nations is': the last word's number."""
    if len(names) > 1:
        return True
    last = names[0].split()[-1] if names and names[0].split() else ""
    return last.endswith("s") and not last.endswith(("ss", "Nations"))


def ask_sentence(obligation, addressees) -> SafeString:
    """The ask as a sentence, its addressees and verb marked:
    'Member States are urged to ...', 'The General Assembly decides to ...'."""
    names = [a.name for a in addressees] or ["someone"]
    shown = [names[0][:1].upper() + names[0][1:], *names[1:]]
    marks = [format_html('<mark class="addressee">{}</mark>', name) for name in shown]
    who = format_html("{} and {}", format_html_join(", ", "{}", ((m,) for m in marks[:-1])), marks[-1]) \
        if len(marks) > 1 else marks[0]
    if obligation.verb in ACTIVE_VERBS:
        return format_html('{}{} <mark class="verb">{}</mark> {}', "The " if names[0][:1].isupper() else "",
                           who, obligation.verb, obligation.action)
    be = "are" if _plural(names) else "is"
    return format_html('{} {} <mark class="verb">{}</mark> {}', who, be, participle(obligation.verb),
                       obligation.action)


FIELD_NAMES = {
    "status": "Status", "owner": "Owner", "notes": "Notes", "due_date": "Deadline", "internal_due": "Our deadline",
    "due_precision": "Deadline precision", "addressees": "Addressed to", "kind": "Kind", "action": "What is asked",
    "verb": "Verb", "verb_class": "Verb class", "due_text": "Deadline words", "recurrence": "Recurrence",
    "label": "Paragraph", "mandate_of": "Mandate of", "superseded_by": "Superseded by (asked again in)",
    "answered_by": "Answered by", "renewed_by": "Renewed by",
}


def change_words(change) -> tuple[str, str, str]:
    """(what changed, from, to) as a person reads them: ('Status', 'open', 'in progress')."""
    def value(raw: str) -> str:
        if not raw:
            return "none"
        if change.field == "status":
            return raw.replace("_", " ")
        if change.field in ("due_date", "internal_due"):
            try:
                return date_words(date.fromisoformat(raw), "day")
            except ValueError:
                return raw
        return raw
    return FIELD_NAMES.get(change.field, change.field.replace("_", " ").capitalize()), value(change.old), value(change.new)
