"""What only PostgreSQL needs: schema it alone gets (generated full-text columns and their GIN indexes), and
its id sequences moved on after rows were written with their primary keys.

Migrations use :func:`run_on_postgresql` in a ``RunPython`` operation; on SQLite (``make demo``)
the statements are skipped and the code falls back to plain matching (meetings.search).
"""

from django.core.management.color import no_style


def run_on_postgresql(statements):
    """A ``RunPython`` function executing ``statements`` on PostgreSQL, and nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def reset_sequences(connection, models):
    """Move the id sequences of ``models`` past their rows, as loaddata does: rows written with their primary
    key (a restore, the first office) leave the sequence behind, and the next insert would take a used id.
    SQLite needs nothing (its ids follow the largest one)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
