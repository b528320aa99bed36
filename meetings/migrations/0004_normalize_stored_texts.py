"""Texts stored before agenda.text.normalize_text was applied on every save may hold what broke the
PDF (U+2029 in a title), decomposed Vietnamese or stray spaces: store them as every save now does.
Longer texts than today's limits are kept whole (nothing is cut); the forms ask for a shorter one."""

from django.db import migrations

from agenda.text import normalize_text

#: (app, model, {field: multiline}) of every normalised text.
TEXTS = (
    ("agenda", "Office", {"parent_body": False, "name": False, "place": False, "recipients": True}),
    ("agenda", "Agency", {"name": False, "short_name": False}),
    ("agenda", "MonthlyPlan", {"title": False, "signer_name": False, "recipients": True}),
    ("agenda", "PriorityTask", {"text": True}),
    ("meetings", "RegularSession", {"place": False}),
    ("meetings", "Item", {"title": False, "place": False}),
)


def normalize_texts(apps, schema_editor):
    for app, name, fields in TEXTS:
        model = apps.get_model(app, name)
        for row in model.objects.values("pk", *fields).iterator():
            changed = {
                field: normalize_text(row[field], multiline=multiline)
                for field, multiline in fields.items()
                if row[field] and normalize_text(row[field], multiline=multiline) != row[field]
            }
            if name == "Item" and "title" in changed:
                changed["title"] = changed["title"].rstrip(";").rstrip(".").strip() or row["title"]
            if name == "Agency" and not changed.get("short_name", row["short_name"]):
                changed.pop("short_name")
            if name == "Agency" and model.objects.filter(name=changed.get("name")).exclude(pk=row["pk"]).exists():
                changed.pop("name")  # two agencies that differed only in spacing: an administrator merges them
            if changed:
                model.objects.filter(pk=row["pk"]).update(**changed)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_item_status_dossier_marks_history"),
        ("agenda", "0007_office_proposal_deadline_day"),
    ]

    operations = [migrations.RunPython(normalize_texts, migrations.RunPython.noop)]
