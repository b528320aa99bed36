"""Roles become memberships of an office. A database from before held them as groups (a role for the one Office)
and a department user's agency as workspace.AgencyMembership: each becomes a membership of the first office."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


#: The groups of the release before, and the role each one was.
GROUP_ROLES = {
    "Chuyên viên": "editor",
    "Lãnh đạo Văn phòng": "approver",
    "Văn thư": "clerk",
    "Cán bộ sở, ngành": "department",
    "Thành viên UBND tỉnh": "member",
}


def groups_to_memberships(apps, schema_editor):
    Office = apps.get_model("agenda", "Office")
    Group = apps.get_model("auth", "Group")
    Membership = apps.get_model("access", "Membership")
    AgencyMembership = apps.get_model("workspace", "AgencyMembership")
    office = Office.objects.order_by("pk").first()
    if office is None:
        return  # no Office was ever read: no one can have worked in it
    agencies = dict(AgencyMembership.objects.values_list("user_id", "agency_id"))
    rows = []
    for group in Group.objects.filter(name__in=GROUP_ROLES).prefetch_related("user_set"):
        role = GROUP_ROLES[group.name]
        for user in group.user_set.all():
            if role == "department" and user.pk not in agencies:
                continue  # a department user without an agency held no role before either
            agency_id = agencies[user.pk] if role == "department" else None
            rows.append(Membership(user=user, office=office, role=role, agency_id=agency_id))
    Membership.objects.bulk_create(rows)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('agenda', '0012_agency_office'),
        ('workspace', '0002_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('editor', 'Chuyên viên'), ('approver', 'Lãnh đạo'), ('clerk', 'Văn thư'), ('department', 'Cán bộ cơ quan, đơn vị'), ('member', 'Thành viên Ủy ban nhân dân'), ('office_admin', 'Quản trị đơn vị')], max_length=20, verbose_name='vai trò')),
                ('agency', models.ForeignKey(blank=True, help_text='Chỉ với cán bộ cơ quan, đơn vị: cơ quan mà người này theo dõi nội dung và gửi hồ sơ.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='agenda.agency', verbose_name='cơ quan, đơn vị')),
                ('office', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='agenda.office', verbose_name='cơ quan ban hành')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='tài khoản')),
            ],
            options={
                'verbose_name': 'vai trò trong cơ quan',
                'verbose_name_plural': 'vai trò trong cơ quan',
                'ordering': ['office', 'user__username', 'role'],
                'constraints': [models.UniqueConstraint(fields=('user', 'office', 'role'), name='membership_one_role_once_per_office'), models.CheckConstraint(condition=models.Q(models.Q(('agency__isnull', False), ('role', 'department')), models.Q(models.Q(('role', 'department'), _negated=True), ('agency__isnull', True)), _connector='OR'), name='membership_agency_for_department_only', violation_error_message='Cán bộ cơ quan, đơn vị cần có cơ quan; các vai trò khác thì không.')],
            },
        ),
        migrations.RunPython(groups_to_memberships, migrations.RunPython.noop),
    ]
