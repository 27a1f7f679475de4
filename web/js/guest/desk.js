// The matchmaker desks (section #desk-card, 红娘服务区): a guest asks for a
// matchmaker from their phone: why (advice, help, accessibility assistance, about
// someone they met, other), whether the matchmaker should come to them, and a short
// note for staff. Then their place in line and an estimated wait; the call (an
// alert, a chime and a vibration where reminders are on, and the text on screen)
// with "on my way"; the visit; how it ended. The guest can leave the line (asked
// first, since the place goes to the next guest).
//
// The `ticket` frame says where things stand; what to say is worked out from the
// state before (kept across a reconnect), as in chat.js.
"use strict";

(() => {
  const { t, speak } = Blossom;
  const { state, $ } = Guest;

  const REASONS = {
    advice: ["咨询建议", "Advice"],
    help: ["需要帮助", "Help"],
    access: ["无障碍协助", "Accessibility assistance"],
    about_someone: ["关于某位嘉宾", "About someone I met"],
    other: ["其他", "Something else"],
  };

  let ticket = null;    // the `ticket` frame, or null
  let previous = null;  // the one shown before a reconnect
  let open = false;     // the form to join is shown
  let pending = null;   // the verb on its way
  let refused = null;   // the server's words for a refusal, until the next change
  let coming = false;   // this phone said "on my way" to the present call (kept for the tab)
  let seen = false;     // the event has desks: the server sends a ticket frame
  let leaving = false;  // "leave the queue?" is being asked
  const shownAt = {};   // when each button last appeared (against double taps)

  const deskName = (label) => t(...Views.deskWords(label));
  /** "about 5–10 minutes" from [low, high] ms. */
  function waitWords(ms) {
    if (!ms) return "";
    const [lo, hi] = ms.map((x) => Math.round(x / 60000));
    if (hi <= 1) return t("马上就到您。", "You are next, any moment now.");
    return lo === 0 ? t(`预计等待不到 ${hi} 分钟。`, `About ${hi} minutes at most.`) : t(`预计等待约 ${lo}–${hi} 分钟。`, `About ${lo}–${hi} minutes.`);
  }

  function labels() {
    // A call is the heading itself: what the guest sees first when the phone buzzes.
    const called = ticket && ticket.state === "called";
    $("desk-heading").textContent = called ? t("轮到您了！", "It is your turn!") : t("红娘服务区", "Matchmaker desks");
    $("desk-open").textContent = t("找红娘", "Ask for a matchmaker");
    $("desk-reason-legend").textContent = t("您想找红娘做什么？", "What would you like a matchmaker for?");
    for (const [code, words] of Object.entries(REASONS)) $("desk-r-" + code).textContent = t(...words);
    $("desk-come-label").textContent = t("请红娘到我这里来（我不方便走动）", "Please come to me (I cannot easily move)");
    $("desk-place-label").textContent = t("您在哪里？（可不填）", "Where are you? (optional)");
    $("desk-place-help").textContent = t("红娘会自动知道您的桌号或私聊室；不在那里时写一下，例如“大厅门口”。", "The matchmaker sees your table or room by itself; if you are elsewhere, say where, like \"by the hall door\".");
    $("desk-note-label").textContent = t("留言（可不填，只有工作人员能看到，最多 200 字）", "A note (optional, read by staff only, up to 200 characters)");
    $("desk-join").textContent = t("排队", "Join the queue");
    $("desk-close").textContent = t("取消", "Cancel");
    $("desk-leave").textContent = t("离开队伍", "Leave the queue");
    $("desk-leave-no").textContent = t("继续排队", "Keep my place");
    $("desk-leave-yes").textContent = t("离开队伍", "Leave the queue");
    $("desk-coming").textContent = t("我这就来", "On my way");
  }

  function draw() {
    labels();
    const s = ticket ? ticket.state : "none";
    const show = seen && !state.problem && !!state.phase && state.phase.phase !== "closed";
    const had = document.activeElement;
    if (!show) {
      if (!$("desk-card").hidden && $("desk-card").contains(had)) $("now-heading").focus();
      $("desk-card").hidden = true;
      return;
    }
    $("desk-card").hidden = false;
    const lines = [];
    const finished = s === "none" || s === "done" || s === "cancelled" || s === "no_show";
    if (s === "waiting") {
      lines.push(t(`您排在第 ${ticket.position} 位。`, `You are number ${ticket.position} in line.`) + " " + waitWords(ticket.wait_ms));
      lines.push(t("原因：", "Reason: ") + t(...REASONS[ticket.reason]));
      lines.push(ticket.come_to_me ? t("轮到您时，红娘会到您这里来。", "When it is your turn, a matchmaker comes to you.")
        : t("轮到您时手机会通知您。约会中不会叫您离开。", "Your phone tells you when it is your turn; you are never called away from a date."));
    } else if (s === "called") {
      lines.push(ticket.come_to_me ? t("红娘正在过来找您。", "A matchmaker is on the way to you.")
        : t(`轮到您了！请到${deskName(ticket.desk)}。`, `It is your turn! Please go to ${deskName(ticket.desk)}.`));
      if (coming) lines.push(t("好的，红娘在等您。", "Thank you: the matchmaker is expecting you."));
    } else if (s === "serving") {
      lines.push(t(`正在${deskName(ticket.desk)}和红娘交谈。`, `With a matchmaker at ${deskName(ticket.desk)}.`));
    } else if (s === "done") {
      lines.push(t("谢谢，已经办完了。需要的话可以再找红娘。", "Thank you: that visit is done. You can ask again whenever you like."));
    } else if (s === "cancelled") {
      lines.push(t("您已离开队伍。需要的话可以再排。", "You have left the queue. You can join again whenever you like."));
    } else if (s === "no_show") {
      lines.push(t("这次红娘没等到您。没关系，需要的话可以再排队。", "The matchmaker missed you this time. That is fine: join again if you still want to."));
    } else {
      lines.push(t("需要建议、帮助或无障碍协助？可以在这里排队找红娘。", "Advice, help, or accessibility assistance? Join the queue for a matchmaker here."));
    }
    const canLeave = s === "waiting" || (s === "called" && !coming);
    if (!canLeave) leaving = false;
    const ask = leaving ? [Blossom.el("p", { id: "desk-leave-ask" }, t("离开队伍？您的位置会让给后面的人。", "Leave the queue? Your place goes to the next guest."))] : [];
    $("desk-text").replaceChildren(...(refused ? [Blossom.el("p", { class: "error" }, refused)] : []), ...lines.map((l) => Blossom.el("p", {}, l)), ...ask);
    $("desk-form").hidden = !(finished && open);
    $("desk-open").hidden = !finished || open;
    $("desk-open").setAttribute("aria-expanded", String(open));
    for (const [id, shown] of [["desk-leave", canLeave && !leaving], ["desk-leave-no", canLeave && leaving], ["desk-leave-yes", canLeave && leaving]]) {
      if ($(id).hidden && shown) shownAt[id] = Date.now();
      $(id).hidden = !shown;
    }
    $("desk-coming").hidden = !(s === "called" && !ticket.come_to_me && !coming);
    for (const b of $("desk-card").querySelectorAll("button")) b.setAttribute("aria-disabled", String(!!pending));
    // The button just pressed has gone: the keyboard stays in the card, on its heading.
    if (had && $("desk-card").contains(had) && (had.hidden || had.closest("[hidden]"))) $("desk-heading").focus();
  }

  /** What a change says: the call is an alert (with a chime); the rest polite. */
  function changed(before, after, snapshot) {
    const b = before ? before.state : "none";
    const a = after.state;
    if (b === a && (a !== "waiting" || before.position === after.position)) return;
    refused = null;
    if (a !== "called") coming = false;
    let polite = null, urgent = null;
    if (a === "waiting" && b !== "waiting") polite = t(`已排队，您排在第 ${after.position} 位。`, `You are in line: number ${after.position}.`) + " " + waitWords(after.wait_ms);
    else if (a === "waiting") polite = t(`现在排在第 ${after.position} 位。`, `You are now number ${after.position}.`);
    else if (a === "called") urgent = after.come_to_me ? t("轮到您了，红娘正在过来找您。", "It is your turn: a matchmaker is on the way to you.")
      : t(`轮到您了！请到${deskName(after.desk)}。`, `It is your turn! Please go to ${deskName(after.desk)}.`);
    else if (a === "cancelled" && b !== "none") polite = t("您已离开队伍。", "You have left the queue.");
    else if (a === "no_show") polite = t("这次红娘没等到您，需要的话可以再排队。", "The matchmaker missed you this time; join again if you still want to.");
    const key = `${after.ticket}|${a}|${after.position}`;
    if (snapshot && (Blossom.stored("blossom.desk.heard") === key || !before)) {
      // A reload: a call still stands, and is said once more if not heard here.
      if (!(a === "called" && Blossom.stored("blossom.desk.heard") !== key)) return;
    }
    Blossom.store("blossom.desk.heard", key);
    if (urgent) {
      speak($("alert"), urgent);
      Reminders.chime();
      const card = $("desk-card");
      card.classList.add("changed");
      setTimeout(() => card.classList.remove("changed"), 4000);
      queueMicrotask(() => card.scrollIntoView && card.scrollIntoView({ block: "nearest" }));
    } else if (polite) {
      speak($("say"), polite);
    }
  }

  function send(verb, fields = {}, after) {
    if (pending) return;
    pending = verb;
    refused = null;
    draw();
    Live.request(verb, fields).then(() => { pending = null; if (after) after(); draw(); },
      (e) => { pending = null; refused = e.message; speak($("alert"), e.message); draw(); });
  }

  $("desk-come").addEventListener("change", () => { $("desk-place-box").hidden = !$("desk-come").checked; });
  $("desk-open").addEventListener("click", () => { open = true; draw(); $("desk-reason-legend").closest("fieldset").querySelector("input").focus(); });
  $("desk-close").addEventListener("click", () => { open = false; draw(); $("desk-open").focus(); });
  $("desk-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const reason = ($("desk-form").querySelector("input[name=desk-reason]:checked") || {}).value;
    const radios = [...$("desk-form").querySelectorAll("input[name=desk-reason]")];
    for (const r of radios) r.setAttribute("aria-invalid", String(!reason));
    if (!reason) {
      refused = t("请先选一个原因。", "Choose a reason first.");
      speak($("alert"), refused);
      draw();
      // The problem is said where the choice is made.
      $("desk-reason-problem").textContent = refused;
      $("desk-reason-problem").hidden = false;
      radios[0].focus();
      return;
    }
    $("desk-reason-problem").hidden = true;
    const note = $("desk-note").value.trim();
    const come = $("desk-come").checked;
    const place = come ? $("desk-place").value.trim() : "";
    send("desk.join", { reason, come_to_me: come, ...(note ? { note } : {}), ...(place ? { place } : {}) }, () => {
      open = false;
      $("desk-note").value = "";
      $("desk-place").value = "";
      $("desk-heading").focus();
    });
  });
  /** A tap on a button that appeared a moment ago in the place of the one just
   *  tapped is taken for a double tap, and ignored; keys are not (detail 0). */
  const tooSoon = (ev, id) => ev.detail > 0 && Date.now() - (shownAt[id] || 0) < 600;
  const on = (id, fn) => $(id).addEventListener("click", (ev) => { if (!tooSoon(ev, id)) fn(); });
  // Leaving gives the place away: asked first, "Keep my place" first.
  on("desk-leave", () => { if (pending) return; leaving = true; draw(); $("desk-leave-no").focus(); });
  on("desk-leave-no", () => { leaving = false; draw(); $("desk-leave").focus(); });
  on("desk-leave-yes", () => { leaving = false; send("desk.leave"); });
  $("desk-coming").addEventListener("click", () => send("desk.coming", {}, () => {
    coming = true;
    try { sessionStorage.setItem("blossom.desk.coming", ticket ? ticket.ticket : ""); } catch { /* private mode */ }
    speak($("say"), t("好的，已告诉红娘您在路上。", "Thank you: the matchmaker knows you are on your way."));
    $("desk-heading").focus();
  }));

  Guest.add({
    name: "desk",
    labels,
    draw,
    reset() { previous = ticket || previous; ticket = null; pending = null; refused = null; seen = false; leaving = false; },
    frames: {
      ticket(frame, { snapshot }) {
        const before = ticket || (snapshot ? previous : null);
        previous = null;
        ticket = frame;
        seen = true;
        // "On my way" was said from this tab for this call (a reload forgets nothing).
        try { if (frame.state === "called" && sessionStorage.getItem("blossom.desk.coming") === frame.ticket) coming = true; } catch { /* private mode */ }
        changed(before, frame, snapshot);
      },
    },
  });
})();
