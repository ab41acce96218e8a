"""Requests a later resolution of the same series asks again: the earlier one is superseded.

A series asks the Secretary-General for a report every year or two; each resolution asks
again. The earlier request is then no longer the work: the later one is. "Asks again"
is read from the two obligations:

- the same series, the later resolution adopted after the earlier one;
- the same kind (a report, an agenda item, an action) and at least one addressee in common;
- subjects alike: the cosine of the words of their actions (subjects.subject_terms, the
  resolution's title standing for "the present resolution") at least SAME_SUBJECT for a
  report or an agenda item, SAME_ACTION for an action, which boilerplate repeats across
  unrelated paragraphs; two requests with no subject words at all ("to report at its next
  session") are alike. A report or an agenda item whose deadline had passed when the later
  resolution was adopted, or that had none ("in his next report"), is asked again whatever
  its words: the series has moved on to its next cycle and asks that addressee anew;
- the earlier is still open and no person set its status (a staff edit always wins).

The earlier is superseded by the first later request that asks again. The rule is plain
Python over plain rows (plan()), so the data migration applies the same rule.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ..models import OPEN_STATUSES
from .subjects import own_subject, subject_terms

SAME_SUBJECT = 0.5
SAME_ACTION = 0.8
KINDS = ("report", "agenda", "action")


@dataclass(frozen=True)
class Ask:
    """One obligation of a series, as the rule reads it."""

    pk: int
    adopted: date
    due_by: date | None
    kind: str
    addressees: frozenset[int]
    subject: str
    status: str
    staff_set_status: bool


def plan(asks: list[Ask]) -> dict[int, int]:
    """{earlier pk: later pk} for each open request that a later one of the series asks again."""
    terms = {ask.pk: Counter(subject_terms(ask.subject)) for ask in asks}
    by_adoption = sorted(asks, key=lambda a: (a.adopted, a.pk))
    superseded = {}
    for earlier in by_adoption:
        if earlier.status not in OPEN_STATUSES or earlier.staff_set_status:
            continue
        for later in by_adoption:  # the first later one that asks again
            if (later.adopted > earlier.adopted and later.kind == earlier.kind
                    and later.addressees & earlier.addressees and asks_again(earlier, later, terms)):
                superseded[earlier.pk] = later.pk
                break
    return superseded


def asks_again(earlier: Ask, later: Ask, terms: dict[int, Counter]) -> bool:
    """The later asks again what the earlier asked: alike in words, or (a report, an agenda
    item) asked anew once the earlier's deadline had passed, or where it had none."""
    if earlier.kind != "action" and (earlier.due_by is None or earlier.due_by <= later.adopted):
        return True
    threshold = SAME_ACTION if earlier.kind == "action" else SAME_SUBJECT
    return cosine(terms[earlier.pk], terms[later.pk]) >= threshold


def cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 1.0 if not a and not b else 0.0
    dot = sum(n * b[term] for term, n in a.items())
    return dot / (math.sqrt(sum(n * n for n in a.values())) * math.sqrt(sum(n * n for n in b.values())))


def asks_of_series(series_id: int, Obligation=None) -> list[Ask]:
    """The series' requests, as plan() reads them (Obligation: the model, a migration's own)."""
    if Obligation is None:
        from ..models import Obligation

    rows = (Obligation.objects.filter(resolution__series_id=series_id, kind__in=KINDS,
                                      resolution__adopted__isnull=False)
            .exclude(status="withdrawn")
            .values_list("pk", "resolution__adopted", "due_by", "kind", "action", "resolution__title", "status",
                         "edited_fields"))
    addressed: dict[int, set[int]] = {}
    through = Obligation.addressees.through.objects.filter(obligation__resolution__series_id=series_id)
    for obligation_id, actor_id in through.values_list("obligation_id", "actor_id"):
        addressed.setdefault(obligation_id, set()).add(actor_id)
    return [Ask(pk, adopted, due_by, kind, frozenset(addressed.get(pk, ())), own_subject(action, title), status,
                "status" in (edited or []))
            for pk, adopted, due_by, kind, action, title, status, edited in rows]


def supersede_in_series(series_id: int | None) -> int:
    """Mark what the series asks again as superseded, in words in each one's history. Returns
    how many were superseded now."""
    from ..models import Obligation, ObligationChange
    from .history import apply_edit

    if series_id is None:
        return 0
    superseded = plan(asks_of_series(series_id))
    if not superseded:
        return 0
    later = {o.pk: o for o in Obligation.objects.filter(pk__in=set(superseded.values())).with_resolution()}
    with transaction.atomic():
        for earlier in Obligation.objects.filter(pk__in=superseded).select_for_update():
            by = later[superseded[earlier.pk]]
            apply_edit(earlier, None, ObligationChange.Source.IMPORT, mark_edited=False,
                       status=Obligation.Status.SUPERSEDED, superseded_by=by)
            ObligationChange.objects.create(obligation=earlier, field="superseded_by", new=cited(by),
                                            source=ObligationChange.Source.IMPORT)
    return len(superseded)


def cited(obligation) -> str:
    """'A/RES/79/161, para. 30': how a delegate cites a paragraph."""
    return f"{obligation.resolution.symbol}, para. {obligation.label}"
