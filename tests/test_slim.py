"""The page slimmer: smaller pages that render the same."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from generator.slim import slim_html

CODE = (
    '<div class="highlight"><pre><span></span><code><span class="k">if</span>'
    '<span class="w">   </span><span class="n">x</span>\n'
    '<span class="w">    </span><span class="k">return</span>\n</code></pre></div>'
)


class _Text(HTMLParser):
    """The text a browser would keep from raw-text elements, and every tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.raw: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("pre", "textarea", "code"):
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("pre", "textarea", "code"):
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        (self.raw if self._depth else self.text).append(data)


def parse(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser


def test_indentation_between_tags_collapses_to_one_line_break() -> None:
    html = "<ul>\n      <li>\n        <a href='#'>  Home  </a>\n      </li>\n    </ul>"
    assert slim_html(html) == "<ul>\n<li>\n<a href='#'> Home </a>\n</li>\n</ul>"


def test_code_keeps_every_character_and_loses_whitespace_spans() -> None:
    slimmed = slim_html(CODE)
    assert '<span class="w">' not in slimmed
    assert "".join(parse(slimmed).raw) == "".join(parse(CODE).raw)
    assert "   </span>" not in slimmed
    assert "if</span>   <span" in slimmed


def test_raw_text_elements_are_left_alone() -> None:
    for raw in (
        "<textarea>a\n\n    b</textarea>",
        "<script>var  a =\n\n  1;</script>",
        "<style>a  {\n\n  color: red }</style>",
        "<code>two  spaces</code>",
        '<div class="hb-mermaid">flowchart LR\n    A["x   y"] --> B</div>',
    ):
        assert slim_html(f"<p>\n\n  {raw}\n\n  </p>") == f"<p>\n{raw}\n</p>"


@given(
    st.lists(
        st.sampled_from(
            [
                CODE,
                "<p>",
                "</p>",
                "  ",
                "\n    ",
                " \t\n\n ",
                "text",
                "<code> a  b </code>",
                "<pre>\n x  y\n</pre>",
                '<div class="hb-mermaid">A\n  B</div>',
            ]
        ),
        max_size=30,
    )
)
def test_slimming_changes_only_white_space_outside_raw_text(parts: list[str]) -> None:
    html = "".join(parts)
    slimmed = slim_html(html)
    assert slim_html(slimmed) == slimmed
    before, after = parse(html), parse(slimmed)
    assert "".join(after.raw) == "".join(before.raw)
    whitespace_spans = html.count('<span class="w">')
    assert len(after.tags) == len(before.tags) - whitespace_spans
    assert [t for t in after.tags if t != "span"] == [t for t in before.tags if t != "span"]

    def words(parser: _Text) -> str:
        return re.sub(r"\s+", " ", "".join(parser.text))

    assert words(after) == words(before)
