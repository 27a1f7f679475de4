// The captioner's page (字幕员): a large typing pane where Enter sends a line of
// what is said on stage, one-key speaker labels (主持人, the guest in the
// spotlight, a guest's number) and sound tags ([音乐], [掌声], [笑声]), prepared
// lines (the host's script, kept on this device) sent one key at a time, and the
// latest lines with a way to correct one. The connection brings the stage alone:
// the programme, the captions, the spotlight and the poll; nothing of the guests.
// A line stays in the pane until the server has it: nothing typed is lost.
"use strict";

(() => {
  const { $, t, say, el } = Blossom;
  let programme = null;
  let captions = [];
  let spotlight = null;       // {number, name, intro} or null
  let poll = null;
  let speaker = "";           // "", "host", "spot", "number"
  let fixing = null;          // the line number being corrected
  let eventId = null;
  const SOUNDS = [["[音乐]", "[music]", "7"], ["[掌声]", "[applause]", "8"], ["[笑声]", "[laughter]", "9"]];

  const scriptKey = () => "blossom.script." + (eventId || "");
  const scriptLines = () => $("script").value.split("\n").map((l) => l.trim()).filter(Boolean);
  let scriptAt = 0;           // the next prepared line to send

  /** The speaker label as the line carries it. */
  function label() {
    if (speaker === "host") return t("主持人", "Host");
    if (speaker === "spot" && spotlight) return t(`${spotlight.number} 号 ${spotlight.name}`, `No. ${spotlight.number} ${spotlight.name}`);
    if (speaker === "number") {
      const n = $("speaker-number").value.trim();
      return /^\d{1,4}$/.test(n) ? t(`${n} 号`, `No. ${n}`) : "";
    }
    return "";
  }

  function labels() {
    document.title = t("字幕员 · Blossom", "Captioner · Blossom");
    $("title").textContent = t("字幕员", "Captioner");
    $("signin-heading").textContent = t("用字幕员链接进入", "Sign in with the captioner's link");
    $("token-label").textContent = t("字幕员令牌", "Captioner token");
    $("signin-button").textContent = t("进入", "Sign in");
    $("stage-heading").textContent = t("台上", "On stage");
    $("type-heading").textContent = t("输入字幕", "Type captions");
    $("speakers-legend").textContent = t("谁在说话（Alt+0 无，Alt+1 主持人，Alt+2 台上嘉宾）", "Who is speaking (Alt+0 nobody, Alt+1 host, Alt+2 the guest on stage)");
    $("speaker-number-label").textContent = t("或嘉宾号码", "or a guest's number");
    $("line-label").textContent = t("字幕（按 Enter 发送）", "Caption (Enter sends)");
    $("line-help").textContent = t("每行最多 200 字，按意思打，不必逐字。Alt+7/8/9 发送音乐、掌声、笑声，Alt+N 发送下一句准备好的台词。",
      "Up to 200 characters a line: meaning for meaning, not word for word. Alt+7/8/9 send music, applause, laughter; Alt+N sends the next prepared line.");
    $("send").textContent = t("发送", "Send");
    $("script-heading").textContent = t("准备好的台词", "Prepared lines");
    $("script-help").textContent = t("把主持稿贴在这里，一行一句；只保存在这台设备上。", "Paste the host's script here, one line each; it is kept on this device only.");
    $("script-label").textContent = t("主持稿", "Script");
    $("recent-heading").textContent = t("最近的字幕", "Latest captions");
    $("fix-label").textContent = t("更正这一行", "Correct this line");
    $("fix-save").textContent = t("保存更正", "Save the correction");
    $("fix-cancel").textContent = t("取消", "Cancel");
    draw();
  }

  function drawSpeakers() {
    const opts = [["", t("无", "Nobody"), "0"], ["host", t("主持人", "Host"), "1"]];
    if (spotlight) opts.push(["spot", t(`${spotlight.number} 号 ${spotlight.name}`, `No. ${spotlight.number} ${spotlight.name}`), "2"]);
    if (speaker === "spot" && !spotlight) speaker = "";
    $("speaker-buttons").replaceChildren(...opts.map(([k, text, key]) => el("button", {
      type: "button", class: "secondary", "data-speaker": k, "aria-pressed": String(speaker === k), "aria-keyshortcuts": "Alt+" + key,
    }, Blossom.words(text))));
    $("sounds").replaceChildren(...SOUNDS.map(([zh, en, key]) => el("button", {
      type: "button", class: "secondary", "data-sound": zh, "aria-keyshortcuts": "Alt+" + key,
      "aria-label": t(`发送 ${zh}`, `Send ${en}`),
    }, t(zh, en))));
  }

  function drawScript() {
    const lines = scriptLines();
    if (scriptAt > lines.length) scriptAt = lines.length;
    $("script-next").textContent = lines[scriptAt] ? t(`发送下一句（Alt+N）：${lines[scriptAt]}`, `Send the next line (Alt+N): ${lines[scriptAt]}`) : t("没有下一句了", "No more prepared lines");
    $("script-next").disabled = !lines[scriptAt];
    $("script-lines").replaceChildren(...lines.map((l, i) => el("li", i < scriptAt ? { class: "muted" } : {},
      Blossom.words(l), " ", el("button", { type: "button", class: "secondary", "data-script": String(i), "aria-label": t(`发送：${l}`, `Send: ${l}`) }, t("发送", "Send")))));
  }

  function draw() {
    const { now, next } = ProgrammeView.nowAndNext(programme);
    $("segment").textContent = now ? t(`现在：${now.title}`, `Now: ${now.title}`) + (next ? t(` · 接下来：${next.title}`, ` · Next: ${next.title}`) : "")
      : t("节目还没开始", "The programme has not begun");
    $("spotlight-line").textContent = spotlight ? t(`台上：${spotlight.number} 号 ${spotlight.name}`, `On stage: no. ${spotlight.number} ${spotlight.name}`) : t("台上没有嘉宾", "Nobody in the spotlight");
    $("poll-line").textContent = poll ? (poll.open ? t(`投票进行中：${poll.question}（已有 ${poll.answered} 人回答）`, `Poll open: ${poll.question} (${poll.answered} answered)`)
      : t(`投票已结束：${poll.question}`, `Poll closed: ${poll.question}`)) : "";
    drawSpeakers();
    drawScript();
    const mine = captions.slice(-10);
    $("recent").replaceChildren(...mine.map((l) => el("li", {},
      ...(l.speaker ? [el("strong", {}, Blossom.words(l.speaker), t("：", ": "))] : []),
      Blossom.words(l.en && Blossom.lang === "en" ? l.en : l.text), l.fixed ? el("span", { class: "muted" }, t("（已更正）", " (corrected)")) : "",
      // The engine's own lines are not the captioner's to correct.
      l.en ? "" : el("button", { type: "button", class: "secondary", "data-fix": String(l.line), "aria-label": t(`更正：${l.text}`, `Correct: ${l.text}`) }, t("更正", "Correct")))));
  }

  /** Sends one line; the pane keeps it until the server has it. */
  function send(text, who, { fromPane = false } = {}) {
    text = text.trim();
    if (!text) return Promise.resolve(false);
    return Live.request("caption.send", { text, ...(who ? { speaker: who } : {}) }).then(() => {
      if (fromPane && $("line").value.trim() === text) $("line").value = "";
      return true;
    }, (e) => { say($("status"), e.message, "error"); return false; });
  }

  function sendScript(i) {
    const line = scriptLines()[i];
    if (!line) return;
    send(line, label()).then((ok) => { if (ok) { scriptAt = Math.max(scriptAt, i + 1); drawScript(); } });
  }

  $("type-form").addEventListener("submit", (ev) => { ev.preventDefault(); send($("line").value, label(), { fromPane: true }); });
  $("line").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) { ev.preventDefault(); send($("line").value, label(), { fromPane: true }); }
  });
  document.addEventListener("keydown", (ev) => {
    if (!ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const k = ev.key.toLowerCase();
    const keys = { 0: "", 1: "host", 2: "spot" };
    if (k in keys && (k !== "2" || spotlight)) { speaker = keys[k]; drawSpeakers(); ev.preventDefault(); return; }
    const sound = SOUNDS.find((s) => s[2] === k);
    if (sound) { send(sound[0], ""); ev.preventDefault(); return; }
    if (k === "n") { sendScript(scriptAt); ev.preventDefault(); }
  });
  $("speaker-buttons").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-speaker]");
    if (b) { speaker = b.dataset.speaker; drawSpeakers(); $("line").focus(); }
  });
  $("speaker-number").addEventListener("input", () => { speaker = $("speaker-number").value.trim() ? "number" : ""; drawSpeakers(); });
  $("sounds").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-sound]");
    if (b) send(b.dataset.sound, "");
  });
  $("script").addEventListener("input", () => { Blossom.store(scriptKey(), $("script").value); drawScript(); });
  $("script-next").addEventListener("click", () => sendScript(scriptAt));
  $("script-lines").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-script]");
    if (b) sendScript(Number(b.dataset.script));
  });
  $("recent").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-fix]");
    if (!b) return;
    fixing = Number(b.dataset.fix);
    const line = captions.find((l) => l.line === fixing);
    $("fix-text").value = line ? line.text : "";
    $("fix-form").hidden = false;
    $("fix-text").focus();
  });
  const endFix = () => { const was = fixing; fixing = null; $("fix-form").hidden = true; const b = document.querySelector(`[data-fix="${was}"]`); (b || $("line")).focus(); };
  $("fix-cancel").addEventListener("click", endFix);
  $("fix-text").addEventListener("keydown", (ev) => { if (ev.key === "Escape") { ev.preventDefault(); endFix(); } });
  $("fix-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("fix-text").value.trim();
    if (!text || fixing == null) return;
    Live.request("caption.fix", { line: fixing, text }).then(() => { say($("status"), t("已更正。", "Corrected."), "ok"); endFix(); },
      (e) => say($("status"), e.message, "error"));
  });
  $("signin").addEventListener("submit", (ev) => { ev.preventDefault(); location.hash = encodeURIComponent($("token").value.trim()); location.reload(); });
  Blossom.langSwitch($("lang"), () => { labels(); conn(Live.state); });

  const conn = (state) => Views.indicate($("conn"), state);
  labels();
  if (!Blossom.token()) { $("signin").hidden = false; $("conn").hidden = true; return; }
  Staff.start({
    roles: ["captioner"],
    notMine: ["这个令牌不是字幕员令牌。", "This is not a captioner token."],
    main: $("desk"),
    status: $("status"),
    stopped(message) { $("problem").textContent = message || ""; },
    back: () => $("stage-heading"),
    connection: conn,
    welcome(m) {
      eventId = m.event_id;
      $("script").value = Blossom.stored(scriptKey()) || "";
      programme = poll = spotlight = null;
      captions = [];
      draw();
    },
    frames: {
      programme(m) { programme = m; draw(); },
      captions(m) { captions = m.lines || []; draw(); },
      spotlight(m) { spotlight = m.participant; draw(); },
      poll(m) { poll = m; draw(); },
    },
  });
})();
