"""Django forms rendered as NAV's design system Aksel (CSS only, the markup of @navikt/ds-react).

Set ``FORM_RENDERER = "config.form_renderer.AkselFormRenderer"`` (with ``"django.forms"`` in
INSTALLED_APPS, as TemplatesSetting requires) and every ``{{ form }}`` and
``{{ field.as_field_group }}`` comes out as Aksel's TextField, Textarea, Select, Checkbox,
CheckboxGroup or RadioGroup, with the label, description (help_text), error message and the
aria attributes Aksel's React components would render. The templates live in
``templates/forms/``; this module only does what templates cannot:

* ``AkselBoundField`` adds Aksel's classes and aria attributes to the widget's own attributes,
  keeping whatever the view put there (``hx-*``, ``autocomplete``, ``inputmode``, a ``class``),
  and tells the templates which Aksel component a field is.
* ``AkselFormRenderer`` points Django at those templates and swaps in our template for
  ``ClearableFileInput``.

Ids follow Django's conventions, so code and tests that know Django keep working: the input is
``id_<name>``, the description ``id_<name>_helptext``, the error message ``id_<name>_error``, a
fieldset's legend ``id_<name>_legend`` and the options of a group ``id_<name>_0``, ``_1``, ...
"""

from __future__ import annotations

from typing import ClassVar, Literal

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.forms import widgets
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.template.base import Template
from django.template.exceptions import TemplateDoesNotExist

AkselKind = Literal[
    "hidden",
    "text",
    "textarea",
    "select",
    "checkbox",
    "checkbox_group",
    "radio_group",
    "file",
    "other",
]

_BODY_SHORT = "aksel-body-short aksel-body-short--medium"

# The classes Aksel's React components put on the <input>, <textarea> or <select> itself.
INPUT_CLASSES: dict[AkselKind, str] = {
    "text": f"aksel-text-field__input {_BODY_SHORT}",
    "file": f"aksel-text-field__input {_BODY_SHORT} jobbspor-file-input",
    "textarea": f"aksel-textarea__input {_BODY_SHORT}",
    "select": f"aksel-select__input {_BODY_SHORT}",
    "checkbox": "aksel-checkbox__input",
    "checkbox_group": "aksel-checkbox__input",
    "radio_group": "aksel-radio__input",
}

# Checkboxes and radios inside a group: Aksel puts aria-invalid and the description on the
# <fieldset> (aria-invalid, aria-labelledby="legend description") and only the group's error id
# in each input's aria-describedby.
GROUP_KINDS: frozenset[AkselKind] = frozenset({"checkbox_group", "radio_group"})


def aksel_kind(widget: widgets.Widget) -> AkselKind:
    """Which Aksel component renders ``widget``. Order matters: the checks go from subclass to
    base class (CheckboxSelectMultiple is a RadioSelect, FileInput and HiddenInput are Inputs)."""
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, widgets.CheckboxSelectMultiple):
        return "checkbox_group"
    if isinstance(widget, widgets.RadioSelect):
        return "radio_group"
    if isinstance(widget, widgets.CheckboxInput):
        return "checkbox"
    if isinstance(widget, widgets.Textarea):
        return "textarea"
    if isinstance(widget, widgets.Select):  # also SelectMultiple and NullBooleanSelect
        return "select"
    if isinstance(widget, widgets.FileInput):  # also ClearableFileInput
        return "file"
    if isinstance(widget, widgets.Input):  # text, email, number, date, time, password, url, ...
        return "text"
    return "other"  # MultiWidget, SelectDateWidget and custom widgets: rendered as Django does


def _join_tokens(*values: object) -> str:
    """Space-separated ids or classes without blanks or repeats, in the order given."""
    seen: list[str] = []
    for value in values:
        for token in str(value or "").split():
            if token not in seen:
                seen.append(token)
    return " ".join(seen)


class AkselBoundField(BoundField):
    """A BoundField that knows its Aksel component and gives its widget Aksel's attributes."""

    @property
    def aksel_kind(self) -> AkselKind:
        return aksel_kind(self.field.widget)

    @property
    def aksel_template_name(self) -> str:
        kind = self.aksel_kind
        return f"forms/fields/{'choice_group' if kind in GROUP_KINDS else kind}.html"

    @property
    def aksel_has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def aksel_description_id(self) -> str:
        return f"{self.auto_id}_helptext" if self.auto_id and self.help_text else ""

    @property
    def aksel_error_id(self) -> str:
        return f"{self.auto_id}_error" if self.auto_id else ""

    @property
    def aksel_legend_id(self) -> str:
        return f"{self.auto_id}_legend" if self.auto_id else ""

    @property
    def aksel_max_length_id(self) -> str:
        """The screen-reader text "room for N characters" that Aksel's Textarea adds."""
        shown = self.aksel_max_length and not self.aksel_readonly and not self.field.disabled
        return f"{self.auto_id}_maxlength" if self.auto_id and shown else ""

    @property
    def aksel_max_length(self) -> int | None:
        """A textarea's maxlength, which Aksel announces to screen readers."""
        if self.aksel_kind != "textarea":
            return None
        value = self.field.widget.attrs.get("maxlength")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    @property
    def aksel_input_id(self) -> str:
        """Where the error summary's link goes: the input, or a group's first option."""
        if self.aksel_kind in GROUP_KINDS:
            for subwidget in self.subwidgets:
                if subwidget.id_for_label:
                    return str(subwidget.id_for_label)
        return self.id_for_label or self.auto_id or ""

    @property
    def aksel_readonly(self) -> bool:
        """A read-only text field or textarea: Aksel greys it and puts a padlock in the label."""
        return (
            self.aksel_kind in ("text", "textarea")
            and bool(self.field.widget.attrs.get("readonly"))
            and not self.field.disabled
        )

    @property
    def aksel_show_optional(self) -> bool:
        """Aksel marks the optional fields, not the required ones: "Telefon (valgfritt)".

        A form that is all optional (a filter, say) switches this off with
        ``aksel_mark_optional = False`` on the form class.
        """
        return not self.field.required and getattr(self.form, "aksel_mark_optional", True)

    def build_widget_attrs(
        self, attrs: dict[str, str | bool], widget: widgets.Widget | None = None
    ) -> dict[str, str | bool]:
        widget = widget or self.field.widget
        kind = aksel_kind(widget)
        # The view's own aria-describedby comes first, as in Aksel (cl(props["aria-describedby"],
        # description, error)); Django would drop ours when the view sets one.
        own_describedby = attrs.get("aria-describedby") or widget.attrs.get("aria-describedby")
        attrs = super().build_widget_attrs(attrs, widget)
        if kind in ("hidden", "other"):
            return attrs

        error_id = self.aksel_error_id if self.errors else ""
        if kind in GROUP_KINDS:
            attrs.pop("aria-invalid", None)
            describedby = _join_tokens(own_describedby, error_id)
        elif kind == "checkbox":
            describedby = _join_tokens(own_describedby, error_id, self.aksel_description_id)
        else:
            describedby = _join_tokens(
                own_describedby, self.aksel_description_id, error_id, self.aksel_max_length_id
            )
        if describedby:
            attrs["aria-describedby"] = describedby
        else:
            attrs.pop("aria-describedby", None)

        # Widget attrs and these are merged with these winning, so keep the view's class too.
        attrs["class"] = _join_tokens(
            INPUT_CLASSES[kind], widget.attrs.get("class"), attrs.get("class")
        )
        if kind == "radio_group":
            attrs["data-standalone"] = "false"
        return attrs


class AkselFormRenderer(TemplatesSetting):
    """Renders forms with ``templates/forms/`` on top of Django's widget templates.

    Like every TemplatesSetting renderer it looks templates up through settings.TEMPLATES, so
    ``templates/`` can override any of them, and it needs ``"django.forms"`` in INSTALLED_APPS
    to find Django's own (``django/forms/widgets/*.html``, also included by the admin's).
    """

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = AkselBoundField

    # Django widget templates we replace with our own.
    template_overrides: ClassVar[dict[str, str]] = {
        "django/forms/widgets/clearable_file_input.html": "forms/widgets/clearable_file_input.html",
    }

    def get_template(self, template_name: str) -> Template | None:
        try:
            return super().get_template(self.template_overrides.get(template_name, template_name))
        except TemplateDoesNotExist as error:
            if template_name.startswith("django/forms/") and not apps.is_installed("django.forms"):
                raise ImproperlyConfigured(
                    "AkselFormRenderer finds Django's widget templates through settings.TEMPLATES: "
                    'add "django.forms" to INSTALLED_APPS.'
                ) from error
            raise
