"""Form guards: a later save never silently wipes an earlier one; a form sent twice saves once."""

import uuid

from django import forms
from django.core.cache import cache
from django.db import connection
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "edit_version"
TOKEN_FIELD = "submission_token"
# How long a used token is remembered: longer than anyone keeps a form open and sends it again.
TOKEN_MEMORY_SECONDS = 60 * 60 * 24


class ConcurrentEditForm(forms.Form):
    """Mixin for a ModelForm: remembers the row's `updated_at` when the form was opened.

    On save, the value the browser sends back must still be the stored one; otherwise someone
    else saved the entry in between and this form is refused with a message (nothing is
    overwritten). Use it first in the bases: `class InnovationForm(ConcurrentEditForm, forms.ModelForm)`.
    A form posted without the hidden field (an add form, an old page) is not checked.
    """

    concurrency_field = "updated_at"
    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial[VERSION_FIELD] = self.stored_version()

    def stored_version(self, lock=False):
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if lock and connection.in_atomic_block:
            # Held until the admin's transaction commits, so no save can slip in after the check.
            rows = rows.select_for_update()
        value = rows.values_list(self.concurrency_field, flat=True).first()
        return value.isoformat() if hasattr(value, "isoformat") else str(value)

    def clean(self):
        cleaned_data = super().clean()
        seen = cleaned_data.get(VERSION_FIELD)
        if self.instance.pk and seen:
            stored = self.stored_version(lock=True)
            if seen != stored:
                saved_at = getattr(type(self.instance)._default_manager.filter(pk=self.instance.pk).first(),
                                   self.concurrency_field, None)
                when = formats.date_format(timezone.localtime(saved_at), "j F Y H.i") if saved_at else ""
                raise forms.ValidationError(
                    _("Data ini sudah diubah dan disimpan orang lain (%(when)s) sejak Anda membukanya. "
                      "Isian Anda belum disimpan agar perubahan mereka tidak terhapus: salin isian Anda, "
                      "muat ulang halaman, lalu terapkan kembali."),
                    code="concurrent_edit", params={"when": when},
                )
        return cleaned_data


class SubmitOnceForm(forms.Form):
    """Mixin for an add form: the same rendered form, sent twice (double click, reload), saves once.

    Each rendering carries a fresh random token; the first valid submission claims it in the
    shared cache (`cache.add` is atomic, in Redis too), a second one with the same token is
    refused with a message instead of creating a duplicate row. A form without a token is not checked.
    """

    submission_token = forms.CharField(widget=forms.HiddenInput, required=False, initial=lambda: uuid.uuid4().hex)

    def _post_clean(self):
        super()._post_clean()
        token = self.cleaned_data.get(TOKEN_FIELD)
        if token and not self.errors and not cache.add(f"form-submitted:{token}", True, TOKEN_MEMORY_SECONDS):
            self.add_error(None, forms.ValidationError(
                _("Formulir ini sudah dikirim dan disimpan sebelumnya; pengiriman kedua diabaikan agar tidak "
                  "ada data ganda. Periksa daftar untuk melihat data yang sudah tersimpan."),
                code="duplicate_submission",
            ))


class FormGuardAdminMixin:
    """ModelAdmin mixin that renders the hidden fields of the guards above in its fieldsets."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = {name for _, options in fieldsets for line in options.get("fields", ())
                 for name in (line if isinstance(line, list | tuple) else [line])}
        form_fields = self.form.base_fields
        wanted = [name for name in (VERSION_FIELD if obj else TOKEN_FIELD,)
                  if name in form_fields and name not in names]
        if not wanted:
            return fieldsets
        first_name, first_options = fieldsets[0]
        return [(first_name, {**first_options, "fields": [*first_options["fields"], *wanted]}), *fieldsets[1:]]
