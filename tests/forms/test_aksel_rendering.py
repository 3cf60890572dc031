"""Django forms rendered as Aksel markup by config.form_renderer.AkselFormRenderer.

The markup is the one @navikt/ds-react 8.16 renders (form/textfield/TextField.js and friends),
with Django's ids: id_<name>, id_<name>_helptext, id_<name>_error. Every test parses the HTML.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.template import engines
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Node | str] = []

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def ids(self, attr: str) -> list[str]:
        return (self.attrs.get(attr) or "").split()

    def iter(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Descendants with the tag and, for each keyword, the attribute value (class_ matches
        one class, names use _ for -)."""
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            ok = True
            for name, value in attrs.items():
                if name == "class_":
                    ok = ok and value in node.classes
                else:
                    ok = ok and node.attrs.get(name.replace("_", "-")) == value
            if ok:
                found.append(node)
        return found

    def find(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {found}"
        return found[0]

    def by_id(self, id_: str) -> Node:
        return self.find(id=id_)

    @property
    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return " ".join("".join(parts).split())


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID_ELEMENTS:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_ELEMENTS:
            return
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None, f"</{tag}> closes nothing"
        assert node.parent is not None, "the root is never closed"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(str(html))
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> is never closed"
    return builder.root


@pytest.fixture(autouse=True, scope="module")
def aksel_renderer() -> Iterator[None]:
    """The settings config/settings/base.py is to have (TemplatesSetting needs django.forms)."""
    installed_apps = [*django_settings.INSTALLED_APPS, "django.forms"]
    with override_settings(
        FORM_RENDERER="config.form_renderer.AkselFormRenderer",
        INSTALLED_APPS=list(dict.fromkeys(installed_apps)),
    ):
        yield


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The assertions on text must not depend on the bokmål translations."""
    with translation.override("en"):
        yield


CHOICES = [("work", "Work training"), ("wage", "Wage subsidy"), ("mentor", "Mentor")]

TEXT_LIKE_WIDGETS = [
    pytest.param(forms.TextInput(), "text", id="TextInput"),
    pytest.param(forms.EmailInput(), "email", id="EmailInput"),
    pytest.param(forms.NumberInput(), "number", id="NumberInput"),
    pytest.param(forms.DateInput(attrs={"type": "date"}), "date", id="DateInput"),
    pytest.param(
        forms.DateTimeInput(attrs={"type": "datetime-local"}), "datetime-local", id="DateTimeInput"
    ),
    pytest.param(forms.TimeInput(attrs={"type": "time"}), "time", id="TimeInput"),
    pytest.param(forms.PasswordInput(), "password", id="PasswordInput"),
    pytest.param(forms.URLInput(), "url", id="URLInput"),
    pytest.param(forms.TextInput(attrs={"type": "tel"}), "tel", id="tel"),
]


def one_field_form(field: forms.Field, *, data: dict[str, Any] | None = None) -> forms.Form:
    """A form with the single field ``thing``, bound to ``data`` if given and then validated."""
    form_class = type("OneFieldForm", (forms.Form,), {"thing": field})
    form: forms.Form = form_class(data=data) if data is not None else form_class()
    if data is not None:
        form.is_valid()
    return form


def invalid(form: forms.Form) -> forms.Form:
    form.add_error("thing", "Something is wrong here.")
    return form


def bound(field: forms.Field) -> forms.Form:
    """A bound form whose only field has the error "Something is wrong here."."""
    form = one_field_form(field, data={"thing": ""})
    form.errors.clear()
    return invalid(form)


# --- Text-like inputs -----------------------------------------------------------------------


@pytest.mark.parametrize(("widget", "input_type"), TEXT_LIKE_WIDGETS)
def test_a_text_like_input_is_an_aksel_text_field_labelled_and_described(
    widget: forms.Widget, input_type: str
) -> None:
    form = one_field_form(forms.CharField(label="Name", help_text="First and last.", widget=widget))
    doc = parse(str(form))

    wrapper = doc.find("div", class_="aksel-form-field")
    assert wrapper.classes == ["aksel-form-field", "aksel-form-field--medium"]
    label = wrapper.find("label")
    field_input = wrapper.find("input")
    assert label.attrs["for"] == field_input.attrs["id"] == "id_thing"
    assert label.classes == ["aksel-form-field__label", "aksel-label"]
    assert label.text == "Name"
    assert field_input.attrs["type"] == input_type
    assert field_input.classes == [
        "aksel-text-field__input",
        "aksel-body-short",
        "aksel-body-short--medium",
    ]
    description = doc.by_id("id_thing_helptext")
    assert "aksel-form-field__description" in description.classes
    assert description.text == "First and last."
    assert field_input.ids("aria-describedby") == ["id_thing_helptext"]
    assert "aria-invalid" not in field_input.attrs
    error = doc.by_id("id_thing_error")
    assert error.classes == ["aksel-form-field__error"]
    assert error.attrs["aria-live"] == "polite"
    assert error.children == [], "an empty error region, so Aksel's :empty rule hides it"


@pytest.mark.parametrize(("widget", "input_type"), TEXT_LIKE_WIDGETS)
def test_a_text_like_input_with_an_error_is_invalid_and_described_by_its_error_message(
    widget: forms.Widget, input_type: str
) -> None:
    form = bound(forms.CharField(label="Name", help_text="First and last.", widget=widget))
    doc = parse(str(form))

    wrapper = doc.find("div", class_="aksel-form-field")
    assert "aksel-text-field--error" in wrapper.classes
    field_input = wrapper.find("input")
    assert field_input.attrs["type"] == input_type
    assert field_input.attrs["aria-invalid"] == "true"
    assert field_input.ids("aria-describedby") == ["id_thing_helptext", "id_thing_error"]
    message = doc.by_id("id_thing_error").find("p")
    assert message.classes == [
        "aksel-error-message",
        "aksel-label",
        "aksel-error-message--show-icon",
    ]
    assert message.text == "Something is wrong here."
    assert message.find("svg").attrs["aria-hidden"] == "true"


def test_the_attributes_a_view_sets_on_a_widget_are_kept() -> None:
    widget = forms.TextInput(
        attrs={
            "hx-post": "/participants/validate/",
            "hx-trigger": "blur changed",
            "hx-target": "#id_thing_error",
            "autocomplete": "tel",
            "inputmode": "numeric",
            "class": "app-narrow",
            "aria-describedby": "page-hint",
        }
    )
    form = bound(forms.CharField(label="Phone", help_text="Eight digits.", widget=widget))
    field_input = parse(str(form)).find("input")

    assert field_input.attrs["hx-post"] == "/participants/validate/"
    assert field_input.attrs["hx-trigger"] == "blur changed"
    assert field_input.attrs["hx-target"] == "#id_thing_error"
    assert field_input.attrs["autocomplete"] == "tel"
    assert field_input.attrs["inputmode"] == "numeric"
    assert field_input.classes == [
        "aksel-text-field__input",
        "aksel-body-short",
        "aksel-body-short--medium",
        "app-narrow",
    ]
    assert field_input.ids("aria-describedby") == [
        "page-hint",
        "id_thing_helptext",
        "id_thing_error",
    ]


def test_a_required_field_has_the_required_attribute_and_no_optional_marker() -> None:
    doc = parse(str(one_field_form(forms.CharField(label="Name"))))

    assert "required" in doc.find("input").attrs
    assert doc.find("label").text == "Name"


def test_an_optional_field_says_so_in_its_label_as_aksel_recommends() -> None:
    doc = parse(str(one_field_form(forms.CharField(label="Phone", required=False))))

    assert "required" not in doc.find("input").attrs
    assert doc.find("label").text == "Phone (optional)"


def test_a_form_can_switch_the_optional_marker_off() -> None:
    class FilterForm(forms.Form):
        aksel_mark_optional = False
        query = forms.CharField(label="Search", required=False)

    assert parse(str(FilterForm())).find("label").text == "Search"


def test_a_read_only_text_field_gets_aksels_read_only_look_and_padlock() -> None:
    widget = forms.TextInput(attrs={"readonly": True})
    doc = parse(str(one_field_form(forms.CharField(label="National id", widget=widget))))

    wrapper = doc.find("div", class_="aksel-form-field")
    assert {"aksel-form-field--readonly", "aksel-text-field--readonly"} <= set(wrapper.classes)
    padlock = doc.find("label").find("svg")
    assert padlock.classes == ["aksel-form-field__readonly-icon"]
    assert padlock.attrs["aria-hidden"] == "true"


def test_a_disabled_field_gets_aksels_disabled_classes() -> None:
    doc = parse(str(one_field_form(forms.CharField(label="Name", disabled=True))))

    wrapper = doc.find("div", class_="aksel-form-field")
    assert {"aksel-text-field--disabled", "aksel-form-field--disabled"} <= set(wrapper.classes)
    assert "disabled" in doc.find("input").attrs


# --- Textarea -------------------------------------------------------------------------------


def test_a_textarea_is_an_aksel_textarea_that_announces_its_maximum_length() -> None:
    field = forms.CharField(
        label="Note", help_text="Visible to the participant.", max_length=500, widget=forms.Textarea
    )
    doc = parse(str(one_field_form(field)))

    wrapper = doc.find("div", class_="aksel-form-field")
    assert "aksel-textarea--resize-vertical" in wrapper.classes
    textarea = wrapper.find("textarea")
    assert doc.find("label").attrs["for"] == textarea.attrs["id"] == "id_thing"
    assert textarea.classes == [
        "aksel-textarea__input",
        "aksel-body-short",
        "aksel-body-short--medium",
    ]
    assert textarea.ids("aria-describedby") == ["id_thing_helptext", "id_thing_maxlength"]
    max_length = doc.by_id("id_thing_maxlength")
    assert max_length.classes == ["aksel-sr-only"]
    assert max_length.text == "Text area with room for 500 characters."
    assert "aria-invalid" not in textarea.attrs


def test_a_textarea_with_an_error_is_invalid_and_described_by_its_error_message() -> None:
    field = forms.CharField(label="Note", help_text="Visible.", widget=forms.Textarea)
    doc = parse(str(bound(field)))

    assert "aksel-textarea--error" in doc.find("div", class_="aksel-form-field").classes
    textarea = doc.find("textarea")
    assert textarea.attrs["aria-invalid"] == "true"
    assert textarea.ids("aria-describedby") == ["id_thing_helptext", "id_thing_error"]
    assert doc.by_id("id_thing_error").text == "Something is wrong here."


# --- Select ---------------------------------------------------------------------------------


def test_a_select_is_an_aksel_select_with_its_chevron() -> None:
    field = forms.ChoiceField(label="Programme", help_text="Pick one.", choices=CHOICES)
    doc = parse(str(one_field_form(field)))

    container = doc.find("div", class_="aksel-select__container")
    select = container.find("select")
    assert doc.find("label").attrs["for"] == select.attrs["id"] == "id_thing"
    assert select.classes == ["aksel-select__input", "aksel-body-short", "aksel-body-short--medium"]
    assert select.ids("aria-describedby") == ["id_thing_helptext"]
    chevron = container.find("svg")
    assert chevron.classes == ["aksel-select__chevron"]
    assert chevron.attrs["aria-hidden"] == "true"
    assert [option.text for option in select.find_all("option")] == [label for _, label in CHOICES]


def test_a_select_with_an_error_is_invalid_and_described_by_its_error_message() -> None:
    doc = parse(str(bound(forms.ChoiceField(label="Programme", choices=CHOICES))))

    assert "aksel-select--error" in doc.find("div", class_="aksel-form-field").classes
    select = doc.find("select")
    assert select.attrs["aria-invalid"] == "true"
    assert select.ids("aria-describedby") == ["id_thing_error"]
    assert doc.by_id("id_thing_error").text == "Something is wrong here."


def test_a_select_multiple_is_an_aksel_select_without_a_chevron() -> None:
    field = forms.MultipleChoiceField(label="Offices", choices=CHOICES)
    doc = parse(str(bound(field)))

    select = doc.find("select")
    assert "multiple" in select.attrs
    assert "aksel-select__input" in select.classes
    assert select.attrs["aria-invalid"] == "true"
    assert select.ids("aria-describedby") == ["id_thing_error"]
    assert doc.find_all("svg", class_="aksel-select__chevron") == []


# --- Checkbox on its own --------------------------------------------------------------------


def test_a_boolean_field_is_an_aksel_checkbox_with_its_label_after_the_box() -> None:
    field = forms.BooleanField(label="I confirm", help_text="Required before sending.")
    doc = parse(str(one_field_form(field)))

    checkbox = doc.find("div", class_="aksel-checkbox")
    assert checkbox.classes == ["aksel-checkbox", "aksel-checkbox--medium"]
    assert "data-color" not in checkbox.attrs
    wrapper = checkbox.find("div", class_="aksel-checkbox__input-wrapper")
    assert wrapper.attrs["data-standalone"] == "false"
    box = wrapper.find("input")
    assert box.attrs["type"] == "checkbox"
    assert box.classes == ["aksel-checkbox__input"]
    assert wrapper.find("svg").classes == ["aksel-checkbox__icon"]
    label = checkbox.find("label")
    assert label.attrs["for"] == box.attrs["id"] == "id_thing"
    assert label.classes == [
        "aksel-checkbox__label",
        "aksel-body-short",
        "aksel-body-short--medium",
    ]
    description = doc.by_id("id_thing_helptext")
    assert "aksel-checkbox__description" in description.classes
    assert box.ids("aria-describedby") == ["id_thing_helptext"]
    assert "required" in box.attrs
    assert "aria-invalid" not in box.attrs


def test_a_checkbox_with_an_error_is_invalid_and_described_by_its_error_then_description() -> None:
    doc = parse(str(bound(forms.BooleanField(label="I confirm", help_text="Required."))))

    checkbox = doc.find("div", class_="aksel-checkbox")
    assert "aksel-checkbox--error" in checkbox.classes
    assert checkbox.attrs["data-color"] == "danger"
    box = doc.find("input")
    assert box.attrs["aria-invalid"] == "true"
    assert box.ids("aria-describedby") == ["id_thing_error", "id_thing_helptext"]
    assert doc.by_id("id_thing_error").text == "Something is wrong here."


# --- Checkbox and radio groups --------------------------------------------------------------

GROUPS = [
    pytest.param(
        forms.MultipleChoiceField, forms.CheckboxSelectMultiple, "checkbox", id="checkboxes"
    ),
    pytest.param(forms.ChoiceField, forms.RadioSelect, "radio", id="radios"),
]


@pytest.mark.parametrize(("field_class", "widget_class", "kind"), GROUPS)
def test_a_choice_group_is_an_aksel_fieldset_named_by_its_legend_and_description(
    field_class: type[forms.ChoiceField], widget_class: type[forms.Widget], kind: str
) -> None:
    field = field_class(label="Needs", help_text="Pick all.", choices=CHOICES, widget=widget_class)
    doc = parse(str(one_field_form(field)))

    fieldset = doc.find("fieldset")
    assert fieldset.classes == [
        f"aksel-{kind}-group",
        f"aksel-{kind}-group--medium",
        "aksel-fieldset",
        "aksel-fieldset--medium",
    ]
    assert fieldset.ids("aria-labelledby") == ["id_thing_legend", "id_thing_helptext"]
    assert "aria-invalid" not in fieldset.attrs
    assert fieldset.attrs.get("role") == ("radiogroup" if kind == "radio" else None)
    legend = doc.by_id("id_thing_legend")
    assert legend.tag == "legend"
    assert legend.classes == ["aksel-fieldset__legend", "aksel-label"]
    assert legend.text == "Needs"
    assert "aksel-fieldset__description" in doc.by_id("id_thing_helptext").classes
    items = fieldset.find_all("div", class_=f"aksel-{kind}")
    assert len(items) == len(CHOICES)
    for index, (item, (value, text)) in enumerate(zip(items, CHOICES, strict=True)):
        field_input = item.find("input")
        label = item.find("label")
        assert field_input.attrs["type"] == kind
        assert field_input.attrs["value"] == value
        assert field_input.attrs["id"] == label.attrs["for"] == f"id_thing_{index}"
        assert field_input.classes == [f"aksel-{kind}__input"]
        assert label.classes == [
            f"aksel-{kind}__label",
            "aksel-body-short",
            "aksel-body-short--medium",
        ]
        assert label.text == text
        assert "aria-describedby" not in field_input.attrs
        assert "data-color" not in item.attrs
    error = doc.by_id("id_thing_error")
    assert error.classes == ["aksel-fieldset__error"]
    assert error.children == []


@pytest.mark.parametrize(("field_class", "widget_class", "kind"), GROUPS)
def test_a_choice_group_with_an_error_is_invalid_and_its_inputs_are_described_by_the_error(
    field_class: type[forms.ChoiceField], widget_class: type[forms.Widget], kind: str
) -> None:
    field = field_class(label="Needs", help_text="Pick all.", choices=CHOICES, widget=widget_class)
    doc = parse(str(bound(field)))

    fieldset = doc.find("fieldset")
    assert "aksel-fieldset--error" in fieldset.classes
    assert fieldset.attrs["aria-invalid"] == "true"
    for item in fieldset.find_all("div", class_=f"aksel-{kind}"):
        assert f"aksel-{kind}--error" in item.classes
        assert item.attrs["data-color"] == "danger"
        field_input = item.find("input")
        assert field_input.ids("aria-describedby") == ["id_thing_error"]
        assert "aria-invalid" not in field_input.attrs, "Aksel puts aria-invalid on the fieldset"
    assert doc.by_id("id_thing_error").text == "Something is wrong here."


def test_radios_are_required_and_keep_the_attributes_the_view_sets() -> None:
    widget = forms.RadioSelect(attrs={"hx-get": "/cases/", "hx-trigger": "change"})
    doc = parse(
        str(one_field_form(forms.ChoiceField(label="Status", choices=CHOICES, widget=widget)))
    )

    for radio in doc.find_all("input"):
        assert radio.attrs["hx-get"] == "/cases/"
        assert radio.attrs["hx-trigger"] == "change"
        assert radio.attrs["data-standalone"] == "false"
        assert "required" in radio.attrs


# --- Files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("widget_class", [forms.FileInput, forms.ClearableFileInput])
def test_a_file_input_sits_in_an_aksel_text_field_frame(widget_class: type[forms.Widget]) -> None:
    field = forms.FileField(label="CV", help_text="PDF.", widget=widget_class)
    doc = parse(str(one_field_form(field)))

    field_input = doc.find("input")
    assert field_input.attrs["type"] == "file"
    assert doc.find("label").attrs["for"] == field_input.attrs["id"] == "id_thing"
    assert {"aksel-text-field__input", "jobbspor-file-input"} <= set(field_input.classes)
    assert field_input.ids("aria-describedby") == ["id_thing_helptext"]


def test_a_file_input_with_an_error_is_invalid_and_described_by_its_error_message() -> None:
    doc = parse(str(bound(forms.FileField(label="CV"))))

    assert "aksel-text-field--error" in doc.find("div", class_="aksel-form-field").classes
    field_input = doc.find("input")
    assert field_input.attrs["aria-invalid"] == "true"
    assert field_input.ids("aria-describedby") == ["id_thing_error"]


def test_a_clearable_file_input_shows_the_current_file_and_an_aksel_clear_checkbox() -> None:
    class StoredFile:
        url = "/documents/cv.pdf"

        def __str__(self) -> str:
            return "cv.pdf"

    form_class = type("UploadForm", (forms.Form,), {"thing": forms.FileField(required=False)})
    doc = parse(str(form_class(initial={"thing": StoredFile()})))

    link = doc.find("a")
    assert link.attrs["href"] == "/documents/cv.pdf"
    assert link.classes == ["aksel-link"]
    clear = doc.find("input", type="checkbox")
    assert clear.classes == ["aksel-checkbox__input"]
    assert doc.find("label", class_="aksel-checkbox__label").attrs["for"] == clear.attrs["id"]
    assert doc.find("input", type="file").attrs["id"] == "id_thing"


# --- Hidden inputs --------------------------------------------------------------------------


def test_a_hidden_input_is_rendered_bare() -> None:
    class WithHidden(forms.Form):
        version = forms.IntegerField(widget=forms.HiddenInput, initial=3)
        name = forms.CharField(label="Name")

    doc = parse(str(WithHidden()))

    hidden = doc.find("input", type="hidden")
    assert hidden.attrs["name"] == "version"
    assert hidden.attrs["value"] == "3"
    assert hidden.parent is doc, "not wrapped in anything"
    assert "class" not in hidden.attrs
    assert [label.attrs["for"] for label in doc.find_all("label")] == ["id_name"]


# --- The form: error summary and errors that belong to no field -----------------------------


class CaseForm(forms.Form):
    title = forms.CharField(label="Title", help_text="Short.")
    note = forms.CharField(label="Note", widget=forms.Textarea)
    programme = forms.ChoiceField(label="Programme", choices=CHOICES)
    needs = forms.MultipleChoiceField(
        label="Needs", choices=CHOICES, widget=forms.CheckboxSelectMultiple
    )
    status = forms.ChoiceField(label="Status", choices=CHOICES, widget=forms.RadioSelect)
    confirm = forms.BooleanField(label="I confirm")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any] | None:
        if self.data.get("title") == "clash":
            raise ValidationError("Someone else changed the case.")
        return super().clean()


def test_the_error_summary_links_to_the_input_of_every_invalid_field() -> None:
    form = CaseForm(data={"version": "1"})
    assert not form.is_valid()
    doc = parse(str(form))

    summary = doc.find("div", class_="aksel-error-summary")
    assert summary.classes == ["aksel-error-summary", "aksel-error-summary--medium"]
    assert summary.attrs["tabindex"] == "-1"
    assert "data-error-summary" in summary.attrs
    heading = summary.find("h2")
    assert heading.classes == [
        "aksel-error-summary__heading",
        "aksel-heading",
        "aksel-heading--small",
    ]
    assert heading.attrs["tabindex"] == "-1"
    assert heading.text == "You must correct these errors before you can continue:"
    links = summary.find("ul", class_="aksel-error-summary__list").find_all("a")
    assert [link.attrs["href"] for link in links] == [
        "#id_title",
        "#id_note",
        "#id_programme",
        "#id_needs_0",
        "#id_status_0",
        "#id_confirm",
    ]
    for link in links:
        assert link.classes == ["aksel-error-summary__item", "aksel-link"]
        target = doc.by_id(str(link.attrs["href"]).removeprefix("#"))
        assert target.tag in {"input", "select", "textarea"}
    assert links[0].text == "Title: This field is required."
    assert next(doc.iter()) is summary, "the summary comes first"
    assert doc.find_all("section") == [], "no alert without errors outside the fields"


def test_errors_that_belong_to_no_field_are_an_aksel_error_alert_after_the_summary() -> None:
    form = CaseForm(data={"title": "clash", "version": "1"})
    assert not form.is_valid()
    doc = parse(str(form))

    alert = doc.find("section")
    assert alert.classes == ["aksel-base-alert"]
    assert alert.attrs["data-color"] == "danger"
    assert alert.attrs["data-variant"] == "strong"
    assert alert.attrs["aria-label"] == "Error"
    assert alert.find("div", role="alert").find("div", class_="aksel-base-alert__content").text == (
        "Someone else changed the case."
    )
    title = alert.find("h2")
    assert title.text == "There is a problem with the form"
    assert title.ids("aria-labelledby") == [
        "form-non-field-errors-status",
        "form-non-field-errors-title",
    ]
    assert doc.by_id("form-non-field-errors-status").text == "Error:"
    top_level = [node for node in doc.children if isinstance(node, Node)]
    assert top_level.index(doc.find("div", class_="aksel-error-summary")) == 0
    assert top_level.index(alert) == 1
    assert "data-error-summary" not in alert.attrs, "the summary is the one app.js focuses"


def test_with_only_errors_outside_the_fields_the_alert_is_what_gets_focus() -> None:
    class LoginForm(forms.Form):
        username = forms.CharField(label="Username")

        def clean(self) -> dict[str, Any] | None:
            raise ValidationError("Wrong username or password.")

    form = LoginForm(data={"login-username": "someone"}, prefix="login")
    assert not form.is_valid()
    doc = parse(str(form))

    assert doc.find_all("div", class_="aksel-error-summary") == []
    alert = doc.by_id("login-non-field-errors")
    assert alert.attrs["tabindex"] == "-1"
    assert "data-error-summary" in alert.attrs
    assert "Wrong username or password." in alert.text


def test_errors_on_hidden_fields_are_shown_in_the_alert() -> None:
    form = CaseForm(data={"version": "not a number"})
    assert not form.is_valid()
    doc = parse(str(form))

    content = doc.find("section").find("div", class_="aksel-base-alert__content")
    assert "(Hidden field version) Enter a whole number." in content.text


def test_a_valid_form_has_neither_summary_nor_alert_and_no_aria_invalid() -> None:
    form = CaseForm(
        data={
            "title": "A",
            "note": "B",
            "programme": "work",
            "needs": ["mentor"],
            "status": "wage",
            "confirm": "on",
            "version": "1",
        }
    )
    assert form.is_valid()
    doc = parse(str(form))

    assert doc.find_all("div", class_="aksel-error-summary") == []
    assert doc.find_all("section") == []
    assert [node for node in doc.iter() if "aria-invalid" in node.attrs] == []


def test_every_id_that_labels_or_describes_something_exists_exactly_once() -> None:
    form = CaseForm(data={"title": "clash", "version": "x"})
    form.is_valid()
    doc = parse(str(form))

    ids = [node.attrs["id"] for node in doc.iter() if node.attrs.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    references = [
        (node, ref)
        for node in doc.iter()
        for attr in ("for", "aria-describedby", "aria-labelledby")
        for ref in node.ids(attr)
    ]
    assert references
    for node, ref in references:
        assert ref in ids, f"{node} refers to missing id {ref}"


def test_a_widget_aksel_has_no_component_for_gets_an_aksel_fieldset_around_djangos_markup() -> None:
    doc = parse(str(bound(forms.SplitDateTimeField(label="Meeting", help_text="Date, time."))))

    fieldset = doc.find("fieldset")
    assert "aksel-fieldset--error" in fieldset.classes
    assert fieldset.ids("aria-labelledby") == ["id_thing_legend", "id_thing_helptext"]
    assert fieldset.ids("aria-describedby") == ["id_thing_error"]
    assert doc.by_id("id_thing_legend").text == "Meeting"
    assert [node.attrs["id"] for node in fieldset.find_all("input")] == ["id_thing_0", "id_thing_1"]
    assert doc.by_id("id_thing_error").text == "Something is wrong here."


def test_as_field_group_renders_the_same_aksel_field() -> None:
    form = bound(forms.EmailField(label="Email"))
    template = engines["django"].from_string("{{ form.thing.as_field_group }}")
    doc = parse(template.render({"form": form}))

    assert "aksel-text-field--error" in doc.find("div", class_="aksel-form-field").classes
    assert doc.find("input").ids("aria-describedby") == ["id_thing_error"]


def test_a_formset_renders_each_form_as_aksel_markup() -> None:
    formset_class: type[forms.BaseFormSet[forms.Form]] = forms.formset_factory(
        type("LineForm", (forms.Form,), {"hours": forms.IntegerField(label="Hours")}), extra=2
    )
    doc = parse(str(formset_class()))

    assert [node.attrs["for"] for node in doc.find_all("label")] == [
        "id_form-0-hours",
        "id_form-1-hours",
    ]
    assert len(doc.find_all("input", class_="aksel-text-field__input")) == 2


# --- Include templates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "color", "status"),
    [
        ("success", "success", "Success"),
        ("warning", "warning", "Warning"),
        ("error", "danger", "Error"),
    ],
)
def test_an_alert_with_a_title_is_an_aksel_local_alert(
    variant: str, color: str, status: str
) -> None:
    html = render_to_string(
        "components/alert.html",
        {"variant": variant, "title": "Saved", "body": "All <b>done</b>.", "alert_id": "saved"},
    )
    doc = parse(html)

    alert = doc.by_id("saved")
    assert alert.tag == "section"
    assert alert.attrs["aria-label"] == status
    assert alert.attrs["data-color"] == color
    assert alert.attrs["data-variant"] == "strong"
    header = alert.find("div", role="alert").find("div", class_="aksel-base-alert__header")
    assert header.attrs["data-color"] == color
    assert (
        header.find("div", class_="aksel-base-alert__icon").find("svg").attrs["aria-hidden"]
        == "true"
    )
    assert doc.by_id("saved-status").text == f"{status}:"
    title = doc.by_id("saved-title")
    assert title.tag == "h2"
    assert title.ids("aria-labelledby") == ["saved-status", "saved-title"]
    content = alert.find("div", class_="aksel-base-alert__content")
    assert content.text == "All <b>done</b>.", "the body is escaped"


def test_an_info_alert_with_a_title_is_an_aksel_info_card() -> None:
    doc = parse(
        render_to_string(
            "components/alert.html",
            {
                "variant": "info",
                "title": "Moved",
                "body": "The case has moved.",
                "heading_level": 3,
            },
        )
    )

    card = doc.find("div", class_="aksel-base-alert")
    assert card.attrs["data-color"] == "info"
    assert card.attrs["data-variant"] == "moderate"
    assert card.find("h3").text == "Moved"
    assert card.find("div", class_="aksel-base-alert__content").text == "The case has moved."


@pytest.mark.parametrize(
    ("variant", "color", "status"),
    [
        ("info", "info", "Information"),
        ("success", "success", "Success"),
        ("warning", "warning", "Warning"),
        ("error", "danger", "Error"),
        ("debug", "info", "Information"),
    ],
)
def test_an_alert_without_a_title_is_an_aksel_inline_message(
    variant: str, color: str, status: str
) -> None:
    doc = parse(render_to_string("components/alert.html", {"variant": variant, "body": "Saved."}))

    message = doc.find("div", class_="aksel-inline-message")
    assert message.attrs["data-color"] == color
    icon = message.find("svg")
    assert icon.classes == ["aksel-inline-message__icon"]
    assert icon.attrs["aria-hidden"] == "true"
    hidden_status, text = message.find_all("span")
    assert "aksel-typo--visually-hidden" in hidden_status.classes
    assert hidden_status.text == f"{status}:"
    assert text.text == "Saved."


@pytest.mark.parametrize(
    ("variant", "color", "look"),
    [
        ("info", "info", "outline"),
        ("success", "success", "outline"),
        ("warning", "warning", "outline"),
        ("error", "danger", "outline"),
        ("neutral", "neutral", "outline"),
        ("success-filled", "success", "strong"),
        ("warning-moderate", "warning", "moderate"),
        ("alt1", "meta-purple", "outline"),
    ],
)
def test_a_tag_is_an_aksel_tag_with_the_colour_of_its_variant(
    variant: str, color: str, look: str
) -> None:
    doc = parse(render_to_string("components/tag.html", {"variant": variant, "text": "Active"}))

    tag = doc.find("span")
    assert tag.classes == [
        "aksel-tag",
        "aksel-tag--medium",
        "aksel-body-short",
        "aksel-body-short--medium",
    ]
    assert tag.attrs["data-color"] == color
    assert tag.attrs["data-variant"] == look
    assert tag.text == "Active"


def test_without_django_forms_installed_the_renderer_says_what_to_add(settings: Any) -> None:
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "django.forms"]
    settings.FORM_RENDERER = "config.form_renderer.AkselFormRenderer"

    with pytest.raises(ImproperlyConfigured, match=r'add "django.forms" to INSTALLED_APPS'):
        str(one_field_form(forms.CharField()))


def test_the_error_summary_include_renders_nothing_for_a_valid_or_unbound_form() -> None:
    assert render_to_string("components/error_summary.html", {"form": CaseForm()}).strip() == ""
