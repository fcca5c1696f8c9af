"""Search: the full-text vector column everywhere; on PostgreSQL its GIN index and the trigger that keeps it.

SQLite gets the (always empty) column only; it searches `search_stems`, filled here for
existing rows and by `Innovation.save()` afterwards.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

REST = ("problem", "approach", "goals", "benefits", "unit", "partners", "development_plan")

POSTGRES_FORWARD = [
    # A trigger rather than Python: bulk_create and QuerySet.update() keep the vector current too.
    """
    CREATE OR REPLACE FUNCTION innovations_search_vector() RETURNS trigger AS $$
    BEGIN
      NEW.search_vector :=
        setweight(to_tsvector('indonesian', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('indonesian', coalesce(NEW.summary, '')), 'B') ||
        setweight(to_tsvector('indonesian', concat_ws(' ', {})), 'C');
      RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """.format(", ".join(f"NEW.{name}" for name in REST)),
    "DROP TRIGGER IF EXISTS innovations_search_vector ON innovations_innovation",
    """
    CREATE TRIGGER innovations_search_vector BEFORE INSERT OR UPDATE OF title, summary, {}
    ON innovations_innovation FOR EACH ROW EXECUTE FUNCTION innovations_search_vector()
    """.format(", ".join(REST)),
    "UPDATE innovations_innovation SET title = title",
    "CREATE INDEX IF NOT EXISTS innov_search_gin ON innovations_innovation USING gin (search_vector)",
    # Sorting the public list by title stays an index walk, even on deep pages.
    "CREATE INDEX IF NOT EXISTS innov_pub_title ON innovations_innovation (title, id) WHERE status = 'published'",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS innov_pub_title",
    "DROP INDEX IF EXISTS innov_search_gin",
    "DROP TRIGGER IF EXISTS innovations_search_vector ON innovations_innovation",
    "DROP FUNCTION IF EXISTS innovations_search_vector()",
]


def postgres_forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_FORWARD:
            schema_editor.execute(sql)


def postgres_backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in POSTGRES_BACKWARD:
            schema_editor.execute(sql)


def fill_stems(apps, schema_editor):
    from innovations.search import document_stems

    Innovation = apps.get_model("innovations", "Innovation")
    batch = []
    for innovation in Innovation.objects.iterator(chunk_size=1000):
        innovation.search_stems = document_stems(innovation)
        batch.append(innovation)
        if len(batch) == 1000:
            Innovation.objects.bulk_update(batch, ["search_stems"])
            batch = []
    Innovation.objects.bulk_update(batch, ["search_stems"])


class Migration(migrations.Migration):
    dependencies = [("innovations", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="innovation",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(postgres_forward, postgres_backward),
        migrations.RunPython(fill_stems, migrations.RunPython.noop),
    ]
