"""Each plan belongs to an office: the plans of a database from before (and their history) are the first
office's, and a month has one working copy and one issued plan per office."""

import django.db.models.deletion
from django.db import migrations, models

import agenda.offices

HELP = "Mỗi cơ quan có chương trình, sổ văn bản đi và số thứ tự của riêng mình."


def plans_to_the_first_office(apps, schema_editor):
    Office = apps.get_model("agenda", "Office")
    MonthlyPlan = apps.get_model("agenda", "MonthlyPlan")
    HistoricalMonthlyPlan = apps.get_model("agenda", "HistoricalMonthlyPlan")
    if not MonthlyPlan.objects.exists():
        return
    first = Office.objects.order_by("pk").first()
    if first is None:  # plans written before the Office row was ever read: the row its first reading makes
        first = Office.objects.create(pk=1, slug="van-phong")
    MonthlyPlan.objects.update(office=first)
    HistoricalMonthlyPlan.objects.update(office=first)


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0010_offices"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="monthlyplan", name="plan_one_published_per_month"),
        migrations.RemoveConstraint(model_name="monthlyplan", name="plan_one_working_copy_per_month"),
        migrations.AddField(
            model_name="historicalmonthlyplan",
            name="office",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=HELP,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="agenda.office",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.AddField(
            model_name="monthlyplan",
            name="office",
            field=models.ForeignKey(
                null=True,
                help_text=HELP,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="plans",
                to="agenda.office",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.RunPython(plans_to_the_first_office, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="monthlyplan",
            name="office",
            field=models.ForeignKey(
                help_text=HELP,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="plans",
                to="agenda.office",
                verbose_name="cơ quan ban hành",
            ),
        ),
        # The default only after the columns are filled and NOT NULL: the schema editor calls a default when it
        # fills a column, and this one reads the Office model as the code has it, not as this migration does.
        migrations.AlterField(
            model_name="monthlyplan",
            name="office",
            field=models.ForeignKey(
                default=agenda.offices.first_office_pk,
                help_text=HELP,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="plans",
                to="agenda.office",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.AlterField(
            model_name="historicalmonthlyplan",
            name="office",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                default=agenda.offices.first_office_pk,
                help_text=HELP,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="agenda.office",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.AddConstraint(
            model_name="monthlyplan",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "published")),
                fields=("office", "year", "month"),
                name="plan_one_published_per_month",
            ),
        ),
        migrations.AddConstraint(
            model_name="monthlyplan",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["draft", "returned", "review", "signed"])),
                fields=("office", "year", "month"),
                name="plan_one_working_copy_per_month",
            ),
        ),
    ]
