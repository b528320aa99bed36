"""The decorators every workspace view starts with (workspace, dossiers, proposals): signed in (else the
workspace's login page), and, for one office's pages, that office loaded from the URL."""

from django.contrib.auth.decorators import login_required

from agenda.offices import office_view

workspace_login_required = login_required(login_url="workspace:login")


def office_workspace(view):
    """A view of one office's workspace: signed in, the office loaded from the URL (``office=``, request.office).
    What the user may do there is asked of access.permissions by the view itself."""
    return workspace_login_required(office_view(view))
