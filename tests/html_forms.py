"""Reads a page's form back as the data a browser would post: for tests that submit real forms."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[dict[str, str | None], list[tuple[str, str]]]] = []
        self._current: list[tuple[str, str]] | None = None
        self._select: tuple[str, bool] | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._current = []
            self.forms.append((a, self._current))
        if self._current is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._current.append((name, a.get("value") or "on"))
            elif kind not in ("submit", "button", "image", "file", "reset"):
                self._current.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in a)
            self._select_options = []
        elif tag == "option" and self._select is not None:
            self._select_options.append((a.get("value") or "", "selected" in a))
        elif tag == "textarea" and name:
            self._textarea = name
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._current is None:
            return
        if tag == "select" and self._select is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._select_options if selected]
            if not chosen and not multiple and self._select_options:
                chosen = [self._select_options[0][0]]
            self._current.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._current.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "form":
            self._current = None


def form_values(html: str, form_id: str | None = None) -> dict[str, Any]:
    """The named form's values (or the page's main form: the one whose id ends in ``_form``)."""
    parser = _FormParser()
    parser.feed(html)
    candidates = parser.forms
    if form_id is not None:
        candidates = [f for f in candidates if f[0].get("id") == form_id]
    else:
        candidates = [
            f for f in candidates if (f[0].get("id") or "").endswith("_form")
        ] or candidates
    if not candidates:
        raise AssertionError("No matching form on the page.")
    _, fields = max(candidates, key=lambda f: len(f[1]))
    data: dict[str, Any] = {}
    for name, value in fields:
        if name in data:
            existing = data[name]
            data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[name] = value
    return data
