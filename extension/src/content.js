/* Tuumaustauko content script: finds compose boxes, asks the background worker for hints, draws them.
 *
 * - The editor's DOM is never changed: everything is drawn inside one host element of our own,
 *   <tuumaustauko-overlay>, with an open shadow root, appended to <html>.
 * - Text goes only to the background worker (which sends it to 127.0.0.1); it is never logged or stored.
 * - Offsets are UTF-16 code units, the same as JavaScript string indices and the service's answers. */
/* global TT */
(function () {
  "use strict";
  if (window.__tuumaustaukoContent) return;
  window.__tuumaustaukoContent = true;

  const api = TT.api;
  const platform = TT.platformFor(location.hostname);
  const DEBOUNCE_MS = 300;
  const MAX_TEXT = 20000;
  const RETRY_AFTER_MS = 250; // a check whose connection dropped is sent once more after this pause
  const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 };

  const config = { uiLang: TT.defaultUiLang(), mode: "hybrid", paused: false, allowKeys: new Set() };
  let problem = null; // {state, message} when the service cannot be used
  const sessions = new Set();
  const sessionOf = new WeakMap();
  let editorCounter = 0;
  const rulesCache = new Map();

  const ui = (key, vars) => TT.t(config.uiLang, key, vars);

  /* ------------------------------------------------------------------ the overlay host */

  const STYLE = `
    :host { all: initial; }
    * { box-sizing: border-box; }
    .layer { position: fixed; inset: 0 auto auto 0; width: 0; height: 0; pointer-events: none; }
    .hint { position: fixed; pointer-events: none; border-bottom: 2px solid var(--c); background: var(--bg); border-radius: 1px; }
    .hint[data-severity="critical"] { --c: #d93025; --bg: rgba(217, 48, 37, 0.10); border-bottom-width: 3px; }
    .hint[data-severity="warning"] { --c: #e37400; --bg: rgba(227, 116, 0, 0.08); }
    .hint[data-severity="info"] { --c: #1a73e8; --bg: transparent; border-bottom-style: dotted; }
    .hint.doc { border: 0; border-radius: 2px; background: var(--c); opacity: .85; }
    .mirror { position: fixed; visibility: hidden; pointer-events: none; overflow: hidden; top: 0; left: 0; }
    .ui { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f1f1f; pointer-events: auto; }
    .pill { position: fixed; display: inline-flex; align-items: center; gap: 6px; padding: 2px 9px; border-radius: 999px;
      border: 1px solid rgba(0,0,0,.15); background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.18); cursor: pointer;
      font-size: 12px; white-space: nowrap; opacity: .92; }
    .pill:hover, .pill:focus-visible { opacity: 1; outline: 2px solid #1a73e8; outline-offset: 1px; }
    .pill .dot { width: 9px; height: 9px; border-radius: 50%; background: #188038; }
    .pill[data-level="medium"] .dot { background: #e37400; }
    .pill[data-level="high"] .dot { background: #d93025; }
    .pill[data-status]:not([data-status="ok"]):not([data-status="reconnecting"]) { border-color: #d93025; color: #a50e0e; }
    .pill[data-status]:not([data-status="ok"]):not([data-status="reconnecting"]) .dot { background: #d93025; }
    .pill[data-status="reconnecting"] .dot { background: #9aa0a6; }
    .pill .count { font-weight: 600; color: #a50e0e; }
    .pill.compact { gap: 4px; padding: 2px 6px; }
    .pill.compact .label { display: none; }
    .panel, .card, .pause { position: fixed; width: 340px; max-width: calc(100vw - 16px); background: #fff; border-radius: 10px;
      border: 1px solid rgba(0,0,0,.14); box-shadow: 0 8px 28px rgba(0,0,0,.22); padding: 12px 14px; }
    .card header { display: flex; align-items: center; gap: 8px; margin-bottom: 6px; }
    .sev { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; padding: 1px 7px; border-radius: 999px; color: #fff; }
    .sev[data-severity="critical"] { background: #c5221f; }
    .sev[data-severity="warning"] { background: #9c4f00; }
    .sev[data-severity="info"] { background: #1a56b8; }
    .sev { display: inline-flex; align-items: center; }
    .sev .icon { margin-right: 4px; flex: none; }
    .sr { position: fixed; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
    .cat { font-weight: 600; flex: 1; }
    .x { border: 0; background: transparent; font-size: 18px; line-height: 1; cursor: pointer; color: #555; padding: 0 2px; }
    .message { font-weight: 600; margin: 2px 0 4px; }
    .suggestion { margin: 0 0 8px; color: #333; }
    .rule { border-left: 3px solid #c7c7c7; padding: 4px 8px; margin: 8px 0; background: #f6f7f9; border-radius: 0 6px 6px 0; }
    .rule-title { font-weight: 600; }
    .rule-text { color: #333; margin-top: 2px; }
    .rule-source { color: #666; font-size: 11px; margin-top: 3px; }
    .actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
    button.fix, button.ignore, button.allow, .pause button { font: inherit; font-size: 12.5px; border-radius: 6px; padding: 4px 10px; cursor: pointer;
      border: 1px solid #1a56b8; background: #1a56b8; color: #fff; }
    button.ignore, button.allow, .pause button.secondary { background: #fff; color: #1a56b8; }
    .card .message { font-size: 13px; }
    button:focus-visible { outline: 2px solid #1a73e8; outline-offset: 1px; }
    .panel h3 { font-size: 13px; margin: 0 0 6px; }
    .panel ul { margin: 0 0 8px; padding-left: 18px; }
    .panel li { margin: 2px 0; }
    .panel li.hint-item { list-style: none; margin-left: -18px; border-radius: 4px; }
    .panel li.hint-item button { all: unset; display: block; width: 100%; box-sizing: border-box; padding: 2px 4px; cursor: pointer; border-radius: 4px; }
    .panel li.hint-item button:hover, .panel li.hint-item button:focus-visible { background: #f1f3f4; outline: 2px solid #1a73e8; }
    .panel .status { color: #a50e0e; }
    .pause { border-color: #d93025; border-width: 2px; }
    .pause-text { font-weight: 600; margin-bottom: 8px; }
    .pause-buttons { display: flex; gap: 8px; }
    .note { color: #555; font-size: 12px; margin-top: 6px; }
    code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; background: #f1f3f4; padding: 0 3px; border-radius: 3px; }
  `;

  let host = null;
  let shadow = null;
  let layer = null;
  let uiLayer = null;
  let live = null;

  function ensureHost() {
    if (host && host.isConnected) return;
    if (!host) {
      host = document.createElement("tuumaustauko-overlay");
      host.setAttribute("data-platform", platform);
      host.style.cssText =
        "all: initial !important; position: fixed !important; top: 0 !important; left: 0 !important; width: 0 !important; " +
        "height: 0 !important; z-index: 2147483647 !important; pointer-events: none !important; display: block !important;";
      shadow = host.attachShadow({ mode: "open" });
      const style = document.createElement("style");
      style.textContent = STYLE;
      layer = document.createElement("div");
      layer.className = "layer";
      uiLayer = document.createElement("div");
      uiLayer.className = "layer";
      /* The count of hints, said politely by screen readers when it changes (not at every keystroke). */
      live = document.createElement("div");
      live.className = "sr live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      shadow.append(style, layer, uiLayer, live);
      /* Keep the editor's focus and selection when our buttons are pressed. */
      shadow.addEventListener("mousedown", (ev) => {
        const t = ev.composedPath()[0];
        if (t instanceof Element && t.closest("button, .pill, li.hint-item")) ev.preventDefault();
      });
    }
    document.documentElement.appendChild(host);
    host.setAttribute("data-mode", config.mode);
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /* Shows `text` with `command` parts rendered as code, without innerHTML. */
  function withCode(parent, text) {
    const parts = String(text).split("`");
    parts.forEach((part, i) => parent.append(i % 2 ? el("code", null, part) : document.createTextNode(part)));
    return parent;
  }

  /* ------------------------------------------------------------------ finding compose boxes */

  const SKIP_INPUT_TYPES = new Set([
    "password", "email", "search", "url", "tel", "number", "hidden", "checkbox", "radio", "file", "submit",
    "button", "reset", "image", "range", "color", "date", "datetime-local", "month", "time", "week",
  ]);
  const SEARCH_WORDS = /\b(search|haku|hae|etsi|sök)\b/i;

  function editableFrom(node) {
    if (!(node instanceof Element)) node = node && node.parentElement;
    if (!node) return null;
    if (host && (node === host || host.contains(node))) return null;
    if (node.tagName === "TEXTAREA") return node.readOnly || node.disabled ? null : node;
    if (node.tagName === "INPUT") {
      const type = (node.getAttribute("type") || "text").toLowerCase();
      if (SKIP_INPUT_TYPES.has(type) || node.readOnly || node.disabled) return null;
      const role = (node.getAttribute("role") || "").toLowerCase();
      if (role === "combobox" || role === "searchbox" || node.closest("[role=search], form[role=search]")) return null;
      const label = `${node.getAttribute("aria-label") || ""} ${node.getAttribute("placeholder") || ""} ${node.name || ""}`;
      if (SEARCH_WORDS.test(label)) return null;
      return node;
    }
    if (!node.isContentEditable) return null;
    let rootEl = node;
    while (rootEl.parentElement && rootEl.parentElement.isContentEditable) rootEl = rootEl.parentElement;
    return rootEl;
  }

  function deepTarget(ev) {
    const path = typeof ev.composedPath === "function" ? ev.composedPath() : [];
    return path.length ? path[0] : ev.target;
  }

  /* ------------------------------------------------------------------ the text of a rich editor */

  const BLOCK_TAGS = new Set([
    "DIV", "P", "LI", "UL", "OL", "H1", "H2", "H3", "H4", "H5", "H6", "BLOCKQUOTE", "PRE", "TR", "TABLE",
    "SECTION", "ARTICLE", "HEADER", "FOOTER", "FIGURE", "FIGCAPTION", "DD", "DT", "DL", "ASIDE", "NAV", "HR",
  ]);

  /* Walks the editor once: the text (blocks separated by "\n") and where each text node sits in it. */
  function buildModel(rootEl) {
    let text = "";
    const segs = [];
    const newline = () => {
      if (text.length && text[text.length - 1] !== "\n") text += "\n";
    };
    const walk = (node) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          const data = child.data;
          if (data.length) {
            segs.push({ node: child, start: text.length, end: text.length + data.length });
            text += data;
          }
        } else if (child.nodeType === 1) {
          const tag = child.tagName;
          if (tag === "BR") {
            if (child.nextSibling) text += "\n";
            continue;
          }
          if (tag === "SCRIPT" || tag === "STYLE" || tag === "TEMPLATE" || tag === "TUUMAUSTAUKO-OVERLAY") continue;
          const block = BLOCK_TAGS.has(tag);
          if (block) newline();
          walk(child);
          if (block) newline();
        }
      }
    };
    walk(rootEl);
    if (text.endsWith("\n")) text = text.replace(/\n+$/, "");
    return { text, segs };
  }

  /* A DOM position for a text offset; `side` picks the text node before (end of a span) or after (start). */
  function domPoint(model, offset, side) {
    const segs = model.segs;
    if (!segs.length) return null;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i];
      if (side === "start" ? offset >= s.start && offset < s.end : offset > s.start && offset <= s.end) {
        return { node: s.node, offset: offset - s.start };
      }
      if (offset < s.start) {
        /* inside a synthetic line break: snap to the nearest text */
        if (side === "start") return { node: s.node, offset: 0 };
        const prev = segs[i - 1];
        return prev ? { node: prev.node, offset: prev.node.data.length } : { node: s.node, offset: 0 };
      }
    }
    const last = segs[segs.length - 1];
    return { node: last.node, offset: last.node.data.length };
  }

  function rangeFor(model, start, end) {
    const a = domPoint(model, start, "start");
    const b = domPoint(model, end, "end");
    if (!a || !b) return null;
    const range = document.createRange();
    try {
      range.setStart(a.node, Math.min(a.offset, a.node.data.length));
      range.setEnd(b.node, Math.min(b.offset, b.node.data.length));
    } catch (err) {
      return null;
    }
    return range;
  }

  /* ------------------------------------------------------------------ measuring text in a textarea / input */

  const MIRROR_PROPS = [
    "boxSizing", "width", "height", "overflowX", "overflowY", "borderTopWidth", "borderRightWidth",
    "borderBottomWidth", "borderLeftWidth", "borderTopStyle", "borderRightStyle", "borderBottomStyle",
    "borderLeftStyle", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft", "fontStyle", "fontVariant",
    "fontWeight", "fontStretch", "fontSize", "lineHeight", "fontFamily", "fontFeatureSettings", "fontKerning",
    "textAlign", "textTransform", "textIndent", "letterSpacing", "wordSpacing", "tabSize", "direction",
    "writingMode", "wordBreak", "overflowWrap", "hyphens", "scrollbarWidth", "scrollbarGutter",
  ];

  function prepareMirror(session, text) {
    const field = session.el;
    if (!session.mirror) {
      session.mirror = el("div", "mirror");
      layer.appendChild(session.mirror);
    }
    const m = session.mirror;
    if (!m.isConnected) layer.appendChild(m);
    const cs = getComputedStyle(field);
    for (const p of MIRROR_PROPS) m.style[p] = cs[p];
    const r = field.getBoundingClientRect();
    m.style.position = "fixed";
    m.style.left = r.left + "px";
    m.style.top = r.top + "px";
    m.style.width = r.width + "px";
    m.style.height = r.height + "px";
    m.style.boxSizing = "border-box";
    m.style.borderColor = "transparent";
    if (field.tagName === "INPUT") {
      m.style.whiteSpace = "pre";
      m.style.overflowX = "hidden";
      m.style.overflowY = "hidden";
    } else {
      m.style.whiteSpace = "pre-wrap";
      if (cs.overflowWrap === "normal" && cs.wordBreak === "normal") m.style.overflowWrap = "break-word";
      /* A textarea always scrolls, but Firefox gives its computed overflow as "visible" (Chrome: "auto"):
         copied as such, the mirror would not scroll with it and every underline of a scrolled draft would
         sit as far below its text as the draft had scrolled. */
      if (cs.overflowX === "visible") m.style.overflowX = "auto";
      if (cs.overflowY === "visible") m.style.overflowY = "auto";
    }
    m.textContent = "";
    const node = document.createTextNode(text + "\u200b");
    m.appendChild(node);
    m.scrollTop = field.scrollTop;
    m.scrollLeft = field.scrollLeft;
    return node;
  }

  /* ------------------------------------------------------------------ geometry helpers */

  function intersect(a, b) {
    const left = Math.max(a.left, b.left);
    const top = Math.max(a.top, b.top);
    const right = Math.min(a.right, b.right);
    const bottom = Math.min(a.bottom, b.bottom);
    return right > left && bottom > top ? { left, top, right, bottom } : null;
  }

  /* The part of the viewport where the editor's text is visible (the editor and its scrolling ancestors). */
  function clipRect(target) {
    const r = target.getBoundingClientRect();
    let clip = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    if (target.tagName === "TEXTAREA" || target.tagName === "INPUT") {
      const cs = getComputedStyle(target);
      clip = {
        left: r.left + parseFloat(cs.borderLeftWidth),
        top: r.top + parseFloat(cs.borderTopWidth),
        right: r.left + parseFloat(cs.borderLeftWidth) + target.clientWidth,
        bottom: r.top + parseFloat(cs.borderTopWidth) + target.clientHeight,
      };
    }
    let node = target.parentElement || (target.getRootNode() && target.getRootNode().host);
    for (let depth = 0; node && depth < 40 && clip; depth++) {
      if (node === document.body || node === document.documentElement) break;
      const cs = getComputedStyle(node);
      if (cs.overflowX !== "visible" || cs.overflowY !== "visible") {
        const nr = node.getBoundingClientRect();
        clip = intersect(clip, nr);
      }
      node = node.parentElement || (node.getRootNode() && node.getRootNode().host);
    }
    const view = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
    return clip ? intersect(clip, view) : null;
  }

  /* Joins the rects of one line (a range over several inline elements gives several). */
  function mergeRects(list) {
    const rects = [...list].filter((r) => r.width > 0.5 && r.height > 0.5).map((r) => ({
      left: r.left, top: r.top, right: r.right, bottom: r.bottom,
    }));
    rects.sort((a, b) => a.top - b.top || a.left - b.left);
    const out = [];
    for (const r of rects) {
      const last = out[out.length - 1];
      const sameLine = last && Math.abs(last.top - r.top) < 3 && Math.abs(last.bottom - r.bottom) < 3;
      if (sameLine && r.left <= last.right + 2) {
        last.right = Math.max(last.right, r.right);
        last.left = Math.min(last.left, r.left);
      } else if (!out.some((o) => o.left <= r.left && o.right >= r.right && o.top <= r.top && o.bottom >= r.bottom)) {
        out.push(r);
      }
    }
    return out;
  }

  /* Where old offsets land in new text: unchanged prefix keeps them, unchanged suffix shifts them. */
  function shifter(oldText, newText) {
    if (oldText === newText) return (s, e) => [s, e];
    let p = 0;
    const max = Math.min(oldText.length, newText.length);
    while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
    let q = 0;
    while (
      q < max - p &&
      oldText.charCodeAt(oldText.length - 1 - q) === newText.charCodeAt(newText.length - 1 - q)
    ) q++;
    const oldChangedEnd = oldText.length - q;
    const delta = newText.length - oldText.length;
    return (s, e) => {
      if (e <= p) return [s, e];
      if (s >= oldChangedEnd) return [s + delta, e + delta];
      return null;
    };
  }

  /* ------------------------------------------------------------------ a compose box being watched */

  function looksLikeEdit(target) {
    if (/\/edit\b|[?&]edit=|\/muokkaa/i.test(location.pathname + location.search)) return true;
    let node = target;
    for (let depth = 0; node && depth < 14; depth++) {
      if (node.getAttribute) {
        const label = `${node.getAttribute("aria-label") || ""} ${node.getAttribute("data-testid") || ""}`;
        if (/\b(edit|editing|muokkaa|muokkaus|redigera)/i.test(label)) return true;
        if (node.matches && node.matches("[role=dialog], form")) {
          const heading = node.querySelector("h1, h2, h3, [role=heading]");
          if (heading && /\b(edit|muokkaa|redigera)/i.test(heading.textContent || "")) return true;
        }
      }
      node = node.parentElement;
    }
    return false;
  }

  class Session {
    constructor(target) {
      this.el = target;
      this.field = target.tagName === "TEXTAREA" || target.tagName === "INPUT";
      this.id = ++editorCounter;
      this.seq = 0;
      this.result = null;
      this.lastSent = null;
      this.timer = null;
      this.ignored = new Set();
      this.pauseUsed = false;
      this.mirror = null;
      this.drawn = [];
      this.lastRect = null;
      const initial = this.read().text;
      this.previousText = initial.trim() && looksLikeEdit(target) ? initial : null;
      this.onInput = () => {
        this.schedule();
        requestRender();
      };
      target.addEventListener("input", this.onInput);
      if (!this.field) {
        this.observer = new MutationObserver(this.onInput);
        this.observer.observe(target, { subtree: true, childList: true, characterData: true });
      }
      if (typeof ResizeObserver === "function") {
        this.resizeObserver = new ResizeObserver(() => requestRender());
        this.resizeObserver.observe(target);
      }
      sessions.add(this);
      sessionOf.set(target, this);
      if (host) host.setAttribute("data-editors", String(sessions.size));
    }

    read() {
      if (this.field) return { text: this.el.value || "", segs: null };
      return buildModel(this.el);
    }

    dispose() {
      clearTimeout(this.timer);
      this.el.removeEventListener("input", this.onInput);
      if (this.observer) this.observer.disconnect();
      if (this.resizeObserver) this.resizeObserver.disconnect();
      if (this.mirror) this.mirror.remove();
      sessions.delete(this);
      sessionOf.delete(this.el);
      if (card && card.session === this) closeCard();
    }

    schedule(delay) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.check(false), delay === undefined ? DEBOUNCE_MS : delay);
    }

    /* The hints that count now: the last answer's, moved to the current text, not ignored. */
    liveHints(current) {
      if (!this.result) return [];
      const text = current === undefined ? this.read().text : current;
      const shift = shifter(this.result.text, text);
      const out = [];
      for (const h of this.result.hints) {
        if (this.ignored.has(ignoreKey(h, this.result.text))) continue;
        if (config.allowKeys.size && TT.canAllow(h, this.result.text.slice(h.start, h.end)) &&
            config.allowKeys.has(TT.allowKey(h.kind, this.result.text.slice(h.start, h.end)))) continue;
        if (h.start === h.end) {
          out.push({ ...h, docLevel: true });
          continue;
        }
        const moved = shift(h.start, h.end);
        if (moved) out.push({ ...h, start: moved[0], end: moved[1] });
      }
      out.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.start - b.start);
      return out;
    }

    criticalCount() {
      return this.liveHints().filter((h) => h.severity === "critical").length;
    }

    async ask(text, seq, retry) {
      try {
        return await api.runtime.sendMessage({
          type: "check",
          text,
          platform,
          previous_text: this.previousText,
          editorId: this.id,
          seq,
          retry,
        });
      } catch (err) {
        return { ok: false, state: "error", message: ui("status_error", { detail: "extension" }) };
      }
    }

    async check(force) {
      if (config.paused) return;
      let text = this.read().text;
      if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT);
      const key = config.mode + "\u0000" + text;
      if (!force && this.lastSent === key) return;
      this.lastSent = key;
      if (!text.trim()) {
        this.result = null;
        this.ignored.clear();
        this.pauseUsed = false;
        renderNow();
        return;
      }
      const seq = ++this.seq;
      let answer = await this.ask(text, seq, false);
      if (answer && answer.state === "reconnecting" && seq === this.seq) {
        /* The connection dropped mid-check (a worker of the service died and is being replaced):
           say so for that moment, not "down", and ask once more. */
        setProblem("reconnecting", answer.message);
        renderNow();
        await wait(RETRY_AFTER_MS);
        if (seq !== this.seq) return; // a newer request is on its way
        answer = await this.ask(text, seq, true);
      }
      if (!answer || seq !== this.seq) return; // a newer request is on its way
      if (!answer.ok) {
        if (answer.state === "aborted") return;
        this.lastSent = null; // try again on the next keystroke
        setProblem(answer.state, answer.message);
        renderNow();
        return;
      }
      let now = this.read().text;
      if (now.length > MAX_TEXT) now = now.slice(0, MAX_TEXT);
      if (now !== text) return; // stale: the draft changed while the service was thinking
      setProblem(null);
      const data = answer.data || {};
      const before = this.result ? this.criticalCount() : 0;
      this.result = {
        text,
        hints: Array.isArray(data.hints) ? data.hints : [],
        stockmann: data.stockmann || null,
        lang: data.lang || config.uiLang,
        mode: data.mode || answer.mode,
      };
      if (this.criticalCount() > before) this.pauseUsed = false;
      if (card && card.session === this) {
        /* keep the open card on the same finding, or close it when the finding is gone */
        const key = card.key;
        const again = this.liveHints(text).find((h) => ignoreKey(h, text) === key);
        if (again) {
          card.hint = again;
        } else {
          closeCard();
        }
      }
      if (host) {
        host.setAttribute("data-mode", this.result.mode);
        host.setAttribute("data-checked", String(Date.now()));
      }
      renderNow();
      announceCount(this);
    }
  }

  /* The live region says how many hints the draft has, when that changes after a check. */
  let announced = "";
  function announceCount(s) {
    if (!live) return;
    const hints = s.liveHints();
    const critical = hints.filter((h) => h.severity === "critical").length;
    const n = hints.length;
    const text = !n ? ui("live_none") : ui(n === 1 ? "live_count_one" : "live_count", { n, c: critical });
    if (text === announced) return;
    announced = text;
    live.textContent = text;
  }

  function say(text) {
    if (!live) return;
    announced = text;
    live.textContent = text;
  }

  function ignoreKey(h, text) {
    return `${h.category}:${h.kind}:${h.start === h.end ? "" : text.slice(h.start, h.end)}`;
  }

  function sessionFor(target) {
    const editable = editableFrom(target);
    if (!editable) return null;
    let s = sessionOf.get(editable);
    if (!s) {
      ensureHost();
      s = new Session(editable);
    }
    return s;
  }

  function setProblem(state, message) {
    problem = state ? { state, message } : null;
    if (host) host.setAttribute("data-status", problem ? problem.state : "ok");
  }

  /* ------------------------------------------------------------------ drawing */

  let renderQueued = false;
  function requestRender() {
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(() => {
      renderQueued = false;
      renderNow();
    });
  }

  function renderNow() {
    if (!host) return;
    ensureHost();
    for (const old of layer.querySelectorAll(".hint")) old.remove();
    for (const old of uiLayer.querySelectorAll(".pill")) old.remove();
    let total = 0;
    for (const s of [...sessions]) {
      if (!s.el.isConnected) {
        s.dispose();
        continue;
      }
      s.drawn = [];
      if (config.paused) continue;
      const model = s.read();
      const hints = s.liveHints(model.text);
      const clip = clipRect(s.el);
      s.lastRect = rectKey(s.el);
      if (!clip) continue;
      let mirrorNode = null;
      let docIndex = 0;
      for (const h of hints) {
        if (h.docLevel) {
          /* A hint about the whole draft (no span): a bar along the editor's left edge. */
          const left = Math.max(0, clip.left - 6 - docIndex * 5);
          const bar = { left, top: clip.top + 2, right: left + 4, bottom: Math.max(clip.top + 14, clip.bottom - 2) };
          docIndex++;
          layer.appendChild(hintElement(h, s, bar, true));
          s.drawn.push({ hint: h, rect: { ...bar, left: bar.left - 4, right: bar.right + 4 } });
          total++;
          continue;
        }
        let rects;
        if (s.field) {
          if (!mirrorNode) mirrorNode = prepareMirror(s, model.text);
          const range = document.createRange();
          range.setStart(mirrorNode, Math.min(h.start, model.text.length));
          range.setEnd(mirrorNode, Math.min(h.end, model.text.length));
          rects = mergeRects(range.getClientRects());
        } else {
          const range = rangeFor(model, h.start, h.end);
          rects = range ? mergeRects(range.getClientRects()) : [];
        }
        for (const r of rects) {
          const c = intersect(r, clip);
          if (!c) continue;
          layer.appendChild(hintElement(h, s, c, false));
          s.drawn.push({ hint: h, rect: c });
          total++;
        }
      }
      drawPill(s, hints, clip, lastLineRect(s, model, mirrorNode));
    }
    host.setAttribute("data-hints", String(total));
    if (card) positionCard();
    if (panel) positionPanel();
    if (pause) positionPause();
  }

  function hintElement(h, s, r, documentLevel) {
    const mark = el("div", documentLevel ? "hint doc" : "hint");
    mark.setAttribute("data-hint-category", h.category);
    mark.setAttribute("data-hint-kind", h.kind);
    mark.setAttribute("data-severity", h.severity);
    mark.setAttribute("data-hint-id", h.id || "");
    mark.setAttribute("data-editor", String(s.id));
    if (documentLevel) mark.setAttribute("data-document-level", "true");
    mark.style.left = r.left + "px";
    mark.style.top = r.top + "px";
    mark.style.width = r.right - r.left + "px";
    mark.style.height = r.bottom - r.top + "px";
    return mark;
  }

  /* Where the draft's last character sits, so that the pill can keep clear of it. */
  function lastLineRect(s, model, mirrorNode) {
    const len = model.text.length;
    if (!len) return null;
    const range = document.createRange();
    if (s.field) {
      const node = mirrorNode || prepareMirror(s, model.text);
      range.setStart(node, len - 1);
      range.setEnd(node, len);
    } else {
      const last = model.segs[model.segs.length - 1];
      if (!last || !last.node.data.length) return null;
      range.setStart(last.node, last.node.data.length - 1);
      range.setEnd(last.node, last.node.data.length);
    }
    const rects = range.getClientRects();
    return rects.length ? rects[rects.length - 1] : null;
  }

  function rectKey(target) {
    const r = target.getBoundingClientRect();
    return `${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.width)},${Math.round(r.height)}`;
  }

  function drawPill(s, hints, clip, lastLine) {
    const hasText = s.result || (problem && s.read().text.trim());
    if (!hasText) return;
    const pill = el("div", "ui pill");
    pill.setAttribute("role", "button");
    pill.setAttribute("tabindex", "0");
    pill.setAttribute("data-editor", String(s.id));
    const dot = el("span", "dot");
    pill.appendChild(dot);
    if (problem) {
      pill.setAttribute("data-status", problem.state);
      pill.appendChild(el("span", "label", problem.state === "reconnecting" ? ui("pill_reconnecting") : "Tuumaustauko: !"));
      pill.title = problem.message || "";
      pill.setAttribute("aria-label", pill.title);
    } else {
      const level = (s.result.stockmann && s.result.stockmann.level) || "low";
      const label = ui("stockmann_label", { level: ui("level_" + level) });
      pill.setAttribute("data-status", "ok");
      pill.setAttribute("data-level", level);
      pill.appendChild(el("span", "label", label));
      const critical = hints.filter((h) => h.severity === "critical").length;
      if (critical) pill.appendChild(el("span", "count", `⚠ ${critical}`));
      pill.title = ui("stockmann_question");
      pill.setAttribute("aria-label", critical ? `${label}, ⚠ ${critical}` : label);
    }
    uiLayer.appendChild(pill);
    const place = () => {
      const w = pill.offsetWidth || 120;
      const h = pill.offsetHeight || 20;
      let left = clip.right - w - 6;
      let top = clip.bottom - h - 6;
      if (clip.bottom - clip.top < h + 12) top = clip.bottom + 4;
      left = Math.max(4, Math.min(left, window.innerWidth - w - 4));
      top = Math.max(4, Math.min(top, window.innerHeight - h - 4));
      return { left, top, right: left + w, bottom: top + h };
    };
    let spot = place();
    const collides = (r) =>
      lastLine && lastLine.right + 4 > r.left && lastLine.left < r.right && lastLine.bottom > r.top && lastLine.top < r.bottom;
    if (collides(spot)) {
      /* the draft's last line runs under the pill: show only the dot and the count */
      pill.classList.add("compact");
      spot = place();
    }
    pill.style.left = spot.left + "px";
    pill.style.top = spot.top + "px";
    const open = () => togglePanel(s, pill);
    pill.addEventListener("click", open);
    pill.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        open();
      }
    });
  }

  /* The severity as a word and an icon, never a colour alone. The icons are drawn (an octagon, a
     triangle, a circle), not taken from a font: a machine without an emoji font shows them too. */
  const SVG_NS = "http://www.w3.org/2000/svg";
  const SEVERITY_SHAPES = {
    critical: [["path", { d: "M5.2 1.5h5.6l3.7 3.7v5.6l-3.7 3.7H5.2l-3.7-3.7V5.2z", fill: "none" }], ["path", { d: "M7 4h2v5H7zm0 6.5h2v2H7z" }]],
    warning: [["path", { d: "M8 1.8l6.7 12.2H1.3z", fill: "none" }], ["path", { d: "M7 6h2v4.2H7zm0 5.3h2v1.9H7z" }]],
    info: [["circle", { cx: "8", cy: "8", r: "6.5", fill: "none" }], ["path", { d: "M7 7h2v5H7zm0-3h2v2H7z" }]],
  };
  function severityIcon(severity) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("class", "icon");
    svg.setAttribute("data-icon", severity);
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "11");
    svg.setAttribute("height", "11");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    for (const [tag, attrs] of SEVERITY_SHAPES[severity] || []) {
      const shape = document.createElementNS(SVG_NS, tag);
      for (const [k, v] of Object.entries(attrs)) shape.setAttribute(k, v);
      if (attrs.fill === "none") {
        shape.setAttribute("stroke", "currentColor");
        shape.setAttribute("stroke-width", "1.6");
      } else {
        shape.setAttribute("fill", "currentColor");
      }
      svg.appendChild(shape);
    }
    return svg;
  }
  function sevBadge(severity) {
    const sev = el("span", "sev");
    sev.setAttribute("data-severity", severity);
    sev.append(severityIcon(severity), document.createTextNode(ui("severity_" + severity)));
    return sev;
  }

  /* ------------------------------------------------------------------ the Stockmann panel */

  let panel = null;

  function togglePanel(s, pill) {
    if (panel && panel.session === s) {
      closePanel();
      return;
    }
    closePanel();
    closeCard();
    const box = el("div", "ui panel");
    box.setAttribute("role", "dialog");
    box.setAttribute("data-editor", String(s.id));
    box.setAttribute("aria-labelledby", "tt-panel-title");
    if (problem) {
      const status = withCode(el("div", "status"), problem.message || "");
      status.id = "tt-panel-title";
      box.appendChild(status);
    } else {
      const question = el("h3", null, ui("stockmann_question"));
      question.id = "tt-panel-title";
      box.appendChild(question);
      const reasons = (s.result && s.result.stockmann && s.result.stockmann.reasons) || [];
      if (reasons.length) {
        const ul = el("ul", "reasons");
        for (const r of reasons) ul.appendChild(el("li", null, r));
        box.appendChild(ul);
      } else {
        box.appendChild(el("p", "reasons-none", ui("stockmann_no_reasons")));
      }
      box.appendChild(el("h3", null, ui("hints_heading")));
      const hints = s.liveHints();
      if (!hints.length) box.appendChild(el("p", null, ui("no_hints")));
      const ul = el("ul", "hint-list");
      for (const h of hints) {
        const li = el("li", "hint-item");
        const open = el("button");
        open.type = "button";
        open.append(sevBadge(h.severity), document.createTextNode(" " + h.message));
        open.addEventListener("click", (ev) => {
          const byKeyboard = ev.detail === 0;
          closePanel();
          openCard(s, h, undefined, byKeyboard ? { keyboard: true } : undefined);
        });
        li.appendChild(open);
        ul.appendChild(li);
      }
      box.appendChild(ul);
    }
    uiLayer.appendChild(box);
    panel = { node: box, session: s, pill };
    positionPanel();
  }

  function positionPanel() {
    if (!panel) return;
    const pill = uiLayer.querySelector(`.pill[data-editor="${panel.session.id}"]`);
    if (!pill) return;
    placeNear(panel.node, pill.getBoundingClientRect());
  }

  function closePanel() {
    if (panel) panel.node.remove();
    panel = null;
  }

  function placeNear(node, anchor) {
    const w = node.offsetWidth || 340;
    const h = node.offsetHeight || 160;
    let top = anchor.bottom + 6;
    if (top + h > window.innerHeight - 4 && anchor.top - h - 6 > 4) top = anchor.top - h - 6;
    let left = Math.min(anchor.left, window.innerWidth - w - 8);
    left = Math.max(8, left);
    top = Math.max(4, Math.min(top, window.innerHeight - h - 4));
    node.style.left = left + "px";
    node.style.top = top + "px";
  }

  /* ------------------------------------------------------------------ the hint card */

  let card = null;

  function getRules(lang) {
    const l = TT.pickLang(lang);
    if (!rulesCache.has(l)) {
      const p = api.runtime.sendMessage({ type: "rules", lang: l }).then((answer) => {
        if (!answer || !answer.ok) {
          rulesCache.delete(l);
          return null;
        }
        return answer.rules;
      });
      rulesCache.set(l, p);
    }
    return rulesCache.get(l);
  }

  function openCard(s, hint, anchorRect, opts) {
    const keyboard = Boolean(opts && opts.keyboard);
    const returnTo = keyboard ? (opts.returnTo || (card && card.returnTo) || editorPlace(s)) : null;
    closeCard(false);
    closePanel();
    const draftLang = (s.result && s.result.lang) || config.uiLang;
    const box = el("div", "ui card");
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-labelledby", "tt-card-title");
    box.setAttribute("aria-describedby", "tt-card-suggestion");
    box.setAttribute("data-card-category", hint.category);
    box.setAttribute("data-card-kind", hint.kind);
    box.setAttribute("data-card-severity", hint.severity);
    const header = el("header");
    const close = el("button", "x", "×");
    close.setAttribute("aria-label", ui("close"));
    close.addEventListener("click", () => closeCard());
    header.append(sevBadge(hint.severity), el("span", "cat", ui("cat_" + hint.category)), close);
    box.appendChild(header);
    const title = el("h2", "message", hint.message);
    title.id = "tt-card-title";
    box.appendChild(title);
    const suggestion = el("div", "suggestion", hint.suggestion || "");
    suggestion.id = "tt-card-suggestion";
    box.appendChild(suggestion);

    const rule = el("div", "rule");
    rule.setAttribute("data-rule", String(hint.rule));
    const ruleTitle = el("div", "rule-title", ui("rule_label", { n: hint.rule }));
    const ruleText = el("div", "rule-text", ui("rule_loading"));
    const ruleSource = el("div", "rule-source");
    rule.append(ruleTitle, ruleText, ruleSource);
    box.appendChild(rule);
    getRules(draftLang).then((list) => {
      const r = list && list.find((x) => Number(x.id) === Number(hint.rule));
      if (!r) {
        ruleText.textContent = ui("rule_unavailable");
        return;
      }
      ruleTitle.textContent = `${ui("rule_label", { n: r.id })}: ${r.title}`;
      ruleText.textContent = r.text;
      ruleSource.textContent = r.source || "";
      if (card && card.node === box) positionCard();
    });

    const actions = el("div", "actions");
    if (typeof hint.replacement === "string" && !hint.docLevel) {
      const label = hint.replacement ? ui("fix_replace", { text: hint.replacement }) : ui("fix_remove");
      const b = el("button", "fix fix-replace", label);
      b.addEventListener("click", () => runFix(() => applyReplacement(s, hint)));
      actions.appendChild(b);
    }
    if (hint.category === "disclaimer" && hint.kind !== "personal_in_official") {
      const b = el("button", "fix fix-disclaimer", ui("fix_disclaimer"));
      b.addEventListener("click", () => runFix(() => appendText(s, TT.t(draftLang, "disclaimer_text"))));
      actions.appendChild(b);
    }
    if (hint.category === "edit") {
      const b = el("button", "fix fix-edited", ui("fix_edited"));
      b.addEventListener("click", () => runFix(() => appendText(s, TT.t(draftLang, "edited_text"))));
      actions.appendChild(b);
    }
    const ignore = el("button", "ignore", ui("ignore"));
    ignore.addEventListener("click", () => {
      if (s.result) {
        const original = s.result.hints.find((h) => h.id === hint.id) || hint;
        s.ignored.add(ignoreKey(original, s.result.text));
      }
      closeCard();
      renderNow();
    });
    actions.appendChild(ignore);
    const currentText = s.read().text;
    const spanText = hint.docLevel ? "" : currentText.slice(hint.start, hint.end).trim();
    if (TT.canAllow(hint, spanText)) {
      /* "Always allow this": the writer's own, in storage.local `allow`; never for a critical hint. */
      const allow = el("button", "allow", ui("allow_always"));
      allow.addEventListener("click", async (ev) => {
        /* The page can reach our open shadow root and click for the writer: an allowance is kept for
           every site, so only the writer's own click or key counts. */
        if (!ev.isTrusted) return;
        const answer = await api.runtime
          .sendMessage({ type: "allow", kind: hint.kind, severity: hint.severity, text: spanText })
          .catch(() => null);
        if (answer && answer.ok) {
          config.allowKeys.add(TT.allowKey(hint.kind, spanText));
          closeCard();
          renderNow();
          say(ui("allowed_now"));
        } else if (answer && answer.state === "full") {
          say(ui("allow_full"));
        }
      });
      actions.appendChild(allow);
    }
    box.appendChild(actions);
    uiLayer.appendChild(box);
    card = { node: box, session: s, hint, anchorRect, key: ignoreKey(hint, currentText), returnTo };
    positionCard();
    box.addEventListener("keydown", (ev) => trapTab(ev, box));
    if (keyboard) {
      const first = box.querySelector(".actions button") || close;
      first.focus({ preventScroll: true });
    }
  }

  /* ------------------------------------------------------------------ the keyboard: focus in our dialogs and back */

  /* Where the writer was in the editor (focus and caret), to return there when a card or the pause closes. */
  function editorPlace(s) {
    if (s.field) {
      const f = s.el;
      return { session: s, start: f.selectionStart, end: f.selectionEnd, direction: f.selectionDirection };
    }
    const sel = window.getSelection();
    const range = sel && sel.rangeCount ? sel.getRangeAt(0) : null;
    const inside = range && s.el.contains(range.startContainer) && s.el.contains(range.endContainer);
    return { session: s, range: inside ? range.cloneRange() : null };
  }

  function returnToEditor(place) {
    if (!place || !place.session.el.isConnected) return;
    const s = place.session;
    s.el.focus({ preventScroll: true });
    if (s.field) {
      if (place.start !== null && place.start !== undefined) {
        s.el.setSelectionRange(place.start, place.end, place.direction || "none");
      }
      return;
    }
    if (place.range) {
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(place.range);
    }
  }

  /* Tab and Shift+Tab go round the dialog's buttons. */
  function trapTab(ev, box) {
    if (ev.key !== "Tab") return;
    const buttons = [...box.querySelectorAll("button")].filter((b) => !b.disabled && b.offsetParent !== null);
    if (!buttons.length) return;
    const at = buttons.indexOf(shadow.activeElement);
    const next = ev.shiftKey ? (at <= 0 ? buttons.length - 1 : at - 1) : at < 0 || at === buttons.length - 1 ? 0 : at + 1;
    ev.preventDefault();
    ev.stopPropagation();
    buttons[next].focus({ preventScroll: true });
  }

  /* The shortcut (Alt+Shift+H by default; the browser's shortcut settings change it): the next hint
     after the caret in the focused compose box, its card open and focused. */
  let lastSession = null;
  function focusNextHint() {
    let active = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
    const editable = active ? editableFrom(active) : null;
    let s = editable ? sessionOf.get(editable) : null;
    if (!s && card) s = card.session;
    if (!s && pause) s = pause.session;
    if (!s && lastSession && lastSession.el.isConnected) s = lastSession;
    if (!s || config.paused) return false;
    const hints = s.liveHints().slice().sort((a, b) => a.start - b.start || a.end - b.end);
    if (!hints.length) return false;
    const place = card && card.session === s && card.returnTo ? card.returnTo : editable ? editorPlace(s) : null;
    let next;
    if (card && card.session === s) {
      const at = hints.findIndex((h) => h.id === card.hint.id);
      next = hints[(at + 1) % hints.length];
    } else {
      const caret = place && place.session === s && s.field ? place.start : caretOffset(s, place);
      next = hints.find((h) => !h.docLevel && h.start >= caret) || hints[0];
    }
    closePause(false);
    openCard(s, next, undefined, { keyboard: true, returnTo: place || { session: s } });
    return true;
  }

  /* The caret's offset in a rich editor's text (0 when it cannot be told). */
  function caretOffset(s, place) {
    if (!place || !place.range) return 0;
    const model = s.read();
    for (const seg of model.segs) {
      if (seg.node === place.range.startContainer) return seg.start + place.range.startOffset;
    }
    return 0;
  }

  function runFix(fn) {
    closeCard(true);
    Promise.resolve()
      .then(fn)
      .catch(() => {
        /* the editor refused; its text is left as it was */
      });
  }

  function positionCard() {
    if (!card) return;
    const s = card.session;
    const drawn = s.drawn.find((d) => d.hint.id === card.hint.id && d.hint.start === card.hint.start);
    let anchor = drawn ? drawn.rect : null;
    if (!anchor) {
      const pill = uiLayer.querySelector(`.pill[data-editor="${s.id}"]`);
      anchor = pill ? pill.getBoundingClientRect() : card.anchorRect || s.el.getBoundingClientRect();
    }
    placeNear(card.node, anchor);
  }

  /* ``restore`` (default): a card opened from the keyboard gives the focus and caret back to the editor. */
  function closeCard(restore) {
    if (!card) return;
    const place = card.returnTo;
    const hadFocus = card.node.contains(shadow.activeElement);
    card.node.remove();
    card = null;
    if (restore !== false && place && hadFocus) returnToEditor(place);
  }

  /* ------------------------------------------------------------------ fixes: through the editor's own input path */

  function wait(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  function currentSpan(s, hint) {
    if (!s.result) return null;
    const original = s.result.hints.find((h) => h.id === hint.id) || hint;
    const model = s.read();
    const moved = shifter(s.result.text, model.text)(original.start, original.end);
    if (!moved) return null;
    const expected = s.result.text.slice(original.start, original.end);
    if (model.text.slice(moved[0], moved[1]) !== expected) return null;
    return { model, start: moved[0], end: moved[1] };
  }

  function selectRich(s, model, start, end) {
    const range = rangeFor(model, start, end);
    if (!range) return false;
    s.el.focus({ preventScroll: true });
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    return true;
  }

  function insertViaCommand(text) {
    try {
      if (text === "") return document.execCommand("delete", false);
      return document.execCommand("insertText", false, text);
    } catch (err) {
      return false;
    }
  }

  async function replaceRange(s, model, start, end, text) {
    const before = model.text;
    const expected = before.slice(0, start) + text + before.slice(end);
    if (s.field) {
      const f = s.el;
      f.focus({ preventScroll: true });
      f.setSelectionRange(start, end);
      insertViaCommand(text);
      if (f.value === before) {
        /* execCommand unavailable: setRangeText, then tell the page's framework with an input event */
        f.setRangeText(text, start, end, "end");
        f.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertReplacementText", data: text }));
      }
      s.schedule(0);
      return f.value === expected;
    }
    /* 1. Editors that keep their own model and listen to beforeinput (Lexical, Slate, Quill 2) apply a
     *    cancelable beforeinput themselves; execCommand does not fire one in Chrome.
     * 2. Otherwise execCommand('insertText'): the browser edits the DOM, keeps undo, fires input, and
     *    DOM-observing editors (Draft.js, ProseMirror, Quill 1, plain contenteditable) pick it up.
     * 3. Last, a paste event carrying the text, which nearly every framework handles. */
    if (!selectRich(s, model, start, end)) return false;
    await wait(20); // let the editor see the selectionchange
    const m1 = s.read();
    if (m1.text !== before || !selectRich(s, m1, start, end)) return false;
    const beforeInput = new InputEvent("beforeinput", {
      bubbles: true,
      cancelable: true,
      composed: true,
      inputType: text ? "insertText" : "deleteContentBackward",
      data: text || null,
    });
    const notHandled = s.el.dispatchEvent(beforeInput);
    if (notHandled) {
      insertViaCommand(text);
    }
    await wait(30);
    let now = s.read().text;
    if (now === before && text) {
      const m2 = s.read();
      if (selectRich(s, m2, start, end)) {
        const data = new DataTransfer();
        data.setData("text/plain", text);
        s.el.dispatchEvent(new ClipboardEvent("paste", { bubbles: true, cancelable: true, composed: true, clipboardData: data }));
        await wait(30);
        now = s.read().text;
      }
    }
    s.schedule(0);
    return now === expected;
  }

  async function applyReplacement(s, hint) {
    const span = currentSpan(s, hint);
    if (!span) return false;
    return replaceRange(s, span.model, span.start, span.end, hint.replacement || "");
  }

  async function appendText(s, addition) {
    const model = s.read();
    const text = model.text;
    const trimmedEnd = text.replace(/\s+$/, "").length;
    const sep = s.field && s.el.tagName === "TEXTAREA" ? "\n\n" : " ";
    return replaceRange(s, model, trimmedEnd, text.length, (trimmedEnd ? sep : "") + addition);
  }

  /* ------------------------------------------------------------------ the pause before posting */

  let pause = null;
  const POST_WORDS =
    /^(post|post all|publish|publish!|tweet|reply|send|share|share now|toot|comment|submit|save|update|julkaise|julkaise!|lähetä|jaa|vastaa|kommentoi|tallenna|päivitä|twiittaa|publicera|publicera!|skicka|dela|svara|kommentera|spara|uppdatera)\b/i;
  const POST_TESTIDS = /^(tweetButton|tweetButtonInline|post-button|submit-button|composer-submit|comment-submit-button)$/i;

  function buttonFrom(path) {
    for (const n of path) {
      if (!(n instanceof Element)) continue;
      if (host && n === host) return null;
      if (n.matches("button, [role=button], input[type=submit]")) return n;
      if (n === document.body) break;
    }
    return null;
  }

  function isPostButton(button, s) {
    const testid = button.getAttribute("data-testid") || "";
    if (POST_TESTIDS.test(testid)) return true;
    const label = (button.getAttribute("aria-label") || button.value || button.textContent || "").trim();
    if (POST_WORDS.test(label)) return true;
    return Boolean(button.type === "submit" && button.form && button.form.contains(s.el));
  }

  /* The watched editor nearest to a button (their common ancestor is close above the editor). */
  function sessionNear(button) {
    let best = null;
    let bestDepth = Infinity;
    for (const s of sessions) {
      if (!s.el.isConnected) continue;
      let node = s.el;
      for (let depth = 0; node && depth < 24; depth++) {
        if (node.contains(button) || (node.shadowRoot && node.shadowRoot.contains(button))) {
          if (depth < bestDepth) {
            best = s;
            bestDepth = depth;
          }
          break;
        }
        node = node.parentElement || (node.getRootNode() && node.getRootNode().host);
      }
    }
    return best;
  }

  function stopForPause(ev, s, button) {
    if (config.paused || !s || s.pauseUsed) return false;
    const n = s.criticalCount();
    if (!n) return false;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    s.pauseUsed = true;
    showPause(s, n, button);
    return true;
  }

  function onClickCapture(ev) {
    const path = ev.composedPath();
    if (host && path.includes(host)) return;
    const button = buttonFrom(path);
    if (button) {
      const s = sessionNear(button);
      if (s && isPostButton(button, s) && stopForPause(ev, s, button)) return;
    }
    /* a click on an underlined word opens its card */
    if (ev.button !== 0) return;
    const x = ev.clientX;
    const y = ev.clientY;
    for (const s of sessions) {
      for (const d of s.drawn) {
        const r = d.rect;
        if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 2) {
          setTimeout(() => openCard(s, d.hint, r), 0);
          return;
        }
      }
    }
    if (card || panel) {
      closeCard();
      closePanel();
    }
  }

  function onKeydownCapture(ev) {
    if (ev.key === "Escape" && (card || panel || pause)) {
      closeCard();
      closePanel();
      closePause(true);
      ev.preventDefault();
      ev.stopImmediatePropagation();
      return;
    }
    if (ev.key !== "Enter" || !(ev.ctrlKey || ev.metaKey)) return;
    const editable = editableFrom(deepTarget(ev));
    const s = editable && sessionOf.get(editable);
    if (s) stopForPause(ev, s, null);
  }

  function onSubmitCapture(ev) {
    const form = ev.target;
    if (!(form instanceof HTMLFormElement)) return;
    for (const s of sessions) {
      if (form.contains(s.el) && stopForPause(ev, s, null)) return;
    }
  }

  function showPause(s, n, button) {
    const fromEditor = s.el.contains(document.activeElement) || s.el === document.activeElement ||
      (s.el.getRootNode() !== document && s.el.getRootNode().activeElement === s.el);
    const returnTo = fromEditor ? editorPlace(s) : { session: s };
    closePause(false);
    closeCard(false);
    closePanel();
    ensureHost();
    const box = el("div", "ui pause");
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "tt-pause-text");
    box.setAttribute("data-critical", String(n));
    const text = el("div", "pause-text", n === 1 ? ui("pause_text_one") : ui("pause_text", { n }));
    text.id = "tt-pause-text";
    box.appendChild(text);
    const buttons = el("div", "pause-buttons");
    const review = el("button", "pause-review", ui("pause_review"));
    review.addEventListener("click", (ev) => {
      const byKeyboard = ev.detail === 0;
      closePause(false);
      const first = s.liveHints().find((h) => h.severity === "critical");
      if (first) openCard(s, first, undefined, byKeyboard ? { keyboard: true, returnTo } : undefined);
    });
    const anyway = el("button", "secondary pause-post", ui("pause_post_anyway"));
    anyway.addEventListener("click", () => {
      closePause(false);
      if (button && button.isConnected) {
        button.click();
      } else {
        s.el.focus({ preventScroll: true });
      }
    });
    buttons.append(review, anyway);
    box.appendChild(buttons);
    if (!button) box.appendChild(el("div", "note", ui("pause_press_again")));
    uiLayer.appendChild(box);
    pause = { node: box, session: s, button, returnTo };
    positionPause();
    box.addEventListener("keydown", (ev) => trapTab(ev, box));
    review.focus({ preventScroll: true });
  }

  function positionPause() {
    if (!pause) return;
    const anchor = pause.button && pause.button.isConnected ? pause.button.getBoundingClientRect() : clipRect(pause.session.el);
    if (anchor) placeNear(pause.node, anchor);
  }

  function closePause(restore) {
    if (!pause) return;
    const place = pause.returnTo;
    const hadFocus = pause.node.contains(shadow.activeElement);
    pause.node.remove();
    pause = null;
    if (restore && place && hadFocus) returnToEditor(place);
  }

  /* ------------------------------------------------------------------ wiring */

  function onFocusIn(ev) {
    if (config.paused) return;
    const s = sessionFor(deepTarget(ev));
    if (s) {
      lastSession = s;
      s.schedule(s.result ? DEBOUNCE_MS : 0);
      requestRender();
    }
  }

  /* Editors that re-render may swap their element (and React apps replace whole subtrees). */
  function onInputCapture(ev) {
    if (config.paused) return;
    const s = sessionFor(deepTarget(ev));
    if (s && !s.timer) s.schedule();
  }

  function recheckAll() {
    for (const s of sessions) {
      s.lastSent = null;
      s.schedule(0);
    }
  }

  async function loadConfig() {
    const stored = await api.storage.local.get(["uiLang", "modes", "paused", "allow"]);
    setAllowKeys(stored.allow);
    config.uiLang = stored.uiLang ? TT.pickLang(stored.uiLang) : TT.defaultUiLang();
    const modes = stored.modes || {};
    config.mode = TT.MODES.includes(modes[platform]) ? modes[platform] : "hybrid";
    config.paused = Boolean((stored.paused || {})[platform]);
    if (host) host.setAttribute("data-mode", config.mode);
  }

  function setAllowKeys(list) {
    config.allowKeys = new Set(TT.cleanAllowList(list).map((e) => TT.allowKey(e.kind, e.text)));
  }

  api.storage.onChanged.addListener((changes, area) => {
    if (area !== "local") return;
    if (changes.allow) {
      setAllowKeys(changes.allow.newValue);
      recheckAll();
      renderNow();
    }
    const oldMode = config.mode;
    const oldPaused = config.paused;
    if (changes.uiLang || changes.modes || changes.paused) {
      if (changes.uiLang) config.uiLang = TT.pickLang(changes.uiLang.newValue || TT.defaultUiLang());
      if (changes.modes) {
        const m = (changes.modes.newValue || {})[platform];
        config.mode = TT.MODES.includes(m) ? m : "hybrid";
      }
      if (changes.paused) config.paused = Boolean((changes.paused.newValue || {})[platform]);
      if (host) host.setAttribute("data-mode", config.mode);
      if (config.paused) {
        closeCard();
        closePanel();
        closePause();
      }
      if (config.mode !== oldMode || (oldPaused && !config.paused)) recheckAll();
      renderNow();
    }
    if (changes.token || changes.port) {
      setProblem(null);
      recheckAll();
    }
  });

  api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (msg && msg.type === "next-hint") {
      sendResponse({ ok: focusNextHint() });
      return false;
    }
    if (!msg || msg.type !== "whoami") return false;
    let critical = 0;
    for (const s of sessions) critical += s.criticalCount();
    sendResponse({
      platform,
      mode: config.mode,
      paused: config.paused,
      editors: sessions.size,
      critical,
      problem: problem ? problem.state : null,
    });
    return false;
  });

  let lastGeometryCheck = 0;
  function geometryWatch() {
    const now = Date.now();
    if (now - lastGeometryCheck > 400) {
      lastGeometryCheck = now;
      for (const s of sessions) {
        if (s.result && s.lastRect !== rectKey(s.el)) {
          requestRender();
          break;
        }
      }
    }
  }

  loadConfig().then(() => {
    window.addEventListener("focusin", onFocusIn, true);
    window.addEventListener("input", onInputCapture, true);
    window.addEventListener("click", onClickCapture, true);
    window.addEventListener("keydown", onKeydownCapture, true);
    window.addEventListener("submit", onSubmitCapture, true);
    window.addEventListener("scroll", requestRender, { capture: true, passive: true });
    window.addEventListener("resize", requestRender, { passive: true });
    if (window.visualViewport) {
      window.visualViewport.addEventListener("resize", requestRender, { passive: true });
      window.visualViewport.addEventListener("scroll", requestRender, { passive: true });
    }
    setInterval(geometryWatch, 500);
    api.runtime.sendMessage({ type: "hello", platform }).catch(() => {});
    /* A compose box that already has focus when the script arrives. */
    let active = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
    if (active && !config.paused) {
      const s = sessionFor(active);
      if (s) s.schedule(0);
    }
  });
})();
