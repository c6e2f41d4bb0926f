/* What the Firefox tests stand on: the built extension, the real service, Debian's Firefox ESR driven by
 * puppeteer-core over WebDriver BiDi, the offline fixture pages of tests/browser/fixtures under the real
 * sites' addresses, and a record of every request that tried to leave the machine.
 *
 * Nothing leaves the machine:
 *  - the sites' pages are answered from tests/browser/fixtures by request interception (BiDi
 *    network.addIntercept) before Firefox opens any connection; any other request of a page is refused
 *    and recorded;
 *  - everything else Firefox would send (the extension's background script, Firefox's own services) goes
 *    to a proxy on 127.0.0.1 (the network.proxy.* preferences) that forwards nothing and records what came;
 *    Firefox never sends loopback addresses to a proxy, so the extension reaches the service directly.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import puppeteer from "puppeteer-core";

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, "..", "..");
export const FIXTURES = path.join(ROOT, "tests", "browser", "fixtures");
export const TOKEN = "firefox-test-token-0123456789";
export const EXTENSION_ID = "tuumaustauko@tuumaustauko.invalid"; // browser_specific_settings.gecko.id
const KIT_PATH = "/__fixture__/kit.js";

/* URL -> fixture file, as in tests/browser/browserkit.py. */
export const PAGES = {
  "https://mastodon.social/home": "mastodon.html",
  "https://x.com/home": "x.html",
  "https://www.facebook.com/": "facebook.html",
  "https://www.facebook.com/edit/": "facebook-edit.html",
  "https://www.linkedin.com/feed/": "linkedin.html",
  "https://www.linkedin.com/messaging/": "linkedin-messaging.html",
  "https://www.reddit.com/submit": "reddit.html",
  // a Mastodon instance that is not in the manifest: the user adds it in the options
  "https://toot.example/home": "mastodon.html",
};

export function inCI() {
  return ["1", "true", "yes"].includes(String(process.env.CI || "").trim().toLowerCase());
}

function executable(candidate) {
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
    return fs.statSync(candidate).isFile();
  } catch {
    return false;
  }
}

function onPath(name) {
  for (const dir of String(process.env.PATH || "").split(path.delimiter)) {
    if (dir && executable(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

/* Debian's Firefox ESR (apt-get install firefox-esr), or TUUMAUSTAUKO_FIREFOX. */
export function firefoxPath() {
  for (const candidate of [process.env.TUUMAUSTAUKO_FIREFOX, "/usr/bin/firefox-esr", onPath("firefox-esr")]) {
    if (candidate && executable(candidate)) return candidate;
  }
  return null;
}

/* The service's Python: TUUMAUSTAUKO_PYTHON, else the project's .venv (made by `make install`). */
export function pythonPath() {
  for (const candidate of [process.env.TUUMAUSTAUKO_PYTHON, path.join(ROOT, ".venv", "bin", "python")]) {
    if (candidate && executable(candidate)) return candidate;
  }
  return null;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/* ---------------------------------------------------------------- the extension */

export function buildExtension(out) {
  const python = pythonPath() || "python3";
  const run = spawnSync(python, [path.join(ROOT, "extension", "build.py"), "--out", out], { encoding: "utf-8" });
  if (run.status !== 0) throw new Error(`extension/build.py failed: ${run.stderr || run.stdout}`);
  return path.join(out, "firefox");
}

/* ---------------------------------------------------------------- the service */

export class Service {
  constructor(port, token, process) {
    this.port = port;
    this.token = token;
    this.process = process;
    this.output = [];
    process.stdout.on("data", (chunk) => this.output.push(chunk));
    process.stderr.on("data", (chunk) => this.output.push(chunk));
  }

  url(p) {
    return `http://127.0.0.1:${this.port}${p}`;
  }

  async healthy(timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) {
        throw new Error(`the service exited early (${this.process.exitCode}): ${Buffer.concat(this.output).toString().slice(-2000)}`);
      }
      try {
        const response = await fetch(this.url("/health"), { signal: AbortSignal.timeout(1000) });
        if (response.ok && (await response.json()).status === "ok") return;
      } catch {
        /* not yet */
      }
      await sleep(100);
    }
    throw new Error("the service did not answer /health in time");
  }

  async stop() {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    this.process.kill("SIGTERM");
    const timer = setTimeout(() => this.process.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

export function startService({ port, token = TOKEN, configHome }) {
  const python = pythonPath();
  if (!python) throw new Error("no Python with the service: run `make install` (or set TUUMAUSTAUKO_PYTHON)");
  const env = {
    ...process.env,
    TUUMAUSTAUKO_TOKEN: token,
    XDG_CONFIG_HOME: configHome,
    PYTHONPATH: [path.join(ROOT, "server"), process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
  };
  const child = spawn(python, ["-m", "tuumaustauko", "serve", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Service(port, token, child);
}

/* ---------------------------------------------------------------- what tried to leave the machine */

/* A proxy that forwards nothing: it records the first line of each request (a CONNECT host:port or an
   absolute URL, never a body) and refuses it. */
export class Sink {
  constructor() {
    this.seen = [];
    this.server = net.createServer((socket) => {
      let head = "";
      socket.on("data", (chunk) => {
        if (head === null) return;
        head += chunk.toString("latin1");
        const end = head.indexOf("\r\n");
        if (end >= 0) {
          this.seen.push(head.slice(0, end).split(" ").slice(0, 2).join(" "));
          head = null;
          socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
      });
      socket.on("error", () => {});
    });
  }

  listen() {
    return new Promise((resolve) => this.server.listen(0, "127.0.0.1", () => resolve(this.server.address().port)));
  }

  close() {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/* ---------------------------------------------------------------- Firefox */

export class Firefox {
  constructor(browser, uuid, profile) {
    this.browser = browser;
    this.uuid = uuid; // the moz-extension:// host, fixed by the extensions.webextensions.uuids preference
    this.profile = profile;
    this.strays = []; // requests of pages that were neither a fixture page nor loopback
    this.control = null; // an extension page kept open to use the extension's own APIs
  }

  extensionUrl(p) {
    return `moz-extension://${this.uuid}/${p}`;
  }

  /* A tab on one of the sites: its page comes from the fixtures, anything else it asks for is refused. */
  async openSite(url) {
    const page = await this.browser.newPage();
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      const u = request.url();
      if (Object.hasOwn(PAGES, u)) {
        request.respond({
          status: 200,
          contentType: "text/html; charset=utf-8",
          body: fs.readFileSync(path.join(FIXTURES, PAGES[u]), "utf-8"),
        });
      } else if (u.startsWith("https://") && new URL(u).pathname === KIT_PATH) {
        request.respond({
          status: 200,
          contentType: "text/javascript; charset=utf-8",
          body: fs.readFileSync(path.join(FIXTURES, "kit.js"), "utf-8"),
        });
      } else if (/^(data|blob|about|moz-extension):/.test(u) || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(u)) {
        request.continue();
      } else {
        this.strays.push(u);
        request.abort("blockedbyclient");
      }
    });
    await page.goto(url);
    return page;
  }

  /* An extension page in a tab. WebDriver BiDi may navigate to moz-extension:// only with
     --remote-allow-system-access, and it does not report that navigation's end: wait for the document. */
  async openExtensionPage(p) {
    const page = await this.browser.newPage();
    const url = this.extensionUrl(p);
    page.goto(url, { timeout: 0 }).catch(() => {});
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        const ready = await page.evaluate(
          (u) => location.href === u && document.readyState === "complete" && typeof browser !== "undefined",
          url,
        );
        if (ready) return page;
      } catch {
        /* the document is being replaced */
      }
      if (Date.now() > deadline) throw new Error(`${url} did not open`);
      await sleep(50);
    }
  }

  /* Runs fn(arg) in an extension page, with the extension's `browser.*` APIs. */
  async inExtension(fn, arg) {
    if (!this.control || this.control.isClosed()) this.control = await this.openExtensionPage("options.html");
    return this.control.evaluate(fn, arg);
  }

  /* What the background script lets tests read (the shape of the last request, never draft text). */
  async debug() {
    return this.inExtension(async () => {
      const d = (await browser.runtime.getBackgroundPage()).tuumaustaukoDebug;
      return { tabs: d.tabs(), requests: d.requests, dropped: d.dropped, lastRequest: d.lastRequest, status: d.status };
    });
  }

  async close() {
    await this.browser.close();
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}

export async function launchFirefox({ executablePath, extensionDir, sinkPort, prefs = {} }) {
  const uuid = randomUUID();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tuumaustauko-firefox-"));
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath,
    headless: true,
    userDataDir: profile,
    defaultViewport: { width: 1100, height: 760 },
    // lets WebDriver BiDi open moz-extension:// pages (the options page, the popup) in a tab
    args: ["--remote-allow-system-access"],
    // Firefox's own Remote Settings (blocklists and the like) take their server from the preference below
    // only in a Firefox under test, which this variable says; its other effect, refusing connections to
    // anything but loopback, is what these tests want too (the sink, on 127.0.0.1, still sees any attempt).
    env: { ...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: "1" },
    extraPrefsFirefox: {
      "extensions.webextensions.uuids": JSON.stringify({ [EXTENSION_ID]: uuid }),
      // Host permissions are NOT granted at install here, as in a Firefox where the user withheld them
      // ("Permissions" in about:addons): the tests grant them as a user does, with the options page's
      // "Allow" button. The prompt that button opens is Firefox's own window, out of a page's reach, so
      // this preference accepts it the way a user pressing "Allow" would.
      "extensions.originControls.grantByDefault": false,
      "extensions.webextOptionalPermissionPrompts": false,
      // every request that is not to loopback goes to the sink, which forwards nothing
      "network.proxy.type": 1,
      "network.proxy.http": "127.0.0.1",
      "network.proxy.http_port": sinkPort,
      "network.proxy.ssl": "127.0.0.1",
      "network.proxy.ssl_port": sinkPort,
      "network.proxy.no_proxies_on": "",
      "network.proxy.allow_hijacking_localhost": false,
      "services.settings.server": "data:,#remote-settings-dummy/v1",
      "network.dns.disablePrefetch": true,
      "network.trr.mode": 5,
      "browser.chrome.site_icons": false,
      "browser.chrome.favicons": false,
      "intl.accept_languages": "en-US",
      "intl.locale.requested": "en-US",
      ...prefs,
    },
  });
  const wanted = JSON.parse(fs.readFileSync(path.join(extensionDir, "manifest.json"), "utf-8")).browser_specific_settings
    .gecko.strict_min_version;
  const version = (await browser.version()).split("/")[1] || "0";
  if (Number.parseInt(version, 10) < Number.parseInt(wanted, 10)) {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
    throw new Error(`Firefox ${version} is older than the extension's strict_min_version ${wanted} (Debian's firefox-esr comes from the security archive)`);
  }
  const installed = await browser.installExtension(extensionDir);
  if (installed !== EXTENSION_ID) throw new Error(`installExtension gave ${installed}, not ${EXTENSION_ID}`);
  return new Firefox(browser, uuid, profile);
}
