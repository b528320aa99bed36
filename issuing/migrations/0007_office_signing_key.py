"""Where an office's own seal key is when it is on a PKCS#11 token: the labels an administrator sets per office."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0012_agency_office"),
        ("issuing", "0006_revision_office"),
    ]

    operations = [
        migrations.CreateModel(
            name="OfficeSigningKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "pkcs11_token_label",
                    models.CharField(
                        blank=True,
                        help_text="Để trống: thiết bị đầu tiên.",
                        max_length=100,
                        verbose_name="nhãn thiết bị ký số (token)",
                    ),
                ),
                (
                    "pkcs11_key_label",
                    models.CharField(
                        blank=True,
                        help_text="Nhãn khóa và chứng thư của cơ quan trên thiết bị PKCS#11; để trống: dùng tệp khóa PKCS#12.",
                        max_length=100,
                        verbose_name="nhãn khóa ký số của cơ quan",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="ngày sửa")),
                (
                    "office",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="signing_key",
                        to="agenda.office",
                        verbose_name="cơ quan ban hành",
                    ),
                ),
            ],
            options={
                "verbose_name": "khóa ký số của cơ quan",
                "verbose_name_plural": "khóa ký số của cơ quan",
                "ordering": ["office"],
            },
        ),
    ]
