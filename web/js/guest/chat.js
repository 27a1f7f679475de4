// The private chat area (section #chat-card, 约会私聊区): during a date, one large
// button invites the partner to a quiet room. The partner hears a polite prompt
// (a status, never an alert: an invitation is not an emergency) with a chime and a
// vibration where reminders are on, and answers 接受 / 下次吧 (Accept / Not now).
// The inviter waits (and can take it back); a decline and a lapse read the same,
// kindly: "not now". An accepted pair goes to a room at once, or waits in the
// queue at their table with their place in it, and is called (an alert, a chime)
// when a room frees. In the room: which room, until when, a silent timer, a
// reminder two minutes before the end, and a button to end early (asked first).
//
// The `chat` frame says only where things stand; what changed (and so what to say)
// is worked out here from the state before, kept across a reconnect. The partner's
// name comes from the date's assignment, and is remembered for the request in this
// tab, because in the next round (spent in the room) the assignment names nobody.
//
// Against mis-taps (a tremor, a double tap): a button that has just appeared where
// another was ignores taps for a moment; the keyboard is not slowed.
"use strict";

(() => {
  const { t, speak } = Blossom;
  const { state, $ } = Guest;

  let chat = null;        // the `chat` frame, or null
  let previous = null;    // the frame shown before a reconnect (the snapshot follows)
  let pending = null;     // the verb on its way, or null
  let sent = null;        // {verb, at}: the guest's last verb, to tell "I ended it" from "it ended"
  let note = null;        // [zh, en]: what just happened, shown until the next change
  let noteAt = 0;         // when it was set (Date.now())
  let refused = null;     // the server's words for a refusal (or no connection), shown until the next change
  let confirming = false; // "end the chat?" is being asked
  const shownAt = {};     // button id → when it last appeared (Date.now())

  const BUTTONS = ["chat-invite", "chat-accept", "chat-decline", "chat-cancel", "chat-end", "chat-end-no", "chat-end-yes"];

  /** The room as people say it, as parts: "私聊室 A" / "Room A"; a label that names
   *  a room already is kept, in its own language. */
  const roomName = (label) => { const w = Views.roomWords(label); return w ? t(...w) : Blossom.words(label); };

  // Per request, for this tab (sessionStorage survives a reload): the partner's
  // name, when the room was given, and whether the two-minute reminder was given.
  const kept = {
    get(k) { try { return sessionStorage.getItem("blossom.chat." + k); } catch { return null; } },
    set(k, v) { try { sessionStorage.setItem("blossom.chat." + k, v); } catch { /* private mode */ } },
  };
  /** The date of the round under way, if the guest has one. */
  function currentDate() {
    const { assignment: a, phase } = state;
    return a && a.partner && phase && phase.phase === "round" && a.round === phase.round ? a : null;
  }
  function partnerName() {
    const a = currentDate();
    const current = a ? a.partner.name : null;
    if (chat && chat.request) {
      if (current && !kept.get(chat.request)) kept.set(chat.request, current);
      return kept.get(chat.request) || current;
    }
    return current;
  }
  /** The partner's name as a node (in its own language), or kind words without one. */
  const who = () => { const n = partnerName(); return n ? Blossom.words(n) : t("对方", "your date"); };

  /** Whether the guest may invite now: a date under way, with a partner, nothing open. */
  const canInvite = () => !!currentDate() && state.assignment.present && (!chat || chat.state === "none");

  function labels() {
    $("chat-accept").textContent = t("接受", "Accept");
    $("chat-decline").textContent = t("下次吧", "Not now");
    $("chat-end").textContent = t("结束私聊", "End the chat");
    $("chat-end-yes").textContent = t("结束私聊", "End the chat");
    $("chat-end-no").textContent = t("继续聊", "Keep talking");
  }

  function draw() {
    labels();
    const s = chat ? chat.state : "none";
    const show = !state.problem && Guest.running() && (s !== "none" || canInvite() || !!note);
    const had = document.activeElement;
    if (!show) {
      // The card goes with the keyboard in it: the focus goes to the main card.
      if (!$("chat-card").hidden && $("chat-card").contains(had)) $("now-heading").focus();
      $("chat-card").hidden = true;
      $("jump-box").hidden = true;
      return;
    }
    $("chat-card").hidden = false;
    const text = [];       // paragraphs: arrays of parts
    const visible = new Set();
    let heading;
    if (s === "offered") {
      heading = [who(), t(" 邀请您去私聊区", " invites you to the private chat area")];
      text.push([t("可以去安静的私聊室继续聊。去不去都没关系。", "You could carry on talking in a quiet room. Either answer is fine.")]);
      visible.add("chat-accept").add("chat-decline");
    } else if (s === "waiting") {
      heading = [t("已发出邀请", "Invitation sent")];
      text.push([t("正在等 ", "Waiting for "), who(), t(" 回复。继续聊天吧。", " to answer. Keep chatting meanwhile.")]);
      $("chat-cancel").textContent = t("收回邀请", "Take back the invitation");
      visible.add("chat-cancel");
    } else if (s === "not_now") {
      heading = [t("这次先不去", "Not now")];
      text.push([t("对方这次不方便去私聊区，没关系。继续享受这场约会吧。", "Not this time, and that is fine. Enjoy the rest of your date.")]);
    } else if (s === "queued") {
      heading = [t("等待空的私聊室", "Waiting for a free room")];
      text.push([t(`私聊室都在使用中，你们排在第 ${chat.position} 位。`, `All rooms are in use: you are number ${chat.position} in the queue.`)]);
      text.push([t("请留在这一桌继续聊。有空房间时手机会通知您。", "Stay at your table and keep talking: your phone tells you when a room is free.")]);
      $("chat-cancel").textContent = t("不等了", "Stop waiting");
      visible.add("chat-cancel");
    } else if (s === "room") {
      heading = [t("请去", "Go to "), roomName(chat.room)];
      text.push([t("和 ", "With "), who(), t(` 一起，可以待到 ${Blossom.clock(chat.until)}。`, `, until ${Blossom.clock(chat.until)}.`)]);
      text.push([t("结束前 2 分钟会提醒您。之后请回到大厅，下一轮会为您安排约会。", "You will be reminded 2 minutes before the end. Then come back to the hall: you are seated again from the next round.")]);
      if (confirming) {
        text.push({ id: "chat-confirm", parts: [t("现在结束私聊？对方也会收到通知。", "End the chat now? Your date is told too.")] });
        visible.add("chat-end-no").add("chat-end-yes");
      } else {
        visible.add("chat-end");
      }
    } else {
      // Nothing under way: what just happened is the heading, if anything did.
      heading = note ? [t(...note)] : [t("想多聊一会儿？", "Want to talk more?")];
      if (canInvite()) {
        text.push([t("可以邀请对方去安静的私聊室，对方可以接受，也可以说下次吧。", "You can invite your date to a quiet room; they can accept or say not now.")]);
        $("chat-invite").replaceChildren(t("邀请 ", "Invite "), who(), t(" 去私聊区", " to the private chat area"));
        visible.add("chat-invite");
      }
    }
    if (note && s !== "none") text.unshift([t(...note)]);
    $("chat-heading").replaceChildren(...heading);
    $("chat-text").replaceChildren(...(refused ? [Blossom.el("p", { class: "error" }, refused)] : []),
      ...text.map((p) => (Array.isArray(p) ? Blossom.el("p", {}, ...p) : Blossom.el("p", { id: p.id }, ...p.parts))));
    for (const id of BUTTONS) {
      const b = $(id);
      if (b.hidden && visible.has(id)) shownAt[id] = Date.now();
      b.hidden = !visible.has(id);
      // Not `disabled`: a disabled button drops the keyboard focus.
      b.setAttribute("aria-disabled", String(!!pending));
    }
    // The question is heard with either answer.
    for (const id of ["chat-end-no", "chat-end-yes"]) $(id).setAttribute("aria-describedby", "chat-confirm");
    // The inviter sees no countdown: "not now" coming before it ran out would say
    // more than the words do.
    const timed = s === "offered" || s === "room";
    $("chat-time-label").hidden = $("chat-timer").hidden = !timed;
    // In a room the room's countdown is the one on the screen, at full size.
    $("chat-timer").classList.toggle("small", s !== "room");
    // An invitation: a link at the top of the page jumps to the answer.
    $("jump-box").hidden = s !== "offered";
    $("jump").textContent = t("回复邀请：接受或下次吧", "Answer the invitation: accept or not now");
    if (timed) $("chat-time-label").textContent = s === "room" ? t("私聊剩余时间", "Time left in the room") : t("回复剩余时间", "Time left to answer");
    tick();
    // The button just pressed has gone (Accept becomes the room): keep the keyboard
    // in the card, on its heading, which says what is the case now, rather than
    // lose it to the page.
    if (had && had.hidden && $("chat-card").contains(had)) $("chat-heading").focus();
  }

  /** The chat's silent timer, and the reminder two minutes before a stay ends. */
  function tick() {
    if (!chat || $("chat-timer").hidden) return;
    const end = chat.state === "room" ? chat.until : chat.expires_at;
    const left = end == null ? null : Math.max(0, end - Live.now());
    $("chat-timer").textContent = Views.mmss(left);
    if (chat.state === "room" && left != null && left <= 120000 && left > 0 && kept.get("warned." + chat.request) !== "1") {
      kept.set("warned." + chat.request, "1");
      // A stay shorter than the reminder (a room called late) is not warned at once.
      const since = Number(kept.get("since." + chat.request) || chat.at || chat.until);
      if (chat.until - since > 120000) {
        note = ["私聊还剩 2 分钟，请准备道别。", "2 minutes left in the room: time to start saying goodbye."];
        noteAt = Date.now();
        speak($("say"), t(...note));
        Reminders.chime();
        draw();
      }
    }
  }

  /** Draws the eye to the card (a ring, scrolled into view) without moving the focus. */
  function notice() {
    const card = $("chat-card");
    card.classList.add("changed");
    setTimeout(() => card.classList.remove("changed"), 4000);
    queueMicrotask(() => { if (!card.hidden && card.scrollIntoView) card.scrollIntoView({ block: "nearest" }); });
  }

  /** What a change says, worked out from the state before it. */
  function changed(before, after, snapshot) {
    const b = before ? before.state : "none";
    const a = after.state;
    // The ack comes before the frames it caused: the verb is the one sent just now.
    const mine = pending || (sent && Date.now() - sent.at < 10000 ? sent.verb : null);
    if (b === a && (a !== "queued" || before.position === after.position)) return;
    sent = null;
    note = null;
    refused = null;
    confirming = false;
    let polite = null, urgent = null, chime = false, look = false;
    const date = currentDate();
    if (a === "offered") {
      polite = [who(), t(" 邀请您去私聊区。可以选择接受或下次吧。页面最上方的“回复邀请”链接直接跳到这两个按钮。",
        " invites you to the private chat area. You can accept, or say not now. The \"Answer the invitation\" link at the top of the page goes straight to the buttons.")];
      chime = look = true;
    } else if (a === "not_now") {
      polite = [t("对方这次不方便去私聊区，没关系，继续聊天吧。", "Not this time, and that is fine: carry on with your date.")];
    } else if (a === "queued") {
      const yes = b === "waiting" ? [who(), t(" 接受了邀请。", " said yes. ")] : [];
      polite = b === "queued"
        ? [t(`现在排在第 ${after.position} 位。`, `You are now number ${after.position} in the queue.`)]
        : [...yes, t(`私聊室都在使用中，你们排在第 ${after.position} 位，请在这一桌继续聊。`, `All rooms are in use: you are number ${after.position} in the queue. Stay at your table meanwhile.`)];
      chime = b !== "queued";
    } else if (a === "room") {
      kept.set("since." + after.request, String(after.at || Live.now()));
      const words = [t("请和 ", "Please go with "), who(), t(" 去", " to "), roomName(after.room), t(`，可以待到 ${Blossom.clock(after.until)}。`, `, until ${Blossom.clock(after.until)}.`)];
      // Called from the queue: the pair may have stopped listening for it.
      if (b === "queued") urgent = [t("有空的私聊室了！", "A room is free! "), ...words];
      else polite = b === "waiting" ? [who(), t(" 接受了邀请。", " said yes. "), ...words] : words;
      chime = look = true;
    } else if (a === "none") {
      if (b === "offered") {
        note = mine === "chat.decline" ? ["已回复：下次吧。", "You answered: not now."] : ["这个邀请已经结束了。", "That invitation is over."];
        polite = [t(...note)];
      } else if (b === "waiting" || b === "not_now") {
        if (mine === "chat.cancel") { note = ["已收回邀请。", "Invitation taken back."]; polite = [t(...note)]; }
      } else if (b === "queued") {
        if (mine === "chat.cancel") {
          note = ["已不再排队。", "You have left the queue."];
          polite = [t(...note)];
        } else if (date) {
          // The date goes on: the other person stopped waiting.
          note = ["不再排队等私聊室了。继续在这一桌聊吧。", "You are no longer waiting for a room. Carry on at your table."];
          polite = [t(...note)];
        } else {
          // The date ended before a room came free: the pair goes on to its next dates.
          note = ["这场约会结束前没有空出私聊室。请按安排去下一桌。", "No room came free before the date ended. Please go on to your next date."];
          urgent = [t(...note)];
        }
      } else if (b === "room") {
        note = mine === "chat.end" ? ["您结束了私聊。", "You ended the chat."] : ["私聊结束了。", "The chat has ended."];
        // Ended during the date it began in: back to that table; later, seated from the next round.
        const back = date
          ? [`请回到 ${date.table} 号桌继续约会。`, `Please go back to table ${date.table} to carry on your date.`]
          : Guest.running() ? ["请回到大厅，下一轮会为您安排约会。", "Please come back to the hall: you are seated again from the next round."] : null;
        if (back) note = [note[0] + back[0], note[1] + " " + back[1]];
        if (mine === "chat.end") polite = [t(...note)];
        else { urgent = [t(...note)]; chime = true; }
      }
    }
    if (note) noteAt = Date.now();
    if (look) notice();
    const key = `${after.request}|${a}|${after.position}`;
    // Opened or reloaded: said once, if this phone had not heard it (it was locked).
    if (snapshot && (Blossom.stored("blossom.chat.heard") === key || (a === "none" && !before))) return;
    Blossom.store("blossom.chat.heard", key);
    if (urgent) speak($("alert"), ...urgent);
    else if (polite) speak($("say"), ...polite);
    if (chime && !snapshot) Reminders.chime();
  }

  $("jump").addEventListener("click", (ev) => {
    ev.preventDefault();
    $("chat-accept").focus();
  });

  function onChat(frame, { snapshot }) {
    // Back from a reconnect, the state before is the one shown before it.
    const before = chat || (snapshot ? previous : null);
    previous = null;
    chat = frame;
    pending = null;
    if (chat.request) partnerName();
    changed(before, frame, snapshot);
  }

  /** Sends a verb; a refusal (or no connection) is said aloud and shown. */
  function send(verb, fields = {}) {
    if (pending) return;
    pending = verb;
    refused = null;
    sent = { verb, at: Date.now() };
    draw();
    Live.request(verb, fields).then(
      // The ack comes just before the frame that shows the answer: the buttons stay
      // pending until it (or, should none come, a second).
      () => setTimeout(() => { if (pending === verb) { pending = null; draw(); } }, 1000),
      (e) => { pending = null; sent = null; refused = e.message; speak($("alert"), e.message); draw(); });
  }

  /** A tap on a button that appeared a moment ago (in the place of the one just
   *  tapped) is taken for a double tap, and ignored; keys are not (detail 0). */
  const tooSoon = (ev, id) => ev.detail > 0 && Date.now() - (shownAt[id] || 0) < 600;
  const on = (id, fn) => $(id).addEventListener("click", (ev) => { if (!tooSoon(ev, id)) fn(); });

  on("chat-invite", () => { note = null; send("chat.invite"); });
  on("chat-accept", () => chat && send("chat.accept", { request: chat.request }));
  on("chat-decline", () => chat && send("chat.decline", { request: chat.request }));
  on("chat-cancel", () => chat && send("chat.cancel", { request: chat.request }));
  on("chat-end", () => { if (pending) return; confirming = true; draw(); $("chat-end-no").focus(); });
  on("chat-end-no", () => { confirming = false; draw(); $("chat-end").focus(); });
  on("chat-end-yes", () => { confirming = false; send("chat.end"); });

  let lastPhase = null;   // the phase the notes belong to
  Guest.add({
    name: "chat",
    labels,
    draw,
    reset() { previous = chat || previous; chat = null; pending = null; confirming = false; refused = null; },
    frames: {
      chat: onChat,
      phase(p) {
        // What happened belongs to the phase it happened in; a note made by this
        // same change (the queue given up as the date ends) stays.
        const key = `${p.phase}|${p.round}`;
        if (lastPhase && key !== lastPhase) refused = null;
        if (lastPhase && key !== lastPhase && Date.now() - noteAt > 2000) note = null;
        lastPhase = key;
      },
    },
    start() { setInterval(tick, 250); },
  });

  // For card.js: the guest is in a room now (the card says so instead of a table).
  Guest.inRoom = () => (chat && chat.state === "room" ? { room: roomName(chat.room), until: chat.until, with: partnerName() } : null);
})();
