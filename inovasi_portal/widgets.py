"""Form widgets of the public pages."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """Django's <select>, the same markup, written in Python instead of through one template per option.

    The list's filter form offers about a hundred options (38 provinsi, the themes, years, ...):
    through the widget templates they cost about 3 ms of every request, here about 0.3 ms.
    Flat choices only (no option groups).
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (choice, mark_safe(" selected") if str(choice) in chosen else "", label)
            for choice, label in self.choices
        ))
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)),
                           options)
