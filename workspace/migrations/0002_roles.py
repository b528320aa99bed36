"""The three workspace roles as Django groups, with their permissions.

- Chuyên viên (editor): prepares drafts and submits them for review.
- Lãnh đạo Văn phòng (approver): what an editor does, plus returning and issuing plans.
- Cán bộ sở, ngành (department user): reads its agency's items and marks their dossiers as sent.
Administrators use the Django admin (superusers); they are not a group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Chuyên viên"
APPROVER = "Lãnh đạo Văn phòng"
DEPARTMENT = "Cán bộ sở, ngành"

EDITOR_PERMISSIONS = [
    ("agenda", "view_agency"),
    ("agenda", "add_monthlyplan"),
    ("agenda", "change_monthlyplan"),
    ("agenda", "view_monthlyplan"),
    ("agenda", "add_prioritytask"),
    ("agenda", "change_prioritytask"),
    ("agenda", "delete_prioritytask"),
    ("agenda", "view_prioritytask"),
    ("meetings", "add_regularsession"),
    ("meetings", "change_regularsession"),
    ("meetings", "delete_regularsession"),
    ("meetings", "view_regularsession"),
    ("meetings", "add_item"),
    ("meetings", "change_item"),
    ("meetings", "delete_item"),
    ("meetings", "view_item"),
    ("meetings", "add_itemagency"),
    ("meetings", "change_itemagency"),
    ("meetings", "delete_itemagency"),
    ("meetings", "view_itemagency"),
    ("meetings", "view_dossiermark"),
]
APPROVER_PERMISSIONS = [*EDITOR_PERMISSIONS, ("agenda", "review_monthlyplan")]
DEPARTMENT_PERMISSIONS = [
    ("meetings", "view_item"),
    ("meetings", "view_dossiermark"),
    ("meetings", "add_dossiermark"),
    ("meetings", "change_dossiermark"),
]
ROLES = {EDITOR: EDITOR_PERMISSIONS, APPROVER: APPROVER_PERMISSIONS, DEPARTMENT: DEPARTMENT_PERMISSIONS}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in codes:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


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
