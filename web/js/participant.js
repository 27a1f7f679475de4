// The participant's phone page, opened from the QR code on their badge. For now it
// greets the guest and shows their number, the event and whether they are checked
// in; the live engine adds the table, the partner and the countdown.
"use strict";

(() => {
  const { t, api, say } = Blossom;
  const $ = (id) => document.getElementById(id);

  async function draw() {
    $("lang").textContent = t("English", "中文");
    $("lang").setAttribute("lang", Blossom.lang === "en" ? "zh-CN" : "en");
    $("title").textContent = t("八分钟约会", "Eight-minute dates");
    document.title = t("八分钟约会 · Blossom", "Eight-minute dates · Blossom");
    if (!Blossom.token()) {
      $("nobody").hidden = false;
      // Opened from the projector's join QR code: say which event this is.
      const event = new URLSearchParams(location.search).get("event");
      if (event) {
        try {
          const e = await api("/api/events/" + encodeURIComponent(event) + "/summary");
          $("title").textContent = e.title;
          document.title = e.title + " · Blossom";
        } catch { /* an unknown event: the general advice below still holds */ }
      }
      $("nobody-heading").textContent = t("请扫描胸牌上的二维码", "Scan the QR code on your badge");
      $("nobody-text").textContent = t(
        "用手机相机扫描胸牌上的二维码即可进入。没有胸牌？请到签到台找工作人员。",
        "Point your phone's camera at the QR code on your badge. No badge? Ask at the check-in desk.");
      return;
    }
    say($("status"), t("正在载入…", "Loading…"));
    try {
      const me = await api("/api/me");
      if (me.role !== "participant") {
        say($("status"), t("这个链接属于工作人员，不是参与者。", "This link belongs to a staff member, not a guest."), "error");
        return;
      }
      $("me").hidden = false;
      $("me-heading").textContent = t("欢迎，" + me.name, "Welcome, " + me.name);
      $("number").textContent = t("您的编号：" + me.number, "Your number: " + me.number);
      $("event").textContent = me.event.title + " · " + me.event.venue + " · " + Blossom.wallTime(me.event.starts_at);
      $("checkin").textContent = me.checked_in
        ? t("您已签到。", "You are checked in.")
        : t("到场后请到签到台签到。", "Please check in at the desk when you arrive.");
      $("next").textContent = t("活动开始后，这里会显示您的桌号、约会对象和倒计时。", "Once the event starts, your table, your partner and the countdown appear here.");
      say($("status"), "");
    } catch (e) {
      say($("status"), e.status === 401
        ? t("这个链接已失效。请到签到台重新领取二维码。", "This link no longer works. Ask at the check-in desk for a new QR code.")
        : e.message, "error");
    }
  }

  // The live part: where to go, with whom, and the countdown.
  let phase = null;
  let assignment = null;
  const modes = { speech: ["口语", "speech"], sign: ["手语", "sign language"], text: ["文字", "text"] };
  function drawLive() {
    if (!phase) return;
    $("live").hidden = false;
    // Once the evening runs, the live card is what matters: it comes first.
    $("next").hidden = phase.phase !== "lobby";
    if (phase.phase !== "lobby") $("me").before($("live"));
    $("live-phase").textContent = Live.phaseName(phase.phase) + (phase.paused ? t("（已暂停）", " (paused)") : "");
    $("live-round").textContent = phase.round ? t(`第 ${phase.round} 轮，共 ${phase.rounds} 轮`, `Round ${phase.round} of ${phase.rounds}`) : "";
    const a = assignment;
    const box = $("live-assignment");
    box.replaceChildren();
    const line = (text, cls) => { const p = document.createElement("p"); p.textContent = text; if (cls) p.className = cls; box.append(p); };
    if (a && a.round != null) {
      if (a.partner) {
        line(t(`请到 ${a.table} 号桌`, `Go to table ${a.table}`), "big");
        line(t(`对方：${a.partner.name}`, `With: ${a.partner.name}`));
        line(t("沟通方式：", "Talks in: ") + a.partner.communication.map((m) => t(...(modes[m] || [m, m]))).join(t("、", ", ")));
        if (a.partner.notes) line(t("对方想让你知道：", "They would like you to know: ") + a.partner.notes);
        if (a.interpreter) line(t("会有手语翻译陪同。", "A sign-language interpreter will join you."));
      } else {
        line(t("这一轮请休息一下，喝杯茶。下一轮再见！", "This round is a rest: relax and have some tea. See you next round!"), "big");
      }
    }
    $("rest").textContent = a && a.resting_requested ? t("已申请下一轮休息", "Rest requested for next round") : t("下一轮我想休息", "I'd like to rest next round");
    $("rest").disabled = !!(a && a.resting_requested) || phase.phase === "closed";
  }
  $("rest").addEventListener("click", () => Live.send("rest.request"));
  if (Blossom.token()) {
    Live.start({
      welcome(m) { if (m.role !== "participant") return; phase = m.state.phase; assignment = m.state.assignment; if (m.state.announcement) $("live-announce").textContent = m.state.announcement.text; drawLive(); },
      phase(m) { phase = m; drawLive(); },
      assignment(m) { assignment = m; drawLive(); },
      announce(m) { $("live-announce").textContent = m.text; },
      error(m) { say($("status"), m.message, "error"); },
    });
    setInterval(() => { if (phase) $("live-countdown").textContent = Live.mmss(Live.remaining(phase)); }, 250);
  }

  $("lang").addEventListener("click", () => { Blossom.setLang(Blossom.lang === "en" ? "zh-CN" : "en"); draw(); drawLive(); });
  window.addEventListener("hashchange", draw);
  draw();
})();
