// The live connection shared by the participant, matchmaker, host and projector
// pages: one WebSocket, `hello` with the token from the URL fragment, reconnection
// with backoff (a phone that locks or loses Wi-Fi comes back to the same place: the
// server sends a full snapshot on every `welcome`), and the server's clock: time is
// always shown from absolute deadlines corrected by the measured clock offset.
//
// A page gives `Live.start` one handler per frame type. The `welcome` snapshot goes
// through those same handlers: `welcome` first (the page forgets what it showed;
// returning false refuses the snapshot, for a link of the wrong role), then each
// frame of the snapshot as if it had just arrived, in a fixed order, with a second
// argument `{snapshot: true}` (live frames get `{snapshot: false}`). A page's verbs
// go through `request()`, whose promise settles with the `ack` or `error` answering it.
// How the pages say what the connection brings (times, phases, tables, rooms, the
// connection's state) is `views.js`.
"use strict";

const Live = (() => {
  let ws = null;
  let offset = 0;          // server clock − local clock, ms
  let bestRtt = Infinity;
  let handlers = {};
  let nextId = 1;
  let retry = 500;
  let pingTimer = null;
  let retryTimer = null;
  let stopped = false;
  let phase = null;        // the newest `phase` frame
  // connecting | open | reconnecting | stopped (the link no longer works) |
  // unreadable (the event's saved state cannot be read: it is stopped; retrying slowly)
  let state = "connecting";
  let unreadable = false;  // the server said `state_unreadable`, and no welcome since
  const pending = new Map(); // request id → {resolve, reject, timer}
  const MAX_RETRY = 10000;
  const TIMEOUT = 10000;

  /** The server's clock now (ms). */
  const now = () => Date.now() + offset;

  let lastHeard = 0;       // local time of the last frame from the server

  function ping() {
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    // Wi-Fi that drops without a goodbye leaves a socket that looks open: when two
    // pings in a row go unanswered, start again rather than show stale times.
    if (lastHeard && Date.now() - lastHeard > 35000) {
      // Not ws.close(): its handshake would wait on the dead link. Let it go.
      const dead = ws;
      ws = null;
      dead.onclose = null;
      dead.close();
      clearInterval(pingTimer);
      dropPending();
      setState(unreadable ? "unreadable" : "reconnecting");
      retryTimer = setTimeout(connect, 500);
      return;
    }
    ws.send(JSON.stringify({ type: "ping", t: Date.now() }));
  }

  function setState(s) {
    state = s;
    if (handlers.connection) handlers.connection(s);
  }

  /** Why a request failed, as an `error` frame of the client's own making. */
  const failure = (code, zh, en) => ({ type: "error", code, message: Blossom.t(zh, en) });

  /** Rejects every request still waiting: the socket they went out on is gone. */
  function dropPending() {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      p.reject(failure("offline", "连接中断，没有收到服务器的答复。请看看是否已经生效，需要时再试一次。",
        "The connection dropped before the server answered. Check whether it took effect, and try again if needed."));
      pending.delete(id);
    }
  }

  /** An `ack` or `error` that answers a request settles its promise; true if it did. */
  function settle(msg) {
    if (msg.id == null || !pending.has(msg.id)) return false;
    const p = pending.get(msg.id);
    pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.type === "ack") p.resolve(msg); else p.reject(msg);
    return true;
  }

  /** The order the snapshot's frames are handed over in: who and what first. */
  const ORDER = ["event", "me", "phase", "assignment", "tables", "counts", "people", "announce"];

  function dispatch(frame, snapshot) {
    if (frame.type === "phase") phase = frame;
    const h = handlers[frame.type];
    if (h) h(frame, { snapshot });
  }

  function welcome(msg) {
    retry = 500;
    unreadable = false;
    const snap = msg.state && typeof msg.state === "object" ? msg.state : {};
    phase = null;
    const take = !handlers.welcome || handlers.welcome(msg) !== false;
    if (take) {
      const keys = [...ORDER.filter((k) => k in snap), ...Object.keys(snap).filter((k) => !ORDER.includes(k)).sort()];
      for (const k of keys) {
        const frame = snap[k];
        // null: nothing yet (the page's `welcome` has already cleared it).
        if (frame && typeof frame === "object") dispatch({ type: k, ...frame }, true);
      }
    }
    setState("open");
  }

  function onFrame(msg) {
    if (msg.type === "pong") {
      const rtt = Date.now() - msg.t;
      // Keep the estimate from the fastest round trip: the least skewed by delay.
      if (rtt >= 0 && rtt <= bestRtt) { bestRtt = rtt; offset = msg.at - (msg.t + rtt / 2); }
      return;
    }
    if (msg.type === "welcome") {
      // A claimed link: from now on the phone's own session stands for the guest.
      if (typeof msg.session === "string") Blossom.keepSession(msg.session);
      welcome(msg);
      return;
    }
    if ((msg.type === "ack" || msg.type === "error") && settle(msg)) return;
    // An answer to a request that has already given up (timed out, or its socket
    // closed): the page has said so already.
    if (msg.type === "ack") return;
    if (msg.type === "error" && msg.id != null && String(msg.id).startsWith("c")) return;
    if (msg.type === "error" && msg.id == null && retried(msg)) return;
    if (msg.type === "error" && ["revoked", "unauthorized", "link_claimed", "withdrawn"].includes(msg.code)) {
      // The token no longer works: reconnecting with it would only fail again.
      if (msg.code === "revoked") Blossom.dropSession();
      stopped = true;
      setState("stopped");
    }
    if (msg.type === "error" && msg.code === "state_unreadable") {
      // The event is stopped until someone repairs it: say so, and keep trying slowly.
      unreadable = true;
      setState("unreadable");
    }
    dispatch(msg, false);
  }

  let sentWith = null;  // the token of the last hello

  /**
   * A hello refused for its token, with another one still to try: a link already
   * claimed (by this phone, earlier: its kept session follows), or a kept session
   * that ended (the link this tab holds may be a new one). True: tried again.
   */
  function retried(msg) {
    if (state === "open") return false;
    const link = Blossom.token();
    const session = Blossom.session();
    if (msg.code === "link_claimed" && session && sentWith !== session) {
      Blossom.useSession();
    } else if (msg.code === "unauthorized" && session && sentWith === session && link && link !== session) {
      Blossom.dropSession();
    } else {
      return false;
    }
    const socket = ws;
    ws = null;
    if (socket) { socket.onclose = null; socket.close(); }
    clearInterval(pingTimer);
    connect();
    return true;
  }

  function connect() {
    const token = Blossom.credential();
    if (!token || stopped) return;
    sentWith = token;
    clearTimeout(retryTimer);
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
    const socket = new WebSocket(url);
    ws = socket;
    socket.onopen = () => {
      lastHeard = Date.now();
      socket.send(JSON.stringify({ type: "hello", token, lang: Blossom.lang, device: Blossom.device() }));
      bestRtt = Infinity;
      for (let i = 0; i < 5; i++) setTimeout(ping, i * 300);
      clearInterval(pingTimer);
      pingTimer = setInterval(ping, 15000);
    };
    socket.onmessage = (e) => {
      lastHeard = Date.now();
      let msg;
      try { msg = JSON.parse(e.data); } catch { return; /* ignore a bad frame */ }
      onFrame(msg);
    };
    socket.onclose = (ev) => {
      if (ws !== socket) return;
      clearInterval(pingTimer);
      ws = null;
      dropPending();
      if (stopped) return;
      if (unreadable) {
        // Not "reconnecting": the event is stopped, and retrying often will not mend it.
        setState("unreadable");
        retryTimer = setTimeout(connect, MAX_RETRY);
        return;
      }
      setState("reconnecting");
      // 1013: the server is busy with this address (a hall behind one NAT): a few
      // seconds on, spread out. 1012: the event moved to another server: at once
      // the first time (retry is still at its start after a welcome), then with
      // the usual backoff while its new server is not yet there.
      const restarted = ev && ev.code === 1012 && retry <= 500;
      const wait = ev && ev.code === 1013 ? 3000 + Math.random() * 4000 : restarted ? 0 : retry;
      retryTimer = setTimeout(connect, wait);
      retry = Math.min(retry * 2, MAX_RETRY);
    };
  }

  // A phone coming back from the lock screen reconnects at once, not after the backoff.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible" || stopped || !Blossom.credential()) return;
    if (!ws) { retry = 500; connect(); } else ping();
  });
  window.addEventListener("online", () => { if (!ws && !stopped) { retry = 500; connect(); } });

  /**
   * Sends a verb. Resolves with the `ack` that answers it, or rejects with the
   * `error` that does (an object with `code` and `message`, in the page's language);
   * rejects at once with code "offline" when not connected, with "offline" when the
   * connection drops before the answer, and with "timeout" after ten seconds.
   */
  function request(type, fields = {}) {
    if (!ws || ws.readyState !== WebSocket.OPEN || state !== "open") {
      return Promise.reject(failure("offline", "现在没有连接，请稍后再试。", "Not connected right now: try again in a moment."));
    }
    const id = "c" + nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!pending.delete(id)) return;
        reject(failure("timeout", "服务器 10 秒内没有答复。请看看是否已经生效，需要时再试一次。",
          "No answer from the server in 10 seconds. Check whether it took effect, and try again if needed."));
      }, TIMEOUT);
      pending.set(id, { resolve, reject, timer });
      ws.send(JSON.stringify({ type, id, ...fields }));
    });
  }

  /** Milliseconds left in a phase frame, by the server's clock. */
  function remaining(p = phase) {
    if (!p || p.ends_at == null) return null;
    if (p.paused) return p.remaining_ms ?? Math.max(0, p.ends_at - now());
    return Math.max(0, p.ends_at - now());
  }

  /** Reconnects at once, so the server answers in the page's new language. */
  function relang() {
    if (stopped || !Blossom.credential()) return;
    if (ws) {
      const old = ws;
      ws = null;
      old.onclose = null;
      old.close();
      clearInterval(pingTimer);
      dropPending();
    }
    retry = 500;
    connect();
  }

  return {
    start(h) { handlers = h; setState("connecting"); connect(); },
    relang, request, now, remaining,
    get phase() { return phase; },
    get offset() { return offset; },
    get state() { return state; },
  };
})();
