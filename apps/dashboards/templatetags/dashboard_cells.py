"""The team dashboard's table cells, built in code: a team of 15 has 176 of them, and as an
``{% include %}`` each they were a quarter of the page's rendering (docs/performance.md)."""

from __future__ import annotations

from typing import Any, cast

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def drill_cell(
    context: template.Context,
    fact: str,
    n: int,
    *,
    who: int | None = None,
    extra: Any = None,
    wait: Any = None,
    testid: str = "",
) -> SafeString:
    """One count, right-aligned, linked to the cases behind it (``dashboards:drill``) unless it
    is 0; ``extra`` follows it as "/ extra" (a norm), ``wait`` as "(wait)" (days)."""
    # The links' paths, reversed once per rendering of the page (django-stubs types the render
    # context for the template loader's own use only).
    urls = cast(
        "dict[str, str]",
        context.render_context.setdefault("dashboard_drill_urls", {}),  # type: ignore[arg-type]
    )
    url = urls.get(fact)
    if url is None:
        url = urls[fact] = reverse("dashboards:drill", args=[fact])
    if n:
        spesialist = format_html("&amp;spesialist={}", who) if who else ""
        count = format_html(
            '<a class="aksel-link" href="{}?{}{}">{}</a>',
            url,
            context.get("query", ""),
            spesialist,
            n,
        )
    else:
        count = SafeString("0")
    return format_html(
        '<td class="aksel-table__data-cell aksel-body-short aksel-table__data-cell--align-right"'
        "{}>{}{}{}</td>",
        format_html(' data-testid="{}"', testid) if testid else "",
        count,
        format_html(' <span class="app-muted">/ {}</span>', extra) if extra else "",
        format_html(' <span class="app-muted">({})</span>', wait) if wait else "",
    )
