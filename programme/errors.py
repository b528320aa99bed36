"""The refusals of operations on plans: what the programme, issuing and the workspace raise and show, each
with its reason in Vietnamese."""


class PlanError(Exception):
    """An operation on a plan that was refused; the message says why, in Vietnamese."""


class PublishedPlanError(PlanError):
    """The plan, or its month, is already issued."""


class WorkingCopyExistsError(PlanError):
    """The month got its working copy from another request between the check and the insert
    (two clicks on "create" or "amend"): the constraint plan_one_working_copy_per_month refused ours."""
