// The matchmakers' tablet: check guests in (search by name or badge number; a
// badge's QR code is the guest's own link, never scanned here), see who is here, late,
// resting or gone with each person's access needs at a glance, the private chat
// area (rooms, the queue, releasing a room: rooms.js), the current round's tables,
// and the host's announcements. Every frame, from a `welcome`
// snapshot or live, goes through the same handlers; each check-in's answer comes
// back through its own `Live.request` promise. The cards it shares with the host
// console, and what stops both pages (a link switched off, an event whose saved
// state cannot be read), are `staff.js`'s.
"use strict";

(() => {
  const { $, t, el, say, speak } = Blossom;
  let eventId = null;
  let event = null;
  let phase = null;
  let tables = null;
  let live = [];            // the `people` frame: presence, rest, table
  const profiles = new Map(); // id → the participant as the API gives it (access needs)
  let announcement = null;
  let heard = 0;              // the `sent_at` of the newest announcement said aloud
  let problem = null;         // the server's words when the event's state cannot be read
  let filter = "all";
  let loading = null;
  // Guests acted on stay in view (with their new state) until the search or the
  // filter changes, so the list does not shift under the matchmaker's finger.
  const kept = new Set();

  function drawLabels() {
    $("title").textContent = t("红娘工作台", "Matchmaker desk") + (event ? " · " + event.title : "");
    document.title = t("红娘工作台 · Blossom", "Matchmaker desk · Blossom");
    $("signin-heading").textContent = t("登录", "Sign in");
    $("token-label").textContent = t("红娘令牌（在组织者页面可以找到）", "Matchmaker token (from the organiser's page)");
    $("signin-button").textContent = t("进入", "Sign in");
    $("news-heading").textContent = t("主持人公告", "From the host");
    $("time-label").textContent = t("本阶段剩余时间：", "Time left in this phase:");
    $("people-heading").textContent = t("签到与来宾", "Check-in and guests");
    $("find-label").textContent = t("按姓名或编号查找", "Find by name or number");
    $("keypad-label").textContent = t("胸牌号码键盘", "Keypad for the badge number");
    const del = $("keypad").querySelector('[data-key="⌫"]');
    if (del) del.setAttribute("aria-label", t("删除一位", "Delete a digit"));
    $("filter-legend").textContent = t("显示", "Show");
    const f = { all: ["全部", "Everyone"], waiting: ["未到", "Not here yet"], present: ["已到", "Here"], resting: ["休息", "Resting"], gone: ["已离场", "Left"] };
    for (const s of document.querySelectorAll("[data-filter]")) s.textContent = t(...f[s.dataset.filter]);
    $("tables-caption").textContent = t("本轮座位", "Seating this round");
    $("h-table").textContent = t("桌号", "Table");
    $("h-pair").textContent = t("编号与姓名", "Numbers and names");
  }

  /** A guest's state: here, late, resting, gone, or not here yet. */
  function stateOf(p) {
    if (p.gone && !p.present) return ["gone", t("已离场", "Left")];
    if (p.present && p.resting) return ["present", t("已到 · 下一轮休息", "Here · resting next round")];
    if (p.present) return ["present", p.table ? t(`已到 · ${p.table} 号桌`, `Here · table ${p.table}`) : t("已到", "Here")];
    if (phase && phase.phase !== "lobby") return ["late", t("迟到，未签到", "Late: not checked in")];
    return ["waiting", t("未到", "Not here yet")];
  }

  function matches(p, q) {
    if (!q) return true;
    const n = String(p.number);
    return n === q || n.startsWith(q) || (p.name || "").toLowerCase().includes(q.toLowerCase());
  }

  function personRow(p) {
    const prof = profiles.get(p.id) || {};
    const [cls, text] = stateOf(p);
    const who = el("div", { class: "who" },
      el("p", { class: "name" }, `${p.number} · `, Blossom.words(p.name || "")),
      el("p", { class: "state " + cls }, text));
    const tags = Blossom.needs(prof);
    if (tags.length) who.append(el("p", {}, ...tags.map((x) => el("span", { class: "tag" }, x))));
    if (prof.notes_for_partner) who.append(el("p", { class: "notes" }, t("想让约会对象知道：", "Asked partners to know: "), Blossom.words(prof.notes_for_partner)));
    if ("link_on_phone" in prof) {
      who.append(el("p", { class: "muted" }, prof.link_on_phone
        ? t("链接已在手机上", "Link open on a phone")
        : t("还没有用手机打开链接", "Link not yet opened on a phone")));
    }
    const li = el("li", { "data-id": p.id }, who);
    const label = (zh, en) => t(`${zh}：${p.number} ${p.name}`, `${en}: ${p.number} ${p.name}`);
    if (!p.present) {
      li.append(el("button", { type: "button", "data-act": "checkin", "data-id": p.id, "aria-label": label("签到", "Check in") }, t("签到", "Check in")));
    } else {
      li.append(el("button", { type: "button", class: "secondary", "data-act": "gone", "data-id": p.id, "aria-label": label("登记离场", "Mark as left") }, t("登记离场", "Mark as left")));
    }
    li.append(el("button", { type: "button", class: "secondary", "data-act": "newlink", "data-id": p.id, "aria-label": label("新链接", "New link") }, t("新链接", "New link")));
    // At check-in: whether a volunteer goes with them when they move.
    if ("escort" in prof) {
      const sel = el("select", { "data-escort": p.id, "aria-label": label("志愿者引导", "Volunteer") },
        ...["none", "guide", "push", "company"].map((v) => el("option", { value: v }, v === "none" ? t("不需要志愿者", "No volunteer") : Views.needWords(v))));
      sel.value = prof.escort;
      li.append(sel);
    }
    return li;
  }

  function drawPeople() {
    const q = $("q").value.trim();
    const shown = live.filter((p) => matches(p, q)).filter((p) => {
      if (kept.has(p.id)) return true;
      const [cls] = stateOf(p);
      if (filter === "all") return true;
      if (filter === "waiting") return cls === "waiting" || cls === "late";
      if (filter === "resting") return p.present && p.resting;
      return cls === filter;
    });
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.id : null;
    $("people").replaceChildren(...shown.map(personRow));
    // A row redrawn under the keyboard keeps the focus on its button.
    if (focused) { const b = $("people").querySelector(`button[data-id="${CSS.escape(focused)}"]`); if (b) b.focus(); }
    $("count").textContent = t(`显示 ${shown.length} 人，共 ${live.length} 人`, `Showing ${shown.length} of ${live.length}`);
  }

  /** Redraws once the frames now arriving are in (a snapshot's come together), so
   *  the list is never drawn half-way: a half-drawn list would drop the focus. */
  let queued = false;
  function redraw() {
    if (queued) return;
    queued = true;
    queueMicrotask(() => { queued = false; draw(); });
  }

  function draw() {
    drawLabels();
    Views.drawStopped($("problem"), problem, t("工作台每 10 秒重试一次连接，恢复后会自动回到活动。", "The tablet tries to connect again every 10 seconds, and comes back to the event as soon as it can."));
    document.body.dataset.phase = phase ? phase.phase : "none";
    if (!phase) return;
    $("phase").textContent = Views.phaseName(phase.phase) + (phase.round ? t(` · 第 ${phase.round} 轮，共 ${phase.rounds} 轮`, ` · round ${phase.round} of ${phase.rounds}`) : "") + (phase.paused ? t("（已暂停）", " (paused)") : "");
    const here = live.filter((p) => p.present).length;
    $("present").textContent = t(`已到场 ${here} 人，共 ${live.length} 人`, `${here} of ${live.length} guests are here`);
    $("news").hidden = !announcement;
    if (announcement) $("news-text").replaceChildren(Blossom.words(announcement.text));
    $("tables").replaceChildren(...Views.seatingRows(tables));
    drawPeople();
    // The time left at once, not a second later (an empty timer reads as nothing).
    tick();
  }

  function tick() {
    if (phase) $("countdown").textContent = Views.mmss(Live.remaining(phase));
  }

  /** Fetches everyone's access needs (once, and again when someone new appears). */
  async function loadProfiles() {
    if (!eventId) return;
    if (loading) return loading;
    loading = Blossom.api(`/api/events/${encodeURIComponent(eventId)}/participants`).then((list) => {
      for (const p of list) profiles.set(p.id, p);
      drawPeople();
    }).catch((e) => say($("status"), e.message, "error")).finally(() => { loading = null; });
    return loading;
  }

  /** Checks a guest in or marks them as left, and says so once the server has it. */
  function act(verb, person) {
    kept.add(person.id);
    Live.request(verb, { participant: person.id }).then(() => {
      const who = `${person.number} ${person.name}`;
      say($("status"), verb === "checkin" ? t(`${who} 已签到。`, `${who} is checked in.`) : t(`${who} 已登记离场。`, `${who} is marked as left.`), "ok");
    }, (e) => say($("status"), e.message, "error"));
  }

  $("people").addEventListener("change", async (ev) => {
    const sel = ev.target.closest("select[data-escort]");
    if (!sel) return;
    const id = sel.dataset.escort;
    try {
      const p = await Blossom.api(`/api/events/${encodeURIComponent(eventId)}/participants/${encodeURIComponent(id)}`, { method: "PATCH", body: { escort: sel.value } });
      profiles.set(id, p);
      say($("status"), t(`已记下 ${p.number} 号的志愿者引导。`, `Noted no. ${p.number}'s volunteer need.`), "ok");
    } catch (e) { say($("status"), e.message, "error"); }
  });
  $("people").addEventListener("click", async (ev) => {
    const b = ev.target.closest("button[data-act]");
    if (!b) return;
    const p = live.find((x) => x.id === b.dataset.id);
    if (!p) return;
    if (b.dataset.act === "gone") {
      const ok = await Blossom.ask({
        heading: t("登记离场？", "Mark as left?"),
        text: t(`${p.number} ${p.name} 将不再被安排约会。如果只是暂时走开，请不要登记。`, `${p.number} ${p.name} will not be seated again. If they have only stepped out, do not mark them.`),
        ok: t("登记离场", "Mark as left"),
      });
      // The row may have been redrawn meanwhile: find its button again.
      const again = $("people").querySelector(`button[data-id="${CSS.escape(p.id)}"]`);
      if (again) again.focus();
      if (!ok) return;
      act("gone", p);
    } else if (b.dataset.act === "newlink") {
      NewLink.issue(p, b);
    } else {
      act("checkin", p);
    }
  });
  $("q").addEventListener("input", () => { kept.clear(); drawPeople(); });
  // A large keypad for the badge number (a badge's code is never scanned: it is the
  // guest's own link). Each key types into the search.
  for (const k of ["1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "⌫"]) {
    const key = el("button", { type: "button", class: "secondary key", "data-key": k }, k === "C" ? t("清空", "Clear") : k);
    if (k === "⌫") key.setAttribute("aria-label", t("删除一位", "Delete a digit"));
    $("keypad").append(key);
  }
  $("keypad").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-key]");
    if (!b) return;
    const q = $("q");
    const k = b.dataset.key;
    q.value = k === "⌫" ? q.value.slice(0, -1) : k === "C" ? "" : q.value + k;
    kept.clear();
    drawPeople();
  });
  $("find").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const first = $("people").querySelector("button[data-act]");
    if (first) first.focus();
  });
  for (const r of document.querySelectorAll("input[name=filter]")) r.addEventListener("change", () => { filter = r.value; kept.clear(); drawPeople(); });


  $("signin").addEventListener("submit", (ev) => { ev.preventDefault(); location.hash = encodeURIComponent($("token").value.trim()); location.reload(); });
  Rooms.attach({ section: $("rooms-card"), status: $("status") });
  Desks.attach({ section: $("desks-card"), status: $("status"), full: true, people: () => live });
  Results.attach({ section: $("results-card"), status: $("status") });
  NewLink.attach({ section: $("newlink-card"), status: $("status"), event: () => eventId });
  Blossom.langSwitch($("lang"), () => { draw(); Staff.each("labels"); conn(Live.state); });

  const conn = (state) => Views.indicate($("conn"), state);

  drawLabels();
  if (!Blossom.token()) { $("signin").hidden = false; $("conn").hidden = true; return; }
  Staff.start({
    roles: ["matchmaker", "host"],
    notMine: ["这个令牌不是红娘令牌。", "This is not a matchmaker token."],
    main: $("desk"),
    status: $("status"),
    stopped(message) { problem = message; draw(); },
    back: () => $("q"),
    connection: conn,
    /** A snapshot follows: forget what was shown (its frames come next). */
    welcome(m) {
      eventId = m.event_id;
      event = phase = tables = announcement = null;
      live = [];
      redraw();
      // Access needs may have changed meanwhile.
      loadProfiles();
    },
    frames: {
      event(m) { event = m; redraw(); },
      phase(m) { phase = m; redraw(); },
      tables(m) { tables = m; redraw(); },
      people(m) {
        live = m.people;
        if (live.some((p) => !profiles.has(p.id))) loadProfiles();
        redraw();
      },
      announce(m, { snapshot }) {
        // An empty announcement takes the last one down (the evening closed).
        announcement = m.text ? m : null;
        redraw();
        if (!m.text) return;
        // Said as it happens; from a snapshot, only if it came while the tablet was away.
        if (m.sent_at > heard && (!snapshot || heard > 0)) speak($("alert"), t("主持人公告：", "From the host: ") + m.text);
        heard = Math.max(heard, m.sent_at);
      },
    },
  });
  setInterval(tick, 1000);
})();
