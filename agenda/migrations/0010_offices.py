"""Offices become many: each has a slug, an electronic code, a level and an optional parent office. The
existing row (the installation's own Office) keeps everything and gets its slug from its place name."""

import unicodedata

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify

from ubnd_schedule.postgresql import reset_sequences


def vn_slugify(text, max_length):
    """As agenda.text.vn_slugify was when this migration was written (kept here: a migration must not move)."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return slugify(text)[:max_length].strip("-")


def give_slugs(apps, schema_editor):
    Office = apps.get_model("agenda", "Office")
    taken = set()
    for office in Office.objects.order_by("pk"):
        base = vn_slugify(office.place or office.parent_body, max_length=44) or "van-phong"
        slug, counter = base, 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        taken.add(slug)
        office.slug = slug
        office.save(update_fields=["slug"])
    # The first office was written with its pk (1): the sequence must move past it before a second is made.
    reset_sequences(schema_editor.connection, [Office])


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0009_prioritytask_search_text"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="office", name="office_single_row"),
        migrations.AddField(
            model_name="office",
            name="slug",
            field=models.SlugField(db_index=False, max_length=50, null=True, verbose_name="đường dẫn"),
        ),
        migrations.RunPython(give_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="office",
            name="slug",
            field=models.SlugField(
                help_text="Phần địa chỉ trang của cơ quan, chữ thường không dấu, ví dụ: bac-giang, xa-tan-yen.",
                max_length=50,
                unique=True,
                verbose_name="đường dẫn",
            ),
        ),
        migrations.AddField(
            model_name="office",
            name="code",
            field=models.CharField(
                blank=True,
                default="",
                help_text="Theo Quyết định 20/2020/QĐ-TTg, ví dụ 000.00.31.H06.",
                max_length=35,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[0-9A-Z]+(\\.[0-9A-Z]+)*$",
                        "Mã định danh gồm chữ số, chữ in hoa không dấu và dấu chấm giữa các nhóm, ví dụ 000.00.31.H06.",
                        code="office_code",
                    )
                ],
                verbose_name="mã định danh điện tử",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="office",
            name="level",
            field=models.CharField(
                choices=[("tinh", "Cấp tỉnh"), ("so", "Sở, ngành"), ("xa", "Cấp xã")],
                default="tinh",
                max_length=4,
                verbose_name="cấp",
            ),
        ),
        migrations.AddField(
            model_name="office",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="Tỉnh của một sở, ngành hoặc một xã.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="agenda.office",
                verbose_name="cơ quan cấp trên",
            ),
        ),
        migrations.AddConstraint(
            model_name="office",
            constraint=models.UniqueConstraint(
                condition=models.Q(("code", ""), _negated=True),
                fields=("code",),
                name="office_code_unique",
                violation_error_message="Đã có cơ quan khác dùng mã định danh này.",
            ),
        ),
        migrations.AddConstraint(
            model_name="office",
            constraint=models.CheckConstraint(
                condition=models.Q(("code", ""), ("code__regex", "^[0-9A-Z]+(\\.[0-9A-Z]+)*$"), _connector="OR"),
                name="office_code_format",
                violation_error_message=(
                    "Mã định danh gồm chữ số, chữ in hoa không dấu và dấu chấm giữa các nhóm, ví dụ 000.00.31.H06."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="office",
            constraint=models.CheckConstraint(
                condition=models.Q(("parent", models.F("pk")), _negated=True),
                name="office_not_its_own_parent",
                violation_error_message="Cơ quan cấp trên không được là chính nó.",
            ),
        ),
    ]
