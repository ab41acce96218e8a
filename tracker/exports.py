"""What the exports write: their columns, the filtered rows as plain values, and cells a spreadsheet will not run.

An export reads thousands of rows: it asks the database for the columns it writes and the
addressees of each chunk in one query, and builds no model instances.
"""
from itertools import islice

from django.urls import reverse

from .wording import deadline_phrase, due_for_export

CHUNK = 2000

EXPORT_COLUMNS = ["body", "resolution", "paragraph", "verb", "verb class", "addressees", "kind", "action",
                  "due", "precision", "deadline", "deadline words", "recurrence", "status", "owner", "overdue",
                  "link"]
DUE_COLUMN = EXPORT_COLUMNS.index("due")

_FIELDS = ("pk", "resolution__body", "resolution__symbol", "label", "verb", "verb_class", "kind", "action",
           "due_date", "due_precision", "due_session__body", "due_session__number", "due_text", "recurrence",
           "status", "owner__username", "is_late")


def safe_cell(value):
    """A cell a spreadsheet will not run: text opening with = + - @ or a control character is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_rows(request, queryset):
    """Each obligation of the queryset as (row, due date, precision), in the queryset's order."""
    from .models import Obligation

    link = request.build_absolute_uri(reverse("obligation", args=[0]))
    prefix, suffix = link.rsplit("/0/", 1)
    addressees_of = Obligation.addressees.through.objects.order_by("actor__name")
    rows = queryset.values_list(*_FIELDS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        names = {}
        for obligation_id, name in addressees_of.filter(obligation_id__in=[r[0] for r in chunk]).values_list(
                "obligation_id", "actor__name"):
            names.setdefault(obligation_id, []).append(name)
        for (pk, body, symbol, label, verb, verb_class, kind, action, due, precision, session_body, session_number,
             due_text, recurrence, status, owner, late) in chunk:
            words = deadline_phrase(due, precision, session_body, session_number)
            row = [body, symbol, label, verb, verb_class, "; ".join(names.get(pk, ())), kind, action,
                   due_for_export(due, precision), precision, words, due_text, recurrence, status, owner or "",
                   "yes" if late else "", f"{prefix}/{pk}/{suffix}"]
            yield [safe_cell(v) for v in row], due, precision
