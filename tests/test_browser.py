"""Real-browser tests: both editions built from the real model, served on localhost,
driven in Debian's Chromium with Playwright. Run alone with ``pytest -m browser``.

Every page is opened with the network outside localhost blocked, so a request that
leaves the origin fails the test instead of quietly succeeding in CI.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright

from generator.load import load_handbook
from generator.model import Audience
from generator.vendor import AXE_CORE, ensure_assets
from tests.conftest import REAL_MODEL, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
OPEN_SHADOW = (
    "const attach = Element.prototype.attachShadow;"
    "Element.prototype.attachShadow = function (init) {"
    "  return attach.call(this, Object.assign({}, init, {mode: 'open'}));"
    "};"
)
STUDY = "/competencies/system-design/caching/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "install Debian's chromium package: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


class Watch:
    """What a page did: console errors and requests that tried to leave localhost."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(accept_downloads=True)
    ctx.add_init_script(OPEN_SHADOW)
    yield ctx
    ctx.close()


def open_page(context: BrowserContext, url: str) -> tuple[Page, Watch]:
    watch = Watch()
    page = context.new_page()

    def route(route: Any) -> None:
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            watch.outside.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: watch.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watch.errors.append(str(exc)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, watch


def interviewer_only_query(candidate_site: Path) -> str:
    """A search query made of words that only interviewer-only questions use.

    Words are taken from interviewer-only prompts and kept only if no page of the built
    candidate site contains them, so the candidate search must find nothing for them
    while the interviewer search finds the rubric page. Lunr's ``+`` makes each required.
    """
    public = " ".join(
        p.read_text(encoding="utf-8", errors="replace").lower()
        for p in candidate_site.rglob("*.html")
    )
    handbook = load_handbook(REAL_MODEL, "competencies")
    for competency in handbook.competencies:
        for q in competency.questions:
            if q.audience is not Audience.INTERVIEWER:
                continue
            words = sorted({w.lower() for w in re.findall(r"[A-Za-z]{7,}", q.prompt)})
            rare = [w for w in words if w not in public]
            if rare:
                return " ".join(f"+{w}" for w in rare[:2])
    raise AssertionError("no interviewer-only question has words unique to it")


@pytest.mark.parametrize("path", ["/", STUDY, "/questions/", "/guide/leveling/"])
def test_pages_load_clean_and_stay_on_origin(
    context: BrowserContext, served: dict[str, str], path: str
) -> None:
    page, watch = open_page(context, served["candidate"] + path)
    expect(page.locator("h1").first).to_be_visible()
    assert watch.errors == []
    assert watch.outside == []


def search(page: Page, text: str) -> list[str]:
    """Type ``text`` into the search box and return the result links once they answer it.

    Material appends ``?h=<query>`` to each result link, so results for this query are
    told apart from stale ones; "No matching documents" means the index answered with
    nothing.
    """
    if not page.locator("input.md-search__input").is_visible():
        page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(text, delay=10)  # Material searches on key events, as a user types
    words = [w.lower().lstrip("+") for w in text.split()]
    page.wait_for_function(
        """(words) => {
            const meta = document.querySelector('.md-search-result__meta');
            if (meta && meta.textContent.trim() === 'No matching documents') return true;
            const links = [...document.querySelectorAll('.md-search-result__item > a')];
            return links.some(a => {
                const h = (new URL(a.href).searchParams.get('h') || '').toLowerCase();
                return words.some(w => h.split(' ').includes(w));
            });
        }""",
        arg=words,
        timeout=30_000,
    )
    # Read every link in one step: Material may re-render the list between two reads.
    hrefs: list[str] = page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.map(a => a.getAttribute('href') || '')"
    )
    return hrefs


def test_search_finds_the_idempotency_page(context: BrowserContext, served: dict[str, str]) -> None:
    page, _ = open_page(context, served["candidate"] + "/")
    results = search(page, "idempotency key")
    assert results, "search returned nothing"
    assert any("idempotency" in href for href in results[:3]), results[:5]


def test_candidate_search_never_finds_interviewer_text(
    context: BrowserContext, served: dict[str, str], sites: dict[str, Path]
) -> None:
    snippet = interviewer_only_query(sites["candidate"])
    candidate, _ = open_page(context, served["candidate"] + "/")
    assert search(candidate, "idempotency"), "the index did not answer a query that must match"
    assert search(candidate, snippet) == []
    expect(candidate.locator(".md-search-result__meta")).to_have_text("No matching documents")
    interviewer, _ = open_page(context, served["interviewer"] + "/")
    assert any("interviewer" in href for href in search(interviewer, snippet))


def test_model_answers_are_collapsed_until_opened(
    context: BrowserContext, served: dict[str, str]
) -> None:
    page, _ = open_page(context, served["candidate"] + STUDY)
    answer = page.locator("details.success").first
    assert answer.get_attribute("open") is None
    body = answer.locator("p").first
    expect(body).to_be_hidden()
    answer.locator("summary").click()
    expect(body).to_be_visible()


def test_language_tabs_switch_and_stay_linked(
    context: BrowserContext, served: dict[str, str]
) -> None:
    page, _ = open_page(context, served["candidate"] + STUDY)
    tabs = page.locator(".tabbed-set").last
    tabs.locator("label", has_text="Python").click()
    checked = tabs.locator("input:checked")
    assert "Python" in (tabs.locator(f"label[for='{checked.get_attribute('id')}']").inner_text())
    other, _ = open_page(context, served["candidate"] + "/competencies/system-design/idempotency/")
    other_tabs = other.locator(".tabbed-set").last
    other_tabs.scroll_into_view_if_needed()  # sections below the first screen render lazily
    selected = other_tabs.locator("input:checked")
    expect(other.locator(f"label[for='{selected.get_attribute('id')}']")).to_have_text("Python")


def test_tab_sets_on_one_page_stay_in_step_when_laid_out_lazily(
    context: BrowserContext, served: dict[str, str]
) -> None:
    # The concurrency page has tabs in its notes and in its language section, both in
    # sections the browser lays out only when the reader scrolls near them.
    page, _ = open_page(context, served["candidate"] + "/competencies/runtime/concurrency/")
    sets = page.locator(".tabbed-set")
    assert sets.count() >= 2
    sets.last.scroll_into_view_if_needed()
    sets.last.locator("label", has_text="Rust").click()
    sets.first.scroll_into_view_if_needed()
    checked = sets.first.locator("input:checked")
    expect(page.locator(f"label[for='{checked.get_attribute('id')}']")).to_have_text("Rust")


def visible_items(page: Page) -> list[Locator]:
    return page.locator(".hb-question:not([hidden])").all()


def test_question_bank_filter_narrows_and_restores(
    context: BrowserContext, served: dict[str, str]
) -> None:
    page, _ = open_page(context, served["candidate"] + "/questions/")
    items = page.locator(".hb-question")
    total = items.count()
    assert total > 20
    expect(page.locator(".hb-filter__count")).to_have_text(f"Showing {total} of {total} questions")
    # Options carry the titles from the filter box's labels, not bare ids.
    assert (
        page.locator("#hb-f-competency option[value='caching']")
        .inner_text()
        .startswith("Caching strategy")
    )
    assert page.locator("#hb-f-level option[value='senior']").inner_text() == (
        "Senior Backend Engineer (the bar)"
    )
    page.select_option("#hb-f-competency", "caching")
    assert {v.get_attribute("data-competency") for v in visible_items(page)} == {"caching"}
    page.get_by_role("button", name="Show all").click()
    page.select_option("#hb-f-kind", "design")
    visible = page.locator(".hb-question:not([hidden])")
    assert 0 < visible.count() < total
    assert {v.get_attribute("data-kind") for v in visible.all()} == {"design"}
    page.select_option("#hb-f-minutes", "10")
    assert all(
        int(v.get_attribute("data-minutes") or 0) <= 10
        for v in page.locator(".hb-question:not([hidden])").all()
    )
    page.get_by_role("button", name="Show all").click()
    assert page.locator(".hb-question:not([hidden])").count() == total


def test_question_bank_is_complete_without_javascript(
    browser: Browser, served: dict[str, str]
) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(served["candidate"] + "/questions/")
    items = page.locator(".hb-question")
    assert items.count() > 20
    assert page.locator(".hb-question[hidden]").count() == 0
    ctx.close()


def test_self_assessment_survives_reload_and_round_trips(
    context: BrowserContext, served: dict[str, str], tmp_path: Path
) -> None:
    url = served["candidate"] + "/guide/self-assessment/"
    page, watch = open_page(context, url)
    boxes = page.locator(".hb-checklist input[type=checkbox]")
    assert boxes.count() > 20
    ticks = page.locator(".hb-checklist input[type=checkbox]")
    ticks.nth(0).click()
    ticks.nth(3).click()
    page.reload()
    page.wait_for_load_state("networkidle")
    boxes = page.locator(".hb-checklist input[type=checkbox]")
    assert boxes.nth(0).is_checked()
    assert boxes.nth(3).is_checked()
    assert not boxes.nth(1).is_checked()
    expect(page.locator(".hb-self-summary")).to_contain_text("2 of")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    info.value.save_as(exported)
    data = json.loads(exported.read_text())
    assert data["version"] == 1
    assert len(data["checked"]) == 2
    page.locator(".hb-self-actions").get_by_role("button", name="Clear").click()
    assert not boxes.nth(0).is_checked()
    page.set_input_files("#hb-self-import", str(exported))
    expect(page.locator(".hb-self-summary [role=status]")).to_contain_text("Imported 2")
    assert boxes.nth(0).is_checked()
    assert boxes.nth(3).is_checked()
    assert watch.errors == []


def test_mermaid_renders_svg_offline(context: BrowserContext, served: dict[str, str]) -> None:
    page, watch = open_page(context, served["candidate"] + STUDY)
    page.locator(".hb-mermaid").first.scroll_into_view_if_needed()
    page.wait_for_selector(".hb-mermaid svg", timeout=20_000)
    assert page.locator(".hb-mermaid svg").count() >= 1
    assert watch.outside == []


def test_phone_drawer_opens_and_navigates(browser: Browser, served: dict[str, str]) -> None:
    """On a phone the drawer's sub-menus are laid out lazily; each must work once shown."""
    ctx = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    try:
        page, watch = open_page(ctx, served["candidate"] + STUDY)
        drawer = page.locator(".md-nav--primary")
        sibling = drawer.locator("a.md-nav__link", has_text="API design and").first
        expect(sibling).not_to_be_in_viewport()
        page.locator("label.md-header__button[for=__drawer]").click()
        expect(sibling).to_be_in_viewport()
        # Back up two levels to the top menu, open a sub-menu that was skipped, follow a link.
        drawer.locator("label.md-nav__title:visible", has_text="System design").click()
        drawer.locator("label.md-nav__title:visible", has_text="Competencies").click()
        drawer.locator("label.md-nav__link", has_text="Prepare").click()
        study_plan = drawer.locator("a.md-nav__link", has_text="Study plan").first
        expect(study_plan).to_be_in_viewport()
        study_plan.click()
        page.wait_for_url(re.compile(r".*/guide/study-plan/$"))
        expect(page.locator("h1").first).to_contain_text("Study plan")
        assert watch.errors == []
    finally:
        ctx.close()


def test_palette_toggle(context: BrowserContext, served: dict[str, str]) -> None:
    page, _ = open_page(context, served["candidate"] + "/")
    body = page.locator("body")
    before = body.get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    expect(body).not_to_have_attribute("data-md-color-scheme", before or "")


def test_keyboard_search_and_answers(context: BrowserContext, served: dict[str, str]) -> None:
    page, _ = open_page(context, served["candidate"] + "/")
    page.keyboard.press("/")
    page.keyboard.type("idempotency key")
    page.wait_for_selector(".md-search-result__item", timeout=20_000)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*idempotency.*"))
    summary = page.locator("details.success summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.success").first.get_attribute("open") is not None


def test_interviewer_edition_is_marked_confidential(
    context: BrowserContext, served: dict[str, str]
) -> None:
    for path in ("/", STUDY, "/interviewer/kits/senior-onsite/"):
        page, watch = open_page(context, served["interviewer"] + path)
        expect(page.locator(".md-banner")).to_contain_text("Confidential")
        assert watch.outside == []


AXE_PAGES = [
    ("candidate", "/"),
    ("candidate", STUDY),
    ("candidate", "/questions/"),
    ("candidate", "/guide/leveling/"),
    ("interviewer", "/interviewer/kits/senior-onsite/"),
]


@pytest.fixture(scope="module")
def axe_script() -> Path:
    (path,) = ensure_assets(ROOT / ".cache", (AXE_CORE,)) or [ROOT / ".cache" / AXE_CORE.target]
    return path


@pytest.mark.parametrize(("edition", "path"), AXE_PAGES)
def test_no_serious_accessibility_violations(
    context: BrowserContext, served: dict[str, str], axe_script: Path, edition: str, path: str
) -> None:
    page, _ = open_page(context, served[edition] + path)
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s), e.g. "
        f"{v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], "\n".join(serious)
