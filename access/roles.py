"""The workspace roles as Django groups and the permissions each group holds.

The data migration workspace/0002_roles creates them; the post_migrate handler below keeps them
in place after a database flush (Django's transactional tests) and adds permissions a later
version grants. What each role may do is access.rights' table; access.permissions asks it.
"""

EDITOR = "editor"
APPROVER = "approver"
CLERK = "clerk"
DEPARTMENT = "department"
MEMBER = "member"  # thành viên UBND tỉnh: reads the session packets (dossiers.permissions)

#: The permission that makes a user hold each role (a department user also needs an agency), in the order
#: access.permissions.role_of tries them: an approver's group holds the editor's permissions too, and acts
#: as an approver. Several roles' permissions (a superuser holds every one) give each of those roles' rights.
ROLE_PERMISSIONS = {
    APPROVER: "agenda.review_monthlyplan",
    EDITOR: "agenda.change_monthlyplan",
    CLERK: "issuing.seal_revision",
    DEPARTMENT: "meetings.change_dossiermark",
    MEMBER: "dossiers.download_session_packet",
}

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
