// The volunteer's phone (志愿者): large text, one hand. The task in hand first (who,
// from where, to where, by when, how they communicate, a reminder of the guiding
// manner for their need) with "I'm here" and "Done"; then the open tasks, the
// nearest deadline first, each with "Take it" (one volunteer gets it: a second tap
// elsewhere is told someone else has it); the shift (on and off duty: the hours
// certified afterwards); the tasks done tonight. Nothing else of a guest's record
// reaches this page.
"use strict";

(() => {
  const { $, t, say, el, speak } = Blossom;
  let escorts = null;     // the `escorts` frame, with `self`
  let pending = false;

  /** How to guide, by need (问拍引报 for a blind guest). */
  const MANNER = {
    guide: ["问拍引报：先问“需要我帮忙吗？”，轻拍对方手臂示意；请对方扶住您的手肘，您走在前半步、稍偏一侧；提前说出台阶、转弯和障碍；到了告诉对方座位在哪里。",
      "Ask, touch, lead, tell: ask first, touch their arm lightly, offer your elbow and walk half a step ahead and to the side; say steps, turns and obstacles before you reach them; at the seat, say where it is."],
    push: ["先问是否需要推，出发前说一声；慢慢推，下坡时倒着走；停下时拉好刹车；到桌前问对方想停在哪里。",
      "Ask before you push and say when you start; go slowly, and go down slopes backwards; set the brakes when you stop; at the table, ask where they want to be."],
    company: ["走在对方身边，跟着对方的速度；需要时提醒方向，不替对方做决定。",
      "Walk beside them at their pace; point the way when needed, and let them decide."],
  };
  const MODES = { speech: ["口语", "speech"], sign: ["手语", "sign language"], text: ["文字", "writing"] };

  const mine = () => ((escorts && escorts.tasks) || []).filter((x) => x.volunteer && escorts.self && x.volunteer.id === escorts.self.id && ["taken", "arrived"].includes(x.state));
  const open = () => ((escorts && escorts.tasks) || []).filter((x) => x.state === "open")
    .sort((a, b) => (a.by ?? Infinity) - (b.by ?? Infinity) || a.made_at - b.made_at);

  function who(x) {
    return [el("strong", {}, t(`${x.number} 号 `, `No. ${x.number} `), Blossom.words(x.name)), " · ", Views.needWords(x.need)];
  }
  function route(x) {
    const to = x.to == null ? t("（对方会告诉您）", "(they will tell you)") : Views.placeWords(x.to, x.to_kind);
    const parts = x.from == null ? [t("去 ", "To "), to] : [t("从 ", "From "), Views.placeWords(x.from, x.from_kind), t(" 到 ", " to "), to];
    if (x.by) parts.push(t(`，${Blossom.clock(x.by)} 前`, `, by ${Blossom.clock(x.by)}`));
    return parts;
  }
  const talk = (x) => t("交流方式：", "Communicates by: ") + (x.communication || []).map((m) => t(...(MODES[m] || [m, m]))).join(t("、", ", "));

  function labels() {
    document.title = t("志愿者 · Blossom", "Volunteer · Blossom");
    $("title").textContent = t("志愿者", "Volunteer");
    $("signin-heading").textContent = t("用志愿者链接进入", "Sign in with your volunteer link");
    $("token-label").textContent = t("志愿者令牌", "Volunteer token");
    $("signin-button").textContent = t("进入", "Sign in");
    $("mine-heading").textContent = t("我正在做的任务", "My task now");
    $("open-heading").textContent = t("待接的任务", "Tasks waiting");
    $("shift-heading").textContent = t("值班", "My shift");
    $("done-heading").textContent = t("今晚完成的任务", "Done tonight");
    draw();
  }

  function draw() {
    if (!escorts) return;
    const me = escorts.self || {};
    $("shift").textContent = me.on_shift ? t("结束值班", "End my shift") : t("开始值班", "Start my shift");
    $("shift").className = me.on_shift ? "secondary" : "";
    $("shift-text").textContent = me.on_shift ? t(`值班中，${Blossom.clock(me.since)} 开始。`, `On shift since ${Blossom.clock(me.since)}.`)
      : t("开始值班后才能接任务；服务时长按值班时间记录。", "Start your shift to take tasks; your hours are counted from your shifts.");
    const had = document.activeElement && document.activeElement.id;
    const hands = mine();
    $("mine").replaceChildren(...(hands.length ? hands.map((x) => el("div", { class: "task" },
      el("p", { class: "big" }, ...who(x)),
      el("p", {}, ...route(x)),
      el("p", {}, talk(x)),
      el("p", { class: "muted" }, t(...(MANNER[x.need] || MANNER.company))),
      el("div", { class: "choices" },
        x.state === "taken" ? el("button", { type: "button", id: `arrived-${x.task}`, "data-verb": "escort.arrived", "data-task": x.task }, t("我到了，见到对方", "I'm with them")) : "",
        el("button", { type: "button", id: `done-${x.task}`, "data-verb": "escort.done", "data-task": x.task, class: x.state === "taken" ? "secondary" : "" }, t("已送到，完成", "Arrived: done")))))
      : [el("p", {}, t("现在没有手上的任务。", "No task in hand."))]));
    const list = open();
    $("open").replaceChildren(...(list.length ? list.map((x) => el("li", { class: x.flagged ? "flagged" : "" },
      el("p", {}, ...who(x)), el("p", {}, ...route(x)),
      x.flagged ? el("p", { class: "error" }, t("已经等了两分钟以上！", "Waiting for over two minutes!")) : "",
      el("button", { type: "button", id: `take-${x.task}`, "data-verb": "escort.take", "data-task": x.task, "aria-disabled": String(pending), "aria-describedby": me.on_shift ? "" : "shift-text",
        "aria-label": t(`接这个任务：${x.number} 号 ${x.name}`, `Take it: no. ${x.number} ${x.name}`) }, t("接这个任务", "Take it"))))
      : [el("li", {}, t("没有待接的任务。", "No task is waiting."))]));
    const done = ((escorts && escorts.tasks) || []).filter((x) => x.state === "done" && x.volunteer && x.volunteer.id === me.id);
    $("done").replaceChildren(...(done.length ? done.map((x) => el("li", {}, t(`${x.number} 号 · `, `No. ${x.number} · `), ...route(x).slice(0, 4)))
      : [el("li", {}, t("还没有。", "None yet."))]));
    // The buttons are drawn afresh: the keyboard stays on the one it was on.
    if (had && document.activeElement === document.body) (document.getElementById(had) || $("mine-heading")).focus();
  }

  function act(verb, task) {
    if (pending) return;
    pending = true;
    const said = { "escort.take": ["已接任务。", "Task taken."], "escort.arrived": ["已记下：您到了。", "Noted: you're with them."], "escort.done": ["任务完成，谢谢！", "Done: thank you!"] }[verb];
    Live.request(verb, { task }).then(() => {
      pending = false;
      say($("status"), t(...said), "ok");
      draw();
      if (verb === "escort.take") $("mine-heading").focus();
    }, (e) => { pending = false; say($("status"), e.message, "error"); draw(); });
  }

  $("desk").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-verb]");
    if (!b) return;
    if (b.dataset.verb === "escort.take" && !(escorts && escorts.self && escorts.self.on_shift)) {
      say($("status"), t("请先开始值班，再接任务。", "Start your shift first, then take the task."), "error");
      return;
    }
    if (b.getAttribute("aria-disabled") === "true") return;
    act(b.dataset.verb, b.dataset.task);
  });
  $("shift").addEventListener("click", () => {
    const on = escorts && escorts.self && escorts.self.on_shift;
    Live.request(on ? "volunteer.off" : "volunteer.on", {}).then(
      () => say($("status"), on ? t("值班结束，辛苦了！", "Shift ended: thank you!") : t("值班开始。", "Shift started."), "ok"),
      (e) => say($("status"), e.message, "error"));
  });
  $("signin").addEventListener("submit", (ev) => { ev.preventDefault(); location.hash = encodeURIComponent($("token").value.trim()); location.reload(); });
  Blossom.langSwitch($("lang"), () => { labels(); conn(Live.state); });

  const conn = (state) => Views.indicate($("conn"), state);
  labels();
  if (!Blossom.token()) { $("signin").hidden = false; $("conn").hidden = true; return; }
  Staff.start({
    roles: ["volunteer"],
    notMine: ["这个令牌不是志愿者令牌。", "This is not a volunteer token."],
    main: $("desk"),
    status: $("status"),
    stopped(message) { $("problem").textContent = message || ""; },
    back: () => $("mine-heading"),
    connection: conn,
    welcome() { escorts = null; draw(); },
    frames: {
      escorts(m, { snapshot }) {
        const before = open().length;
        escorts = m;
        // A new task waiting is said, politely, once.
        if (!snapshot && open().length > before) speak($("say"), t("有新的引导任务。", "A new escort task is waiting."));
        draw();
      },
    },
  });
})();
