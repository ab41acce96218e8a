"""The list's search box: obligations by their words, over the database's full-text indexes.

An obligation is found when its own words (what is asked and the clause that asks it,
subparagraphs included) or the words of its paragraph hold every word searched, each
stemmed and read as a prefix ("report" finds "reporting", "Sec" finds "Secretary-General").
The paragraphs' index is agreed language's (resolutions/language.py); the obligations' is
declared here, in place after every migrate (signals.py).
"""
from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

from resolutions import fulltext
from resolutions.language import PARAGRAPHS

OBLIGATIONS = fulltext.TextIndex("tracker_obligation", ("action", "clause_text"))


def install(using: str = "default") -> None:
    OBLIGATIONS.install(using)


def holding(words: list[str], using: str = "default") -> Q:
    """The obligations whose words, or whose paragraph's, hold all of these."""
    vendor = connections[using].vendor
    query = fulltext.query(vendor, words, prefix=True)
    if not query:
        return Q()
    return (Q(pk__in=RawSQL(OBLIGATIONS.matching_ids(vendor), [query]))
            | Q(paragraph_id__in=RawSQL(PARAGRAPHS.matching_ids(vendor), [query])))
