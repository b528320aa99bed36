"""What the data announces to the layers that show it, without knowing them.

``public_content_changed``: something a public page may show changed. A model save or delete is
announced by Django's own signals; a bulk ``update()`` (which sends none) of rows the public pages show
is announced by :class:`PublicContentQuerySet`, with ``offices``: the pks of the offices whose pages show
them (None: any office's). The public response cache (public.cache) listens.

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
    save does, naming the offices of the rows (one query before the update). ``bulk_update()`` goes through
    ``update()``. ``public_fields``: only a change of these fields counts (None: any). ``office_field``: the
    field naming a row's office."""

    public_fields = None
    office_field = "office"

    def update(self, **kwargs):
        if self.public_fields is not None and not self.public_fields & kwargs.keys():
            return super().update(**kwargs)
        offices = set(self.order_by().values_list(self.office_field, flat=True).distinct())
        rows = super().update(**kwargs)
        if rows:
            public_content_changed.send(sender=self.model, offices=self._moved_to(offices, kwargs))
        return rows

    update.alters_data = True

    def _moved_to(self, offices, kwargs):
        """The offices concerned once rows moved to another office (``office=`` in the update); None when
        the new office is not a plain value (an expression): any office's pages may show them."""
        names = [name for name in (self.office_field, f"{self.office_field}_id") if name in kwargs]
        if not names:
            return sorted(offices)
        target = kwargs[names[0]]
        target = getattr(target, "pk", target)
        return sorted(offices | {target}) if isinstance(target, int) else None
