from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.search import query_words


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm nội dung"),
        max_length=200,
        help_text=_("Gõ có dấu hoặc không dấu, ví dụ: phong chong ma tuy."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    trang = forms.IntegerField(label=_("Trang"), min_value=1, required=False, widget=forms.HiddenInput)

    def clean_q(self):
        query = self.cleaned_data["q"]
        if not query_words(query):
            raise forms.ValidationError(_("Hãy nhập ít nhất một chữ hoặc số để tìm."))
        return query


class AgencyYearForm(forms.Form):
    """?nam=2024 on an agency's page: that year of its history instead of what is upcoming and recent."""

    nam = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100, required=False)
