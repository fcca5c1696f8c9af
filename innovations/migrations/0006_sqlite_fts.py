"""SQLite only: an FTS5 index of `search_stems` (external content), kept by triggers, so that a word search
looks its stems up in an index instead of scanning every row with LIKE. PostgreSQL has its GIN index."""

from django.db import migrations

FORWARD = [
    """
    CREATE VIRTUAL TABLE innovations_innovation_fts USING fts5(
        search_stems, content='innovations_innovation', content_rowid='id', tokenize='unicode61 remove_diacritics 0'
    )
    """,
    # Triggers rather than Python: bulk_create and QuerySet.update() keep the index current too.
    """
    CREATE TRIGGER innovations_fts_insert AFTER INSERT ON innovations_innovation BEGIN
      INSERT INTO innovations_innovation_fts (rowid, search_stems) VALUES (new.id, new.search_stems);
    END
    """,
    """
    CREATE TRIGGER innovations_fts_delete AFTER DELETE ON innovations_innovation BEGIN
      INSERT INTO innovations_innovation_fts (innovations_innovation_fts, rowid, search_stems)
      VALUES ('delete', old.id, old.search_stems);
    END
    """,
    """
    CREATE TRIGGER innovations_fts_update AFTER UPDATE OF search_stems ON innovations_innovation BEGIN
      INSERT INTO innovations_innovation_fts (innovations_innovation_fts, rowid, search_stems)
      VALUES ('delete', old.id, old.search_stems);
      INSERT INTO innovations_innovation_fts (rowid, search_stems) VALUES (new.id, new.search_stems);
    END
    """,
    "INSERT INTO innovations_innovation_fts (innovations_innovation_fts) VALUES ('rebuild')",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS innovations_fts_update",
    "DROP TRIGGER IF EXISTS innovations_fts_delete",
    "DROP TRIGGER IF EXISTS innovations_fts_insert",
    "DROP TABLE IF EXISTS innovations_innovation_fts",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("innovations", "0005_statistics_indexes"),
    ]

    operations = [migrations.RunPython(forward, backward)]
