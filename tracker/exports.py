"""What the exports write: their columns, one obligation as a row, and cells a spreadsheet will not run."""
from .wording import deadline_words, due_for_export


def safe_cell(value):
    """A cell a spreadsheet will not run: text opening with = + - @ or a control character is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


EXPORT_COLUMNS = ["body", "resolution", "paragraph", "verb", "verb class", "addressees", "kind", "action",
                  "due", "precision", "deadline", "deadline words", "recurrence", "status", "owner", "overdue",
                  "link"]


def export_row(request, o) -> list:
    """One obligation as the exports write it; the due date only as precise as it is known."""
    return [
        o.resolution.body, o.resolution.symbol, o.label, o.verb, o.verb_class,
        "; ".join(a.name for a in o.addressees.all()), o.kind, o.action, due_for_export(o), o.due_precision,
        deadline_words(o), o.due_text, o.recurrence, o.status, o.owner.get_username() if o.owner else "",
        "yes" if o.is_late else "", request.build_absolute_uri(o.get_absolute_url()),
    ]
