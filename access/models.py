"""Access keeps no rows of its own: a role is a Django group (access.roles) and a department user's agency
is workspace.AgencyMembership. This module makes access an app with models for Django, so that it hears
post_migrate after a migrate or a flush (access.apps), last, when every app's permissions exist."""
