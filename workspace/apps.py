from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workspace"
    verbose_name = _("Không gian làm việc của Văn phòng")

    def ready(self):
        from issuing import signals
        from workspace import notifications
        from workspace.roles import ensure_roles_after_migrate

        post_migrate.connect(ensure_roles_after_migrate, sender=self, dispatch_uid="workspace_roles")
        signals.plan_issued.connect(notifications.on_plan_issued, dispatch_uid="workspace_plan_issued")
        signals.plan_returned.connect(notifications.on_plan_returned, dispatch_uid="workspace_plan_returned")
