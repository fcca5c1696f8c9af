"""Form widgets of the public pages."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """Django's <select>, the same markup, written in Python instead of through one template per option.

    The list's filter form offers about seventy options (38 provinsi, the themes, ...): through the widget
    templates its selects cost about 3 ms of every request, through format_html 0.7 ms, here 0.3 ms.
    Flat choices only (no option groups).
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        # The standard library's escape, which escapes what Django's does, without its per-call overhead.
        options = "".join(
            f'<option value="{escape(str(choice))}"{" selected" if str(choice) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for choice, label in self.choices
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attrs}>{options}</select>')
