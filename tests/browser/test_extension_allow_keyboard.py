"""Issue 14 in a real Chromium: "always allow this", the keyboard (the next-hint command, Tab, Enter, Esc,
the pause answered by keyboard) and what a screen reader is told (a labelled dialog, a polite count,
severity as a word and an icon), on the offline fixture pages against the real service."""

from __future__ import annotations

import time
from typing import Any

from browserkit import ROOT, Browser, missing
from test_extension_browser import (
    DRAFT,
    HETU,
    HINT,
    MASTODON,
    RICH_SITES,
    checked_at,
    click_center,
    editor_state,
    open_popup,
    open_site,
    tab_id,
    wait_hint,
    wait_rechecked,
)

PHONE = "040 123 4567"
PHONE_HINT = "[data-hint-kind=phone]"
SHADOW = "document.querySelector('tuumaustauko-overlay').shadowRoot"


def focused_in_overlay(page: Any) -> str | None:
    """The class of the element focused inside the overlay's shadow root (None: the focus is elsewhere)."""
    return page.evaluate(
        f"() => document.activeElement?.tagName === 'TUUMAUSTAUKO-OVERLAY' && {SHADOW}.activeElement"
        f" ? {SHADOW}.activeElement.className : null"
    )


def next_hint_command(ext: Browser, page: Any, platform: str) -> None:
    """The extension's command as the browser runs it on Alt+Shift+H. The browser itself registered the
    shortcut (chrome.commands); a key pressed through Playwright reaches the page, not the browser's
    shortcut handling, so the test runs the command's handler the way onCommand does."""
    commands = ext.worker.evaluate("() => chrome.commands.getAll()")
    assert {"name": "next-hint", "shortcut": "Alt+Shift+H"}.items() <= next(
        c for c in commands if c["name"] == "next-hint"
    ).items()
    page.bring_to_front()
    answer = ext.worker.evaluate("(t) => self.tuumaustaukoDebug.command('next-hint', t)", tab_id(ext, platform))
    assert answer == {"ok": True}
    page.locator("tuumaustauko-overlay .card").wait_for()


def tab_to(page: Any, css_class: str, limit: int = 6) -> None:
    """Presses Tab until the overlay's focused element has ``css_class``."""
    for _ in range(limit):
        if css_class in (focused_in_overlay(page) or "").split():
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached .{css_class}; focus on {focused_in_overlay(page)!r}")


def storage_allow(ext: Browser) -> Any:
    return ext.worker.evaluate("() => chrome.storage.local.get('allow').then(s => s.allow)")


# ---------------------------------------------------------------- always allow this


def test_always_allow_is_offered_for_a_warning_and_never_for_a_critical_hint(ext: Browser) -> None:
    url, box, _ = MASTODON
    page = open_site(ext, url)
    page.click(box)
    page.keyboard.type(f"Soita minulle numeroon {PHONE}. Hetuni on {HETU}.")
    click_center(page, wait_hint(page, PHONE_HINT))
    card = page.locator("tuumaustauko-overlay .card")
    assert card.get_attribute("data-card-severity") == "warning"
    assert card.locator("button.allow").inner_text() == "Always allow this"
    page.keyboard.press("Escape")
    click_center(page, wait_hint(page))
    assert card.get_attribute("data-card-severity") == "critical"
    assert card.locator("button.ignore").count() == 1 and card.locator("button.allow").count() == 0


def test_always_allow_stores_the_span_sends_it_with_every_check_and_the_popup_counts_it(ext: Browser) -> None:
    ext.storage({"uiLang": "fi"})
    url, box, _ = MASTODON
    page = open_site(ext, url)
    page.click(box)
    page.keyboard.type(f"Soita minulle numeroon {PHONE}, kiitos.")
    click_center(page, wait_hint(page, PHONE_HINT))
    allow = page.locator("tuumaustauko-overlay .card button.allow")
    assert allow.inner_text() == "Salli aina tämä"
    allow.click()
    page.wait_for_selector(f"tuumaustauko-overlay {PHONE_HINT}", state="detached")
    assert storage_allow(ext) == [{"kind": "phone", "text": PHONE}]
    # a new draft: the request carries the allowance and the service leaves the number out
    page2 = open_site(ext, url)
    page2.click(box)
    page2.keyboard.type(f"Uusi numero on yhä {PHONE}. Hetu {HETU}.")
    wait_hint(page2)
    assert ext.checks[-1]["allow"] == [{"kind": "phone", "text": PHONE}]
    assert page2.locator(f"tuumaustauko-overlay {PHONE_HINT}").count() == 0
    popup = open_popup(ext, tab_id(ext, "mastodon.social"))
    assert popup.get_attribute("#allow-count", "data-count") == "1"
    assert popup.inner_text("#allow-count") == "1 sallinta voimassa"


# ---------------------------------------------------------------- the keyboard


def test_a_whole_post_by_keyboard_fix_undo_allow_always_and_remove_the_allowance(ext: Browser) -> None:
    url, box, post = MASTODON
    page = open_site(ext, url)
    page.focus(box)
    draft = f"Soita minulle numeroon {PHONE}. Hetuni on {HETU}."
    page.keyboard.type(draft)
    wait_hint(page, PHONE_HINT)
    wait_hint(page)

    # the caret is at the end: the command goes round to the first hint (the number), then the next
    next_hint_command(ext, page, "mastodon.social")
    assert page.locator("tuumaustauko-overlay .card").get_attribute("data-card-kind") == "phone"
    next_hint_command(ext, page, "mastodon.social")
    assert page.locator("tuumaustauko-overlay .card").get_attribute("data-card-kind") == "national_id"
    assert focused_in_overlay(page) == "fix fix-replace"
    page.keyboard.press("Enter")  # applies the focused fix
    page.wait_for_function("(h) => !window.__editorText().includes(h)", arg=HETU)
    assert editor_state(page) == draft.replace(HETU, "[poistettu]")
    assert page.evaluate("document.activeElement.id") == "status"  # the focus is back in the editor

    page.keyboard.press("Control+z")  # undo, in the editor, by keyboard
    page.wait_for_function("(d) => window.__editorText() === d", arg=draft)
    wait_hint(page)

    # always allow the number, from the keyboard
    page.keyboard.press("Control+Home")
    next_hint_command(ext, page, "mastodon.social")
    assert page.locator("tuumaustauko-overlay .card").get_attribute("data-card-kind") == "phone"
    tab_to(page, "allow")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"tuumaustauko-overlay {PHONE_HINT}", state="detached")
    assert storage_allow(ext) == [{"kind": "phone", "text": PHONE}]
    assert page.evaluate("document.activeElement.id") == "status"
    assert page.locator("tuumaustauko-overlay .card").count() == 0

    # a new draft: the number does not come back
    page.keyboard.press("Control+a")
    since = checked_at(page)
    page.keyboard.type(f"Uusi luonnos: soita {PHONE} huomenna.")
    wait_rechecked(page, since)
    assert page.locator(f"tuumaustauko-overlay {PHONE_HINT}").count() == 0
    assert ext.checks[-1]["allow"] == [{"kind": "phone", "text": PHONE}]

    # the options list it; Tab to its Remove and Enter
    options = ext.context.new_page()
    options.goto(f"chrome-extension://{ext.extension_id}/options.html")
    options.wait_for_selector("#allow-list li[data-kind=phone]")
    assert PHONE in options.inner_text("#allow-list")
    for _ in range(30):
        if PHONE in (options.evaluate("document.activeElement.getAttribute('aria-label')") or ""):
            break
        options.keyboard.press("Tab")
    label = options.evaluate("document.activeElement.getAttribute('aria-label')")
    assert label == f"Remove the allowance phone: {PHONE}"
    options.keyboard.press("Enter")
    options.wait_for_selector("#allow-list li", state="detached")
    assert storage_allow(ext) == []
    assert options.is_visible("#allow-none")

    # the number comes back in the draft
    page.bring_to_front()
    page.keyboard.type(" Kiitos.")
    wait_hint(page, PHONE_HINT)
    assert "allow" not in ext.checks[-1]
    page.focus(post)
    page.keyboard.press("Enter")
    assert page.evaluate("window.__posted") == [f"Uusi luonnos: soita {PHONE} huomenna. Kiitos."]


def test_tab_stays_in_the_card_and_esc_returns_focus_and_caret_to_the_editor(ext: Browser) -> None:
    url, box, _ = RICH_SITES["draft.js (x.com)"]
    page = open_site(ext, url)
    page.click(box)
    page.keyboard.type(DRAFT)
    wait_hint(page)
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    next_hint_command(ext, page, "x.com")
    card = page.locator("tuumaustauko-overlay .card")
    assert card.get_attribute("data-card-kind") == "national_id"
    seen = set()
    for _ in range(6):
        page.keyboard.press("Tab")
        focused = focused_in_overlay(page)
        assert focused is not None, "Tab left the card"
        seen.add(focused)
    assert seen == {"x", "fix fix-replace", "ignore"}
    page.keyboard.press("Shift+Tab")
    assert focused_in_overlay(page) is not None
    page.keyboard.press("Escape")
    assert card.count() == 0
    assert page.evaluate("document.activeElement.matches('[data-testid=tweetTextarea_0]')")
    page.keyboard.type("X")  # the caret is where it was: five characters from the end
    page.wait_for_function("(d) => window.__editorText() !== d", arg=DRAFT)
    assert editor_state(page) == DRAFT[:-5] + "X" + DRAFT[-5:]


def test_the_pause_before_posting_is_answered_by_keyboard_alone(ext: Browser) -> None:
    url, box, post = RICH_SITES["quill (linkedin.com)"]
    page = open_site(ext, url)
    page.click(box)
    page.keyboard.type(DRAFT)
    wait_hint(page)
    page.keyboard.press("Control+Enter")
    pause = page.locator("tuumaustauko-overlay .pause")
    pause.wait_for()
    assert pause.get_attribute("role") == "alertdialog"
    assert focused_in_overlay(page) == "pause-review"
    page.keyboard.press("Tab")
    assert focused_in_overlay(page) == "secondary pause-post"
    page.keyboard.press("Tab")
    assert focused_in_overlay(page) == "pause-review"  # Tab stays in the dialog
    page.keyboard.press("Enter")  # Review: the critical hint's card, focused
    card = page.locator("tuumaustauko-overlay .card")
    card.wait_for()
    assert card.get_attribute("data-card-kind") == "national_id"
    assert focused_in_overlay(page) == "fix fix-replace"
    page.keyboard.press("Enter")
    page.wait_for_function("(h) => !window.__editorText().includes(h)", arg=HETU)
    assert page.evaluate("window.__posted") == []

    # the site's Post button pressed by keyboard; "Post anyway" by keyboard posts
    url, box, post = RICH_SITES["prosemirror (linkedin.com)"]
    page = open_site(ext, url)
    page.click(box)
    page.keyboard.type(DRAFT)
    wait_hint(page)
    page.focus(post)
    page.keyboard.press("Enter")
    page.locator("tuumaustauko-overlay .pause").wait_for()
    assert page.evaluate("window.__posted") == []
    page.keyboard.press("Escape")  # closes it and gives the focus back
    assert page.locator("tuumaustauko-overlay .pause").count() == 0
    page.focus(post)
    page.keyboard.press("Enter")  # the pause stops a Post once: this press posts
    assert page.evaluate("window.__posted") == [DRAFT]


# ---------------------------------------------------------------- screen readers


LIVE = f"() => {SHADOW}.querySelector('.live')"


def test_the_card_is_a_dialog_labelled_by_its_title_with_the_severity_as_a_word_and_an_icon(ext: Browser) -> None:
    url, box, _ = MASTODON
    page = open_site(ext, url)
    page.click(box)
    page.keyboard.type(DRAFT)
    click_center(page, wait_hint(page))
    card = page.locator("tuumaustauko-overlay .card")
    card.wait_for()
    assert card.get_attribute("role") == "dialog"
    label = page.evaluate(
        f"() => {{ const c = {SHADOW}.querySelector('.card');"
        f" return {SHADOW}.getElementById(c.getAttribute('aria-labelledby')).textContent; }}"
    )
    assert label == card.locator(".message").inner_text() and "henkilötunnus" in label.lower()
    sev = card.locator(".sev")
    assert sev.text_content() == "Critical"  # the word and a drawn icon, beside the colour
    icon = sev.locator("svg.icon")
    assert icon.get_attribute("data-icon") == "critical" and icon.get_attribute("aria-hidden") == "true"
    assert icon.bounding_box()["width"] > 8
    # Playwright's accessibility tree: a dialog named by the message
    snapshot = card.aria_snapshot()
    assert snapshot.startswith("- dialog") and "henkilötunnus" in snapshot.lower()


def test_the_count_of_hints_is_announced_politely_when_it_changes_not_at_every_keystroke(ext: Browser) -> None:
    url, box, _ = MASTODON
    page = open_site(ext, url)
    page.click(box)
    page.keyboard.type(DRAFT)
    wait_hint(page)
    live = page.evaluate_handle(LIVE)
    assert live.evaluate("n => [n.getAttribute('role'), n.getAttribute('aria-live')]") == ["status", "polite"]
    page.wait_for_function(f"() => ({LIVE})().textContent === '1 hint in the draft, 1 critical.'")
    live.evaluate(
        "n => { window.__liveChanges = 0;"
        " new MutationObserver(() => window.__liveChanges++)"
        ".observe(n, {childList: true, characterData: true, subtree: true}); }"
    )
    since = checked_at(page)
    page.keyboard.type(" Kiitos kaikille.")  # 17 keystrokes, the same hints
    wait_rechecked(page, since)
    page.wait_for_timeout(100)
    assert page.evaluate("window.__liveChanges") == 0
    since = checked_at(page)
    page.keyboard.type(f" Soita {PHONE}.")
    wait_hint(page, PHONE_HINT)
    page.wait_for_function(f"() => ({LIVE})().textContent === '2 hints in the draft, 1 critical.'")
    assert page.evaluate("window.__liveChanges") >= 1
    del since


def test_the_panels_hints_open_their_card_by_keyboard(ext: Browser) -> None:
    url, box, _ = RICH_SITES["lexical (facebook.com)"]
    page = open_site(ext, url)
    page.click(box)
    page.keyboard.type(DRAFT)
    wait_hint(page)
    pill = page.locator("tuumaustauko-overlay .pill")
    pill.focus()
    page.keyboard.press("Enter")
    panel = page.locator("tuumaustauko-overlay .panel")
    panel.wait_for()
    assert panel.get_attribute("aria-labelledby") == "tt-panel-title"
    panel.locator("li.hint-item button").first.focus()
    page.keyboard.press("Enter")
    page.locator("tuumaustauko-overlay .card").wait_for()
    deadline = time.monotonic() + 2
    while focused_in_overlay(page) is None and time.monotonic() < deadline:
        page.wait_for_timeout(20)
    assert focused_in_overlay(page) == "fix fix-replace"


# ---------------------------------------------------------------- axe-core on what the extension draws

AXE = ROOT / "extension" / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async (include) => {
    const only = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
    const context = include ? {include: [include]} : document;
    const result = await axe.run(context, {resultTypes: ['violations'], runOnly: only});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.map(n => [n.target, n.failureSummary])}));
}"""


def axe_serious(page: Any, include: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations of impact serious or critical (on ``include``, a shadow-piercing selector)."""
    if not AXE.exists():
        missing("axe-core is not installed: run `npm ci` in extension/")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluate is not subject to the page's CSP
    violations = page.evaluate(AXE_RUN, include)
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def test_axe_finds_nothing_serious_on_the_open_card_the_panel_and_the_pause(ext: Browser) -> None:
    url, box, post = RICH_SITES["draft.js (x.com)"]
    page = open_site(ext, url)
    page.click(box)
    page.keyboard.type(f"Soita minulle numeroon {PHONE}. {DRAFT}")
    click_center(page, wait_hint(page, PHONE_HINT))
    page.locator("tuumaustauko-overlay .card button.allow").wait_for()
    page.wait_for_function(f"() => !/…$/.test({SHADOW}.querySelector('.card .rule-text').textContent)")
    assert axe_serious(page, ["tuumaustauko-overlay"]) == []
    page.keyboard.press("Escape")
    page.locator("tuumaustauko-overlay .pill").click()
    page.locator("tuumaustauko-overlay .panel").wait_for()
    assert axe_serious(page, ["tuumaustauko-overlay"]) == []
    page.keyboard.press("Escape")
    page.click(post)
    page.locator("tuumaustauko-overlay .pause").wait_for()
    assert axe_serious(page, ["tuumaustauko-overlay"]) == []


def test_axe_finds_nothing_serious_on_the_popup_and_the_options(ext: Browser) -> None:
    ext.storage({"allow": [{"kind": "phone", "text": PHONE}, {"kind": "email", "text": "press@example.fi"}]})
    open_site(ext, MASTODON[0]).wait_for_timeout(200)
    popup = open_popup(ext, tab_id(ext, "mastodon.social"))
    assert popup.inner_text("#allow-count") == "2 allowances in force"
    assert "Alt+Shift+H" in popup.inner_text("#shortcut")
    assert axe_serious(popup) == []
    options = ext.context.new_page()
    options.goto(f"chrome-extension://{ext.extension_id}/options.html")
    options.wait_for_selector("#allow-list li[data-kind=email]")
    options.wait_for_selector("#status[data-state=ok]")
    assert axe_serious(options) == []
    options.click("#allow-clear")
    options.wait_for_selector("#allow-list li", state="detached")
    assert storage_allow(ext) == []


CONTRAST = """(root) => {
    const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b]
        .map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const background = (el) => {
        for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
            const c = rgb(getComputedStyle(n).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
        }
        return [255, 255, 255];
    };
    const out = [];
    for (const el of root.querySelectorAll('.ui, .ui *')) {
        if (![...el.childNodes].some(n => n.nodeType === 3 && n.data.trim())) continue;
        if (el.closest('[aria-hidden=true]')) continue;
        const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        out.push([el.className || el.tagName, Math.round(ratio * 100) / 100]);
    }
    return out;
}"""


def test_text_the_extension_draws_has_a_contrast_of_at_least_4_5(ext: Browser) -> None:
    """axe-core leaves the contrast of a fixed-position overlay "incomplete": measured here instead,
    text colour against the nearest opaque background, on the card of each severity, the panel and the pause."""
    url, box, post = RICH_SITES["draft.js (x.com)"]
    page = open_site(ext, url)
    page.click(box)
    page.keyboard.type(f"Soita minulle numeroon {PHONE}. {DRAFT}")
    measured: list[list[Any]] = []
    for selector in (PHONE_HINT, HINT):
        click_center(page, wait_hint(page, selector))
        page.locator("tuumaustauko-overlay .card").wait_for()
        measured += page.evaluate(f"(f) => eval(f)({SHADOW})", CONTRAST)
        page.keyboard.press("Escape")
    page.locator("tuumaustauko-overlay .pill").click()
    page.locator("tuumaustauko-overlay .panel").wait_for()
    measured += page.evaluate(f"(f) => eval(f)({SHADOW})", CONTRAST)
    page.keyboard.press("Escape")
    page.click(post)
    page.locator("tuumaustauko-overlay .pause").wait_for()
    measured += page.evaluate(f"(f) => eval(f)({SHADOW})", CONTRAST)
    classes = {m[0] for m in measured}
    assert {"sev", "message", "suggestion", "pause-text"} <= classes
    low = [m for m in measured if m[1] < 4.5]
    assert not low, low


def test_a_page_script_cannot_click_always_allow_for_the_writer(ext: Browser) -> None:
    url, box, _ = MASTODON
    page = open_site(ext, url)
    page.click(box)
    page.keyboard.type(f"Soita minulle numeroon {PHONE}.")
    click_center(page, wait_hint(page, PHONE_HINT))
    page.locator("tuumaustauko-overlay .card button.allow").wait_for()
    # what any script of the page can do: the overlay's shadow root is open
    page.evaluate(f"() => {SHADOW}.querySelector('.card button.allow').click()")
    page.wait_for_timeout(300)
    assert storage_allow(ext) is None
    assert page.locator(f"tuumaustauko-overlay {PHONE_HINT}").count() == 1
    page.locator("tuumaustauko-overlay .card button.allow").click()  # the writer's own click
    page.wait_for_selector(f"tuumaustauko-overlay {PHONE_HINT}", state="detached")
    assert storage_allow(ext) == [{"kind": "phone", "text": PHONE}]
