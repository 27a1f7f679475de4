// The live connection shared by the participant, host and projector pages: one
// WebSocket, `hello` with the token from the URL fragment, reconnection with backoff
// (a phone that locks or loses Wi-Fi comes back to the same place: the server sends
// a full snapshot on every `welcome`), and the server's clock: time is always shown
// from absolute deadlines corrected by the measured clock offset.
"use strict";

const Live = (() => {
  let ws = null;
  let offset = 0;          // server clock − local clock, ms
  let bestRtt = Infinity;
  let handlers = {};
  let nextId = 1;
  let retry = 500;
  let pingTimer = null;

  /** The server's clock now (ms). */
  const now = () => Date.now() + offset;

  function ping() {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: "ping", t: Date.now() }));
  }

  function onFrame(msg) {
    if (msg.type === "pong") {
      const rtt = Date.now() - msg.t;
      // Keep the estimate from the fastest round trip: the least skewed by delay.
      if (rtt <= bestRtt) { bestRtt = rtt; offset = msg.at - (msg.t + rtt / 2); }
      return;
    }
    if (msg.type === "welcome") retry = 500;
    const h = handlers[msg.type];
    if (h) h(msg);
  }

  function connect() {
    const token = Blossom.token();
    if (!token) return;
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
    ws = new WebSocket(url);
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: "hello", token, lang: Blossom.lang }));
      bestRtt = Infinity;
      for (let i = 0; i < 5; i++) setTimeout(ping, i * 300);
      clearInterval(pingTimer);
      pingTimer = setInterval(ping, 15000);
      if (handlers.open) handlers.open();
    };
    ws.onmessage = (e) => { try { onFrame(JSON.parse(e.data)); } catch { /* ignore a bad frame */ } };
    ws.onclose = () => {
      clearInterval(pingTimer);
      if (handlers.close) handlers.close();
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }

  /** Sends a verb; the answering ack or error carries the same id. */
  function send(type, fields = {}) {
    const id = "c" + nextId++;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type, id, ...fields }));
    return id;
  }

  /** Milliseconds left in a phase frame, by the server's clock. */
  function remaining(phase) {
    if (!phase || phase.ends_at == null) return null;
    if (phase.paused) return phase.remaining_ms ?? Math.max(0, phase.ends_at - now());
    return Math.max(0, phase.ends_at - now());
  }

  function mmss(ms) {
    if (ms == null) return "—";
    const s = Math.ceil(ms / 1000);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  const phaseNames = {
    lobby: ["签到中，等待开始", "Check-in: waiting to start"],
    round: ["约会中", "Date in progress"],
    transition: ["换桌时间：道别、标记心意、前往下一桌", "Change tables: say goodbye, mark interest, move"],
    break: ["休息时间", "Break"],
    closed: ["活动已结束", "The event has ended"],
  };
  const phaseName = (p) => Blossom.t(...(phaseNames[p] || [p, p]));

  return {
    start(h) { handlers = h; connect(); },
    send, now, remaining, mmss, phaseName,
  };
})();
