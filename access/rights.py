"""The one table of who may do what: every action the workspace, the admin, the public draft link and the
issuing services ask about, with the roles that may take it; and the issuing steps' states (which states each
step leaves, the state it enters, and what a plan in another state is told). access.permissions asks it."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from access.roles import APPROVER, CLERK, DEPARTMENT, EDITOR, MEMBER, OFFICE_ADMIN
from agenda.models import MonthlyPlan

OFFICE_ROLES = (EDITOR, APPROVER)
STAFF_ROLES = (EDITOR, APPROVER, CLERK)

#: Each action and the roles that may take it (access.permissions: has_right, require_right, can, the loaders).
#: An action missing here is an error (KeyError), never an allow. The plan's state is the other half of a plan
#: action: access.permissions.can for editing and amending, STEPS below for the issuing steps.
RIGHTS = {
    # a month's plan: the workspace (get_plan_for_user), the admin of plans, items and sessions, the draft PDF
    "plan.view": STAFF_ROLES,
    "plan.create": OFFICE_ROLES,  # next month's plan, from the last one or from an imported file
    "plan.edit": OFFICE_ROLES,
    "plan.edit_in_review": (APPROVER,),  # the approver corrects what they review, before signing
    "plan.amend": OFFICE_ROLES,
    # the issuing steps: the workspace's buttons and views, and issuing.services on every path
    "plan.submit": OFFICE_ROLES,
    "plan.return": (APPROVER,),
    "plan.sign": (APPROVER,),
    "plan.seal": (CLERK,),  # the văn thư (Nghị định 30, Điều 32.2)
    # one item of a plan (get_item_for_user): its status, and its dossier's mark by the agency's department
    "item.status": OFFICE_ROLES,
    "item.dossier": (DEPARTMENT,),
    # dossiers and the session packets (dossiers.permissions); the loaders narrow a department to its agency's
    "dossier.page": (*OFFICE_ROLES, DEPARTMENT),  # a department's own page; the Office's goes to the overview
    "dossier.overview": OFFICE_ROLES,  # every item's dossier, month by month
    "dossier.upload": (DEPARTMENT,),
    "dossier.file": (*OFFICE_ROLES, DEPARTMENT, MEMBER),
    "session.packet": (EDITOR, APPROVER, MEMBER),
    # proposals (proposals.permissions)
    "proposal.edit": (DEPARTMENT,),
    "proposal.decide": OFFICE_ROLES,  # the month's inbox: accept, defer, decline
    "proposal.letter": (*OFFICE_ROLES, DEPARTMENT),
    # the agencies: the pickers' search (the list is public), adding one while editing
    "agency.search": (*OFFICE_ROLES, DEPARTMENT),
    "agency.add": OFFICE_ROLES,
    # the approver's own signature image (their profile)
    "profile.signature": (APPROVER,),
    # the office's own administration (quản trị đơn vị): its people and their roles, its agencies, its settings
    "office.admin": (OFFICE_ADMIN,),
    # the leaders' weekly schedule (weekly.permissions: the one place that also reads the office's setting
    # letting its editors publish: "week.publish_by_editor" counts only when WeekSettings.editors_may_publish)
    "week.view": (*STAFF_ROLES, OFFICE_ADMIN),
    "week.edit": OFFICE_ROLES,
    "week.publish": (APPROVER,),
    "week.publish_by_editor": (EDITOR,),
    "week.leaders": (*OFFICE_ROLES, OFFICE_ADMIN),
    "week.settings": (APPROVER, OFFICE_ADMIN),  # among them, whether the editors may publish
    # the workspace menu's pages: their views require these roles, and the menu links them only for these
    # (access.permissions.may_open), so no link ends in a 403
    "menu.home": (*STAFF_ROLES, DEPARTMENT, MEMBER, OFFICE_ADMIN),  # each role lands on its own first page
    "menu.issue_queue": STAFF_ROLES,
    "menu.profile": (*STAFF_ROLES, DEPARTMENT, MEMBER, OFFICE_ADMIN),
    "menu.office_admin": (OFFICE_ADMIN,),
    "menu.weeks": (*STAFF_ROLES, OFFICE_ADMIN),
}

Status = MonthlyPlan.Status


@dataclass(frozen=True)
class Step:
    """An issuing step: the states it leaves, the state it enters, and the refusal of a plan in another state."""

    sources: tuple
    target: str
    refusal: object  # lazy: read in the user's language

    def applies_to(self, plan):
        """Whether ``plan`` is in a state this step leaves."""
        return plan.status in self.sources


#: working draft → submitted (chờ duyệt) → returned with comments → … → signed by the approver (đã ký, chờ
#: phát hành) → issued → superseded (by an amendment). Who may take each step is RIGHTS["plan.<step>"].
STEPS = {
    "submit": Step(
        (Status.DRAFT, Status.RETURNED),
        Status.IN_REVIEW,
        gettext_lazy("Chỉ gửi duyệt được chương trình đang là dự thảo hoặc đã được trả lại."),
    ),
    "return": Step(
        (Status.IN_REVIEW, Status.SIGNED),
        Status.RETURNED,
        gettext_lazy("Chỉ trả lại được chương trình đang chờ duyệt hoặc đã ký mà chưa phát hành."),
    ),
    "sign": Step(
        (Status.IN_REVIEW,),
        Status.SIGNED,
        gettext_lazy("Chỉ ký được chương trình đã được gửi duyệt."),
    ),
    "seal": Step(
        (Status.SIGNED,),
        Status.PUBLISHED,
        gettext_lazy("Chỉ đóng dấu, phát hành được chương trình đã được lãnh đạo ký."),
    ),
}
