"""The workspace roles, and the Django groups that carry each role's model permissions for the admin.

A role is held in an office (access.models.Membership); the groups only open the admin's pages, and a
user is kept in the group of every role they hold in some office (sync_groups, on every membership's save
and delete). The data migration workspace/0002_roles creates the groups; the post_migrate handler below
keeps them in place after a database flush (Django's transactional tests) and adds permissions a later
version grants. What each role may do is access.rights' table; access.permissions asks it.
"""

EDITOR = "editor"
APPROVER = "approver"
CLERK = "clerk"
DEPARTMENT = "department"
MEMBER = "member"  # thành viên UBND tỉnh: reads the session packets (dossiers.permissions)
OFFICE_ADMIN = "office_admin"  # quản trị đơn vị: its own office's people, agencies and settings

#: The roles as grant_role names them (USERNAME OFFICE ROLE), in the issue's words.
ROLE_SLUGS = {
    "chuyen-vien": EDITOR,
    "lanh-dao": APPROVER,
    "van-thu": CLERK,
    "can-bo": DEPARTMENT,
    "thanh-vien": MEMBER,
    "quan-tri": OFFICE_ADMIN,
}

#: The order access.permissions.role_of tries a user's roles in: an approver holds the editor's rights too,
#: and acts as an approver.
ROLE_ORDER = (APPROVER, EDITOR, CLERK, DEPARTMENT, MEMBER, OFFICE_ADMIN)

EDITOR_GROUP = "Chuyên viên"
APPROVER_GROUP = "Lãnh đạo Văn phòng"
DEPARTMENT_GROUP = "Cán bộ sở, ngành"
CLERK_GROUP = "Văn thư"
MEMBER_GROUP = "Thành viên UBND tỉnh"

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
# The văn thư applies the Office's signature and seal to what an approver signed (Nghị định 30, Điều 32.2).
CLERK_PERMISSIONS = [
    ("agenda", "view_agency"),
    ("agenda", "view_monthlyplan"),
    ("meetings", "view_item"),
    ("issuing", "view_revision"),
    ("issuing", "seal_revision"),
]
DEPARTMENT_PERMISSIONS = [
    ("meetings", "view_item"),
    ("meetings", "view_dossiermark"),
    ("meetings", "add_dossiermark"),
    ("meetings", "change_dossiermark"),
]
# Members of the Committee read each session's documents (dossiers.packet) and nothing else.
MEMBER_PERMISSIONS = [("dossiers", "download_session_packet")]
ROLES = {
    EDITOR_GROUP: EDITOR_PERMISSIONS,
    APPROVER_GROUP: APPROVER_PERMISSIONS,
    DEPARTMENT_GROUP: DEPARTMENT_PERMISSIONS,
    CLERK_GROUP: CLERK_PERMISSIONS,
    MEMBER_GROUP: MEMBER_PERMISSIONS,
}
#: The group that carries each role's admin permissions (the office's administrator works in the workspace).
ROLE_GROUPS = {
    EDITOR: EDITOR_GROUP,
    APPROVER: APPROVER_GROUP,
    CLERK: CLERK_GROUP,
    DEPARTMENT: DEPARTMENT_GROUP,
    MEMBER: MEMBER_GROUP,
}


def ensure_roles(group_model, permission_model):
    """Create the groups and give them their permissions (idempotent; works with migration models)."""
    for name, codes in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=name)
        for app_label, codename in codes:
            permission = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)


def ensure_roles_after_migrate(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    ensure_roles(Group, Permission)


def sync_groups(user):
    """Keep ``user`` in the groups of the roles they hold in some office, and in no other role's group."""
    from django.contrib.auth.models import Group

    from access.models import Membership

    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    wanted = {ROLE_GROUPS[role] for role in held if role in ROLE_GROUPS}
    groups = {group.name: group for group in Group.objects.filter(name__in=ROLES)}
    user.groups.remove(*[group for name, group in groups.items() if name not in wanted])
    user.groups.add(*[group for name, group in groups.items() if name in wanted])
