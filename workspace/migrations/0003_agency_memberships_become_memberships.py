"""A department user's agency is a membership of an office now (access/0001_memberships copied every row)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0002_roles'),
        ('access', '0001_memberships'),
    ]

    operations = [
        migrations.DeleteModel(
            name='AgencyMembership',
        ),
    ]
