"""What the data announces to the layers that show it, without knowing them.

``public_content_changed``: something a public page may show changed. A model save or delete is
announced by Django's own signals; a bulk ``update()`` (which sends none) of rows the public pages show
is announced by :class:`PublicContentQuerySet`. The public response cache (public.cache) listens.

``agency_names_written``: an agency's names were written; meetings keeps its items' search text with them.
"""

from django.db import models
from django.dispatch import Signal

public_content_changed = Signal()

#: The names of existing agencies were written (``pks``: theirs), by a save or a bulk update: they may have
#: changed. Other rows hold them in derived text (meetings: the search text of the items they prepare).
agency_names_written = Signal()


class PublicContentQuerySet(models.QuerySet):
    """Rows public pages show: a bulk ``update()`` announces a change (``public_content_changed``), as a
    save does. ``bulk_update()`` goes through ``update()``. ``public_fields``: only a change of these fields
    counts (None: any)."""

    public_fields = None

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows and (self.public_fields is None or self.public_fields & kwargs.keys()):
            public_content_changed.send(sender=self.model)
        return rows
