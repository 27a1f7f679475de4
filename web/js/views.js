// How the live pages say what the connection brings, shared by the participant,
// matchmaker, host and projector pages: time left as digits and in words, the
// milestones a screen reader hears, phases, tables, rooms and desks as people say
// them, the connection's state, the stopped-event notice and the seating rows.
// Pure words and elements: the connection itself is `live.js`.
"use strict";

const Views = (() => {
  /** "7:59" from milliseconds, rounded up (a phase never shows 0:00 before it ends). */
  function mmss(ms) {
    if (ms == null) return "—";
    const s = Math.ceil(ms / 1000);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  /** Time left in words, for screen readers: "还剩 5 分 12 秒" / "5 minutes 12 seconds left". */
  function spoken(ms) {
    if (ms == null) return Blossom.t("现在没有计时。", "No clock is running now.");
    const s = Math.ceil(ms / 1000);
    const m = Math.floor(s / 60), r = s % 60;
    const zh = "还剩 " + (m ? m + " 分" : "") + (m && r ? " " : "") + (r || !m ? r + " 秒" : "") + "。";
    const en = [m ? m + (m === 1 ? " minute" : " minutes") : "", r || !m ? r + (r === 1 ? " second" : " seconds") : ""].filter(Boolean).join(" ") + " left.";
    return Blossom.t(zh, en);
  }

  /**
   * The milestone crossed between two readings of the time left, or null. `mode`:
   * "milestones" (5, 2 and 1 minutes and 30 seconds left), "minutes" (every whole
   * minute and 30 seconds), or "off".
   */
  function milestone(before, after, mode) {
    if (before == null || after == null || mode === "off" || after >= before) return null;
    const marks = mode === "minutes"
      ? [30000, ...Array.from({ length: 60 }, (_, i) => (i + 1) * 60000)]
      : [300000, 120000, 60000, 30000];
    const crossed = marks.filter((m) => before > m && after <= m);
    return crossed.length ? Math.min(...crossed) : null;
  }

  const phaseNames = {
    lobby: ["签到中，等待开始", "Check-in: waiting to start"],
    round: ["约会中", "Date in progress"],
    transition: ["换桌时间", "Time to change tables"],
    break: ["休息时间", "Break"],
    closed: ["活动已结束", "The event has ended"],
  };
  const phaseName = (p) => Blossom.t(...(phaseNames[p] || [p, p]));

  /** Where a participant is asked to go: the table label as people say it. */
  const tableName = (label) => Blossom.t(`${label} 号桌`, `Table ${label}`);

  /** A private chat room as people say it, [zh, en] ("私聊室 A", "Room A"), or null
   *  when the organiser's label names a room already (it is then shown as written). */
  const roomWords = (label) => (/私聊|室|room/i.test(label || "") ? null : [`私聊室 ${label}`, `Room ${label}`]);

  /** A matchmaker desk as people say it, [zh, en]: a bare label ("1", "A") becomes
   *  "1 号红娘服务台" / "matchmaker desk 1" (`short`: "1 号台" / "desk 1"); a label
   *  that names the desk already ("红娘 1 号台") is shown as written, and in English
   *  by its number, so that the English voice does not read Chinese. */
  function deskWords(label, short = false) {
    const l = String(label ?? "");
    if (/^[0-9A-Za-z]{1,4}$/.test(l)) return short ? [`${l} 号台`, `desk ${l}`] : [`${l} 号红娘服务台`, `matchmaker desk ${l}`];
    const code = /[\u3400-\u9fff]/.test(l) && l.match(/[0-9A-Za-z]+/);
    return [l, code ? (short ? `desk ${code[0]}` : `matchmaker desk ${code[0]}`) : l];
  }

  /** What the connection indicator says, in [zh, en]. */
  const connectionWords = (s) => ({
    connecting: ["正在连接…", "Connecting…"],
    open: ["已连接", "Connected"],
    reconnecting: ["连接中断，正在重新连接…", "Connection lost. Reconnecting…"],
    stopped: ["未连接", "Not connected"],
    unreadable: ["活动已停止，每 10 秒重试一次", "Event stopped: retrying every 10 seconds"],
  })[s] || ["", ""];

  /** Shows the connection's state in `el` (a `role="status"` element). */
  function indicate(el, s) {
    el.dataset.state = s;
    el.textContent = Blossom.t(...connectionWords(s));
  }

  /**
   * Shows in `box` (a role="alert" element, in the page from load, empty) that the
   * event is stopped because its saved state cannot be read: a heading, the
   * server's words and `retrying`; empties it when `message` is null. Words change
   * only when they differ, so a screen reader hears them once, not at every retry.
   */
  function drawStopped(box, message, retrying) {
    if (!message) {
      if (box.firstChild) box.replaceChildren();
      box.classList.remove("shown");
      return;
    }
    if (!box.querySelector("h2")) {
      box.replaceChildren(Blossom.el("h2", { id: box.id + "-heading", tabindex: "-1" }), Blossom.el("p"), Blossom.el("p"));
    }
    const [heading, text, retry] = box.children;
    const set = (e, v) => { if (e.textContent !== v) e.textContent = v; };
    set(heading, Blossom.t("活动已停止", "The event is stopped"));
    set(text, message);
    set(retry, retrying);
    box.classList.add("shown");
  }

  /** Table rows for a `tables` frame: "1 号桌 | 5 刘洋 · 6 赵磊 · an interpreter at this table". */
  function seatingRows(frame) {
    const { t, el, words } = Blossom;
    const rows = (frame && frame.tables) || [];
    if (!rows.length) return [el("tr", {}, el("td", { colspan: "2" }, t("还没有座位安排。", "No seating yet.")))];
    return rows.map((r) => el("tr", {}, el("td", {}, tableName(r.table)),
      el("td", {}, ...r.numbers.flatMap((n, i) => [i ? " · " : "", String(n), r.names ? " " : "", r.names ? words(r.names[i]) : ""]),
        r.interpreter ? t(" · 本桌配手语翻译", " · an interpreter at this table") : "")));
  }

  /** A title written in both languages ("冬日约会 · Winter dates"): the page's own
   *  language's part, so it takes one line on a phone; any other title whole. */
  function ownPart(title) {
    const parts = (title || "").split(/\s+[·|/]\s+/);
    if (parts.length !== 2) return title;
    const zh = parts.find((x) => /[\u3400-\u9fff]/.test(x));
    const en = parts.find((x) => !/[\u3400-\u9fff]/.test(x));
    if (!zh || !en) return title;
    return Blossom.lang === "en" ? en : zh;
  }

  /** An escort task's place in words: a table, a room, a desk, the stage, the exit,
   *  or what the guest said. `kind` is the task's `from_kind` / `to_kind`. */
  function placeWords(label, kind) {
    if (label == null) return Blossom.t("（未知）", "(not known)");
    if (kind === "table") return tableName(label);
    if (kind === "room") return Blossom.t(...(roomWords(label) || [label, label]));
    if (kind === "desk") return Blossom.t(...deskWords(label));
    if (kind === "stage") return Blossom.t("舞台", "the stage");
    if (kind === "exit") return Blossom.t("出口", "the exit");
    return label;
  }

  /** An escort need in words. */
  const needWords = (need) => Blossom.t(...({
    guide: ["引导（视障）", "sighted guide"], push: ["推轮椅", "push a wheelchair"], company: ["陪同走", "walk with them"], none: ["不需要", "none"],
  }[need] || [need, need]));

  return {
    ownPart, mmss, spoken, milestone, phaseName, tableName, roomWords, deskWords,
    connectionWords, indicate, drawStopped, seatingRows, placeWords, needWords,
  };
})();
