"""Recipients typed in a browser before normalize_lines was applied on save may hold CRLF line breaks:
store them as every save now does, so that the next save of a draft records no false change."""

from django.db import migrations

from agenda.text import normalize_lines


def normalize_recipients(apps, schema_editor):
    for name in ("Office", "MonthlyPlan"):
        model = apps.get_model("agenda", name)
        for pk, recipients in model.objects.values_list("pk", "recipients"):
            if normalize_lines(recipients) != recipients:
                model.objects.filter(pk=pk).update(recipients=normalize_lines(recipients))


class Migration(migrations.Migration):
    dependencies = [("agenda", "0005_office_event_minutes")]

    operations = [migrations.RunPython(normalize_recipients, migrations.RunPython.noop)]
