"""Each agency belongs to an office (a commune's agencies are its divisions and local bodies): the agencies of
a database from before are the first office's; name and slug are unique within an office."""

import django.db.models.deletion
from django.db import migrations, models

import agenda.offices

HELP = "Mỗi cơ quan ban hành có danh sách cơ quan, đơn vị của riêng mình."


def agencies_to_the_first_office(apps, schema_editor):
    Office = apps.get_model("agenda", "Office")
    Agency = apps.get_model("agenda", "Agency")
    if not Agency.objects.exists():
        return
    first = Office.objects.order_by("pk").first()
    if first is None:  # agencies written before the Office row was ever read: the row its first reading makes
        first = Office.objects.create(pk=1, slug="van-phong-ubnd")
    Agency.objects.update(office=first)


def field(**extra):
    return models.ForeignKey(
        help_text=HELP,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="agencies",
        to="agenda.office",
        verbose_name="cơ quan ban hành",
        **extra,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0011_plan_office"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="agency", name="agency_unique_name"),
        migrations.RemoveConstraint(model_name="agency", name="agency_unique_slug"),
        migrations.AddField(model_name="agency", name="office", field=field(null=True)),
        migrations.RunPython(agencies_to_the_first_office, migrations.RunPython.noop),
        migrations.AlterField(model_name="agency", name="office", field=field()),
        # The default only once the column is filled (see 0011_plan_office).
        migrations.AlterField(
            model_name="agency", name="office", field=field(default=agenda.offices.first_office_pk)
        ),
        migrations.AddConstraint(
            model_name="agency",
            constraint=models.UniqueConstraint(fields=("office", "name"), name="agency_unique_name"),
        ),
        migrations.AddConstraint(
            model_name="agency",
            constraint=models.UniqueConstraint(fields=("office", "slug"), name="agency_unique_slug"),
        ),
    ]
