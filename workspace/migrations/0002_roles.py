"""The three workspace roles as Django groups, with their permissions (see access.roles).

- Chuyên viên (editor): prepares drafts and submits them for review.
- Lãnh đạo Văn phòng (approver): what an editor does, plus returning and issuing plans.
- Cán bộ sở, ngành (department user): reads its agency's items and marks their dossiers as sent.
Administrators use the Django admin (superusers); they are not a group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from access.roles import ROLES, ensure_roles


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0001_agency_membership"),
        ("agenda", "0003_review_fields_and_history"),
        ("meetings", "0003_item_status_dossier_marks_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
