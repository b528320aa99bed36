"""What issuing tells the rest of the app, once the transaction that did it has committed.

The workspace connects its notices (e-mails to departments and editors) to these, so every
path that issues or returns a plan (workspace, admin, command) sends the same notices.
"""

from django.dispatch import Signal

#: A plan was issued (sealed): ``plan``, ``revision``.
plan_issued = Signal()
#: A plan was returned to the editors: ``plan``, ``user`` (who returned it, None for the system).
plan_returned = Signal()
