"""Keep ``Item.search_text`` in step with item titles and agency names.

Items get their text on save; a change of agencies (ItemAgency saved or deleted) or of an
agency's names refreshes the items concerned. ``bulk_create`` sends no signal: the code that
creates ItemAgency rows in bulk (Item.set_agencies, load_plan, copy_plan) refreshes after it.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from agenda.models import Agency
from meetings import search
from meetings.models import Item, ItemAgency


@receiver(pre_save, sender=Item, dispatch_uid="item_search_text_on_save")
def item_search_text_on_save(sender, instance, raw, **kwargs):
    if raw or instance._state.adding:
        agencies = []
    else:
        agencies = [link.agency for link in ItemAgency.objects.filter(item_id=instance.pk).select_related("agency")]
    instance.search_text = search.search_text(Item.clean_title(instance.title), agencies)


@receiver(post_save, sender=Item, dispatch_uid="item_search_text_partial_save")
def item_search_text_partial_save(sender, instance, raw, update_fields, **kwargs):
    if not raw and update_fields is not None and "search_text" not in update_fields:
        Item.objects.filter(pk=instance.pk).update(search_text=instance.search_text)


@receiver(post_save, sender=ItemAgency, dispatch_uid="item_agency_saved")
@receiver(post_delete, sender=ItemAgency, dispatch_uid="item_agency_deleted")
def item_agency_changed(sender, instance, **kwargs):
    search.refresh(Item.objects.filter(pk=instance.item_id))


@receiver(post_save, sender=Agency, dispatch_uid="agency_saved")
def agency_saved(sender, instance, raw, created, **kwargs):
    if not raw and not created:
        search.refresh(Item.objects.filter(assignments__agency=instance))
