// Interest results on the staff screens: how many guests have marked every date
// (counts only: no screen ever shows anyone's mark), the host's "reveal results"
// (asked first; allowed once the last date has ended), and after the reveal the
// mutual matches for the matchmakers' follow-up (names and numbers of both, the
// kind, whether contacts were exchanged). Never a one-sided mark: the server sends
// none.
//
// A page calls `Results.attach({...})` once, `Results.show(frame)` for every
// `results` frame and `Results.followUp(frame)` for every `follow_up` frame.
"use strict";

const Results = (() => {
  const { t, el, say } = Blossom;
  const $ = (id) => document.getElementById(id);
  let parts = null;     // {section, status, host}
  let results = null;   // the `results` frame
  let follow = null;    // the `follow_up` frame (matchmakers, after the reveal)
  let pending = false;

  const KINDS = { date: ["牵手（都想再见面）", "a date (both said yes)"], friend: ["做朋友", "friends"] };

  function labels() {
    if (!parts) return;
    $("results-heading").textContent = t("约会后的选择与配对", "Choices and matches");
    if (parts.host) $("reveal").textContent = t("公布结果", "Reveal the results");
    if ($("follow-heading")) {
      $("follow-heading").textContent = t("需要跟进的配对", "Matches to follow up");
      $("follow-caption").textContent = t("互相有意的配对（只有双方都选择时才会出现）", "Mutual matches (only pairs who both chose each other)");
      $("fh-a").textContent = t("嘉宾", "Guest");
      $("fh-b").textContent = t("嘉宾", "Guest");
      $("fh-kind").textContent = t("类型", "Kind");
      $("fh-contact").textContent = t("联系方式", "Contacts");
    }
    draw();
  }

  function draw() {
    if (!parts) return;
    const phase = Live.phase;
    parts.section.hidden = !results || !phase || phase.phase === "lobby";
    if (parts.section.hidden) return;
    const closed = phase.phase === "closed";
    const words = results.revealed
      ? t(`结果已公布：${results.matches} 对配对。`, `The results are revealed: ${results.matches} match${results.matches === 1 ? "" : "es"}.`)
      : t(`已有 ${results.marked} / ${results.of} 位嘉宾为每场约会做了选择。`, `${results.marked} of ${results.of} guests have marked every date.`)
        + (closed ? "" : t(" 最后一轮结束后可以公布结果。", " The results can be revealed once the last date has ended."));
    if ($("results-summary").textContent !== words) $("results-summary").textContent = words;
    if (parts.host) {
      $("reveal").hidden = results.revealed || !closed;
      $("reveal").setAttribute("aria-disabled", String(pending));
    }
    const box = $("follow");
    if (box) {
      box.hidden = !follow;
      if (follow) {
        const person = (p) => [`${p.number} `, Blossom.words(p.name)];
        $("follow-list").replaceChildren(...follow.matches.map((m) => el("tr", {},
          el("td", {}, ...person(m.a)), el("td", {}, ...person(m.b)), el("td", {}, t(...KINDS[m.kind])),
          el("td", {}, m.contacts_shared ? t("已交换", "exchanged") : t("未交换：可以帮忙转达", "not exchanged: offer to pass on a message")))));
        $("follow-empty").hidden = follow.matches.length > 0;
        $("follow-empty").textContent = t("这次没有互相有意的配对。", "No mutual matches this time.");
      }
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

  function attach({ section, status, host = false }) {
    parts = { section, status, host };
    if (host) $("reveal").addEventListener("click", reveal);
    labels();
  }

  return {
    attach, labels, draw,
    show(f) { results = f; draw(); },
    followUp(f) { follow = f; draw(); },
    reset() { results = null; follow = null; },
  };
})();
