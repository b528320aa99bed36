"""The states a programme goes through to be issued, and who may move it along.

working draft → submitted (chờ duyệt) → returned with comments → … → signed by the approver
(đã ký, chờ phát hành) → issued → superseded (by an amendment). This table is the only place
that says which step leaves which state for which, and which permission it takes; the services
(``issuing.services``) enforce it and the workspace asks it which buttons to show.

Rights come from the roles' Django permissions (``access.roles`` grants them), so the
workspace, the admin and the commands all answer the same question the same way. ``user=None``
stands for the system itself: a management command run by someone who holds the server.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda.models import MonthlyPlan
from programme.errors import PlanError

Status = MonthlyPlan.Status


@dataclass(frozen=True)
class Step:
    sources: tuple
    target: str
    permission: str
    refusal: object  # the message when the plan is in another state (lazy: read in the user's language)


STEPS = {
    "submit": Step(
        (Status.DRAFT, Status.RETURNED),
        Status.IN_REVIEW,
        "agenda.change_monthlyplan",
        gettext_lazy("Chỉ gửi duyệt được chương trình đang là dự thảo hoặc đã được trả lại."),
    ),
    "return": Step(
        (Status.IN_REVIEW, Status.SIGNED),
        Status.RETURNED,
        "agenda.review_monthlyplan",
        gettext_lazy("Chỉ trả lại được chương trình đang chờ duyệt hoặc đã ký mà chưa phát hành."),
    ),
    "sign": Step(
        (Status.IN_REVIEW,),
        Status.SIGNED,
        "agenda.review_monthlyplan",
        gettext_lazy("Chỉ ký được chương trình đã được gửi duyệt."),
    ),
    "seal": Step(
        (Status.SIGNED,),
        Status.PUBLISHED,
        "issuing.seal_revision",
        gettext_lazy("Chỉ đóng dấu, phát hành được chương trình đã được lãnh đạo ký."),
    ),
}


class StepRefused(PlanError):
    """The plan is not in a state this step leaves."""


def has_right(user, step):
    return user is None or (user.is_active and user.has_perm(STEPS[step].permission))


def in_state_for(plan, step):
    return plan.status in STEPS[step].sources


def allowed(user, plan, step):
    """Whether ``user`` may take ``step`` on ``plan`` now (its state and their rights)."""
    return has_right(user, step) and in_state_for(plan, step)


def check(user, plan, step):
    """Raise PermissionDenied (no right) or :class:`StepRefused` (wrong state), else return the step."""
    if not has_right(user, step):
        raise PermissionDenied(_("Tài khoản không có quyền thực hiện thao tác này."))
    if not in_state_for(plan, step):
        raise StepRefused(str(STEPS[step].refusal))
    return STEPS[step]
