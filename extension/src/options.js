/* Options: pairing (token, port), policy pack, interface language, Mastodon instances. */
/* global TT */
(async function () {
  "use strict";
  const api = TT.api;
  const $ = (id) => document.getElementById(id);
  const stored = await api.storage.local.get(["token", "port", "pack", "uiLang", "instances", "allow"]);
  const lang = stored.uiLang ? TT.pickLang(stored.uiLang) : TT.defaultUiLang();
  const ui = (key, vars) => TT.t(lang, key, vars);
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = ui(node.getAttribute("data-i18n"));

  function withCode(node, text) {
    node.textContent = "";
    String(text || "").split("`").forEach((part, i) => {
      if (i % 2) {
        const code = document.createElement("code");
        code.textContent = part;
        node.appendChild(code);
      } else {
        node.appendChild(document.createTextNode(part));
      }
    });
  }
  withCode($("pairing-help"), ui("pairing_help"));
  withCode($("pair-native-help"), ui("pair_native_help"));

  $("token").value = stored.token || "";
  $("port").value = stored.port || "";
  $("ui-lang").value = lang;

  /* Firefox treats host permissions as optional: offer to grant them here. */
  const needed = { origins: ["http://127.0.0.1/*", "http://localhost/*"] };
  async function refreshGrant() {
    try {
      const ok = await api.permissions.contains(needed);
      $("grant-section").hidden = ok;
    } catch (err) {
      $("grant-section").hidden = true;
    }
  }
  $("grant").addEventListener("click", async () => {
    const manifest = api.runtime.getManifest();
    const origins = [...(manifest.host_permissions || [])];
    for (const cs of manifest.content_scripts || []) origins.push(...cs.matches);
    try {
      await api.permissions.request({ origins });
    } catch (err) {
      /* refused */
    }
    refreshGrant();
  });
  refreshGrant();

  async function loadPacks(selected) {
    const select = $("pack");
    select.textContent = "";
    const def = document.createElement("option");
    def.value = "";
    def.textContent = ui("pack_default");
    select.appendChild(def);
    const answer = await api.runtime.sendMessage({ type: "packs" }).catch(() => null);
    const list = answer && answer.ok ? answer.packs : [];
    for (const pack of list) {
      const option = document.createElement("option");
      option.value = pack.id;
      const name = pack.name && typeof pack.name === "object" ? pack.name[lang] || pack.name.en || pack.id : pack.name || pack.id;
      option.textContent = `${name} (${pack.id})`;
      select.appendChild(option);
    }
    if (selected && !list.some((p) => p.id === selected)) {
      const option = document.createElement("option");
      option.value = selected;
      option.textContent = selected;
      select.appendChild(option);
    }
    select.value = selected || "";
  }

  async function testConnection() {
    withCode($("status"), ui("status_checking"));
    const answer = await api.runtime.sendMessage({ type: "status" });
    $("status").setAttribute("data-state", answer.state);
    withCode($("status"), answer.message);
    if (answer.state === "ok") loadPacks((await api.storage.local.get("pack")).pack || "");
  }

  $("pairing").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const port = Number.parseInt($("port").value, 10);
    await api.storage.local.set({
      token: $("token").value.trim(),
      port: Number.isInteger(port) && port > 0 && port < 65536 ? port : TT.DEFAULT_PORT,
    });
    await testConnection();
  });
  /* One click: the native messaging host of `tuumaustauko install-browser` hands over the token and
     the port (the browser starts it for this extension only); pasting stays as the fallback. */
  $("pair-native").addEventListener("click", async () => {
    withCode($("status"), ui("status_checking"));
    let reply = null;
    try {
      reply = await api.runtime.sendNativeMessage(TT.NATIVE_HOST, { type: "pair" });
    } catch (err) {
      reply = null;
    }
    const port = reply && Number.isInteger(reply.port) && reply.port > 0 && reply.port < 65536 ? reply.port : null;
    const token = reply && reply.ok && typeof reply.token === "string" ? reply.token.trim() : "";
    if (!token || token.length > 512 || !port) {
      $("status").setAttribute("data-state", "unpaired");
      withCode($("status"), ui("pair_native_failed"));
      return;
    }
    await api.storage.local.set({ token, port });
    $("token").value = token;
    $("port").value = port;
    await testConnection();
  });
  $("pack").addEventListener("change", () => api.storage.local.set({ pack: $("pack").value }));
  $("ui-lang").addEventListener("change", async () => {
    await api.storage.local.set({ uiLang: $("ui-lang").value });
    location.reload();
  });

  /* Mastodon instances: an optional host permission per domain, then a registered content script. */
  let instances = Array.isArray(stored.instances) ? stored.instances : [];
  function drawInstances() {
    const list = $("instances");
    list.textContent = "";
    for (const domain of instances) {
      const li = document.createElement("li");
      li.textContent = domain + " ";
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = ui("instance_remove");
      remove.addEventListener("click", async () => {
        instances = instances.filter((d) => d !== domain);
        await api.storage.local.set({ instances });
        try {
          await api.permissions.remove({ origins: [`https://${domain}/*`] });
        } catch (err) {
          /* still listed elsewhere */
        }
        drawInstances();
      });
      li.appendChild(remove);
      list.appendChild(li);
    }
  }
  $("instance-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const domain = TT.normaliseDomain($("instance").value);
    if (!domain) {
      $("instance-status").textContent = ui("instance_bad");
      return;
    }
    let granted = false;
    try {
      granted = await api.permissions.request({ origins: [`https://${domain}/*`] });
    } catch (err) {
      granted = false;
    }
    if (!granted) {
      $("instance-status").textContent = ui("instance_denied", { domain });
      return;
    }
    if (!instances.includes(domain)) instances = [...instances, domain];
    await api.storage.local.set({ instances });
    await api.runtime.sendMessage({ type: "instances-changed" }).catch(() => {});
    $("instance-status").textContent = ui("saved");
    $("instance").value = "";
    drawInstances();
  });
  drawInstances();

  /* The writer's own allowances: seen, removed one by one, or cleared. */
  function drawAllowances(list) {
    const ul = $("allow-list");
    ul.textContent = "";
    for (const entry of list) {
      const li = document.createElement("li");
      li.setAttribute("data-kind", entry.kind);
      const kind = document.createElement("span");
      kind.className = "allow-kind";
      kind.textContent = entry.kind;
      const text = document.createElement("span");
      text.className = "allow-text";
      text.textContent = entry.text;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link";
      remove.textContent = ui("allow_remove");
      remove.setAttribute("aria-label", ui("allow_remove_label", { kind: entry.kind, text: entry.text }));
      remove.addEventListener("click", async () => {
        const now = TT.cleanAllowList((await api.storage.local.get("allow")).allow);
        const key = TT.allowKey(entry.kind, entry.text);
        await api.storage.local.set({ allow: now.filter((e) => TT.allowKey(e.kind, e.text) !== key) });
      });
      li.append(kind, document.createTextNode(" "), text, document.createTextNode(" "), remove);
      ul.appendChild(li);
    }
    $("allow-none").hidden = list.length > 0;
    $("allow-clear").hidden = list.length === 0;
  }
  $("allow-clear").addEventListener("click", () => api.storage.local.set({ allow: [] }));
  api.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && changes.allow) drawAllowances(TT.cleanAllowList(changes.allow.newValue));
  });
  drawAllowances(TT.cleanAllowList(stored.allow));

  loadPacks(stored.pack || "");
  if (stored.token) testConnection();
})();
