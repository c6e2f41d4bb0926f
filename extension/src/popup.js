/* The toolbar popup: the identity mode of this site, pause on this site, the connection. */
/* global TT */
(async function () {
  "use strict";
  const api = TT.api;
  const $ = (id) => document.getElementById(id);
  const stored = await api.storage.local.get(["uiLang", "modes", "paused", "allow"]);
  const lang = stored.uiLang ? TT.pickLang(stored.uiLang) : TT.defaultUiLang();
  const ui = (key, vars) => TT.t(lang, key, vars);
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = ui(node.getAttribute("data-i18n"));

  function showStatus(answer) {
    const node = $("status");
    node.setAttribute("data-state", answer.state);
    node.textContent = "";
    String(answer.message || "").split("`").forEach((part, i) => {
      if (i % 2) {
        const code = document.createElement("code");
        code.textContent = part;
        node.appendChild(code);
      } else {
        node.appendChild(document.createTextNode(part));
      }
    });
  }

  /* The keyboard shortcut as the browser has it now (the writer may have changed it). */
  async function showShortcut(node, t) {
    let keys = "Alt+Shift+H";
    try {
      const commands = await api.commands.getAll();
      const mine = commands.find((c) => c.name === "next-hint");
      if (mine && mine.shortcut) keys = mine.shortcut;
    } catch (err) {
      /* the browser does not tell */
    }
    node.textContent = t("shortcut_help", { keys });
  }

  /* The tab: the active one, or ?tab=ID (used when the popup is opened as a page, e.g. by tests). */
  async function targetTab() {
    const param = new URLSearchParams(location.search).get("tab");
    if (param) return Number.parseInt(param, 10);
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    return tab ? tab.id : null;
  }

  /* How many of the writer's own allowances are in force (the list itself is in the options). */
  const allowed = TT.cleanAllowList(stored.allow).length;
  $("allow-count").textContent = allowed === 0 ? ui("allow_count_none") : allowed === 1 ? ui("allow_count_one") : ui("allow_count", { n: allowed });
  $("allow-count").setAttribute("data-count", String(allowed));
  showShortcut($("shortcut"), ui);

  $("status").textContent = ui("status_checking");
  api.runtime.sendMessage({ type: "status" }).then(showStatus, () => showStatus({ state: "error", message: ui("status_error", { detail: "extension" }) }));

  const tabId = await targetTab();
  let info = null;
  if (tabId !== null) {
    try {
      info = await api.tabs.sendMessage(tabId, { type: "whoami" });
    } catch (err) {
      info = null;
    }
  }
  if (!info || !info.platform) {
    $("unsupported").hidden = false;
    return;
  }
  const site = info.platform;
  $("site-section").hidden = false;
  $("mode-heading").textContent = ui("mode_heading", { site });
  const modes = stored.modes || {};
  const current = TT.MODES.includes(modes[site]) ? modes[site] : "hybrid";
  for (const mode of TT.MODES) {
    const label = document.createElement("label");
    label.className = "mode";
    const input = document.createElement("input");
    input.type = "radio";
    input.name = "mode";
    input.value = mode;
    input.id = "mode-" + mode;
    input.checked = mode === current;
    const text = document.createElement("span");
    const title = document.createElement("strong");
    title.textContent = ui("mode_" + mode);
    const help = document.createElement("small");
    help.textContent = ui("mode_" + mode + "_help");
    text.append(title, help);
    label.append(input, text);
    input.addEventListener("change", async () => {
      const now = (await api.storage.local.get("modes")).modes || {};
      now[site] = mode;
      await api.storage.local.set({ modes: now });
    });
    $("modes").appendChild(label);
  }
  const pausedBox = $("pause-site");
  pausedBox.checked = Boolean((stored.paused || {})[site]);
  pausedBox.addEventListener("change", async () => {
    const now = (await api.storage.local.get("paused")).paused || {};
    if (pausedBox.checked) now[site] = true;
    else delete now[site];
    await api.storage.local.set({ paused: now });
  });
})();
