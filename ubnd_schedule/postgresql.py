"""Schema that only PostgreSQL gets (generated full-text columns and their GIN indexes).

Migrations use :func:`run_on_postgresql` in a ``RunPython`` operation; on SQLite (``make demo``)
the statements are skipped and the code falls back to plain matching (meetings.search).
"""


def run_on_postgresql(statements):
    """A ``RunPython`` function executing ``statements`` on PostgreSQL, and nothing elsewhere."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run
