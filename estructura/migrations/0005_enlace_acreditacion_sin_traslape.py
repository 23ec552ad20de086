"""No two overlapping accreditations of one person to one órgano, even when saved at once.

PostgreSQL only: an exclusion constraint over (usuario, organo, daterange(acreditación, baja,
'[)')), which needs the btree_gist extension for the two "=" columns. On SQLite (``make run``)
this migration does nothing; the admin form's check stands alone there. The constraint is not
in the model's Meta, so Django's migration state never sees it and ``makemigrations`` stays
clean on both databases.
"""

from django.db import DatabaseError, migrations

CONSTRAINT = "enlace_acreditacion_sin_traslape"  # EnlaceAcreditado.OVERLAP_CONSTRAINT
# Half-open, as the form's rule: the baja is the first day without accreditation; no baja
# (NULL) is an open end; a period ending the day it starts is empty and overlaps nothing.
PERIOD = "daterange({start}, {end}, '[)')"
SHOWN_CONFLICTS = 20

NEEDS_EXTENSION = """\
The overlap constraint on enlaces acreditados needs PostgreSQL's btree_gist extension, and this
database user could not create it ({error}).
Ask a superuser (on PostgreSQL 13 or later, the database owner is enough) to run, in database
"{database}":

    CREATE EXTENSION IF NOT EXISTS btree_gist;

then run `python manage.py migrate` again. This migration changed nothing."""

HAS_OVERLAPS = """\
The overlap constraint on enlaces acreditados cannot be added: these accreditations (ids of
estructura_enlaceacreditado) already overlap for the same person and órgano:

{pairs}

Give the earlier one of each pair a fecha de baja on or before the later one's fecha de
acreditación (admin: Rendición de resultados > Enlaces acreditados), or delete the one recorded
by mistake; then run `python manage.py migrate` again. This migration changed nothing."""


def ensure_btree_gist(schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'")
        if cursor.fetchone() is not None:
            return
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        except DatabaseError as error:
            database = connection.settings_dict["NAME"]
            message = NEEDS_EXTENSION.format(error=str(error).strip(), database=database)
            raise RuntimeError(message) from error


def refuse_existing_overlaps(schema_editor, table):
    first = PERIOD.format(start="a.fecha_acreditacion", end="a.fecha_baja")
    second = PERIOD.format(start="b.fecha_acreditacion", end="b.fecha_baja")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.id, b.id FROM {table} a JOIN {table} b "  # noqa: S608 (names, no input)
            "ON a.usuario_id = b.usuario_id AND a.organo_id = b.organo_id AND a.id < b.id "
            f"WHERE {first} && {second} ORDER BY a.id, b.id LIMIT %s",
            [SHOWN_CONFLICTS],
        )
        pairs = cursor.fetchall()
    if pairs:
        listed = "\n".join(f"    {a} and {b}" for a, b in pairs)
        raise RuntimeError(HAS_OVERLAPS.format(pairs=listed))


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("estructura", "EnlaceAcreditado")
    table = schema_editor.quote_name(model._meta.db_table)
    ensure_btree_gist(schema_editor)
    refuse_existing_overlaps(schema_editor, table)
    period = PERIOD.format(start="fecha_acreditacion", end="fecha_baja")
    schema_editor.execute(
        f"ALTER TABLE {table} ADD CONSTRAINT {schema_editor.quote_name(CONSTRAINT)} "
        f"EXCLUDE USING gist (usuario_id WITH =, organo_id WITH =, {period} WITH &&)"
    )


def drop_constraint(apps, schema_editor):
    # The extension stays: other schemas may use it, and dropping it needs a superuser again.
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("estructura", "EnlaceAcreditado")
    table = schema_editor.quote_name(model._meta.db_table)
    schema_editor.execute(
        f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {schema_editor.quote_name(CONSTRAINT)}"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("estructura", "0004_enlace_baja_not_in_future"),
    ]

    operations = [
        migrations.RunPython(add_constraint, drop_constraint, elidable=False),
    ]
