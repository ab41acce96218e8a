"""A full-text index of some text columns of a table, one interface over PostgreSQL and SQLite.

PostgreSQL indexes the columns itself: a GIN index of to_tsvector('english', ...), kept with
the rows. SQLite keeps an FTS5 table beside the rows (external content, porter stemmer),
written by triggers; every migrate puts them back (SQLite drops a table's triggers when a
migration rebuilds the table) and rebuilds the FTS5 table from the rows.

Both read a query the same way: each word stemmed ("reports" finds "report"), a word's
parts in order ("Secretary-General", "A/78/123"), and optionally each word as a prefix
("Sec" finds "Secretary").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.db import connections

# What would end or escape a quoted word in either engine's query: left out of the word.
UNQUOTABLE = re.compile(r"[\"'’‘\\]")
LETTER_OR_DIGIT = re.compile(r"[^\W_]")
HYPHENS = re.compile(r"[-‐‑–]")


@dataclass(frozen=True)
class TextIndex:
    table: str
    columns: tuple[str, ...]

    @property
    def fts_table(self) -> str:
        return f"{self.table}_fts"

    def document(self, alias: str = "") -> str:
        """PostgreSQL's expression of the indexed text: a query must name it exactly so to
        use the index."""
        prefix = f"{alias}." if alias else ""
        return "to_tsvector('english', " + " || ' ' || ".join(prefix + c for c in self.columns) + ")"

    def install(self, using: str = "default") -> None:
        """The index in place (after every migrate)."""
        connection = connections[using]
        statements = self._postgresql() if connection.vendor == "postgresql" else self._sqlite()
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def _postgresql(self) -> list[str]:
        return [f"CREATE INDEX IF NOT EXISTS {self.fts_table} ON {self.table} USING gin ({self.document()})"]

    def _sqlite(self) -> list[str]:
        columns = ", ".join(self.columns)
        new = ", ".join(f"new.{c}" for c in self.columns)
        old = ", ".join(f"old.{c}" for c in self.columns)
        delete = f"INSERT INTO {self.fts_table} ({self.fts_table}, rowid, {columns}) VALUES ('delete', old.id, {old});"
        insert = f"INSERT INTO {self.fts_table} (rowid, {columns}) VALUES (new.id, {new});"
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.fts_table} USING fts5({columns}, content='{self.table}', "
            "content_rowid='id', tokenize='porter unicode61')",
            *(f"DROP TRIGGER IF EXISTS {self.fts_table}_{event}" for event in ("insert", "delete", "update")),
            f"CREATE TRIGGER {self.fts_table}_insert AFTER INSERT ON {self.table} BEGIN {insert} END",
            f"CREATE TRIGGER {self.fts_table}_delete AFTER DELETE ON {self.table} BEGIN {delete} END",
            f"CREATE TRIGGER {self.fts_table}_update AFTER UPDATE OF {columns} ON {self.table} "
            f"BEGIN {delete} {insert} END",
            f"INSERT INTO {self.fts_table} ({self.fts_table}) VALUES ('rebuild')",
        ]

    def matching_ids(self, vendor: str) -> str:
        """SQL of the ids of the rows matching a query (its one parameter, from query())."""
        if vendor == "postgresql":
            return f"SELECT id FROM {self.table} WHERE {self.document()} @@ to_tsquery('english', %s)"
        return f"SELECT rowid FROM {self.fts_table} WHERE {self.fts_table} MATCH %s"


def query(vendor: str, words: list[str], prefix: bool = False) -> str:
    """The engine's query for the texts holding all the words, each as typed or as a prefix.
    A word with no letter or digit is left out; no words gives ''."""
    return any_group(vendor, [words], prefix)


def any_group(vendor: str, groups: list[list[str]], prefix: bool = False) -> str:
    """The engine's query for the texts holding every word of any of the groups."""
    terms = [[_term(vendor, w, prefix) for w in dict.fromkeys(_parts(group)) if LETTER_OR_DIGIT.search(w)]
             for group in groups]
    every, either = (" & ", " | ") if vendor == "postgresql" else (" AND ", " OR ")
    joined = list(dict.fromkeys(every.join(group) for group in terms if group))
    if len(joined) == 1:
        return joined[0]
    return either.join(f"({group})" for group in joined)


def _parts(words: list[str]) -> list[str]:
    """The words as the engines can find them fast: a hyphenated word as its parts, each
    anywhere ("Secretary-General"; as a phrase, PostgreSQL would read the text of every
    paragraph holding its parts again), without what would end a quoted word."""
    return [part for word in words for part in HYPHENS.split(UNQUOTABLE.sub("", word))]


def _term(vendor: str, word: str, prefix: bool) -> str:
    if vendor == "postgresql":
        # 'word' is parsed as the text is ('a/78/123' is one word); :* reads it as a prefix.
        return f"'{word}'" + (":*" if prefix else "")
    # "word" is a phrase of the word's parts, as FTS5 splits them; * after it a prefix.
    return f'"{word}"' + ("*" if prefix else "")


@cache
def stop_words() -> frozenset[str]:
    """English words too common to tell texts apart (scikit-learn's list), read once."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)
