// The stage on the host console (section #stage-card): the guests who agreed to go
// on stage, each with their introduction and a button to put them in the spotlight
// (and one to take the spotlight down), and polls: a question with 2 to 8 options
// opened from a form, how many have answered while it is open (never who chose
// what), and a button to close it; after the close, the counts (withheld under
// five answers). No countdown closes a question: only the host does.
//
// The host page calls `StageCard.attach({section, status})` once.
"use strict";

const StageCard = (() => {
  const { t, el, say } = Blossom;
  let parts = null;
  let intros = [];
  let spotlight = null;
  let poll = null;

  function send(verb, fields, said) {
    return Live.request(verb, fields).then(() => { say(parts.status, said, "ok"); return true; }, (e) => { say(parts.status, e.message, "error"); return false; });
  }

  function draw() {
    if (!parts) return;
    const s = parts.section;
    const heading = el("h2", { id: "stage-heading", tabindex: "-1" }, t("台上与投票", "Stage and polls"));
    const on = el("p", {}, ...(spotlight ? [t(`台上：${spotlight.number} 号 `, `On stage: no. ${spotlight.number} `), Blossom.words(spotlight.name), " ",
      el("button", { type: "button", class: "secondary", id: "spotlight-clear" }, t("请下台", "End the spotlight"))]
      : [t("台上现在没有嘉宾。", "Nobody is in the spotlight.")]));
    const list = intros.length ? el("ul", { class: "plain", id: "intros" }, ...intros.map((i) => el("li", {},
      el("p", {}, el("strong", {}, t(`${i.number} 号 `, `No. ${i.number} `), Blossom.words(i.name)), " ",
        spotlight && spotlight.number === i.number ? el("span", { class: "tag" }, t("在台上", "on stage"))
          : el("button", { type: "button", class: "secondary", "data-spot": i.participant, "aria-label": t(`请上台：${i.number} 号 ${i.name}`, `On stage: no. ${i.number} ${i.name}`) }, t("请上台", "On stage"))),
      el("p", { class: "muted" }, i.intro ? Blossom.words(i.intro) : t("（没有写介绍）", "(no introduction written)")))))
      : el("p", { class: "muted" }, t("还没有嘉宾同意上台。嘉宾可以在手机上写自我介绍并同意上台。", "No guest has agreed to go on stage yet. Guests write an introduction and agree on their phones."));
    const pollPart = el("div", { id: "poll-part" });
    pollPart.append(el("h3", {}, t("投票", "Poll")));
    if (poll && poll.open) {
      pollPart.append(el("p", {}, Blossom.words(poll.question)),
        el("ol", {}, ...poll.options.map((o) => el("li", {}, Blossom.words(o)))),
        el("p", { id: "poll-answered" }, t(`已有 ${poll.answered} 人回答。`, `${poll.answered} answered so far.`)),
        el("p", {}, el("button", { type: "button", id: "poll-close", "data-poll": poll.poll }, t("结束投票", "Close the poll"))));
    } else {
      if (poll) {
        pollPart.append(el("p", {}, t("上一个投票：", "Last poll: "), Blossom.words(poll.question)),
          poll.results ? el("ul", {}, ...poll.options.map((o, i) => el("li", {}, Blossom.words(o), t(`：${poll.results[i]} 票`, `: ${poll.results[i]}`))))
            : el("p", {}, t(`${poll.answered} 人回答，少于 5 位，结果不公布。`, `${poll.answered} answered: fewer than five, so no counts are shown.`)));
      }
      pollPart.append(el("form", { id: "poll-form", novalidate: "" },
        el("label", { for: "poll-q" }, t("问题（最多 200 字）", "Question (up to 200 characters)")),
        el("input", { id: "poll-q", maxlength: "200", autocomplete: "off" }),
        el("label", { for: "poll-opts" }, t("选项：每行一个，2 到 8 个（每个最多 60 字）", "Options: one a line, 2 to 8 (up to 60 characters each)")),
        el("textarea", { id: "poll-opts", rows: "4" }),
        el("p", {}, el("button", { type: "submit", id: "poll-open" }, t("开始投票", "Open the poll")))));
    }
    const keep = document.activeElement && s.contains(document.activeElement) ? document.activeElement.id : null;
    const typed = s.querySelector("#poll-q") ? [s.querySelector("#poll-q").value, s.querySelector("#poll-opts").value] : null;
    s.replaceChildren(heading, on, list, pollPart);
    if (typed && s.querySelector("#poll-q")) { s.querySelector("#poll-q").value = typed[0]; s.querySelector("#poll-opts").value = typed[1]; }
    if (keep) (document.getElementById(keep) || heading).focus();
  }

  function attach(p) {
    parts = p;
    const s = p.section;
    s.addEventListener("click", (ev) => {
      const b = ev.target.closest("button");
      if (!b) return;
      if (b.dataset.spot) send("spotlight.set", { participant: b.dataset.spot }, t("已请嘉宾上台。", "The guest is on stage."));
      else if (b.id === "spotlight-clear") send("spotlight.set", { participant: null }, t("嘉宾已下台。", "The spotlight is off."));
      else if (b.id === "poll-close") send("poll.close", { poll: b.dataset.poll }, t("投票已结束。", "The poll is closed."));
    });
    s.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const question = s.querySelector("#poll-q").value.trim();
      const options = s.querySelector("#poll-opts").value.split("\n").map((o) => o.trim()).filter(Boolean);
      // The form stays filled until the server has the poll: nothing typed is lost.
      send("poll.open", { question, options }, t("投票已开始。", "The poll is open.")).then((ok) => {
        if (ok && s.querySelector("#poll-q")) { s.querySelector("#poll-q").value = ""; s.querySelector("#poll-opts").value = ""; }
      });
    });
    Staff.add({
      labels: draw,
      reset() { intros = []; spotlight = poll = null; },
      frames: {
        intros(m) { intros = m.intros || []; draw(); },
        spotlight(m) { spotlight = m.participant; draw(); },
        poll(m) { poll = m; draw(); },
      },
    });
    draw();
  }

  return { attach };
})();
