// The stage on the hall projector: the guest in the spotlight (number, name and
// introduction, large; the name even when names are off on the projector, since
// going on stage is consent to it) and the poll (its question and options, how
// many have answered while it is open, the counts after the close, or that fewer
// than five answered). The close's result and a new guest on stage are read aloud
// when the projector's voice is on. projector.js hands it the frames and draws it.
"use strict";

const HallStage = (() => {
  const { $, el } = Blossom;
  let spotlight = null;
  let poll = null;
  let visible = false;   // the projector says whether the stage may take the screen now
  let speak = () => {};
  let both = (zh) => zh;

  /** A bar as long as its share (set through the style object: the page's CSP
   *  takes no inline style attribute). */
  function bar(share) {
    const b = el("span", { class: "bar", "aria-hidden": "true" });
    b.style.width = `${Math.round(share * 40)}vw`;
    return b;
  }

  /** `hall`: whether the stage may show (not while a date or a change of tables
   *  runs, not on the closing screen); `programme`: the frame, for a poll's time. */
  function draw(hall = true, programme = null) {
    const showPoll = hall && ProgrammeView.pollNow(poll, programme);
    visible = hall && (!!spotlight || showPoll);
    $("spotlight-hall").hidden = !hall || !spotlight;
    if (spotlight) {
      $("spotlight-heading").replaceChildren(both("台上", "On stage"));
      $("spotlight-who").replaceChildren(both(`${spotlight.number} 号`, `No. ${spotlight.number}`), " ", Blossom.words(spotlight.name));
      $("spotlight-intro").replaceChildren(spotlight.intro ? Blossom.words(spotlight.intro) : "");
    }
    $("poll-hall").hidden = !showPoll;
    if (showPoll) {
      $("poll-hall-heading").replaceChildren(Blossom.words(poll.question));
      const total = Math.max(1, ...(poll.results || [1]));
      $("poll-hall-options").replaceChildren(...poll.options.map((o, i) => el("li", {},
        el("span", { class: "option" }, Blossom.words(o)),
        ...(poll.results ? [" ", el("strong", {}, String(poll.results[i])), " ", both("票", poll.results[i] === 1 ? "vote" : "votes"),
          bar(poll.results[i] / total)] : []))));
      $("poll-hall-count").replaceChildren(poll.open ? both(`已有 ${poll.answered} 人回答 · 请在手机上选择，没有时间限制`, `${poll.answered} answered · choose on your phone, no time limit`)
        : poll.results ? both(`投票结束 · 共 ${poll.answered} 人回答`, `Poll closed · ${poll.answered} answered`)
          : both("投票结束 · 回答的人少于 5 位，不公布结果", "Poll closed · fewer than five answered, so no counts are shown"));
    }
  }

  return {
    /** `speakAloud(zh, en)` and `both(zh, en)` are the projector's own. */
    use(speakAloud, bothLanguages) { speak = speakAloud; both = bothLanguages; },
    reset() { spotlight = poll = null; },
    /** Whether the stage has something on the screen (after `draw`). */
    shown: () => visible,
    draw,
    spotlight(m, { snapshot }) {
      const was = spotlight;
      spotlight = m.participant;
      if (!snapshot && spotlight && (!was || was.number !== spotlight.number)) {
        speak(`现在上台的是 ${spotlight.number} 号，${spotlight.name}。`, `Now on stage: number ${spotlight.number}, ${spotlight.name}.`);
      }
    },
    poll(m, { snapshot }) {
      const was = poll;
      poll = m;
      if (snapshot) return;
      if (m.open && (!was || was.poll !== m.poll)) speak(`投票：${m.question}。请在手机上选择。`, `Poll: ${m.question}. Choose on your phone.`);
      if (!m.open && was && was.open && was.poll === m.poll) {
        speak(m.results ? `投票结果：${m.options.map((o, i) => `${o} ${m.results[i]} 票`).join("，")}。` : "投票结束，回答的人少于五位，不公布结果。",
          m.results ? `Poll results: ${m.options.map((o, i) => `${o}, ${m.results[i]}`).join("; ")}.` : "The poll has closed. Fewer than five answered, so no counts are shown.");
      }
    },
  };
})();
