"""New rows written fast: what an import writes most (paragraphs, obligations, addressees).

Django's bulk_create prepares each value of each row through its field, which was most of
the Python an import of the corpus ran. On PostgreSQL the
rows go instead by COPY, their ids drawn first from the table's own sequence, in one
query; the values the database takes as they are (text, numbers, dates, keys) are
read straight from the objects, the rest (JSON, automatic timestamps) through their
fields, as bulk_create would. Elsewhere, and for a bulk_create with options, Django's.
"""
from __future__ import annotations

from functools import cache
from operator import attrgetter

from django.db import connections, models, router

# Field classes whose value is already what the database takes (no conversion, no pre_save).
TAKEN_AS_THEY_ARE = (models.CharField, models.TextField, models.BooleanField, models.IntegerField,
                     models.ForeignKey)


class CopiesNewRows:
    """A queryset whose bulk_create of new rows goes by COPY on PostgreSQL; a bulk_create
    with options (conflicts, batches) or of rows that have ids already is Django's."""

    def bulk_create(self, objs, batch_size=None, ignore_conflicts=False, update_conflicts=False, **options):
        objs = list(objs)
        self._for_write = True
        if (connections[self.db].vendor != "postgresql" or batch_size or ignore_conflicts or update_conflicts or options
                or any(obj.pk is not None for obj in objs)):
            return super().bulk_create(objs, batch_size, ignore_conflicts, update_conflicts, **options)
        return insert_new(self.model, objs, connections[self.db])

    def insert_new(self, objs: list, drawn: DrawnIds | None = None) -> list:
        """New objects, as bulk_create writes them; on PostgreSQL by COPY, their ids from
        `drawn` where a bulk import keeps some ahead (no query to draw them)."""
        self._for_write = True
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            return super().bulk_create(objs)
        return insert_new(self.model, objs, connection, drawn)

    def insert_rows(self, columns: tuple[str, ...], rows: list[tuple], drawn: DrawnIds | None = None) -> list[int]:
        """New rows as tuples of these columns' values (see insert_rows()): their ids, in order."""
        self._for_write = True
        return insert_rows(self.model, columns, rows, self.db, drawn)


class CopiesNewRowsQuerySet(CopiesNewRows, models.QuerySet):
    pass


def insert_links(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows of a many-to-many's table, as tuples of these columns' values: nothing reads
    them back, so no object is made and their ids are the column's default. By COPY on
    PostgreSQL, by bulk_create elsewhere."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in columns]
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**{f.attname: v for f, v in zip(fields, row)}) for row in rows])
        return
    with connection.cursor() as cursor:
        _copy(cursor, model, fields, rows)


def insert_rows(model, columns: tuple[str, ...], rows: list[tuple], using: str,
                drawn: DrawnIds | None = None) -> list[int]:
    """New rows as tuples of these columns' values, the model's other columns what a new
    object's would be (defaults, times set on save); no object is made, no signal sent.
    Returns the ids they got, in order. By COPY on PostgreSQL (ids drawn first, from
    `drawn` where a bulk import keeps some ahead), by bulk_create elsewhere."""
    if not rows:
        return []
    fields, rest, prepared = _row_plan(model, columns)
    connection = connections[using]
    if connection.vendor != "postgresql":
        made = models.QuerySet(model, using=using).bulk_create(
            [model(**{f.attname: v for f, v in zip(fields, row)}) for row in rows])
        return [obj.pk for obj in made]
    blank = model()  # the other columns' values: what a new object's are, as saving would make them
    defaults = tuple(f.get_db_prep_save(f.pre_save(blank, True), connection) for f in rest)
    with connection.cursor() as cursor:
        ids = drawn.take(cursor, model, len(rows)) if drawn is not None else _draw_ids(cursor, model, len(rows))
        written = []
        for new_id, row in zip(ids, rows):
            row = [new_id, *row, *defaults]
            for i, field in prepared:
                row[i + 1] = field.get_db_prep_save(row[i + 1], connection)
            written.append(row)
        _copy(cursor, model, [model._meta.pk, *fields, *rest], written)
    return ids


@cache
def _row_plan(model, columns: tuple[str, ...]) -> tuple[tuple, tuple, tuple]:
    """For rows of these columns: their fields, the model's other columns (which take a new
    object's values), and (place, field) of the values prepared by their field. Kept per
    model and columns: an import asks the same thing thousands of times."""
    fields = tuple(model._meta.get_field(name) for name in columns)
    rest = tuple(f for f in model._meta.concrete_fields if f not in fields and not f.primary_key)
    prepared = tuple((i, f) for i, f in enumerate(fields) if not _taken_as_it_is(f))
    return fields, rest, prepared


def insert_new(model, objs: list, connection, drawn: DrawnIds | None = None) -> list:
    """Insert objects not yet saved, as bulk_create would: each gets its pk and counts as
    saved; no signals. PostgreSQL only: CopiesNewRows chooses."""
    if not objs:
        return objs
    for obj in objs:  # as bulk_create: a related object saved since it was set gives its id
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    fields, readers = _columns(model, connection)
    pk = model._meta.pk
    with connection.cursor() as cursor:
        ids = drawn.take(cursor, model, len(objs)) if drawn is not None else _draw_ids(cursor, model, len(objs))
        for obj, new_id in zip(objs, ids):
            setattr(obj, pk.attname, new_id)
        _copy(cursor, model, fields, ([read(obj) for read in readers] for obj in objs))
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return objs


def _draw_ids(cursor, model, count: int) -> list[int]:
    """Ids for new rows, from the table's own sequence, in one query."""
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                   [model._meta.db_table, model._meta.pk.column, count])
    return sorted(row[0] for row in cursor.fetchall())


class DrawnIds:
    """Ids drawn ahead from tables' sequences, for a bulk import's next documents: one query
    a block, not one a document and table.

    Keep one for one import only. An id drawn and not used is a gap in the sequence, as a
    rolled-back insert leaves; a sequence set back since (a test database flushed) would
    hand out again the ids still held here.
    """

    BLOCK = 1000  # ids drawn at a time: a document's paragraphs or obligations are tens

    def __init__(self):
        self._left: dict[tuple[str, str], list[int]] = {}

    def take(self, cursor, model, count: int) -> list[int]:
        """`count` ids for new rows of the model, in increasing order."""
        key = (cursor.db.alias, model._meta.db_table)
        left = self._left.get(key, [])
        if len(left) < count:
            left = left + _draw_ids(cursor, model, max(count - len(left), self.BLOCK))
        self._left[key] = left[count:]
        return left[:count]


def _copy(cursor, model, fields: list, rows) -> None:
    """COPY rows (each the fields' values, in their order) into the model's table."""
    quote = cursor.db.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    # COPY is psycopg's own call, outside Django's cursor: its errors are made Django's here.
    with cursor.db.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _columns(model, connection) -> tuple[list, list]:
    """The model's columns and, for each, how to read its value from an object."""
    fields = list(model._meta.concrete_fields)
    readers = [attrgetter(f.attname) if _taken_as_it_is(f) else _prepared(f, connection) for f in fields]
    return fields, readers


def _taken_as_it_is(field) -> bool:
    if isinstance(field, models.DateField):  # a date as it is, unless set on save; a datetime for its time zone
        return not (field.auto_now or field.auto_now_add) and not isinstance(field, models.DateTimeField)
    return isinstance(field, TAKEN_AS_THEY_ARE)


def _prepared(field, connection):
    def read(obj):
        return field.get_db_prep_save(field.pre_save(obj, True), connection)
    return read
