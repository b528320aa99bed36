"""Each revision carries its plan's office, so that each office numbers its own months' revisions: two
offices may both issue "Bản 1" of January. A database from before has the first office's only."""

import django.db.models.deletion
from django.db import migrations, models


def revisions_to_their_plans_office(apps, schema_editor):
    Revision = apps.get_model("issuing", "Revision")
    MonthlyPlan = apps.get_model("agenda", "MonthlyPlan")
    for office_id in MonthlyPlan.objects.values_list("office_id", flat=True).distinct():
        Revision.objects.filter(plan__office_id=office_id).update(office_id=office_id)


def field(**extra):
    return models.ForeignKey(
        on_delete=django.db.models.deletion.PROTECT,
        related_name="revisions",
        to="agenda.office",
        verbose_name="cơ quan ban hành",
        **extra,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0012_agency_office"),
        ("issuing", "0005_register_per_office"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="revision", name="revision_unique_number_per_month"),
        migrations.AddField(model_name="revision", name="office", field=field(null=True)),
        migrations.RunPython(revisions_to_their_plans_office, migrations.RunPython.noop),
        migrations.AlterField(model_name="revision", name="office", field=field()),
        migrations.AddConstraint(
            model_name="revision",
            constraint=models.UniqueConstraint(
                fields=("office", "year", "month", "number"), name="revision_unique_number_per_month"
            ),
        ),
    ]
