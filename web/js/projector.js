// The hall projector: round and phase, a countdown readable from the back of the
// hall, announcements in large type, the table list (numbers unless the event
// allows names), the private chat rooms free or in use (never who is inside), the
// join QR code in the lobby, a change of colour at every phase
// change, and spoken announcements through the browser's speech synthesis so that
// blind guests hear when to move. The hall reads both languages; the switch picks
// which comes first and which is spoken. Every frame, from a `welcome` snapshot or
// live, goes through the same handlers.
"use strict";

(() => {
  const { $, t, el } = Blossom;
  let phase = null;
  let tables = null;
  let announcement = null;
  let rooms = null;       // the `rooms` frame: each room free or in use
  let calls = null;       // the `calls` frame: badge numbers called to desks
  let programme = null;   // the `programme` frame: the segments, and the one under way
  let captions = null;    // the `captions` frame: the latest lines
  const spokenCalls = new Set(); // the calls already spoken (number|desk|at)
  let eventId = null;
  let event = null;
  let lastKey = null;
  let lastPaused = false;
  let voice = false;
  let before = null;
  let heard = 0;          // the `sent_at` of the newest announcement spoken

  /** Both languages, the page's own first, each marked with its `lang`. */
  function both(zh, en) {
    const parts = [el("span", { lang: "zh-CN" }, zh), el("span", { lang: "en" }, en)];
    if (Blossom.lang === "en") parts.reverse();
    const frag = document.createDocumentFragment();
    frag.append(parts[0], " · ", parts[1]);
    return frag;
  }

  /** Speaks in the page's language, when the host has turned the voice on. */
  function speakAloud(zh, en) {
    if (!voice || !("speechSynthesis" in window)) return;
    const text = t(zh, en);
    const u = new SpeechSynthesisUtterance(text);
    // The voice fits the words (an announcement may be in either language).
    u.lang = Blossom.langOf(text) === "zh-CN" ? "zh-CN" : "en-GB";
    u.rate = 0.9;
    speechSynthesis.speak(u);
  }

  const names = {
    lobby: ["签到中，请稍候", "Check-in: please wait"],
    round: ["约会中", "Dates in progress"],
    transition: ["换桌：请道别，前往下一桌", "Change tables: say goodbye and move"],
    break: ["中场休息", "Break"],
    closed: ["活动结束，谢谢大家", "The end: thank you all"],
  };

  function draw() {
    document.body.dataset.phase = phase ? phase.phase : "none";
    $("voice").textContent = voice ? t("语音播报：开", "Spoken announcements: on") : t("开启语音播报", "Turn on spoken announcements");
    $("voice").setAttribute("aria-pressed", String(voice));
    $("title").replaceChildren(event ? Blossom.words(event.title) : "", " · ", both("大厅投影", "Hall projector"));
    $("tables-heading").replaceChildren(both("本轮座位：编号 → 桌号", "Seating: number → table"));
    if ($("join-qr").src) $("join-qr").alt = t("本场活动页面的二维码", "QR code of this event's page");
    $("join-heading").replaceChildren(both("扫码查看本场活动", "Scan for this event's page"));
    drawRooms();
    drawCalls();
    if (!phase) return;
    const [zh, en] = names[phase.phase] || [phase.phase, phase.phase];
    $("phase").replaceChildren(both(zh, en));
    // A segment of the programme other than the dates: its title, large, and what
    // comes next.
    const { now, next } = ProgrammeView.nowAndNext(programme);
    // Closed: the closing screen; the seating and the desks' calls are over.
    const closed = ProgrammeView.over(programme, phase);
    const onStage = now && now.kind !== "dates";
    if (onStage) $("phase").replaceChildren(Blossom.words(now.title));
    else if (phase.phase === "closed" && !closed) $("phase").replaceChildren(both("八分钟约会结束了", "The dates are over"));
    $("segment-next").hidden = !next || closed;
    if (next) $("segment-next").replaceChildren(both(`接下来：${next.title}`, `Next: ${next.title}`));
    if (phase.paused) $("phase").append(" ", both("（暂停）", "(paused)"));
    $("round").replaceChildren(onStage ? both(...ProgrammeView.KINDS[now.kind]) : phase.round && phase.phase !== "closed" ? both(`第 ${phase.round} 轮 / 共 ${phase.rounds} 轮`, `Round ${phase.round} of ${phase.rounds}`) : "");
    const timed = phase.phase !== "lobby" && phase.phase !== "closed";
    $("countdown").hidden = !timed;
    // Its digits now, not at the next tick: the seating below is measured against
    // them (an empty countdown is short, and the list would overflow once filled).
    if (timed) $("countdown").textContent = Views.mmss(Live.remaining(phase));
    $("join").hidden = phase.phase !== "lobby";
    $("closing").hidden = !closed;
    // The rounds are over: no seating to show.
    $("seating").hidden = phase.phase === "closed";
    if (closed) {
      $("calls-hall").hidden = true;
      $("closing-heading").replaceChildren(event ? Blossom.words(Views.ownPart(event.title)) : "");
      // A bilingual organiser ("市残联 · City Federation") is named once in each language.
      const held = event && event.organiser ? event.organiser.split(/\s+·\s+/) : [];
      const zhName = held.find((x) => /[\u3400-\u9fff]/.test(x)) || held[0];
      const enName = held.find((x) => !/[\u3400-\u9fff]/.test(x)) || held[0];
      $("closing-by").replaceChildren(held.length ? both(`主办：${zhName}`, `Held by ${enName}`) : "");
      $("closing-text").replaceChildren(both("感谢每一位来宾、红娘和志愿者。离场时请带好随身物品，需要帮助请找工作人员。",
        "Thank you, every guest, matchmaker and volunteer. Take your belongings with you; staff are here to help you leave."));
    }
    $("announce").replaceChildren(announcement ? Blossom.words(announcement.text) : "");
    // The stage takes the screen while no date or change of tables runs, and
    // gives way to the closing screen.
    const dating = phase.phase === "round" || phase.phase === "transition";
    HallStage.draw(!dating && !closed, programme);
    if (HallStage.shown()) {
      $("seating").hidden = true;
      $("join").hidden = true;
    }
    drawCaptions();
    drawSeating();
  }

  // The seating, as a guest looks for themself: badge number → table, in number
  // order, paged when the hall is too big for one screen (a page every
  // PAGE_MS, with "第 2/8 页" shown), so the page itself never scrolls.
  const PAGE_MS = 10000;
  let seatKey = null;   // what the list shows (rebuilt only when it changes)
  let page = 0;
  let pages = 1;
  let perPage = Infinity;

  function drawSeating() {
    const rows = (tables && tables.tables) || [];
    const entries = rows.flatMap((r) => r.numbers.map((n, i) => ({ n, table: r.table, name: r.names ? r.names[i] : null, interpreter: r.interpreter })))
      .sort((a, b) => a.n - b.n);
    const key = Blossom.lang + JSON.stringify(entries);
    if (key !== seatKey) {
      seatKey = key;
      // A big hall: the clock and the calls on the left, the seating down the right.
      $("hall").classList.toggle("split", entries.length > 40);
      $("tables").replaceChildren(...entries.map((e) => {
        // Compact, so that a hall's worth fits: the heading says "number → table".
        const li = el("li", {}, el("strong", {}, String(e.n)));
        if (e.name) li.append(" ", Blossom.words(e.name));
        li.append(" → ", el("span", { class: "table" }, e.table));
        if (e.interpreter) li.append(" ", el("span", { class: "sign-mark" }, t("手语", "sign")));
        return li;
      }));
      page = 0;
    }
    // Measured again at every redraw: what is above the list (an announcement, a
    // call, the rooms, the next segment, the captions) changes the room left for it.
    remeasure();
  }

  function remeasure() {
    $("hall").classList.remove("tight");
    perPage = Infinity;
    paginate();
  }

  /** How many entries fit below what is above them, and which page shows now. */
  function paginate() {
    const list = $("tables");
    const items = [...list.children];
    if (perPage === Infinity && items.length) {
      for (const li of items) li.hidden = false;
      // Measured with the page indicator in place, so it is never cut off.
      $("seat-page").hidden = false;
      if (!$("seat-page").textContent) $("seat-page").replaceChildren(both("第 1/1 页", "Page 1 of 1"));
      const cols = Math.max(1, getComputedStyle(list).gridTemplateColumns.split(" ").length);
      const first = items[0].getBoundingClientRect();
      const gap = parseFloat(getComputedStyle(list).rowGap) || 0;
      const room = window.innerHeight - list.getBoundingClientRect().top - $("seat-page").offsetHeight - 24;
      // At least two rows a page, however full the screen above the list is.
      perPage = Math.max(2 * cols, Math.floor((room + gap) / (first.height + gap)) * cols);
    }
    pages = Math.max(1, Math.ceil(items.length / perPage));
    if (page >= pages) page = 0;
    items.forEach((li, i) => { li.hidden = Math.floor(i / perPage) !== page; });
    $("seat-page").hidden = pages < 2;
    $("seat-page").replaceChildren(both(`第 ${page + 1}/${pages} 页`, `Page ${page + 1} of ${pages}`));
    // Whatever the sizes came to, the list itself ends on the screen: one row
    // fewer while it does not (down to two rows; what is beside it is not its
    // business).
    const cols = Math.max(1, getComputedStyle(list).gridTemplateColumns.split(" ").length);
    const pad = parseFloat(getComputedStyle(document.querySelector("main")).paddingBottom) || 0;
    const over = $("seating").getBoundingClientRect().bottom + pad > window.innerHeight + 1;
    if (!over || perPage === Infinity) return;
    if (perPage > 2 * cols) {
      perPage -= cols;
      paginate();
    } else if (!$("hall").classList.contains("tight")) {
      // Two rows do not fit under everything above them (a segment to come and
      // the captions' band, say): the countdown gives up a little height, still a
      // fifth of the screen, and the list is measured again.
      $("hall").classList.add("tight");
      perPage = Infinity;
      paginate();
    } else if (perPage > cols) {
      // Still not: one row a page rather than a list, or its page, cut off.
      perPage -= cols;
      paginate();
    }
  }
  setInterval(() => { if (pages > 1) { page = (page + 1) % pages; paginate(); } }, PAGE_MS);
  window.addEventListener("resize", remeasure);
  // The page's fonts arrive after its first drawing and change every size.
  document.fonts.addEventListener("loadingdone", remeasure);

  /** The caption band: the latest two lines, the engine's own in both languages. */
  function drawCaptions() {
    const lines = ((captions && captions.lines) || []).slice(-2);
    $("captions-band").hidden = !lines.length;
    $("captions-band").replaceChildren(...lines.map((l) => el("p", {},
      ...(l.speaker ? [el("span", { class: "speaker" }, Blossom.words(l.speaker), "：")] : []),
      l.en ? both(l.text, l.en) : Blossom.words(l.text))));
  }

  /** The call board: "7 号 → 1 号台", large; shown whenever someone is called. */
  function drawCalls() {
    const list = (calls && calls.calls) || [];
    $("calls-hall").hidden = !list.length;
    $("calls-heading").replaceChildren(both("请到红娘服务台", "Please come to the matchmaker desk"));
    $("calls-list").replaceChildren(...list.map((c) => el("li", {},
      el("strong", {}, both(`${c.number} 号`, `No. ${c.number}`)), " → ", both(...Views.deskWords(c.desk, true)))));
  }

  /** Speaks each new call once, after those before it (never cutting one off). */
  let firstCalls = true;  // the first calls this screen sees (on opening) are not spoken
  function sayCalls() {
    const first = firstCalls;
    firstCalls = false;
    for (const c of (calls && calls.calls) || []) {
      const key = `${c.number}|${c.desk}|${c.at}`;
      if (spokenCalls.has(key)) continue;
      spokenCalls.add(key);
      // A call made while the screen was reconnecting is spoken when it is back.
      if (!first) {
        const [zh, en] = Views.deskWords(c.desk);
        speakAloud(`请 ${c.number} 号到${zh}。`, `Number ${c.number}, please come to ${en}.`);
      }
    }
  }

  /** Each room, free or in use, in words and a sign (not by colour alone). */
  function drawRooms() {
    const list = (rooms && rooms.rooms) || [];
    const open = phase && phase.phase !== "lobby" && phase.phase !== "closed";
    $("rooms-hall").hidden = !list.length || !open;
    $("rooms-hall-heading").replaceChildren(both("私聊区", "Private chat area"));
    $("rooms-list").replaceChildren(...list.map((r) => {
      // A label that names a room already is shown once, in its own language.
      const words = Views.roomWords(r.room);
      const label = words ? both(...words) : Blossom.words(r.room);
      return el("li", { class: r.in_use ? "in-use" : "free" },
        el("span", { "aria-hidden": "true", class: "sign" }, r.in_use ? "●" : "○"), " ",
        el("strong", {}, label), ": ",
        r.in_use ? both("使用中", "in use") : both("空闲", "free"));
    }));
  }

  function tick() {
    if (!phase) return;
    const left = Live.remaining(phase);
    $("countdown").textContent = Views.mmss(left);
    if (phase.phase === "transition" && !phase.paused && Views.milestone(before, left, "milestones") === 60000) {
      speakAloud("还有一分钟，请尽快到下一桌入座。", "One minute left: please take your seat at your next table.");
    }
    before = left;
  }

  /** Says a phase change aloud, once per change. */
  function told() {
    const key = `${phase.phase}|${phase.round}|${phase.started_at}`;
    if (key === lastKey) {
      if (phase.paused !== lastPaused) {
        lastPaused = phase.paused;
        if (phase.paused) speakAloud("活动暂停，计时停止。", "The event is paused.");
        else speakAloud("活动继续。", "The event continues.");
      }
      return;
    }
    const first = lastKey === null;
    lastKey = key;
    lastPaused = phase.paused;
    before = Live.remaining(phase);
    if (first) return;
    const say = {
      round: [`第 ${phase.round} 轮开始，请和对面的朋友聊聊吧。`, `Round ${phase.round} has begun. Enjoy your date.`],
      transition: ["时间到。请道别，然后前往下一桌。", "Time is up. Please say goodbye and move to your next table."],
      break: ["中场休息开始。", "The break has begun."],
      closed: ["活动结束，谢谢大家的参与。", "The event has ended. Thank you all for coming."],
    }[phase.phase];
    if (say) speakAloud(...say);
  }

  async function showJoinQr() {
    if (!eventId || $("join-qr").src) return;
    try {
      const res = await Blossom.api(`/api/events/${encodeURIComponent(eventId)}/join-qr.svg`, { raw: true });
      $("join-qr").src = URL.createObjectURL(await res.blob());
      draw();
    } catch { $("join").hidden = true; }
  }

  $("voice").addEventListener("click", () => {
    voice = !voice;
    draw();
    // Speaking once inside the tap lets the browser speak later without one.
    speakAloud("语音播报已开启。", "Spoken announcements are on.");
  });
  $("signin").addEventListener("submit", (e) => { e.preventDefault(); location.hash = encodeURIComponent($("token").value.trim()); location.reload(); });
  Blossom.langSwitch($("lang"), () => { draw(); conn(Live.state); });

  function conn(state) {
    $("conn").dataset.state = state;
    $("conn").replaceChildren(both(...Views.connectionWords(state)));
  }

  HallStage.use(speakAloud, both);
  draw();
  if (!Blossom.token()) { $("signin").hidden = false; $("conn").hidden = true; $("voice").hidden = true; return; }
  /** Redraws once the frames now arriving are in (a snapshot's come together). */
  let queued = false;
  function redraw() {
    if (queued) return;
    queued = true;
    queueMicrotask(() => { queued = false; draw(); });
  }

  Live.start({
    connection: conn,
    /** A snapshot follows: forget what was shown (its frames come next). */
    welcome(m) {
      $("hall").hidden = false;
      // Connected again: a message about why it could not connect is over.
      if ($("status").classList.contains("error")) { $("status").textContent = ""; $("status").className = "status"; }
      eventId = m.event_id;
      event = phase = tables = announcement = rooms = calls = programme = captions = null;
      HallStage.reset();
      redraw();
      showJoinQr();
    },
    event(m) { event = m; redraw(); },
    phase(m) { phase = m; redraw(); told(); },
    programme(m) { programme = m; redraw(); },
    captions(m) { captions = m; perPage = Infinity; redraw(); },
    spotlight(m, ctx) { HallStage.spotlight(m, ctx); redraw(); },
    poll(m, ctx) { HallStage.poll(m, ctx); redraw(); },
    tables(m) { tables = m; redraw(); },
    rooms(m) { rooms = m; redraw(); },
    calls(m) { calls = m; redraw(); sayCalls(); },
    announce(m, { snapshot }) {
      // An empty announcement takes the last one down (the evening closed).
      announcement = m.text ? m : null;
      redraw();
      if (!m.text) return;
      // Spoken as it happens; from a snapshot, only if it came while the screen was away.
      if (m.sent_at > heard && (!snapshot || heard > 0)) speakAloud("公告：" + m.text, "Announcement: " + m.text);
      heard = Math.max(heard, m.sent_at);
    },
    error(m) { $("status").textContent = m.message; $("status").className = "status error"; },
  });
  setInterval(tick, 250);
})();
