// Interest results on the staff screens: how many guests have marked every date
// (counts only: no screen ever shows anyone's mark), the host's "reveal results"
// (asked first; allowed once the last date has ended; now, or at a time the host
// picks, which they can move or overtake with "reveal now"), and after the reveal the
// mutual matches for the matchmakers' follow-up (names and numbers of both, the
// kind, whether contacts were exchanged). Never a one-sided mark: the server sends
// none.
//
// A staff page calls `Results.attach({...})` once; the card then takes part in the
// page as one of its `Staff` parts (the `results` and `follow_up` frames, and the
// phase, which decides whether the reveal can be offered).
"use strict";

const Results = (() => {
  const { $, t, say } = Blossom;
  let parts = null;     // {section, status, host}
  let results = null;   // the `results` frame
  let follow = null;    // the `follow_up` frame (matchmakers, after the reveal)
  let pending = false;

  function labels() {
    if (!parts) return;
    $("results-heading").textContent = t("约会后的选择与配对", "Choices and matches");
    if (parts.host) {
      $("reveal").textContent = t("公布结果", "Reveal the results");
      $("reveal-time-label").textContent = t("或者定一个公布时间", "Or choose a time to reveal them");
      $("reveal-later-button").textContent = t("到时公布", "Reveal at this time");
    }
    if ($("follow-heading")) $("follow-heading").textContent = FollowUp.heading();
    draw();
  }

  function draw() {
    if (!parts) return;
    const phase = Live.phase;
    parts.section.hidden = !results || !phase || phase.phase === "lobby";
    if (parts.section.hidden) return;
    const closed = phase.phase === "closed";
    const at = !results.revealed && results.reveal_at;
    const words = results.revealed
      ? t(`结果已公布：${results.matches} 对配对。`, `The results are revealed: ${results.matches} match${results.matches === 1 ? "" : "es"}.`)
      : t(`已有 ${results.marked} / ${results.of} 位嘉宾为每场约会做了选择。`, `${results.marked} of ${results.of} guests have marked every date.`)
        + (closed ? "" : t(" 最后一轮结束后可以公布结果。", " The results can be revealed once the last date has ended."))
        + (at ? t(` 结果将在 ${Blossom.clock(at)} 公布。`, ` The results will be revealed at ${Blossom.clock(at)}.`) : "");
    if ($("results-summary").textContent !== words) $("results-summary").textContent = words;
    if (parts.host) {
      $("reveal").hidden = results.revealed || !closed;
      $("reveal").setAttribute("aria-disabled", String(pending));
      $("reveal-later").hidden = results.revealed || !closed;
      $("reveal-time-help").textContent = at
        ? t("可以改成别的时间，或者现在就公布。", "You can choose another time, or reveal them now.")
        : t("到了这个时间，所有选择会锁定，结果自动公布。", "At that time every choice is locked and the results are revealed by themselves.");
    }
    const box = $("follow");
    if (box) {
      box.hidden = !follow;
      if (follow) $("follow-body").replaceChildren(FollowUp.table(follow.matches));
    }
  }

  async function reveal() {
    if (pending) return;
    const ok = await Blossom.ask({
      heading: t("现在公布结果？", "Reveal the results now?"),
      text: t("公布后所有选择都会锁定，每位嘉宾的手机会显示自己的配对。这一步不能撤回。",
        "Every choice is then locked, and each guest's phone shows their own matches. This cannot be undone."),
      ok: t("公布结果", "Reveal the results"),
    });
    $("reveal").focus();
    if (!ok) return;
    pending = true;
    draw();
    Live.request("results.reveal").then(() => {
      say(parts.status, t("结果已公布。", "The results are revealed."), "ok");
      $("results-heading").focus();
    }, (e) => say(parts.status, e.message, "error")).finally(() => { pending = false; draw(); });
  }

  /** The moment the clock on this device next reads "HH:MM" (server time): today,
   *  or tomorrow when that is at most 12 hours away (00:15 chosen at 23:50); null
   *  for a time that has passed or no time at all. */
  function nextAt(hhmm) {
    const m = /^(\d{2}):(\d{2})$/.exec(hhmm || "");
    if (!m) return null;
    const now = Live.now();
    const d = new Date(now);
    d.setHours(+m[1], +m[2], 0, 0);
    if (d.getTime() > now) return d.getTime();
    d.setDate(d.getDate() + 1);
    return d.getTime() - now <= 12 * 3600e3 ? d.getTime() : null;
  }

  async function revealLater(e) {
    e.preventDefault();
    if (pending) return;
    const input = $("reveal-time");
    const at = nextAt(input.value);
    const wrong = (words) => {
      input.setAttribute("aria-invalid", "true");
      say(parts.status, words, "error");
      input.focus();
    };
    if (!input.value) return wrong(t("请先选一个时间，例如 21:30。", "Choose a time first, for example 21:30."));
    if (at === null || at <= Live.now() + 30000) return wrong(t("请选一个比现在晚的时间，或者直接点“公布结果”。", "Choose a time later than now, or use “Reveal the results”."));
    input.removeAttribute("aria-invalid");
    const ok = await Blossom.ask({
      heading: t(`在 ${Blossom.clock(at)} 公布结果？`, `Reveal the results at ${Blossom.clock(at)}?`),
      text: t("到时所有选择都会锁定，每位嘉宾的手机会显示自己的配对。在那之前，嘉宾还可以修改选择。",
        "At that time every choice is locked, and each guest's phone shows their own matches. Until then guests can still change their choices."),
      ok: t("到时公布", "Reveal at this time"),
    });
    input.focus();
    if (!ok) return;
    pending = true;
    draw();
    Live.request("results.reveal", { at }).then(() => {
      say(parts.status, t(`结果将在 ${Blossom.clock(at)} 公布。`, `The results will be revealed at ${Blossom.clock(at)}.`), "ok");
    }, (err) => say(parts.status, err.message, "error")).finally(() => { pending = false; draw(); });
  }

  function attach({ section, status, host = false }) {
    parts = { section, status, host };
    if (host) {
      $("reveal").addEventListener("click", reveal);
      $("reveal-later").addEventListener("submit", revealLater);
    }
    labels();
    Staff.add({
      labels,
      reset() { results = null; follow = null; },
      frames: {
        results(f) { results = f; draw(); },
        follow_up(f) { follow = f; draw(); },
        phase() { draw(); },
      },
    });
  }

  return { attach };
})();
