"""The obligations counted by status, kind, answered flag and due day, kept by the database.

Counting a million obligations by status reads every one of them; the home page's counts and
a list's total read the tally instead (models.ObligationTally), a few thousand rows at any
size. The database writes it, by triggers on the obligations' table, in the transaction
that writes them: no way of writing (an import, an edit, the admin, a migration, a delete
that cascades) is missed, and a rollback takes the change back with it.

A write adds rows of changes (+n, -n) rather than updating a row of totals, so writers never
wait for one another on a busy row and cannot deadlock over it. A read sums them; compact()
folds them into one row a group, after a bulk import and every few minutes (Celery beat).

After every migrate (and a test's flush) the triggers are put in place again, since SQLite
drops a table's triggers when a migration rebuilds the table, and the tally is counted
afresh from the obligations.
"""
from collections import Counter

from django.db import connections, transaction

OBLIGATIONS = "tracker_obligation"
TALLY = "tracker_obligationtally"
KEY = "status, kind, answered, due_by"

# PostgreSQL: once a statement, over the rows it wrote (its transition tables).
POSTGRESQL_TRIGGERS = [
    f"""CREATE OR REPLACE FUNCTION tracker_tally_obligations() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO {TALLY} ({KEY}, delta) SELECT {KEY}, COUNT(*) FROM added GROUP BY {KEY};
        ELSIF TG_OP = 'DELETE' THEN
            INSERT INTO {TALLY} ({KEY}, delta) SELECT {KEY}, -COUNT(*) FROM removed GROUP BY {KEY};
        ELSE  -- an update: what moved from one group to another, nothing for a row that stayed
            INSERT INTO {TALLY} ({KEY}, delta)
            SELECT {KEY}, SUM(delta) FROM (
                SELECT {KEY}, 1 AS delta FROM added UNION ALL SELECT {KEY}, -1 FROM removed
            ) AS moved GROUP BY {KEY} HAVING SUM(delta) <> 0;
        END IF;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS tracker_tally_insert ON tracker_obligation",
    "DROP TRIGGER IF EXISTS tracker_tally_update ON tracker_obligation",
    "DROP TRIGGER IF EXISTS tracker_tally_delete ON tracker_obligation",
    f"""CREATE TRIGGER tracker_tally_insert AFTER INSERT ON {OBLIGATIONS} REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION tracker_tally_obligations()""",
    f"""CREATE TRIGGER tracker_tally_update AFTER UPDATE ON {OBLIGATIONS}
    REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION tracker_tally_obligations()""",
    f"""CREATE TRIGGER tracker_tally_delete AFTER DELETE ON {OBLIGATIONS} REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION tracker_tally_obligations()""",
]

# SQLite: once a row, and for an update only where the row changed group.
SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS tracker_tally_insert",
    "DROP TRIGGER IF EXISTS tracker_tally_update",
    "DROP TRIGGER IF EXISTS tracker_tally_delete",
    f"""CREATE TRIGGER tracker_tally_insert AFTER INSERT ON {OBLIGATIONS} BEGIN
        INSERT INTO {TALLY} ({KEY}, delta) VALUES (NEW.status, NEW.kind, NEW.answered, NEW.due_by, 1);
    END""",
    f"""CREATE TRIGGER tracker_tally_update AFTER UPDATE OF {KEY} ON {OBLIGATIONS}
    WHEN (OLD.status, OLD.kind, OLD.answered, OLD.due_by) IS NOT (NEW.status, NEW.kind, NEW.answered, NEW.due_by)
    BEGIN
        INSERT INTO {TALLY} ({KEY}, delta) VALUES (OLD.status, OLD.kind, OLD.answered, OLD.due_by, -1),
                                                 (NEW.status, NEW.kind, NEW.answered, NEW.due_by, 1);
    END""",
    f"""CREATE TRIGGER tracker_tally_delete AFTER DELETE ON {OBLIGATIONS} BEGIN
        INSERT INTO {TALLY} ({KEY}, delta) VALUES (OLD.status, OLD.kind, OLD.answered, OLD.due_by, -1);
    END""",
]


def install(using: str = "default") -> None:
    """Put the triggers in place and count the tally afresh, in one transaction. On
    PostgreSQL the obligations are locked against writes meanwhile: a write between the
    count and the triggers would be counted twice or not at all."""
    connection = connections[using]
    triggers = POSTGRESQL_TRIGGERS if connection.vendor == "postgresql" else SQLITE_TRIGGERS
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {OBLIGATIONS} IN SHARE ROW EXCLUSIVE MODE")
        for statement in triggers:
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {TALLY}")
        cursor.execute(f"INSERT INTO {TALLY} ({KEY}, delta) SELECT {KEY}, COUNT(*) FROM {OBLIGATIONS} GROUP BY {KEY}")


def compact(using: str = "default") -> int:
    """Fold the rows of changes into one row a group; returns the rows left. The rows summed
    are exactly the rows deleted (DELETE ... RETURNING): a change another transaction
    writes meanwhile is kept as it is, never lost or counted twice."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TALLY} RETURNING {KEY}, delta")
        totals = Counter()
        for *key, delta in cursor.fetchall():
            totals[tuple(key)] += delta
        rows = [(*key, total) for key, total in totals.items() if total]
        cursor.executemany(f"INSERT INTO {TALLY} ({KEY}, delta) VALUES (%s, %s, %s, %s, %s)", rows)
    return len(rows)
