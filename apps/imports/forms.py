from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.imports.files import MAX_BYTES
from apps.imports.models import ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What does the file hold?"),
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
        initial=ImportKind.PARTICIPANTS,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (semicolon or comma) or Excel (.xlsx), at most 10 MB."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size is None or upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
