from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    """Roles and rights (no models): the groups each role is, and the one table of who may do what,
    which the workspace, the admin, the public draft link and the services all ask."""

    name = "access"
    verbose_name = _("Vai trò và quyền")

    def ready(self):
        from access.roles import ensure_roles_after_migrate

        post_migrate.connect(ensure_roles_after_migrate, sender=self, dispatch_uid="workspace_roles")
