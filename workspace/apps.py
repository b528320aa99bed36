from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workspace"
    verbose_name = _("Không gian làm việc của Văn phòng")

    def ready(self):
        from issuing import signals
        from workspace import notifications

        signals.plan_issued.connect(notifications.on_plan_issued, dispatch_uid="workspace_plan_issued")
        signals.plan_returned.connect(notifications.on_plan_returned, dispatch_uid="workspace_plan_returned")
