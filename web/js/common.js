// Shared helpers for every Blossom page: the token from the URL fragment (never sent
// to the server in a URL), API calls with it, and the two languages.
"use strict";

const Blossom = (() => {
  /** A remembered setting, or null (private mode forgets). */
  const stored = (k) => { try { return localStorage.getItem(k); } catch { return null; } };
  const store = (k, v) => { try { v === null ? localStorage.removeItem(k) : localStorage.setItem(k, v); } catch { /* private mode */ } };

  // The visitor's own choice first, then the browser's language; Chinese by default.
  let lang = stored("blossom.lang") || ((navigator.language || "zh-CN").toLowerCase().startsWith("en") ? "en" : "zh-CN");

  /**
   * The token from `#<token>`, or null. Read once, then taken out of the address
   * bar (a projected laptop or a shoulder must not show it) and kept for this tab
   * in sessionStorage, so a reload still works; a new `#<token>` replaces it. A
   * fragment that is not valid percent-encoding is read as it stands.
   */
  let held = null;
  // A link read from the address bar on this load: its claim is tried first.
  let fresh = false;
  function token() {
    const raw = location.hash.slice(1);
    if (raw) {
      let t = raw;
      try { t = decodeURIComponent(raw); } catch { /* `#%`: taken literally */ }
      t = t.trim();
      if (t) {
        held = t;
        fresh = true;
        try { sessionStorage.setItem("blossom.token" + location.pathname, t); } catch { /* private mode */ }
      }
      history.replaceState(history.state, "", location.pathname + location.search);
    }
    if (!held) {
      try { held = sessionStorage.getItem("blossom.token" + location.pathname); } catch { /* private mode */ }
    }
    return held || null;
  }

  /*
   * A guest's join link pairs one phone: the first `hello` with it claims it, and
   * the `welcome` gives the phone its own session token, kept here (localStorage,
   * so a closed tab or a restarted phone still has it) and used from then on for
   * every hello and API call. `device` is this browser's random id, sent with each
   * hello, so a claim repeated from the same phone (a lost welcome) gets the same
   * session. Staff pages get no session and use their link as it is.
   */
  const sessionKey = "blossom.session" + location.pathname;
  const memory = { session: null, device: null };  // when storage is refused (private mode)
  function session() { return stored(sessionKey) || memory.session; }
  function keepSession(s) {
    memory.session = s; store(sessionKey, s);
    fresh = false;
  }
  function dropSession() { memory.session = null; store(sessionKey, null); }
  /** Stop trying the link of this load first (it was claimed: the kept session follows). */
  function useSession() { fresh = false; }
  function device() {
    let d = stored("blossom.device") || memory.device;
    if (!d) {
      const bytes = new Uint8Array(16);
      crypto.getRandomValues(bytes);
      d = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      store("blossom.device", d);
    }
    memory.device = d;
    return d;
  }
  /** The token this page acts with: a newly opened link (to claim it), else the
   *  phone's session, else whatever link the tab holds. */
  function credential() {
    const link = token();
    if (fresh && link) return link;
    return session() || link;
  }

  /** Picks the text for the current language. */
  function t(zh, en) { return lang === "en" ? en : zh; }

  function setLang(l) {
    lang = l; store("blossom.lang", l);
    document.documentElement.lang = l;
  }

  /** Calls the API; resolves to the parsed body, or throws an Error whose message
   *  is the server's problem detail (already in the user's language). */
  async function api(path, { method = "GET", body, raw = false, contentType } = {}) {
    const headers = { "Accept-Language": lang };
    const tok = credential();
    if (tok) headers["Authorization"] = "Bearer " + tok;
    if (body !== undefined) headers["Content-Type"] = contentType || "application/json";
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : (contentType ? body : JSON.stringify(body)) });
    if (!res.ok) {
      let problem = null;
      try { problem = await res.json(); } catch { /* not JSON */ }
      const err = new Error(problem && problem.detail ? problem.detail : t("出错了（" + res.status + "）", "Something went wrong (" + res.status + ")"));
      err.problem = problem; err.status = res.status;
      throw err;
    }
    if (raw) return res;
    if (res.status === 204) return null;
    return res.json();
  }

  /** Writes a message into a live region so screen readers announce it. */
  function say(el, text, kind) {
    el.textContent = text;
    el.className = "status" + (kind ? " " + kind : "");
    // A message that something went well is news for a while, not for the rest of
    // the evening: it goes after 20 seconds, unless something else was said since.
    if (kind === "ok") {
      setTimeout(() => { if (el.textContent === text && el.classList.contains("ok")) { el.textContent = ""; el.className = "status"; } }, 20000);
    }
  }

  function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  /** An event time as written by the organiser (the venue's own clock), not converted
   *  to the phone's time zone: "2026-11-30T14:00:00+08:00" → "2026年11月30日 14:00". */
  function wallTime(rfc3339) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(rfc3339 || "");
    if (!m) return rfc3339;
    const [, y, mo, d, h, mi] = m;
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return t(`${y}年${+mo}月${+d}日 ${h}:${mi}`, `${+d} ${months[+mo - 1]} ${y}, ${h}:${mi}`);
  }

  /** A clock time in the page's language: "14:32". */
  function clock(ms) {
    return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "zh-CN", { hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(ms));
  }

  /** A number in the page's language. */
  function num(n) { return new Intl.NumberFormat(lang === "en" ? "en" : "zh-CN").format(n); }

  /**
   * Puts `parts` (text, or nodes such as `words()` that carry their own `lang`) in a
   * live region so that it is spoken even when it repeats the last message: the
   * region is emptied first, and filled a moment later.
   */
  const lastSaid = new WeakMap();
  function speak(region, ...parts) {
    // Two messages close together (the end of a round and an announcement, a
    // reloaded phone's "where things stand" and an invitation) are both heard: the
    // second joins the first instead of cutting it off.
    const prev = lastSaid.get(region);
    const now = Date.now();
    const all = prev && now - prev.at < 1500 ? [...prev.parts, " ", ...parts] : parts;
    lastSaid.set(region, { at: now, parts: all });
    region.textContent = "";
    clearTimeout(region.blossomClear);
    setTimeout(() => { region.replaceChildren(...all.map((p) => (p instanceof Node ? p.cloneNode(true) : String(p)))); }, 60);
    // Old words would otherwise be read again by someone swiping through the page.
    region.blossomClear = setTimeout(() => { region.textContent = ""; }, 15000);
  }

  /**
   * Wires the visible language switch: it names the other language in that
   * language (and says so with `lang`), and redraws the page when pressed.
   */
  function langSwitch(button, redraw) {
    const label = () => {
      button.textContent = lang === "en" ? "中文" : "English";
      button.setAttribute("lang", lang === "en" ? "zh-CN" : "en");
    };
    label();
    button.addEventListener("click", () => {
      setLang(lang === "en" ? "zh-CN" : "en");
      label();
      redraw();
      // A live page's server messages follow the new language too.
      if (typeof Live === "object") Live.relang();
    });
  }

  /**
   * Asks before a step that cannot be taken back, in the page's `#confirm` dialog
   * (a modal <dialog>: Escape cancels; the focus starts on the safe choice and
   * returns to the page when it closes). Resolves to true to go on.
   */
  let answer = null;   // resolves the dialog that is open, if any
  let wired = false;
  function ask({ heading, text, ok, danger = false }) {
    const dialog = document.getElementById("confirm") || confirmDialog();
    if (!wired) {
      // Answered as soon as the person answers (the `submit` of its form, or the
      // `cancel` of Escape), never at the `close` event, which comes later: after a
      // quick Escape then Enter, the first question's late `close` would otherwise
      // answer the second.
      wired = true;
      dialog.querySelector("form").addEventListener("submit", (e) => answer && answer(!!e.submitter && e.submitter.value === "ok"));
      dialog.addEventListener("cancel", () => answer && answer(false));
    }
    if (answer) answer(false);
    document.getElementById("confirm-heading").textContent = heading;
    document.getElementById("confirm-text").textContent = text;
    const okButton = document.getElementById("confirm-ok");
    okButton.textContent = ok;
    okButton.className = danger ? "danger" : "";
    document.getElementById("confirm-cancel").textContent = t("取消", "Cancel");
    return new Promise((resolve) => {
      const mine = (yes) => { if (answer !== mine) return; answer = null; resolve(yes); };
      answer = mine;
      if (dialog.open) dialog.close();
      dialog.returnValue = "cancel";
      dialog.showModal();
      document.getElementById("confirm-cancel").focus();
    });
  }

  /** The `#confirm` dialog, made once, at the end of the page's <main>. */
  function confirmDialog() {
    const d = el("dialog", { id: "confirm", "aria-labelledby": "confirm-heading", "aria-describedby": "confirm-text" },
      el("h2", { id: "confirm-heading" }),
      el("p", { id: "confirm-text" }),
      el("form", { method: "dialog", class: "row" },
        el("button", { value: "cancel", class: "secondary", id: "confirm-cancel", autofocus: "" }),
        el("button", { value: "ok", id: "confirm-ok" })));
    (document.querySelector("main") || document.body).append(d);
    return d;
  }

  /** The language of a piece of people's own text (a name, a note, a title). */
  const langOf = (text) => (/[\u3400-\u9fff]/.test(text || "") ? "zh-CN" : "en");

  /**
   * People's own words as a node: a span marked with its language when that differs
   * from the page's, so a screen reader reads Chinese names in Chinese on the
   * English page (and English words in English on the Chinese one).
   */
  function words(text) {
    const l = langOf(text);
    const mine = lang === "en" ? "en" : "zh-CN";
    return l === mine || !/[A-Za-z\u3400-\u9fff]/.test(text || "") ? document.createTextNode(text || "") : el("span", { lang: l }, text);
  }

  // One vocabulary for how people communicate and what they need, on every page.
  const modeWords = { speech: ["口语", "speech"], sign: ["手语", "sign language"], text: ["文字（打字）", "text (typing)"] };
  const needWords = {
    wheelchair: ["轮椅", "wheelchair"], limited: ["行动不便", "walks with difficulty"], guided: ["需引导（视障）", "needs guiding (low vision)"],
    quiet: ["安静桌", "quiet table"], companion: ["有陪同", "with a companion"],
    guide: ["需志愿者引导", "a volunteer guide"], push: ["需志愿者推轮椅", "a volunteer to push"], company: ["需志愿者陪同走", "a volunteer to walk with"],
  };

  /** A way of communicating, in the page's language. */
  const modeName = (m) => t(...(modeWords[m] || [m, m]));

  /** What a guest needs at a glance, from their profile: mobility, signing or
   *  typing (speech is the default, so not listed), a quiet table, a companion. */
  function needs(p) {
    const out = [];
    if (p.mobility && needWords[p.mobility]) out.push(t(...needWords[p.mobility]));
    for (const m of p.communication || []) if (m !== "speech") out.push(modeName(m));
    if (p.quiet) out.push(t(...needWords.quiet));
    if (p.companion) out.push(t(...needWords.companion));
    if (p.escort && needWords[p.escort]) out.push(t(...needWords[p.escort]));
    return out;
  }

  /** A contact as a node: a phone number is a `tel:` link (a tap calls it), anything
   *  else (a WeChat id) is its text. */
  function contact(text) {
    const digits = (text || "").replace(/[\s()-]/g, "");
    return /^\+?\d{5,15}$/.test(digits) ? el("a", { href: "tel:" + digits }, text) : document.createTextNode(text || "");
  }

  document.documentElement.lang = lang;
  /** The element with this id (every page's one way to find its parts). */

  /** The element with this id (every page's one way to find its parts). */
  const $ = (id) => document.getElementById(id);

  return {
    $, token, credential, session, keepSession, dropSession, useSession, device, t, api, say, el, setLang, wallTime, clock, num, speak, langSwitch, langOf, words, ask,
    stored, store, modeName, needs, contact, get lang() { return lang; },
  };
})();
