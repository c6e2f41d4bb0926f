/* Tuumaustauko background worker: the only part that talks to the local service.
 * Chrome runs it as a service worker (shared.js comes in by importScripts); Firefox as a background
 * script after shared.js. It never logs or stores draft text. */
/* global TT, importScripts */
if (typeof TT === "undefined" && typeof importScripts === "function") importScripts("shared.js");

(function () {
  "use strict";
  const api = TT.api;
  const RULES_MAX_AGE_MS = 24 * 3600 * 1000;
  const CHECK_TIMEOUT_MS = 8000;

  /* Requests in flight, one per editor: a newer draft aborts the older request (stale answers are dropped). */
  const inFlight = new Map();
  /* tabId -> platform, told by the content scripts (used for the per-tab badge). */
  const tabPlatforms = new Map();
  const rulesMemo = new Map();

  /* What the tests and outside checks may read: the shape of the last request, never its text. */
  const debug = {
    requests: 0,
    dropped: 0, // checks whose connection dropped and that the tab asked for once more
    lastRequest: null,
    status: null,
    tabs: () => Object.fromEntries(tabPlatforms),
  };
  globalThis.tuumaustaukoDebug = debug;

  async function settings() {
    const s = await api.storage.local.get(["token", "port", "modes", "paused", "pack", "uiLang", "allow"]);
    const port = Number.parseInt(s.port, 10);
    return {
      token: typeof s.token === "string" ? s.token.trim() : "",
      port: Number.isInteger(port) && port > 0 && port < 65536 ? port : TT.DEFAULT_PORT,
      modes: s.modes && typeof s.modes === "object" ? s.modes : {},
      paused: s.paused && typeof s.paused === "object" ? s.paused : {},
      pack: typeof s.pack === "string" && s.pack ? s.pack : null,
      uiLang: s.uiLang ? TT.pickLang(s.uiLang) : TT.defaultUiLang(),
      allow: TT.cleanAllowList(s.allow),
    };
  }

  function modeOf(cfg, platform) {
    const m = cfg.modes[platform];
    return TT.MODES.includes(m) ? m : "hybrid";
  }

  /* ---- talking to the service ---- */

  class ServiceError extends Error {
    constructor(state, detail) {
      super(state);
      this.state = state; // down | unauthorized | unpaired | error | aborted
      this.detail = detail || "";
    }
  }

  async function call(cfg, path, init, signal) {
    if (!cfg.token && path.startsWith("/v1/")) throw new ServiceError("unpaired");
    const headers = { Accept: "application/json" };
    if (cfg.token) headers.Authorization = "Bearer " + cfg.token;
    if (init && init.body) headers["Content-Type"] = "application/json";
    const timeout = AbortSignal.timeout(CHECK_TIMEOUT_MS);
    const combined = signal && AbortSignal.any ? AbortSignal.any([signal, timeout]) : signal || timeout;
    let response;
    try {
      response = await fetch(`http://127.0.0.1:${cfg.port}${path}`, {
        method: (init && init.method) || "GET",
        headers,
        body: init && init.body,
        signal: combined,
        cache: "no-store",
        credentials: "omit",
        redirect: "error",
      });
    } catch (err) {
      if (signal && signal.aborted) throw new ServiceError("aborted");
      throw new ServiceError("down", err && err.name);
    }
    if (response.status === 401 || response.status === 403) throw new ServiceError("unauthorized", String(response.status));
    let body = null;
    try {
      body = await response.json();
    } catch (err) {
      body = null;
    }
    if (!response.ok) {
      const code = body && body.error && body.error.code ? body.error.code : String(response.status);
      throw new ServiceError("error", code);
    }
    return body;
  }

  async function setStatus(state, port) {
    const previous = debug.status;
    debug.status = { state, port };
    if (!previous || previous.state !== state || previous.port !== port) {
      await api.storage.local.set({ status: { state, port, at: Date.now() } });
    }
  }

  async function check(msg, sender) {
    const cfg = await settings();
    const tabId = sender.tab ? sender.tab.id : -1;
    const platform = String(msg.platform || "");
    if (tabId >= 0) tabPlatforms.set(tabId, platform);
    const key = `${tabId}:${sender.frameId || 0}:${msg.editorId}`;
    const previous = inFlight.get(key);
    if (previous) previous.abort();
    const controller = new AbortController();
    inFlight.set(key, controller);

    const mode = modeOf(cfg, platform);
    const body = { text: String(msg.text || ""), mode, platform };
    if (msg.previous_text) body.previous_text = String(msg.previous_text);
    if (cfg.pack) body.pack = cfg.pack;
    if (cfg.allow.length) body.allow = cfg.allow;
    debug.requests += 1;
    debug.lastRequest = {
      mode,
      platform,
      pack: cfg.pack,
      length: body.text.length,
      has_previous_text: Boolean(body.previous_text),
      allow: cfg.allow.length, // how many allowances went with it, never which
      at: Date.now(),
    };
    try {
      const data = await call(cfg, "/v1/check", { method: "POST", body: JSON.stringify(body) }, controller.signal);
      await setStatus("ok", cfg.port);
      refreshBadge(tabId);
      return { ok: true, seq: msg.seq, mode, data };
    } catch (err) {
      let state = err instanceof ServiceError ? err.state : "error";
      if (state === "aborted") return { ok: false, seq: msg.seq, state: "aborted" };
      if (state === "down" && !(await hostAccess())) state = "permission";
      if (state === "down" && err.detail === "TypeError" && !msg.retry) {
        /* The connection failed or dropped mid-request (a worker of the service died, or the service is
           restarting): the tab says "reconnecting" and asks once more before anything says "down". */
        debug.dropped += 1;
        return { ok: false, seq: msg.seq, state: "reconnecting", message: statusText(cfg.uiLang, "reconnecting", cfg.port) };
      }
      if (state !== "error") await setStatus(state, cfg.port);
      refreshBadge(tabId);
      return {
        ok: false,
        seq: msg.seq,
        state,
        port: cfg.port,
        message: statusText(cfg.uiLang, state, cfg.port, err.detail),
      };
    } finally {
      if (inFlight.get(key) === controller) inFlight.delete(key);
    }
  }

  function statusText(lang, state, port, detail) {
    const key = {
      ok: "status_ok",
      down: "status_down",
      unauthorized: "status_unauthorized",
      unpaired: "status_unpaired",
      permission: "status_permission",
      reconnecting: "status_reconnecting",
    }[state] || "status_error";
    return TT.t(lang, key, { port, detail: detail || state });
  }

  /* Health, then an authorised call, so that a wrong token shows up even while nobody types. */
  async function hostAccess() {
    try {
      return await api.permissions.contains({ origins: ["http://127.0.0.1/*"] });
    } catch (err) {
      return true;
    }
  }

  async function probe() {
    const cfg = await settings();
    let state = "ok";
    let version = null;
    let detail = "";
    if (!(await hostAccess())) {
      /* Firefox: host permissions are optional until granted in the options page. */
      return { state: "permission", port: cfg.port, version, message: statusText(cfg.uiLang, "permission", cfg.port) };
    }
    try {
      const health = await call(cfg, "/health");
      version = health && health.version;
      await call(cfg, "/v1/packs");
    } catch (err) {
      state = err instanceof ServiceError ? err.state : "error";
      detail = err.detail || "";
    }
    if (state !== "error") await setStatus(state, cfg.port);
    await refreshAllBadges();
    return { state, port: cfg.port, version, message: statusText(cfg.uiLang, state, cfg.port, detail) };
  }

  async function rules(lang) {
    const l = TT.pickLang(lang);
    const memo = rulesMemo.get(l);
    if (memo && Date.now() - memo.at < RULES_MAX_AGE_MS) return memo.rules;
    const key = "rules_" + l;
    const stored = (await api.storage.local.get(key))[key];
    if (stored && Array.isArray(stored.rules) && Date.now() - stored.at < RULES_MAX_AGE_MS) {
      rulesMemo.set(l, stored);
      return stored.rules;
    }
    const cfg = await settings();
    const list = await call(cfg, "/v1/rules?lang=" + l);
    const entry = { at: Date.now(), rules: Array.isArray(list) ? list : [] };
    rulesMemo.set(l, entry);
    await api.storage.local.set({ [key]: entry });
    return entry.rules;
  }

  /* "Always allow this": one {kind, text} more in storage.local `allow` (never for a critical hint). */
  async function addAllowance(msg) {
    const hint = { kind: String(msg.kind || ""), severity: String(msg.severity || ""), start: 0, end: 1 };
    const text = String(msg.text || "").trim();
    if (!TT.canAllow(hint, text)) return { ok: false, state: "refused" };
    const list = TT.cleanAllowList((await api.storage.local.get("allow")).allow);
    const key = TT.allowKey(hint.kind, text);
    if (list.some((e) => TT.allowKey(e.kind, e.text) === key)) return { ok: true, count: list.length };
    if (list.length >= TT.ALLOW_MAX) return { ok: false, state: "full" };
    list.push({ kind: hint.kind, text });
    await api.storage.local.set({ allow: list });
    return { ok: true, count: list.length };
  }

  async function packs() {
    const cfg = await settings();
    const list = await call(cfg, "/v1/packs");
    return Array.isArray(list) ? list : [];
  }

  /* ---- the badge: the identity mode of the tab's site, or what is wrong ---- */

  async function badgeFor(tabId, cfg) {
    const platform = tabPlatforms.get(tabId);
    const status = debug.status || (await api.storage.local.get("status")).status || null;
    const lang = cfg.uiLang;
    if (status && status.state && status.state !== "ok") {
      return {
        text: "!",
        color: "#c5221f",
        title: TT.t(lang, "badge_title_problem", { status: statusText(lang, status.state, cfg.port) }),
      };
    }
    if (!platform) return { text: "", color: "#5f6368", title: TT.t(lang, "name") };
    if (cfg.paused[platform]) return { text: TT.t(lang, "badge_paused"), color: "#5f6368", title: TT.t(lang, "pause_site") };
    const mode = modeOf(cfg, platform);
    const colors = { official: "#1a56b8", hybrid: "#7b3fb3", private: "#3c7a3a" };
    return {
      text: TT.t(lang, "badge_" + mode),
      color: colors[mode],
      title: TT.t(lang, "badge_title_ok", { mode: TT.t(lang, "mode_" + mode) }),
    };
  }

  async function refreshBadge(tabId, cfg) {
    if (tabId === undefined || tabId < 0) return;
    try {
      const c = cfg || (await settings());
      const b = await badgeFor(tabId, c);
      await api.action.setBadgeText({ tabId, text: b.text });
      await api.action.setBadgeBackgroundColor({ tabId, color: b.color });
      await api.action.setTitle({ tabId, title: b.title });
    } catch (err) {
      /* the tab is gone */
    }
  }

  async function refreshAllBadges() {
    const cfg = await settings();
    await Promise.all([...tabPlatforms.keys()].map((id) => refreshBadge(id, cfg)));
  }

  /* ---- Mastodon instances the user added (optional host permission + a registered content script) ---- */

  const INSTANCE_SCRIPT_ID = "tuumaustauko-instances";

  async function syncInstances() {
    try {
      await registerInstances();
    } catch (err) {
      /* a browser without dynamic content scripts: the defaults in the manifest still work */
    }
  }

  async function registerInstances() {
    if (!api.scripting || !api.scripting.registerContentScripts) return;
    const { instances } = await api.storage.local.get("instances");
    const list = Array.isArray(instances) ? instances : [];
    const origins = [];
    for (const domain of list) {
      const origin = `https://${domain}/*`;
      try {
        if (await api.permissions.contains({ origins: [origin] })) origins.push(origin);
      } catch (err) {
        /* not a valid pattern */
      }
    }
    try {
      const existing = await api.scripting.getRegisteredContentScripts({ ids: [INSTANCE_SCRIPT_ID] });
      if (existing && existing.length) await api.scripting.unregisterContentScripts({ ids: [INSTANCE_SCRIPT_ID] });
    } catch (err) {
      /* nothing registered */
    }
    if (!origins.length) return;
    await api.scripting.registerContentScripts([
      {
        id: INSTANCE_SCRIPT_ID,
        matches: origins,
        js: ["shared.js", "content.js"],
        runAt: "document_idle",
        persistAcrossSessions: true,
      },
    ]);
  }

  /* ---- messages ---- */

  api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (!msg || typeof msg.type !== "string") return false;
    if (sender.id && sender.id !== api.runtime.id) return false;
    let work;
    switch (msg.type) {
      case "check":
        work = check(msg, sender);
        break;
      case "hello":
        if (sender.tab) {
          tabPlatforms.set(sender.tab.id, String(msg.platform || ""));
          refreshBadge(sender.tab.id);
        }
        work = Promise.resolve({ ok: true });
        break;
      case "rules":
        work = rules(msg.lang).then(
          (list) => ({ ok: true, rules: list }),
          (err) => ({ ok: false, state: err.state || "error" })
        );
        break;
      case "packs":
        work = packs().then(
          (list) => ({ ok: true, packs: list }),
          (err) => ({ ok: false, state: err.state || "error" })
        );
        break;
      case "status":
        work = probe();
        break;
      case "allow":
        if (!sender.tab) return false; // only a hint card in a tab asks; the options page edits the list itself
        work = addAllowance(msg);
        break;
      case "instances-changed":
        work = syncInstances().then(() => ({ ok: true }));
        break;
      default:
        return false;
    }
    work.then(sendResponse, (err) => sendResponse({ ok: false, state: "error", message: String(err && err.message) }));
    return true;
  });

  api.storage.onChanged.addListener((changes, area) => {
    if (area !== "local") return;
    if (changes.token || changes.port) {
      debug.status = null;
      api.storage.local.remove("status");
      for (const key of ["rules_fi", "rules_sv", "rules_en"]) rulesMemo.delete(key.slice(6));
    }
    if (changes.modes || changes.paused || changes.uiLang || changes.token || changes.port || changes.status) {
      refreshAllBadges();
    }
    if (changes.instances) syncInstances();
  });

  /* The keyboard command (manifest "commands", Alt+Shift+H by default): the tab's content script
     moves the focus to the next hint and opens its card. */
  async function runCommand(command, tabId) {
    if (command !== "next-hint") return { ok: false };
    let id = tabId;
    if (id === undefined || id === null || id < 0) {
      const [tab] = await api.tabs.query({ active: true, currentWindow: true });
      id = tab ? tab.id : -1;
    }
    if (id < 0) return { ok: false };
    try {
      return (await api.tabs.sendMessage(id, { type: "next-hint" })) || { ok: false };
    } catch (err) {
      return { ok: false }; // no content script on this page
    }
  }
  debug.command = runCommand;
  if (api.commands && api.commands.onCommand) {
    api.commands.onCommand.addListener((command, tab) => {
      runCommand(command, tab ? tab.id : undefined);
    });
  }

  if (api.tabs && api.tabs.onRemoved) {
    api.tabs.onRemoved.addListener((tabId) => tabPlatforms.delete(tabId));
  }
  if (api.permissions && api.permissions.onAdded) {
    api.permissions.onAdded.addListener(() => syncInstances());
    api.permissions.onRemoved.addListener(() => syncInstances());
  }
  api.runtime.onInstalled.addListener(() => {
    syncInstances();
  });
})();
