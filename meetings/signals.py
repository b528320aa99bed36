"""What meetings keeps of what agenda announces (agenda.signals): an agency's names are words of the search
text of the items it prepares (meetings.search), written again with the names."""

from django.dispatch import receiver

from agenda.signals import agency_names_written
from meetings.models import Item, ItemAgency


@receiver(agency_names_written, dispatch_uid="items_search_text_on_agency_names")
def refresh_items_of_agencies(sender, pks, **kwargs):
    Item.objects.filter(pk__in=ItemAgency.objects.filter(agency__in=pks).values("item")).refresh_search_text()
