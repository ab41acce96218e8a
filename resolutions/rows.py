"""New rows written by COPY: what an import writes most (paragraphs, obligations, addressees).

An import writes tens of paragraphs and obligations a document. Django's bulk_create makes
an object of each row and prepares each value through its field; these rows are written
instead as tuples of their columns' values, by PostgreSQL's COPY through psycopg's public
`cursor.copy()`, their ids drawn first from the table's own sequence (`DrawnIds` keeps a
block of them for a bulk import). Only values a field would convert (JSON, a time set on
save) go through the field's public `get_db_prep_save`. No object is made, no signal sent,
no Django internals touched. Elsewhere (SQLite), Django's bulk_create writes them.

    ids = Paragraph.objects.insert_rows(("resolution", "kind", "text", "order"), rows)
    insert_links(Obligation.addressees.through, ("obligation", "actor"), pairs)
"""
from __future__ import annotations

from functools import cache

from django.db import connections, models, router

# Field classes whose value is already what the database takes (no conversion, no pre_save).
TAKEN_AS_THEY_ARE = (models.CharField, models.TextField, models.BooleanField, models.IntegerField,
                     models.ForeignKey)


class CopiesNewRows:
    """A queryset that writes new rows, given as tuples of values, by COPY on PostgreSQL."""

    def insert_rows(self, columns: tuple[str, ...], rows: list[tuple], new_ids: DrawnIds | None = None) -> list[int]:
        """New rows as tuples of these columns' values (see insert_rows()): their ids, in order."""
        return insert_rows(self.model, columns, rows, self.db, new_ids)


class CopiesNewRowsQuerySet(CopiesNewRows, models.QuerySet):
    pass


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    """COPY rows (each a sequence of the columns' values, in their order) into a table.

    psycopg's `copy()` is called on the connection's own cursor, outside Django's query
    wrapper: a row the database refuses raises Django's DatabaseError (DataError,
    IntegrityError) all the same, through the connection's public error wrapper."""
    quote = cursor.db.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(column) for column in columns)}) FROM STDIN"
    with cursor.db.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def insert_links(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows of a many-to-many's table, as tuples of these columns' values: nothing reads
    them back, so their ids are the column's default. By COPY on PostgreSQL, by
    bulk_create elsewhere."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in columns]
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**{f.attname: v for f, v in zip(fields, row)}) for row in rows])
        return
    with connection.cursor() as cursor:
        copy_rows(cursor, model._meta.db_table, [f.column for f in fields], rows)


def insert_rows(model, columns: tuple[str, ...], rows: list[tuple], using: str,
                new_ids: DrawnIds | None = None) -> list[int]:
    """New rows as tuples of these columns' values, the model's other columns what a new
    object's would be (defaults, times set on save). Returns the ids they got, in order.
    By COPY on PostgreSQL (ids drawn first, from `new_ids` where a bulk import keeps some
    ahead), by bulk_create elsewhere."""
    if not rows:
        return []
    plan = RowPlan.of(model, columns)
    connection = connections[using]
    if connection.vendor != "postgresql":
        made = models.QuerySet(model, using=using).bulk_create(
            [model(**{f.attname: v for f, v in zip(plan.fields, row)}) for row in rows])
        return [obj.pk for obj in made]
    defaults = plan.defaults(connection)
    with connection.cursor() as cursor:
        ids = new_ids.take(cursor, model, len(rows)) if new_ids is not None else draw_ids(cursor, model, len(rows))
        written = [[new_id, *plan.prepared(row, connection), *defaults] for new_id, row in zip(ids, rows)]
        columns = [model._meta.pk.column, *(f.column for f in plan.fields), *(f.column for f in plan.rest)]
        copy_rows(cursor, model._meta.db_table, columns, written)
    return ids


class RowPlan:
    """How rows of some columns of a model are written: their fields, the model's other
    columns (which take a new object's values), and which values their field prepares."""

    def __init__(self, model, columns: tuple[str, ...]):
        self.model = model
        self.fields = tuple(model._meta.get_field(name) for name in columns)
        self.rest = tuple(f for f in model._meta.concrete_fields if f not in self.fields and not f.primary_key)
        self.converted = tuple(i for i, f in enumerate(self.fields) if not taken_as_it_is(f))

    @classmethod
    @cache
    def of(cls, model, columns: tuple[str, ...]) -> RowPlan:
        """One plan per model and columns: an import asks the same thing thousands of times."""
        return cls(model, columns)

    def prepared(self, row: tuple, connection) -> list:
        """The row's values as the database takes them."""
        values = list(row)
        for i in self.converted:
            values[i] = self.fields[i].get_db_prep_save(values[i], connection)
        return values

    def defaults(self, connection) -> tuple:
        """The other columns' values: what a new object's are, as saving it would make them."""
        blank = self.model()
        return tuple(f.get_db_prep_save(f.pre_save(blank, True), connection) for f in self.rest)


def taken_as_it_is(field) -> bool:
    """A value the database takes as the object holds it: text, numbers, keys, a date."""
    if isinstance(field, models.DateField):  # a date as it is, unless set on save; a datetime for its time zone
        return not (field.auto_now or field.auto_now_add) and not isinstance(field, models.DateTimeField)
    return isinstance(field, TAKEN_AS_THEY_ARE)


def draw_ids(cursor, model, count: int) -> list[int]:
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
            left = left + draw_ids(cursor, model, max(count - len(left), self.BLOCK))
        self._left[key] = left[count:]
        return left[:count]
