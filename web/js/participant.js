// The participant's phone, opened from the QR code on their badge. What matters now
// comes first and biggest: where to go, with whom, and the time left.
//
// This file wires the page: the title, the language switch, the page without a
// token, why the page cannot work, the order of the sections, and the live
// connection. Each capability's UI lives in its own file in web/js/guest/ (see
// guest.js): the card, rest, the private chat area, announcements, who the guest
// is, settings. Every frame,
// from a `welcome` snapshot or live, goes through the same handlers: the shared
// state (event, me, phase, assignment) is kept in `Guest.state`, each capability
// takes its own frames, and the page is redrawn.
"use strict";

(() => {
  const { t, api, speak } = Blossom;
  const { state, $ } = Guest;

  // The sections, in the order shown: once the evening runs, what matters now comes
  // first; before it, the welcome. A new capability's section goes in both lists.
  const ORDER = {
    running: ["identity", "now", "escort-card", "chat-card", "stage-card", "poll-card", "captions-card", "marks-card", "news", "programme-card", "desk-card", "rest-card", "intro-card", "me", "reminders", "mydata"],
    before: ["identity", "me", "now", "escort-card", "stage-card", "poll-card", "captions-card", "news", "programme-card", "intro-card", "desk-card", "reminders", "rest-card", "chat-card", "marks-card", "mydata"],
    // A segment of the programme on stage before the dates (the opening, the
    // self-introductions, a game): what is on stage comes first.
    stage: ["identity", "stage-card", "poll-card", "captions-card", "escort-card", "now", "programme-card", "news", "me", "intro-card", "desk-card", "reminders", "rest-card", "chat-card", "marks-card", "mydata"],
    // After the last date: the choices (and then the matches) come first.
    closed: ["identity", "escort-card", "marks-card", "stage-card", "poll-card", "now", "captions-card", "programme-card", "me", "news", "intro-card", "desk-card", "reminders", "rest-card", "chat-card", "mydata"],
  };

  function labels() {
    const { event } = state;
    document.title = (event ? event.title : t("八分钟约会", "Eight-minute dates")) + " · Blossom";
    $("title").replaceChildren(event ? Blossom.words(Views.ownPart(event.title)) : t("八分钟约会", "Eight-minute dates"));
    Guest.each("labels");
  }

  const drawConnection = (s) => Views.indicate($("conn"), s);

  function drawProblem() {
    $("problem").hidden = !state.problem;
    $("problem").textContent = state.problem || "";
  }

  /** Puts the sections in the order for now. */
  function arrange() {
    if (!state.phase || state.problem) return;
    const onStage = state.phase.phase === "lobby" && !!(state.programme && state.programme.current);
    const order = Guest.running() ? ORDER.running : state.phase.phase === "closed" ? ORDER.closed : onStage ? ORDER.stage : ORDER.before;
    const main = document.querySelector("main");
    const shown = [...main.children].map((e) => e.id).filter((id) => order.includes(id));
    // Moving a node drops the keyboard focus inside it: move only when the order changes.
    if (shown.join() !== order.join()) for (const id of order) main.append($(id));
  }

  /** Cards an unconfirmed phone does not show: it may do nothing as the guest. */
  const GUEST_ONLY = ["chat-card", "marks-card", "desk-card", "rest-card", "mydata"];

  function draw() {
    labels();
    drawProblem();
    arrange();
    Guest.each("draw");
    if (state.identity && !state.identity.confirmed) for (const id of GUEST_ONLY) $(id).hidden = true;
  }
  Guest.redraw = draw;

  async function noToken() {
    $("nobody").hidden = false;
    $("reminders").hidden = true;
    $("conn").hidden = true;
    labels();
    // Opened from the projector's join QR code: say which event this is.
    const id = new URLSearchParams(location.search).get("event");
    if (id) {
      try { state.event = await api("/api/events/" + encodeURIComponent(id) + "/summary"); labels(); } catch { /* the advice below still holds */ }
    }
    drawNobody();
  }

  function drawNobody() {
    const ev = state.event;
    $("nobody-heading").textContent = ev ? t("欢迎！您自己的页面在胸牌上", "Welcome! Your own page is on your badge") : t("请扫描胸牌上的二维码", "Scan the QR code on your badge");
    $("nobody-text").replaceChildren(...(ev ? [
      Blossom.el("p", {}, Blossom.words(Views.ownPart(ev.title)), " · ", Blossom.words(ev.venue), " · ", Blossom.wallTime(ev.starts_at)),
      Blossom.el("ol", {},
        Blossom.el("li", {}, t("在签到台签到，领取您的胸牌。", "Check in at the desk and collect your badge.")),
        Blossom.el("li", {}, t("用您自己手机的相机扫描胸牌右边二维码条上的二维码，扫完把二维码条撕下。这个页面就会变成您自己的：桌号、约会对象和剩余时间都在上面。", "Scan the QR code on the tear-off slip of your badge with your own phone's camera, then tear the slip off. This page becomes your own: your table, your date and the time left.")),
        Blossom.el("li", {}, t("看不清、扫不了或没有手机？请找工作人员或志愿者，他们会帮您。", "Cannot see it, cannot scan, or no phone? Ask the staff or a volunteer: they will help you."))),
    ] : [t("用手机相机扫描胸牌上的二维码即可进入。没有胸牌？请到签到台找工作人员。",
      "Point your phone's camera at the QR code on your badge. No badge? Ask at the check-in desk.")]));
  }

  Blossom.langSwitch($("lang"), () => {
    if (!Blossom.credential()) { labels(); drawNobody(); return; }
    draw();
    drawConnection(Live.state);
  });
  window.addEventListener("hashchange", () => location.reload());

  labels();
  if (!Blossom.credential()) { noToken(); return; }
  drawConnection("connecting");

  const handlers = {
    connection: drawConnection,
    /** A snapshot follows: forget what was shown (its frames come next). */
    welcome(m) {
      if (m.role !== "participant") {
        state.problem = t("这个链接属于工作人员，不是参与者。", "This link belongs to a staff member, not a guest.");
        Guest.draw();
        return false;
      }
      // Connected after all: a "too many pages" notice from before is over.
      if (state.busyLink) { state.problem = null; state.busyLink = false; }
      state.event = state.me = state.phase = state.assignment = null;
      Guest.each("reset");
      Guest.draw();
    },
    /** An error that answers no request: the link stopped working, or the event
     *  cannot be reached. */
    error(m) {
      if (m.code === "withdrawn") {
        // Out of the evening; their data stays theirs to read and to have erased.
        state.problem = m.message;
        state.withdrawn = true;
        Guest.draw();
        speak($("alert"), state.problem);
      } else if (m.code === "revoked" || m.code === "unauthorized" || m.code === "link_claimed") {
        state.problem = m.code !== "unauthorized" ? m.message
          : t("这个链接已失效。请到签到台重新领取二维码。", "This link no longer works. Ask at the check-in desk for a new QR code.");
        Guest.draw();
        speak($("alert"), state.problem);
      } else if (m.code === "too_many_connections") {
        // Open on too many pages: said on the page, and tried again as usual.
        state.problem = m.message;
        state.busyLink = true;
        Guest.draw();
        speak($("alert"), m.message);
      } else {
        speak($("alert"), m.message);
      }
    },
  };
  // The shared frames are kept for every capability; each capability then takes its own.
  const shared = ["event", "me", "phase", "assignment"];
  for (const type of new Set([...shared, ...Guest.frameTypes()])) {
    handlers[type] = (frame, ctx) => {
      if (shared.includes(type)) state[type] = frame;
      Guest.frame(type, frame, ctx);
      Guest.draw();
    };
  }
  Guest.each("start");
  Live.start(handlers);
})();
