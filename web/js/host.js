// The host console: the event's state, its clock, and the controls.
"use strict";

(() => {
  const { t, say, el } = Blossom;
  const $ = (id) => document.getElementById(id);
  let phase = null;
  let tables = null;
  let present = null;

  const labels = {
    "b-start": ["开始活动", "Start the event"],
    "b-pause": ["暂停", "Pause"],
    "b-resume": ["继续", "Resume"],
    "b-extend": ["延长 1 分钟", "Extend by 1 minute"],
    "b-skip": ["进入下一阶段", "Skip to the next phase"],
    "b-break": ["本轮后休息 5 分钟", "Insert a 5-minute break"],
    "b-end": ["结束活动", "End the event"],
  };

  function draw() {
    $("lang").textContent = t("English", "中文");
    $("lang").setAttribute("lang", Blossom.lang === "en" ? "zh-CN" : "en");
    $("title").textContent = t("主持人控制台", "Host console");
    document.title = t("主持人控制台 · Blossom", "Host console · Blossom");
    $("token-label").textContent = t("主持人令牌", "Host token");
    $("signin-button").textContent = t("进入", "Sign in");
    for (const [id, text] of Object.entries(labels)) $(id).textContent = t(...text);
    $("announce-label").textContent = t("向全场发布公告", "Announce to everyone");
    $("announce-button").textContent = t("发布", "Announce");
    $("tables-caption").textContent = t("本轮座位", "Seating");
    $("h-table").textContent = t("桌号", "Table");
    $("h-pair").textContent = t("编号与姓名", "Numbers and names");
    if (!phase) return;
    $("phase").textContent = Live.phaseName(phase.phase) + (phase.paused ? t("（已暂停）", " (paused)") : "");
    $("round").textContent = phase.round ? t(`第 ${phase.round} 轮，共 ${phase.rounds} 轮`, `Round ${phase.round} of ${phase.rounds}`) : "";
    if (present) $("present").textContent = t(`已到场 ${present.present} / ${present.registered} 人`, `${present.present} of ${present.registered} here`);
    const rows = (tables && tables.tables) || [];
    $("tables").replaceChildren(...rows.map((r) => el("tr", {},
      el("td", {}, r.table),
      el("td", {}, r.numbers.map((n, i) => n + " " + ((r.names && r.names[i]) || "")).join(" · ") + (r.interpreter ? t("（手语翻译）", " (interpreter)") : "")))));
  }

  function tick() {
    if (phase) $("countdown").textContent = Live.mmss(Live.remaining(phase));
  }

  $("controls").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-verb]");
    if (!b) return;
    if (b.dataset.verb === "event.end" && !confirm(t("确定结束整场活动吗？", "End the whole event?"))) return;
    const fields = b.dataset.seconds ? { seconds: Number(b.dataset.seconds) } : {};
    Live.send(b.dataset.verb, fields);
  });
  $("announce-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    Live.send("announce", { text: $("announce").value });
    $("announce").value = "";
  });
  $("signin").addEventListener("submit", (ev) => { ev.preventDefault(); location.hash = encodeURIComponent($("token").value.trim()); location.reload(); });
  $("lang").addEventListener("click", () => { Blossom.setLang(Blossom.lang === "en" ? "zh-CN" : "en"); draw(); });

  draw();
  if (!Blossom.token()) { $("signin").hidden = false; return; }
  Live.start({
    welcome(m) {
      if (m.role !== "host") { say($("status"), t("这个令牌不是主持人令牌。", "This is not a host token."), "error"); return; }
      $("console").hidden = false;
      phase = m.state.phase; tables = m.state.tables; present = m.state;
      say($("status"), t("已连接。", "Connected."), "ok");
      draw();
    },
    phase(m) { phase = m; draw(); say($("status"), Live.phaseName(m.phase), "ok"); },
    tables(m) { tables = m; draw(); },
    counts(m) { present = m; draw(); },
    ack() { say($("status"), t("已完成。", "Done."), "ok"); },
    error(m) { say($("status"), m.message, "error"); },
    close() { say($("status"), t("连接中断，正在重新连接…", "Connection lost; reconnecting…"), "error"); },
  });
  setInterval(tick, 250);
})();
