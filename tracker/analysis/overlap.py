"""Report requests that may ask for the same thing: one addressee, one period, subjects that read alike.

The subject of a request is the words of its action and its resolution's title, "the
present resolution" read as the title (most reports are "on the implementation of the
present resolution": the title is what they are about). Subjects are compared by the cosine of
their TF-IDF vectors (scikit-learn), over word stems (Snowball), without English stop
words nor the words every request shares ("report", "session", "Secretary-General").
Pairs at or above OVERLAP_THRESHOLD are listed; staff may mark one as no overlap, and a
later refresh keeps that mark.
"""
from __future__ import annotations

from django.db import transaction

from ..models import Obligation, OverlapPair
from ..obligations.subjects import subject, subject_terms

OVERLAP_THRESHOLD = 0.5


def similar_pairs(texts: list[str], threshold: float = OVERLAP_THRESHOLD) -> list[tuple[int, int, float]]:
    """(i, j, cosine) for each pair of texts, i < j, whose subjects are at least this alike."""
    matrix = _vectors(texts) if len(texts) >= 2 else None
    if matrix is None:
        return []
    return [(i, j, s) for i, j, s in _at_least(matrix @ matrix.T, threshold) if i < j]


def alike(asked: list[str], others: list[str], threshold: float = OVERLAP_THRESHOLD) -> list[tuple[int, int, float]]:
    """(i, j, cosine) for each of the asked subjects and each of the others at least this alike:
    the asked against the others only, not every pair of thousands of others."""
    matrix = _vectors(asked + others) if asked and others else None
    if matrix is None:
        return []
    return _at_least(matrix[:len(asked)] @ matrix[len(asked):].T, threshold)


def _vectors(texts: list[str]):
    """The subjects' TF-IDF vectors, weighed over these texts; None where no text has a subject word."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        return TfidfVectorizer(analyzer=subject_terms, sublinear_tf=True).fit_transform(texts)
    except ValueError:  # no subject words at all
        return None


def _at_least(cosines, threshold: float) -> list[tuple[int, int, float]]:
    cosines = cosines.tocoo()
    return [(int(i), int(j), float(s)) for i, j, s in zip(cosines.row, cosines.col, cosines.data)
            if s >= threshold - 1e-9]


def requests():
    """What may overlap: the reports asked for. Actions are left out: the same boilerplate
    ("to provide the Special Rapporteur with the resources necessary", a mission's budget
    arrangements) recurs across unrelated resolutions and is no reporting burden."""
    return Obligation.objects.exclude(status=Obligation.Status.WITHDRAWN).filter(kind=Obligation.Kind.REPORT)


def _groups(obligation_ids=None) -> dict[tuple[int, int], list[tuple]]:
    """(addressee, year) -> [(obligation id, resolution id, subject)], the year of its deadline or
    else of its resolution's adoption."""
    rows = requests().values_list("pk", "resolution_id", "action", "resolution__title", "due_date",
                                  "resolution__adopted")
    if obligation_ids is not None:
        rows = rows.filter(pk__in=obligation_ids)
    facts = {pk: (resolution_id, subject(action, title), (due or adopted).year)
             for pk, resolution_id, action, title, due, adopted in rows.iterator(chunk_size=2000) if due or adopted}
    groups: dict[tuple[int, int], list[tuple]] = {}
    addressed = Obligation.addressees.through.objects.filter(obligation_id__in=facts) if obligation_ids is not None \
        else Obligation.addressees.through.objects.all()
    for obligation_id, actor_id in addressed.values_list("obligation_id", "actor_id").iterator(chunk_size=5000):
        if obligation_id in facts:
            resolution_id, text, year = facts[obligation_id]
            groups.setdefault((actor_id, year), []).append((obligation_id, resolution_id, text))
    return groups


def refresh(resolution_ids=None) -> int:
    """Find the pairs of the groups these resolutions' requests fall in (every group where None).

    Pairs no longer alike are removed unless staff marked them; a mark is never lost.
    Returns how many pairs the groups now hold.
    """
    if resolution_ids is None:
        groups = _groups()
    else:
        touched = _groups(requests().filter(resolution_id__in=resolution_ids).values_list("pk", flat=True))
        keys = set(touched)
        actor_ids = {actor for actor, _year in keys}
        members = Obligation.addressees.through.objects.filter(actor_id__in=actor_ids, obligation__in=requests())
        groups = {key: rows for key, rows in _groups(members.values_list("obligation_id", flat=True)).items()
                  if key in keys}
    found: dict[tuple[int, int], float] = {}
    for rows in groups.values():
        for i, j, score in similar_pairs([text for _pk, _resolution, text in rows]):
            if rows[i][1] == rows[j][1]:
                continue  # one resolution's own paragraphs: parts of one request, not two
            pair = tuple(sorted((rows[i][0], rows[j][0])))
            found[pair] = max(found.get(pair, 0.0), round(score, 4))  # as stored
    members = {pk for rows in groups.values() for pk, _resolution, _text in rows}
    with transaction.atomic():
        stale = OverlapPair.objects.filter(dismissed=False)
        if resolution_ids is not None:
            stale = stale.filter(first__in=members, second__in=members)
        OverlapPair.objects.filter(pk__in=[pk for pk, first, second in stale.values_list("pk", "first", "second")
                                           if (first, second) not in found]).delete()
        known = {(first, second): (pk, similarity) for pk, first, second, similarity in OverlapPair.objects.filter(
            first__in={a for a, _b in found}).values_list("pk", "first", "second", "similarity")}
        OverlapPair.objects.bulk_create([OverlapPair(first_id=a, second_id=b, similarity=score)
                                         for (a, b), score in found.items() if (a, b) not in known])
        for pair, score in found.items():
            if pair in known and known[pair][1] != score:
                OverlapPair.objects.filter(pk=known[pair][0]).update(similarity=score)
    return len(found)
