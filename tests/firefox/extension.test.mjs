/* The extension (dist/firefox, built afresh) in Debian's Firefox ESR, headless, driven by puppeteer-core over
 * WebDriver BiDi, on the offline copies of the sites' compose boxes (tests/browser/fixtures) under the
 * sites' real addresses, against the real service on 127.0.0.1.
 *
 *     make firefox                  (or: cd tests/firefox && node --test; `make test` runs it too)
 *
 * Host permissions: granted the way a user does, with the options page's "Allow" button. Two
 * preferences (launchFirefox in harness.mjs) set the stage: one has Firefox withhold them at install, the
 * other takes the prompt that the button opens (Firefox's own window, out of a page's reach) as "Allow".
 * Without Firefox the tests are skipped on a developer machine and fail in CI (CI=true).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";

import {
  Sink,
  TOKEN,
  buildExtension,
  firefoxPath,
  freePort,
  inCI,
  launchFirefox,
  pythonPath,
  sleep,
  startService,
} from "./harness.mjs";

const HETU = "131052-308T";
// One critical hint and nothing else (an applicant's application told of is an official-channel case).
const DRAFT = `Henkilötunnus on ${HETU} ja lomake on valmis.`;
const FIXED = DRAFT.replace(HETU, "[poistettu]");
const VIEW = "Ministeriön uusi tieverkkoesitys on mielestäni täysin onnistunut, ja tuen sitä.";
const HINT = "[data-hint-kind=national_id]";

const MASTODON = { url: "https://mastodon.social/home", box: "textarea#status", post: ".compose-form__publish button" };
// name -> the site, its compose box ("host inner" = inner inside host's shadow root) and its Post button
const RICH_SITES = {
  "draft.js (x.com)": { url: "https://x.com/home", box: "[data-testid=tweetTextarea_0]", post: "[data-testid=tweetButtonInline]" },
  "lexical (facebook.com)": { url: "https://www.facebook.com/", box: "[data-lexical-editor]", post: "[aria-label=Post][role=button]" },
  "quill (linkedin.com)": { url: "https://www.linkedin.com/feed/", box: ".ql-editor", post: ".share-actions__primary-action" },
  "prosemirror (linkedin.com)": { url: "https://www.linkedin.com/messaging/", box: ".ProseMirror", post: ".msg-form__send-button" },
  "shadow DOM (reddit.com)": { url: "https://www.reddit.com/submit", box: "shreddit-composer .rte", post: "shreddit-composer .submit" },
};

const missing = (() => {
  if (!firefoxPath()) return "Firefox ESR is not installed (apt-get install -y firefox-esr)";
  if (!pythonPath()) return "the service is not installed (make install)";
  return null;
})();

/* ---------------------------------------------------------------- helpers in the page */

/* The element of `box`, looking into shadow roots at each space ("shreddit-composer .rte"). */
const FIND = `(box) => { let el = null;
  for (const part of box.split(" ")) el = el ? (el.shadowRoot || el).querySelector(part) : document.querySelector(part);
  return el; }`;

/* Its rectangle in the viewport, scrolled into view when it is not (a user scrolls to what they click:
   the options page grew the allowances' list, which put the Mastodon instance's button below the fold). */
async function rectOf(page, box) {
  return page.evaluate(`(() => { const el = (${FIND})(${JSON.stringify(box)});
    if (!el) return null;
    el.scrollIntoView({ block: "nearest", inline: "nearest" });
    return el.getBoundingClientRect().toJSON(); })()`);
}

async function clickCenter(page, rect) {
  assert.ok(rect && rect.width > 0 && rect.height > 0, `nothing to click: ${JSON.stringify(rect)}`);
  await page.mouse.click(rect.x + rect.width / 2, rect.y + rect.height / 2);
}

async function click(page, box) {
  await clickCenter(page, await rectOf(page, box));
}

async function typeDraft(page, box, text) {
  await click(page, box);
  await page.keyboard.type(text);
}

const editorState = (page) => page.evaluate(() => window.__editorText());

/* In the extension's overlay (an open shadow root). */
const inOverlay = (selector) =>
  `document.querySelector('tuumaustauko-overlay')?.shadowRoot?.querySelector(${JSON.stringify(selector)})`;

async function overlayRect(page, selector) {
  return page.evaluate(`${inOverlay(selector)}?.getBoundingClientRect().toJSON() ?? null`);
}

async function overlayText(page, selector) {
  return page.evaluate(`${inOverlay(selector)}?.textContent ?? null`);
}

async function overlayAttr(page, selector, name) {
  return page.evaluate(`${inOverlay(selector)}?.getAttribute(${JSON.stringify(name)}) ?? null`);
}

async function waitOverlay(page, selector, { gone = false, timeout = 10_000 } = {}) {
  try {
    await page.waitForFunction(gone ? `!${inOverlay(selector)}` : `!!${inOverlay(selector)}`, { timeout, polling: 50 });
  } catch (err) {
    const state = await page.evaluate(() => {
      const h = document.querySelector("tuumaustauko-overlay");
      return h ? { ...h.dataset } : "no overlay";
    });
    throw new Error(`${gone ? "still" : "no"} ${selector} in the overlay: ${JSON.stringify(state)}`, { cause: err });
  }
}

/* Clicks an element of the overlay where it has come to rest (a card is placed after it opens, and placed again
   when the guideline rule's text comes from /v1/rules: the first card of a fresh service waits for it longest). */
async function clickInOverlay(page, selector) {
  await waitOverlay(page, selector);
  if (selector.startsWith(".card")) {
    await page.waitForFunction(`!/…$/.test(${inOverlay(".card .rule-text")}?.textContent ?? "…")`, { timeout: 10_000 });
  }
  let rect = await overlayRect(page, selector);
  for (let i = 0; i < 40; i++) {
    await sleep(25);
    const now = await overlayRect(page, selector);
    if (JSON.stringify(now) === JSON.stringify(rect)) break;
    rect = now;
  }
  await clickCenter(page, rect);
}

const HINT_SUMMARY = `[...document.querySelector('tuumaustauko-overlay').shadowRoot.querySelectorAll('.hint')]
  .map(h => h.dataset.hintCategory + '/' + h.dataset.hintKind + '/' + h.dataset.severity).sort()`;

const checkedAt = (page) => page.evaluate(() => String(document.querySelector("tuumaustauko-overlay")?.getAttribute("data-checked")));

async function waitRechecked(page, since) {
  await page.waitForFunction(
    (t) => String(document.querySelector("tuumaustauko-overlay")?.getAttribute("data-checked")) !== t,
    { timeout: 10_000, polling: 50 },
    since,
  );
}

/* The overlapping area as a share of the smaller box. */
function overlap(a, b) {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / Math.min(a.width * a.height, b.width * b.height);
}

/* Where Firefox itself lays out `needle` inside a contenteditable editor. */
async function richTextBox(page, box, needle) {
  return page.evaluate(
    `((box, needle) => {
      const root = (${FIND})(box);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.data.indexOf(needle);
        if (i >= 0) {
          const r = document.createRange();
          r.setStart(n, i); r.setEnd(n, i + needle.length);
          return r.getBoundingClientRect().toJSON();
        }
      }
      return null;
    })(${JSON.stringify(box)}, ${JSON.stringify(needle)})`,
  );
}

/* For a one-line draft in a textarea: the needle's box from the font's own metrics (canvas). */
async function textareaTextBox(page, box, needle) {
  return page.evaluate(
    ([box, needle]) => {
      const ta = document.querySelector(box);
      const cs = getComputedStyle(ta);
      const ctx = document.createElement("canvas").getContext("2d");
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const i = ta.value.indexOf(needle);
      const r = ta.getBoundingClientRect();
      const left = r.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft) + ctx.measureText(ta.value.slice(0, i)).width;
      const lh = parseFloat(cs.lineHeight) || parseFloat(cs.fontSize) * 1.2;
      const top = r.top + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop);
      return { x: left, y: top, width: ctx.measureText(needle).width, height: lh };
    },
    [box, needle],
  );
}

/* From the last keydown to the first frame with the underline, measured inside the page. */
const LATENCY_PROBE = `(() => {
  window.__ttLastKey = 0; window.__ttDrawn = 0;
  addEventListener('keydown', () => { window.__ttLastKey = performance.now(); }, true);
  const look = () => {
    if (${inOverlay(HINT)}) { window.__ttDrawn = performance.now(); return; }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})()`;

async function latencyMs(page) {
  await page.waitForFunction(() => window.__ttDrawn > 0, { timeout: 10_000 });
  return page.evaluate(() => window.__ttDrawn - window.__ttLastKey);
}

/* ---------------------------------------------------------------- the suite */

describe("the extension in Firefox ESR", { skip: missing && !inCI() ? missing : false }, () => {
  let ff;
  let service;
  let sink;
  let work;

  /* The tab id of the newest tab whose content script said hello for `platform`. */
  async function tabId(platform) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { tabs } = await ff.debug();
      const found = Object.entries(tabs).filter(([, p]) => p === platform).map(([id]) => Number(id));
      if (found.length) return Math.max(...found);
      if (Date.now() > deadline) throw new Error(`no tab with the content script for ${platform}`);
      await sleep(50);
    }
  }

  async function openPopup(tab) {
    const popup = await ff.openExtensionPage(`popup.html?tab=${tab}`);
    await popup.waitForSelector("#status:not([data-state=checking])");
    return popup;
  }

  const badge = (tab) => ff.inExtension((t) => browser.action.getBadgeText({ tabId: t }), tab);

  /* Pairing as the options page keeps it: storage.local `token` and `port`. */
  async function pair({ token = service.token, port = service.port } = {}) {
    await ff.inExtension(([token, port]) => browser.storage.local.set({ token, port }), [token, port]);
  }

  const hostAccess = () =>
    ff.inExtension(() => browser.permissions.contains({ origins: ["http://127.0.0.1/*", "https://*.x.com/*"] }));

  /* What a user does in Firefox: open the extension's options and press "Allow the sites and 127.0.0.1". */
  async function grantWithTheOptionsButton() {
    const options = await ff.openExtensionPage("options.html");
    await options.waitForSelector("#grant-section:not([hidden])", { timeout: 5000 });
    await options.click("#grant");
    await options.waitForSelector("#grant-section[hidden]", { timeout: 5000 });
    await options.close();
  }

  before(async () => {
    if (missing) throw new Error(`Firefox tests cannot run in CI: ${missing}`);
    work = fs.mkdtempSync(path.join(os.tmpdir(), "tuumaustauko-ff-"));
    const extensionDir = buildExtension(path.join(work, "dist"));
    sink = new Sink();
    const sinkPort = await sink.listen();
    service = startService({ port: await freePort(), token: TOKEN, configHome: path.join(work, "config") });
    ff = await launchFirefox({ executablePath: firefoxPath(), extensionDir, sinkPort });
    await service.healthy();
    await grantWithTheOptionsButton();
  });

  after(async () => {
    await ff?.close();
    await service?.stop();
    await sink?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
    // checked last, when every page and the browser are gone: nothing reached the sink
    assert.deepEqual(sink?.seen ?? [], [], "requests tried to leave the machine");
  });

  beforeEach(async () => {
    if (!(await hostAccess())) await grantWithTheOptionsButton();
    await ff.inExtension(() => browser.storage.local.remove(["modes", "paused", "status", "uiLang", "pack"]));
    await pair();
  });

  afterEach(async () => {
    // every tab but the first and the extension page the tests use (extension pages report about:blank)
    for (const page of (await ff.browser.pages()).slice(1)) {
      if (page !== ff.control && !page.isClosed()) await page.close();
    }
    assert.deepEqual(ff.strays, [], "pages asked for something that is neither a fixture page nor loopback");
  });

  test("host permissions are asked for in the options page and granted with its Allow button", async () => {
    // as a user who withheld them in about:addons
    await ff.inExtension(() => {
      const m = browser.runtime.getManifest();
      return browser.permissions.remove({ origins: [...m.host_permissions, ...m.content_scripts.flatMap((c) => c.matches)] });
    });
    assert.equal(await hostAccess(), false);
    const site = await ff.openSite(MASTODON.url);
    await typeDraft(site, MASTODON.box, DRAFT);
    await sleep(800);
    assert.equal(await site.evaluate(() => document.querySelector("tuumaustauko-overlay")), null, "the content script ran without permission");
    const popup = await ff.openExtensionPage("popup.html");
    await popup.waitForSelector("#status:not([data-state=checking])");
    assert.equal(await popup.$eval("#status", (n) => n.dataset.state), "permission");
    assert.match(await popup.$eval("#status", (n) => n.textContent), /press “Allow”/);

    await grantWithTheOptionsButton();
    assert.equal(await hostAccess(), true);
    const again = await ff.openSite(MASTODON.url);
    await typeDraft(again, MASTODON.box, DRAFT);
    await waitOverlay(again, HINT);
  });

  test("a henkilötunnus in a textarea is underlined over its text, and the fix keeps undo", async () => {
    const page = await ff.openSite(MASTODON.url);
    await page.evaluate(LATENCY_PROBE);
    await typeDraft(page, MASTODON.box, DRAFT);
    await waitOverlay(page, HINT);
    assert.equal(await overlayAttr(page, HINT, "data-hint-category"), "personal_data");
    assert.equal(await overlayAttr(page, HINT, "data-severity"), "critical");
    const share = overlap(await overlayRect(page, HINT), await textareaTextBox(page, MASTODON.box, HETU));
    assert.ok(share > 0.6, `the underline covers ${share.toFixed(2)} of the henkilötunnus`);
    const ms = await latencyMs(page);
    console.log(`# textarea (mastodon.social): last keystroke -> underline drawn ${ms.toFixed(0)} ms (debounce 300 ms)`);
    assert.ok(ms >= 300 && ms < 3000, `${ms} ms`);
    assert.equal((await ff.debug()).lastRequest.platform, "mastodon.social");

    await clickCenter(page, await overlayRect(page, HINT));
    await clickInOverlay(page, ".card button.fix-replace");
    await page.waitForFunction((h) => !window.__editorText().includes(h), { timeout: 5000 }, HETU);
    assert.equal(await page.$eval(MASTODON.box, (ta) => ta.value), FIXED);
    assert.equal(await editorState(page), FIXED); // the React-like state saw it
    await page.keyboard.down("Control");
    await page.keyboard.press("z");
    await page.keyboard.up("Control");
    assert.equal(await page.$eval(MASTODON.box, (ta) => ta.value), DRAFT);
  });

  for (const [name, site] of Object.entries(RICH_SITES)) {
    test(`${name}: the underline, the card with the guideline rule, and a fix that reaches the editor's own state`, async () => {
      const page = await ff.openSite(site.url);
      await page.evaluate(LATENCY_PROBE);
      await typeDraft(page, site.box, DRAFT);
      assert.equal(await editorState(page), DRAFT); // the fixture's framework followed Firefox's typing
      await waitOverlay(page, HINT);
      const share = overlap(await overlayRect(page, HINT), await richTextBox(page, site.box, HETU));
      assert.ok(share > 0.6, `the underline covers ${share.toFixed(2)} of the henkilötunnus`);
      console.log(`# ${name}: last keystroke -> underline drawn ${(await latencyMs(page)).toFixed(0)} ms`);

      // the card: message, suggestion, the guideline rule's text from /v1/rules
      await clickCenter(page, await overlayRect(page, HINT));
      await waitOverlay(page, ".card");
      assert.match((await overlayText(page, ".card .message")).toLowerCase(), /henkilötunnus/);
      assert.equal(await overlayAttr(page, ".card .rule", "data-rule"), "10");
      await page.waitForFunction(`!/…$/.test(${inOverlay(".card .rule-text")}.textContent)`, { timeout: 5000 });
      assert.ok((await overlayText(page, ".card .rule-text")).length > 30);

      // one click: the editor's own state changes, so the site's Post button sends the fixed text
      await clickInOverlay(page, ".card button.fix-replace");
      await page.waitForFunction((h) => !window.__editorText().includes(h), { timeout: 5000 }, HETU);
      assert.equal(await editorState(page), FIXED);
      await waitOverlay(page, HINT, { gone: true });
      await click(page, site.post);
      assert.deepEqual(await page.evaluate(() => window.__posted), [FIXED]);
    });
  }

  test("offsets after emoji are UTF-16 code units from the service to Firefox's editor", async () => {
    const site = RICH_SITES["draft.js (x.com)"];
    const page = await ff.openSite(site.url);
    const draft = `Juhlat 🎉🎉 ja 👩‍💻 hetu ${HETU} tässä.`;
    await typeDraft(page, site.box, draft);
    await waitOverlay(page, HINT);
    const share = overlap(await overlayRect(page, HINT), await richTextBox(page, site.box, HETU));
    assert.ok(share > 0.6, `the underline covers ${share.toFixed(2)} of the henkilötunnus`);
    await clickCenter(page, await overlayRect(page, HINT));
    await clickInOverlay(page, ".card button.fix-replace");
    await page.waitForFunction((h) => !window.__editorText().includes(h), { timeout: 5000 }, HETU);
    assert.equal(await editorState(page), draft.replace(HETU, "[poistettu]"));
  });

  test("in a textarea scrolled to its last line the underline is on that line, over the henkilötunnus", async () => {
    const page = await ff.openSite(MASTODON.url);
    await click(page, MASTODON.box);
    for (let i = 0; i < 14; i++) {
      await page.keyboard.type(`Rivi ${i + 1}.`);
      await page.keyboard.press("Enter");
    }
    await page.keyboard.type(`Hetu ${HETU}`);
    await waitOverlay(page, HINT);
    const expected = await page.evaluate(
      ([box, needle]) => {
        const ta = document.querySelector(box);
        const cs = getComputedStyle(ta);
        const ctx = document.createElement("canvas").getContext("2d");
        ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const lines = ta.value.split("\n"); // each shorter than the textarea's width: no line wraps
        const last = lines.at(-1);
        const r = ta.getBoundingClientRect();
        const lh = parseFloat(cs.lineHeight);
        return {
          scrolled: ta.scrollTop > 0,
          x: r.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft) + ctx.measureText(last.slice(0, last.indexOf(needle))).width,
          y: r.top + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop) + (lines.length - 1) * lh - ta.scrollTop,
          width: ctx.measureText(needle).width,
          height: lh,
        };
      },
      [MASTODON.box, HETU],
    );
    assert.ok(expected.scrolled, "the textarea did not scroll");
    const share = overlap(await overlayRect(page, HINT), expected);
    assert.ok(share > 0.6, `the underline covers ${share.toFixed(2)} of the henkilötunnus: ${JSON.stringify(await overlayRect(page, HINT))} vs ${JSON.stringify(expected)}`);
  });

  test("the underline follows the text when the page scrolls and zooms", async () => {
    const site = RICH_SITES["draft.js (x.com)"];
    const page = await ff.openSite(site.url);
    await page.evaluate(() => { document.body.style.minHeight = "3000px"; });
    await typeDraft(page, site.box, DRAFT);
    await waitOverlay(page, HINT);
    const before = await overlayRect(page, HINT);
    await page.evaluate(() => window.scrollBy(0, 60));
    await page.waitForFunction(
      (y) => { const h = document.querySelector("tuumaustauko-overlay").shadowRoot.querySelector("[data-hint-kind=national_id]");
               return h && Math.abs(h.getBoundingClientRect().top - (y - 60)) < 1.5; },
      { timeout: 5000, polling: 50 }, before.y,
    );
    assert.ok(overlap(await overlayRect(page, HINT), await richTextBox(page, site.box, HETU)) > 0.6, "after scrolling");
    await page.setViewport({ width: 800, height: 700 });
    await page.evaluate(() => { document.body.style.zoom = "1.25"; window.dispatchEvent(new Event("resize")); });
    await sleep(300);
    const share = overlap(await overlayRect(page, HINT), await richTextBox(page, site.box, HETU));
    assert.ok(share > 0.6, `after zooming the underline covers ${share.toFixed(2)} of the henkilötunnus`);
  });

  test("the Add a disclaimer fix appends it in the draft's language through the editor", async () => {
    const site = RICH_SITES["lexical (facebook.com)"];
    const page = await ff.openSite(site.url);
    await typeDraft(page, site.box, VIEW);
    await waitOverlay(page, "[data-hint-kind=missing][data-document-level=true]");
    await clickInOverlay(page, ".pill");
    await clickInOverlay(page, ".panel li.hint-item");
    await clickInOverlay(page, ".card button.fix-disclaimer");
    await page.waitForFunction((d) => window.__editorText() !== d, { timeout: 5000 }, VIEW);
    assert.equal(await editorState(page), `${VIEW} (Oma näkemykseni, ei työnantajani virallinen kanta.)`);
    await waitOverlay(page, "[data-hint-kind=missing]", { gone: true });
    await click(page, site.post);
    assert.deepEqual(await page.evaluate(() => window.__posted), [await editorState(page)]);
  });

  test("editing a published post sends its previous text and Mark as edited fixes it", async () => {
    const page = await ff.openSite("https://www.facebook.com/edit/");
    await click(page, "[data-lexical-editor]");
    await page.keyboard.down("Control");
    await page.keyboard.press("a");
    await page.keyboard.up("Control");
    await page.keyboard.type("Tervetuloa seminaariin torstaina klo 14.");
    await waitOverlay(page, "[data-hint-category=edit]");
    assert.equal((await ff.debug()).lastRequest.has_previous_text, true);
    await clickCenter(page, await overlayRect(page, "[data-hint-category=edit]"));
    await clickInOverlay(page, ".card button.fix-edited");
    await page.waitForFunction(() => window.__editorText().endsWith("(Muokattu.)"), { timeout: 5000 });
    assert.equal(await editorState(page), "Tervetuloa seminaariin torstaina klo 14. (Muokattu.)");
  });

  test("ignore hides the hint for this draft", async () => {
    const site = RICH_SITES["draft.js (x.com)"];
    const page = await ff.openSite(site.url);
    await typeDraft(page, site.box, DRAFT);
    await waitOverlay(page, HINT);
    await clickCenter(page, await overlayRect(page, HINT));
    await clickInOverlay(page, ".card button.ignore");
    await waitOverlay(page, HINT, { gone: true });
    await page.keyboard.down("Control");
    await page.keyboard.press("End");
    await page.keyboard.up("Control");
    const since = await checkedAt(page);
    await page.keyboard.type(" Kiitos.");
    await waitRechecked(page, since);
    assert.equal(await page.evaluate(`!!${inOverlay(HINT)}`), false);
    assert.ok((await editorState(page)).startsWith(DRAFT));
  });

  test("switching the mode in the popup changes the request, the badge and the hints", async () => {
    const site = RICH_SITES["lexical (facebook.com)"];
    const page = await ff.openSite(site.url);
    await typeDraft(page, site.box, VIEW);
    await page.waitForFunction(() => document.querySelector("tuumaustauko-overlay")?.hasAttribute("data-checked"), { timeout: 10_000 });
    await waitOverlay(page, "[data-hint-category=disclaimer]");
    const hybrid = await page.evaluate(HINT_SUMMARY);
    assert.equal((await ff.debug()).lastRequest.mode, "hybrid");
    const tab = await tabId("facebook.com");
    assert.equal(await badge(tab), "WORK");

    const since = await checkedAt(page);
    const popup = await openPopup(tab);
    await popup.click("#mode-official");
    await page.bringToFront();
    await page.waitForFunction(
      () => document.querySelector("tuumaustauko-overlay").getAttribute("data-mode") === "official",
      { timeout: 10_000 },
    );
    await waitRechecked(page, since);
    const last = (await ff.debug()).lastRequest;
    assert.equal(last.mode, "official");
    assert.equal(last.platform, "facebook.com");
    assert.equal(last.length, VIEW.length);
    const official = await page.evaluate(HINT_SUMMARY);
    assert.equal(await badge(tab), "ORG");
    assert.deepEqual(await ff.inExtension(() => browser.storage.local.get("modes").then((s) => s.modes)), { "facebook.com": "official" });
    // "say whose view this is" on one's own account, "no personal opinions" on the organisation's
    assert.notDeepEqual(official, hybrid, "the hints did not change with the mode");
    assert.ok(hybrid.some((h) => h.startsWith("disclaimer/")) && official.some((h) => h.startsWith("disclaimer/")), `${hybrid} / ${official}`);
  });

  test("the pause before posting stops the first Post press and Ctrl+Enter", async () => {
    const x = RICH_SITES["draft.js (x.com)"];
    const page = await ff.openSite(x.url);
    await typeDraft(page, x.box, DRAFT);
    await waitOverlay(page, HINT);
    await click(page, x.post);
    await waitOverlay(page, ".pause");
    assert.match(await overlayText(page, ".pause"), /1 critical hint — review, or post anyway/);
    assert.deepEqual(await page.evaluate(() => window.__posted), []);
    await clickInOverlay(page, ".pause button.pause-post"); // "post anyway" presses the site's Post button
    assert.deepEqual(await page.evaluate(() => window.__posted), [DRAFT]);

    const quill = RICH_SITES["quill (linkedin.com)"];
    const linkedin = await ff.openSite(quill.url);
    await typeDraft(linkedin, quill.box, DRAFT);
    await waitOverlay(linkedin, HINT);
    await linkedin.keyboard.down("Control");
    await linkedin.keyboard.press("Enter");
    await linkedin.keyboard.up("Control");
    await waitOverlay(linkedin, ".pause");
    assert.equal(await editorState(linkedin), DRAFT); // no line break slipped in
    assert.deepEqual(await linkedin.evaluate(() => window.__posted), []);
    await click(linkedin, quill.post); // the pause stops once: a second, real Post press goes through
    assert.deepEqual(await linkedin.evaluate(() => window.__posted), [DRAFT]);
  });

  test("the service not running is said in the popup, the badge and the pill, with the command", async () => {
    await pair({ port: await freePort() });
    const page = await ff.openSite(MASTODON.url);
    await typeDraft(page, MASTODON.box, "Hyvää huomenta kaikille.");
    await waitOverlay(page, ".pill[data-status=down]");
    const tab = await tabId("mastodon.social");
    assert.equal(await badge(tab), "!");
    assert.match(await ff.inExtension((t) => browser.action.getTitle({ tabId: t }), tab), /make run/);
    const popup = await openPopup(tab);
    assert.equal(await popup.$eval("#status", (n) => n.dataset.state), "down");
    const status = await popup.$eval("#status", (n) => n.textContent);
    assert.match(status, /not running/);
    assert.match(status, /make run/);
    assert.match(status, /tuumaustauko serve/);
    // back up: pairing again clears the message
    await pair();
    await page.bringToFront();
    await page.keyboard.type(` ${HETU}`);
    await waitOverlay(page, HINT);
    await waitOverlay(page, ".pill[data-status=ok]");
  });

  test("a Mastodon instance added in the options gets its permission and the underlines", async () => {
    const instance = { url: "https://toot.example/home", box: MASTODON.box };
    const before = await ff.openSite(instance.url);
    await typeDraft(before, instance.box, DRAFT);
    await sleep(800);
    assert.equal(await before.evaluate(() => document.querySelector("tuumaustauko-overlay")), null, "the content script ran on a site nobody added");

    const options = await ff.openExtensionPage("options.html");
    await click(options, "#instance");
    await options.keyboard.type("https://toot.example/@someone");
    await click(options, "#instance-form button[type=submit]");
    await options.waitForFunction(() => document.querySelector("#instances").textContent.includes("toot.example"), { timeout: 5000 });
    assert.equal(await options.$eval("#instance-status", (n) => n.textContent), "Saved.");
    assert.equal(await ff.inExtension(() => browser.permissions.contains({ origins: ["https://toot.example/*"] })), true);

    const after = await ff.openSite(instance.url);
    await typeDraft(after, instance.box, DRAFT);
    await waitOverlay(after, HINT);
    assert.equal((await ff.debug()).lastRequest.platform, "toot.example");

    await click(options, "#instances li button");
    await options.waitForFunction(() => !document.querySelector("#instances li"), { timeout: 5000 });
    assert.equal(await ff.inExtension(() => browser.permissions.contains({ origins: ["https://toot.example/*"] })), false);
  });

  test("pairing in the options page with a pasted token tests the connection and lists the packs", async () => {
    await ff.inExtension(() => browser.storage.local.remove(["token", "port"]));
    const options = await ff.openExtensionPage("options.html");
    await click(options, "#token");
    await options.keyboard.type(service.token);
    await click(options, "#port");
    await options.keyboard.type(String(service.port));
    await click(options, "#test");
    await options.waitForSelector("#status[data-state=ok]", { timeout: 10_000 });
    assert.deepEqual(await ff.inExtension(() => browser.storage.local.get(["token", "port"])), {
      token: service.token,
      port: service.port,
    });
    await options.waitForFunction(() => document.querySelectorAll("#pack option").length > 1, { timeout: 5000 });
    assert.match(await options.$eval("#pack", (n) => n.textContent), /lvm/);
  });

  test("a wrong token is said plainly in the popup", async () => {
    await pair({ token: "not-the-token" });
    await ff.openSite("https://x.com/home");
    const popup = await openPopup(await tabId("x.com"));
    assert.equal(await popup.$eval("#status", (n) => n.dataset.state), "unauthorized");
    assert.match(await popup.$eval("#status", (n) => n.textContent), /tuumaustauko token/);
  });

  test("a page in Firefox, which lets pages reach 127.0.0.1, reads nothing from the service", async () => {
    // Firefox has no Local Network Access check: what stops a page is the service's own refusal
    const page = await ff.openSite(MASTODON.url);
    const answered = [];
    page.on("response", (r) => {
      if (r.url().startsWith(service.url("/"))) answered.push([new URL(r.url()).pathname, r.status()]);
    });
    const outcomes = await page.evaluate(async (base) => {
      const body = JSON.stringify({ text: "Hetu 131052-308T", mode: "hybrid" });
      const out = [];
      async function attempt(name, run) {
        try { out.push({ name, read: String(await run()) }); } catch (e) { out.push({ name, error: String(e) }); }
      }
      const json = { "Content-Type": "application/json" };
      await attempt("cors json", async () => (await fetch(`${base}/v1/check`, { method: "POST", headers: json, body })).text());
      await attempt("cors text/plain", async () =>
        (await fetch(`${base}/v1/check`, { method: "POST", headers: { "Content-Type": "text/plain" }, body })).text());
      await attempt("cors with a guessed token", async () =>
        (await fetch(`${base}/v1/rules`, { headers: { Authorization: "Bearer guess" } })).text());
      await attempt("no-cors text/plain", async () =>
        (await fetch(`${base}/v1/check`, { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body })).text());
      await attempt("no-cors get rules", async () => (await fetch(`${base}/v1/rules/1`, { mode: "no-cors" })).text());
      await attempt("img", () => new Promise((done) => {
        const img = new Image(); img.onload = () => done("loaded"); img.onerror = () => done("error"); img.src = `${base}/v1/rules`;
      }));
      await attempt("script", () => new Promise((done) => {
        const el = document.createElement("script"); el.onload = () => done("loaded"); el.onerror = () => done("error");
        el.src = `${base}/v1/packs`; document.body.appendChild(el);
      }));
      await attempt("form post", () => new Promise((done) => {
        const frame = document.createElement("iframe"); frame.name = "target"; document.body.appendChild(frame);
        frame.onload = () => { try { done(frame.contentDocument ? frame.contentDocument.body.innerText : "opaque"); } catch (e) { done(`opaque: ${e}`); } };
        const form = document.createElement("form"); form.method = "POST"; form.enctype = "text/plain";
        form.action = `${base}/v1/check`; form.target = "target";
        const field = document.createElement("input"); field.name = '{"text": "x", "pad": "'; field.value = '"}';
        form.appendChild(field); document.body.appendChild(form); form.submit();
      }));
      return out;
    }, service.url(""));
    await sleep(300);
    assert.equal(outcomes.length, 8);
    const leaked = outcomes.filter((o) => /"hints"|"title"|"stockmann"|"languages"|national_id/.test(o.read || ""));
    assert.deepEqual(leaked, []);
    const paths = new Set(answered.map(([p]) => p));
    assert.ok(paths.has("/v1/check") && paths.has("/v1/rules/1"), JSON.stringify(answered));
    assert.ok(answered.every(([, status]) => status === 401 || status === 403), JSON.stringify(answered));
  });

  test("the extension reaches nothing but loopback, and the pages nothing but the fixtures", async () => {
    // its content security policy (connect-src 127.0.0.1/localhost) stops a request before it is made
    const outcome = await ff.inExtension(() =>
      fetch("https://example.com/collect", { method: "POST", body: "x" }).then(() => "sent", (e) => `blocked: ${e.name}`),
    );
    assert.match(outcome, /^blocked/);
    assert.equal(await ff.inExtension((p) => fetch(`http://127.0.0.1:${p}/health`).then((r) => r.status), service.port), 200);
    // a page's own request to elsewhere is refused and recorded (the afterEach hook fails on any)
    const page = await ff.openSite(MASTODON.url);
    await page.evaluate(() => fetch("https://tracker.invalid/p").catch(() => null));
    assert.deepEqual(ff.strays, ["https://tracker.invalid/p"]);
    ff.strays.length = 0;
    assert.deepEqual(sink.seen, [], "requests tried to leave the machine");
    // and the sink does catch what a page outside the fixtures would send
    const loose = await ff.browser.newPage();
    await loose.goto("http://sink-check.invalid/", { timeout: 5000 }).catch(() => null);
    await loose.close();
    assert.deepEqual(sink.seen, ["GET http://sink-check.invalid/"]);
    sink.seen.length = 0;
  });
});
