"""A resolution's text is compressed by LZ4 on PostgreSQL, not by its default pglz.

The text is most of a resolution's row, and PostgreSQL compresses it as it stores it:
with pglz that was a tenth of the database's time in an import of the corpus, LZ4 does
the same work several times faster (and reads back faster too). Texts stored before
stay as they are until written again; a server built without LZ4 keeps pglz.
"""
from django.db import migrations

LZ4 = """
DO $$ BEGIN
    ALTER TABLE resolutions_resolution ALTER COLUMN source_text SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN NULL;
END $$;
"""


def compress_with_lz4(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(LZ4)


def compress_as_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE resolutions_resolution ALTER COLUMN source_text SET COMPRESSION default")


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0006_import_by_symbol")]

    operations = [migrations.RunPython(compress_with_lz4, compress_as_default)]
