"""MkDocs hook: make every built page smaller without changing what it shows.

Registered under ``hooks:`` in ``mkdocs.yml`` (the interviewer edition inherits it).
Material's templates indent deeply and Pygments wraps every run of spaces in code in
its own ``<span class="w">``; together they make up about a fifth of a study page.
:func:`slim_html` removes both:

* outside raw-text elements, a run of white space that holds a line break becomes one
  line break and any other run of spaces or tabs becomes one space, which is how a
  browser renders them anyway;
* inside ``pre``, ``textarea``, ``script``, ``style``, ``code`` and Mermaid sources
  nothing changes but the white-space spans, whose text stays where it was.

Tools that ignore hooks (Zensical) build the same pages, only larger.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.toc import TableOfContents

# Elements whose text is shown (or run) as written. Pygments output sits in pre/code.
_RAW = re.compile(
    r"<(pre|textarea|script|style|code)\b.*?</\1\s*>|<div class=\"hb-mermaid\">.*?</div>",
    re.S | re.I,
)
_LINE_BREAK_RUN = re.compile(r"[ \t\r\f]*\n[ \t\r\n\f]*")
_SPACE_RUN = re.compile(r"[ \t\f]{2,}")
_WHITESPACE_SPAN = re.compile(r'<span class="w">(\s*)</span>')


def slim_html(html: str) -> str:
    """Return ``html`` with insignificant white space and white-space spans removed.

    Args:
        html: A complete HTML page.

    Returns:
        The same page, rendering identically, usually 15-20% smaller.
    """
    out: list[str] = []
    position = 0
    for match in _RAW.finditer(html):
        out.append(_squeeze(html[position : match.start()]))
        out.append(_WHITESPACE_SPAN.sub(r"\1", match.group(0)))
        position = match.end()
    out.append(_squeeze(html[position:]))
    return "".join(out)


def _squeeze(text: str) -> str:
    return _SPACE_RUN.sub(" ", _LINE_BREAK_RUN.sub("\n", text))


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Slim each page after MkDocs has rendered it.

    Args:
        output: The page's HTML.
        page: The MkDocs page (unused).
        config: The MkDocs configuration (unused).

    Returns:
        The slimmed HTML.
    """
    del page, config
    return slim_html(output)


@event_priority(-100)  # after the search plugin has read the page's sections
def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Drop the table of contents of a page that hides it.

    Material hides the sidebar of a page with ``hide: [toc]`` but still copies the
    whole table of contents into the navigation drawer of every such page: 40 KB on a
    question bank. The search plugin has read the sections by now, so nothing else
    loses them.

    Args:
        context: The template context.
        page: The MkDocs page.
        config: The MkDocs configuration (unused).
        nav: The site navigation (unused).

    Returns:
        The unchanged template context.
    """
    del config, nav
    if "toc" in (page.meta.get("hide") or []):
        page.toc = TableOfContents([])
    return context
