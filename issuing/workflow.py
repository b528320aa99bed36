"""The issuing steps as the services take them (submit, return, sign, seal), under the plan's row lock.

Who may take a step and which states it leaves are access's one table (``access.rights``: RIGHTS and
STEPS), which the workspace asks too, so the workspace, the admin and the commands all answer the same
question the same way. ``user=None`` stands for the system itself: a management command run by someone
who holds the server.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from access.permissions import has_right
from access.rights import STEPS
from programme.errors import PlanError


class StepRefused(PlanError):
    """The plan is not in a state this step leaves."""


def check(user, plan, step):
    """Raise PermissionDenied (no right) or :class:`StepRefused` (wrong state), else return the step."""
    if not has_right(user, f"plan.{step}", plan.office_id):
        raise PermissionDenied(_("Tài khoản không có quyền thực hiện thao tác này."))
    if not STEPS[step].applies_to(plan):
        raise StepRefused(str(STEPS[step].refusal))
    return STEPS[step]
