/* Firefox runs the extension's background as an event page, which it suspends when idle (30 s by default,
 * 3 s here) and starts again on the next message: what the background kept in memory is gone then.
 * Its own Firefox and service, so that the short idle time touches no other test. (Each message to the
 * background starts the idle time anew, so a check, at most 8 s, is never cut by the default 30 s; with an
 * idle time shorter than a check, Firefox stops the background mid-check and the pill says "error".)
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { Sink, buildExtension, firefoxPath, freePort, inCI, launchFirefox, pythonPath, sleep, startService } from "./harness.mjs";

const IDLE_MS = 3000;
const HINT = "[data-hint-kind=national_id]";
const inOverlay = (selector) =>
  `!!document.querySelector('tuumaustauko-overlay')?.shadowRoot?.querySelector(${JSON.stringify(selector)})`;
const missing = !firefoxPath() ? "Firefox ESR is not installed (apt-get install -y firefox-esr)" : !pythonPath() ? "the service is not installed (make install)" : null;

describe("the extension's background in Firefox", { skip: missing && !inCI() ? missing : false }, () => {
  let ff;
  let service;
  let sink;
  let work;

  before(async () => {
    if (missing) throw new Error(`Firefox tests cannot run in CI: ${missing}`);
    work = fs.mkdtempSync(path.join(os.tmpdir(), "tuumaustauko-ff-"));
    const extensionDir = buildExtension(path.join(work, "dist"));
    sink = new Sink();
    const sinkPort = await sink.listen();
    service = startService({ port: await freePort(), configHome: path.join(work, "config") });
    ff = await launchFirefox({
      executablePath: firefoxPath(),
      extensionDir,
      sinkPort,
      prefs: { "extensions.background.idle.timeout": IDLE_MS },
    });
    await service.healthy();
    // one check first, so that the extension's first one is not slowed by the service's start
    await fetch(service.url("/v1/check"), {
      method: "POST",
      headers: { Authorization: `Bearer ${service.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ text: "Hyvää huomenta." }),
    });
    const options = await ff.openExtensionPage("options.html");
    await options.waitForSelector("#grant-section:not([hidden])");
    await options.click("#grant");
    await options.waitForSelector("#grant-section[hidden]");
    await options.evaluate(([token, port]) => browser.storage.local.set({ token, port }), [service.token, service.port]);
    await options.close();
  });

  after(async () => {
    await ff?.close();
    await service?.stop();
    await sink?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
    assert.deepEqual(sink?.seen ?? [], [], "requests tried to leave the machine");
  });

  test("after Firefox suspends the background, typing still gets hints, the badge and the popup", async () => {
    const page = await ff.openSite("https://mastodon.social/home");
    await page.click("textarea#status");
    await page.keyboard.type("Hyvää huomenta kaikille.");
    await page.waitForFunction(() => document.querySelector("tuumaustauko-overlay")?.hasAttribute("data-checked"), { timeout: 10_000 });
    const first = await ff.debug();
    assert.ok(first.requests >= 1);
    const [tab] = Object.keys(first.tabs).map(Number);
    // a mark on the background's global, which only a suspension can take away
    await ff.inExtension(async () => { (await browser.runtime.getBackgroundPage()).tuumaustaukoMark = true; });
    // idle: no message, no request; the page and its content script stay
    await ff.control.close();
    ff.control = null;
    await sleep(IDLE_MS * 2);
    await page.bringToFront();
    await page.keyboard.type(" Hetu 131052-308T.");
    await page.waitForFunction(inOverlay(HINT), { timeout: 10_000, polling: 50 });
    const woken = await ff.debug();
    assert.equal(
      await ff.inExtension(async () => (await browser.runtime.getBackgroundPage()).tuumaustaukoMark),
      undefined,
      "the background was not suspended",
    );
    assert.ok(woken.requests >= 1 && woken.requests <= 2, `${woken.requests} requests since it started again`);
    assert.deepEqual(woken.tabs, { [tab]: "mastodon.social" });
    assert.equal(await ff.inExtension((t) => browser.action.getBadgeText({ tabId: t }), tab), "WORK");
    const popup = await ff.openExtensionPage(`popup.html?tab=${tab}`);
    await popup.waitForSelector("#status:not([data-state=checking])");
    assert.equal(await popup.$eval("#status", (n) => n.dataset.state), "ok");
    assert.equal(await popup.$eval("#mode-hybrid", (n) => n.checked), true);
  });
});
