from django.db import migrations

from meetings.search import search_text
from ubnd_schedule.postgresql import run_on_postgresql

# PostgreSQL only: a full-text vector the database keeps from search_text (the "simple"
# configuration: no stemming, no stop words, no extension needed), the title's words (before "|")
# weighted A and the agencies' words B for ranking, and its GIN index. The model does not declare
# the column (meetings.search reads it), so no query loads it.
VECTOR_SQL = [
    "ALTER TABLE meetings_item ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, split_part(search_text, '|', 1)), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, split_part(search_text, '|', 2)), 'B')) STORED",
    "CREATE INDEX meetings_item_search_vector_gin ON meetings_item USING gin (search_vector)",
]
DROP_VECTOR_SQL = ["ALTER TABLE meetings_item DROP COLUMN search_vector"]


def refill_search_text(apps, schema_editor):
    """The search text now separates the title's words from the agencies' with "|"."""
    Item = apps.get_model("meetings", "Item")
    ItemAgency = apps.get_model("meetings", "ItemAgency")
    agencies = {}
    for link in ItemAgency.objects.select_related("agency").order_by("item_id", "position", "pk"):
        agencies.setdefault(link.item_id, []).append(link.agency)
    items = list(Item.objects.only("pk", "title"))
    for item in items:
        item.search_text = search_text(item.title, agencies.get(item.pk, []))
    Item.objects.bulk_update(items, ["search_text"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0005_itemagency_ordering_without_joins'),
    ]

    operations = [
        migrations.RunPython(refill_search_text, migrations.RunPython.noop),
        migrations.RunPython(run_on_postgresql(VECTOR_SQL), run_on_postgresql(DROP_VECTOR_SQL)),
    ]
