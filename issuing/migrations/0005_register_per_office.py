"""Each office keeps its own register of outgoing programmes: the numbers of a database from before are the
first office's (the office of their plans), and a number is unique per office and year."""

import django.db.models.deletion
from django.db import migrations, models


def entries_to_their_plans_office(apps, schema_editor):
    RegisterEntry = apps.get_model("issuing", "RegisterEntry")
    for entry in RegisterEntry.objects.select_related("plan"):
        entry.office_id = entry.plan.office_id
        entry.save(update_fields=["office"])


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0011_plan_office"),
        ("issuing", "0004_revision_approver_note"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="registerentry", name="register_unique_number_per_year"),
        migrations.AddField(
            model_name="registerentry",
            name="office",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="register_entries",
                to="agenda.office",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.RunPython(entries_to_their_plans_office, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registerentry",
            name="office",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="register_entries",
                to="agenda.office",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.AddConstraint(
            model_name="registerentry",
            constraint=models.UniqueConstraint(
                fields=("office", "year", "number"), name="register_unique_number_per_year"
            ),
        ),
    ]
