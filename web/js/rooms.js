// The private chat area on the staff screens (host console, matchmaker tablet):
// each room, free or in use, who is inside (numbers and names), since and until
// when, a button to give the stay five more minutes, a button to release it
// (asked first), and the queue of pairs waiting for a
// room. On the host console also the two settings: how long an invitation waits,
// and the longest stay. Staff never see who invited whom or who said "not now":
// the `rooms` frame does not carry it.
//
// A staff page calls `Rooms.attach({section, status})` once; the card then takes
// part in the page as one of its `Staff` parts (the `rooms` frame, the language).
"use strict";

const Rooms = (() => {
  const { $, t, el, say } = Blossom;
  let frame = null;
  let parts = null;     // {section, status, settings?}
  let editing = false;  // the host is changing the settings: the frame does not overwrite them
  let drawn = null;     // what the rooms table shows (rebuilt only when that changes)

  const roomName = (label) => { const w = Views.roomWords(label); return w ? t(...w) : label; };
  const pair = (numbers, names) => numbers.flatMap((n, i) => [i ? " · " : "", String(n), names ? " " : "", names ? Blossom.words(names[i]) : ""]);

  function labels() {
    if (!parts) return;
    $("rooms-heading").textContent = t("私聊区", "Private chat area");
    $("rooms-caption").textContent = t("私聊室", "Rooms");
    $("rh-room").textContent = t("私聊室", "Room");
    $("rh-who").textContent = t("里面是谁", "Who is inside");
    $("rh-time").textContent = t("时间", "Time");
    $("rh-act").textContent = t("操作", "Action");
    $("queue-heading").textContent = t("排队等待的配对", "Pairs waiting for a room");
    if (parts.settings) {
      $("cs-heading").textContent = t("私聊设置", "Private chat settings");
      $("cs-invite-label").textContent = t("邀请等待回复的时间（秒，15–600）", "How long an invitation waits for an answer (seconds, 15–600)");
      $("cs-longest-label").textContent = t("最长停留（分钟，1–120；留空＝到下一轮结束）", "Longest stay (minutes, 1–120; empty: to the end of the next round)");
      $("cs-save").textContent = t("保存设置", "Save the settings");
    }
    draw();
  }

  function draw() {
    if (!parts) return;
    parts.section.hidden = !frame || !frame.rooms.length;
    if (!frame) return;
    // Rebuilt only when what it says changes, so that a button under the keyboard
    // is not replaced (and re-announced) for nothing.
    const key = Blossom.lang + JSON.stringify(frame.rooms);
    const active = document.activeElement;
    const focused = key !== drawn && active && active.dataset && active.dataset.room
      ? { room: active.dataset.room, act: active.dataset.act } : null;
    if (key !== drawn) $("rooms").replaceChildren(...frame.rooms.map((r) => {
      const inside = r.in_use
        ? el("td", {}, ...pair(r.numbers || [], r.names))
        : el("td", {}, t("空闲", "Free"));
      const time = r.in_use && r.until ? t(`${Blossom.clock(r.since)} 起，到 ${Blossom.clock(r.until)}`, `${Blossom.clock(r.since)} until ${Blossom.clock(r.until)}`) : "";
      const act = el("td", {});
      if (r.in_use) {
        act.append(
          el("button", { type: "button", "data-room": r.room, "data-act": "extend",
            "aria-label": t(`${roomName(r.room)}延长 5 分钟`, `Give ${roomName(r.room)} 5 more minutes`) }, t("延长 5 分钟", "5 more minutes")),
          " ",
          el("button", { type: "button", class: "secondary", "data-room": r.room, "data-act": "release",
            "aria-label": t(`释放${roomName(r.room)}`, `Release ${roomName(r.room)}`) }, t("释放", "Release")));
      }
      return el("tr", {}, el("th", { scope: "row" }, roomName(r.room)), inside, el("td", {}, time), act);
    }));
    drawn = key;
    // A row redrawn under the keyboard keeps the focus on its button, or on the table.
    if (focused) {
      const b = $("rooms").querySelector(`button[data-room="${CSS.escape(focused.room)}"][data-act="${focused.act}"]`);
      (b || $("rooms-wrap")).focus();
    }
    const queue = frame.queue || [];
    $("queue").replaceChildren(...queue.map((q) => el("li", {}, ...pair(q.numbers, q.names),
      el("span", { class: "muted" }, t(`，${Blossom.clock(q.since)} 起等待`, `, waiting since ${Blossom.clock(q.since)}`)))));
    $("queue-empty").hidden = queue.length > 0;
    $("queue-empty").textContent = t("没有人在排队。", "Nobody is waiting.");
    const inUse = frame.rooms.filter((r) => r.in_use).length;
    $("rooms-summary").textContent = t(`${frame.rooms.length} 间中 ${inUse} 间在使用，${queue.length} 对在排队。`,
      `${inUse} of ${frame.rooms.length} rooms in use; ${queue.length} pair${queue.length === 1 ? "" : "s"} waiting.`);
    if (parts.settings && frame.settings && !editing) {
      $("cs-invite").value = String(Math.round(frame.settings.invite_ms / 1000));
      $("cs-longest").value = frame.settings.longest_ms == null ? "" : String(Math.round(frame.settings.longest_ms / 60000));
    }
  }

  /** Who is in a room now, as a key: the pair and since when. */
  const occupant = (room) => {
    const r = frame && frame.rooms.find((x) => x.room === room);
    return r && r.in_use ? JSON.stringify([r.numbers, r.since]) : null;
  };

  async function release(room) {
    const r = frame.rooms.find((x) => x.room === room);
    const inside = r && r.numbers ? r.numbers.map((n, i) => `${n}${r.names ? " " + r.names[i] : ""}`).join(t("、", " and ")) : "";
    const was = occupant(room);
    const ok = await Blossom.ask({
      heading: t(`释放${roomName(room)}？`, `Release ${roomName(room)}?`),
      text: t(`${inside} 的私聊会立即结束，手机会通知他们；下一轮会为他们安排约会。排队的下一对会被叫进来。`,
        `The chat of ${inside} ends now and both phones are told; both are seated again from the next round. The next pair in the queue is called in.`),
      ok: t("释放", "Release"),
      danger: true,
    });
    const again = $("rooms").querySelector(`button[data-room="${CSS.escape(room)}"][data-act="release"]`);
    (again || $("rooms-wrap")).focus();
    if (!ok) return;
    // The room changed hands while the question was open (the pair left, the next
    // was called in): releasing now would end the wrong chat.
    if (occupant(room) !== was) {
      say(parts.status, t(`${roomName(room)}里的人已经变了，没有释放。请再看一下。`, `${roomName(room)} changed meanwhile, so it was not released. Please look again.`), "error");
      return;
    }
    Live.request("room.release", { room }).then(
      () => say(parts.status, t(`已释放${roomName(room)}。`, `${roomName(room)} is released.`), "ok"),
      (e) => say(parts.status, e.message, "error"));
  }

  /** Five more minutes for the stay in `room`; said once the server has it. */
  function extend(room) {
    Live.request("room.extend", { room }).then(
      () => say(parts.status, t(`${roomName(room)}延长了 5 分钟，里面的两位手机上会看到新的结束时间。`,
        `${roomName(room)} has 5 more minutes; both phones show the new end.`), "ok"),
      (e) => say(parts.status, e.message, "error"));
  }

  /** A number typed with a Chinese input method's full-width digits, read as one. */
  const digits = (s) => s.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

  /** Checks the settings form; returns the fields to send, or null (the problems are shown). */
  function settingsFields() {
    const invite = $("cs-invite"), longest = $("cs-longest");
    const rawInvite = digits(invite.value);
    const inv = Number(rawInvite);
    const badInvite = !/^\d+$/.test(rawInvite) || inv < 15 || inv > 600;
    const raw = digits(longest.value);
    const min = Number(raw);
    const badLongest = raw !== "" && (!/^\d+$/.test(raw) || min < 1 || min > 120);
    // Each field is described by its own problem; the alert says them all.
    const show = (field, id, bad, words) => {
      field.setAttribute("aria-invalid", String(bad));
      $(id).textContent = bad ? words : "";
      $(id).hidden = !bad;
    };
    show(invite, "cs-invite-problem", badInvite, t("邀请等待时间请填 15 到 600 之间的整数秒。", "Invitation time: a whole number of seconds from 15 to 600."));
    show(longest, "cs-longest-problem", badLongest, t("最长停留请填 1 到 120 之间的整数分钟，或留空。", "Longest stay: a whole number of minutes from 1 to 120, or empty."));
    const problems = [badInvite && $("cs-invite-problem").textContent, badLongest && $("cs-longest-problem").textContent].filter(Boolean);
    // Filled only when there are problems (an alert region, present from load).
    $("cs-problems").textContent = problems.join(" ");
    if (problems.length) { (badInvite ? invite : longest).focus(); return null; }
    return { invite_seconds: inv, longest_seconds: raw === "" ? null : min * 60 };
  }

  function attach({ section, status, settings = null }) {
    parts = { section, status, settings };
    section.addEventListener("click", (ev) => {
      const b = ev.target.closest("button[data-room]");
      if (b) (b.dataset.act === "extend" ? extend : release)(b.dataset.room);
    });
    if (settings) {
      settings.addEventListener("input", () => { editing = true; });
      // Left as the server has it: follow the server again.
      settings.addEventListener("focusout", () => setTimeout(() => {
        if (settings.contains(document.activeElement) || !frame || !frame.settings) return;
        const s = frame.settings;
        const same = digits($("cs-invite").value) === String(Math.round(s.invite_ms / 1000))
          && digits($("cs-longest").value) === (s.longest_ms == null ? "" : String(Math.round(s.longest_ms / 60000)));
        if (same) editing = false;
      }, 0));
      settings.addEventListener("submit", (ev) => {
        ev.preventDefault();
        const fields = settingsFields();
        if (!fields) return;
        Live.request("chat.settings", fields).then(() => {
          editing = false;
          say(status, t("私聊设置已保存，从现在起生效。", "The private chat settings are saved, from now on."), "ok");
          draw();
        }, (e) => say(status, e.message, "error"));
      });
    }
    labels();
    Staff.add({
      labels,
      // A reconnect: what is shown stays until the snapshot's frame replaces it.
      reset() { drawn = null; },
      frames: { rooms(f) { frame = f; draw(); } },
    });
  }

  return { attach, roomName };
})();
