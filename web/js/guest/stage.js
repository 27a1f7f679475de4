// On stage and polls on the guest's phone. Three sections:
//   #stage-card  who is in the spotlight (number, name, introduction), read aloud
//                on request; a new guest on stage is said politely, once
//   #poll-card   the host's question: one choice per tap, said back as a receipt
//                (like the interest marks), changeable until the host closes it; no
//                countdown ever. After the close, the counts (or why there are none)
//   #intro-card  the guest's own short introduction (up to 200 characters) and
//                whether they may be put on stage
// Nobody sees another guest's answer: the phone gets the counts after the close,
// and its own answer (`mine`).
"use strict";

(() => {
  const { t, speak, el } = Blossom;
  const { state, $ } = Guest;
  let spotlight = null;   // {number, name, intro} or null
  let poll = null;        // the `poll` frame, with `mine`
  let intro = null;       // the `intro` frame: {text, on_stage}
  let pending = false;    // an answer on its way
  let refused = null;     // the server's words for a refused answer
  let typed = false;      // the introduction was edited and not saved

  const who = (s) => t(`${s.number} 号 `, `No. ${s.number} `);
  const confirmed = () => !state.identity || state.identity.confirmed;

  function labels() {
    $("stage-heading").textContent = t("台上", "On stage");
    $("stage-read").textContent = t("朗读介绍", "Read the introduction aloud");
    $("poll-heading").textContent = t("投票", "Poll");
    $("intro-heading").textContent = t("我的自我介绍", "My introduction");
    $("intro-label").textContent = t("写几句介绍自己的话（最多 200 字）", "A few words about yourself (up to 200 characters)");
    $("intro-stage-label").textContent = t("可以请我上台", "I may be asked on stage");
    $("intro-stage-help").textContent = t("上台时，大屏幕和大家的手机会显示您的号码、名字和这段介绍（即使大屏幕平时不显示名字）。随时可以取消，取消后马上下台。",
      "On stage, the big screen and every phone show your number, your name and this introduction (even if the screen otherwise shows no names). You can take this back at any time, and you leave the stage at once.");
    $("intro-save").textContent = t("保存", "Save");
  }

  function count() {
    const left = 200 - [...$("intro-text").value].length;
    $("intro-count").textContent = t(`还可以写 ${left} 字`, `${left} characters left`);
  }

  function draw() {
    labels();
    const off = !!state.problem;
    // The spotlight.
    $("stage-card").hidden = off || !spotlight;
    if (spotlight) {
      $("stage-who").replaceChildren(who(spotlight), Blossom.words(spotlight.name));
      $("stage-intro").replaceChildren(spotlight.intro ? Blossom.words(spotlight.intro) : t("（没有写介绍）", "(no introduction written)"));
      $("stage-read").hidden = !spotlight.intro || !("speechSynthesis" in window);
    }
    // The poll.
    const showPoll = !off && ProgrammeView.pollNow(poll, state.programme);
    $("poll-card").hidden = !showPoll;
    if (showPoll) {
      const had = document.activeElement;
      $("poll-question").replaceChildren(Blossom.words(poll.question));
      $("poll-ask").hidden = !poll.open || !confirmed();
      $("poll-options").replaceChildren(...poll.options.map((o, i) => {
        const on = poll.mine === i;
        return el("button", { type: "button", class: on ? "" : "secondary", "data-option": String(i), "aria-pressed": String(on),
          "aria-disabled": String(pending) }, on ? "✓ " : "", Blossom.words(o));
      }));
      if (had && had.dataset && had.dataset.option) $("poll-options").querySelector(`[data-option="${had.dataset.option}"]`)?.focus();
      const mine = poll.mine != null ? poll.options[poll.mine] : null;
      $("poll-mine").replaceChildren(...(refused ? [el("span", { class: "error" }, refused)]
        : mine != null ? [t("您的选择：", "Your choice: "), el("strong", {}, Blossom.words(mine))]
          : [poll.open ? t("您还没有选。", "You have not chosen yet.") : t("您没有投票。", "You did not answer.")]));
      $("poll-results").replaceChildren(...(poll.results ? poll.options.map((o, i) => el("li", {}, Blossom.words(o), t(`：${poll.results[i]} 票`, `: ${poll.results[i]}`))) : []));
      $("poll-help").textContent = poll.open
        ? t(`已有 ${poll.answered} 人回答。没有时间限制：主持人结束投票之前，您可以随时改。别人看不到您选了什么。`,
          `${poll.answered} answered so far. There is no time limit: you can change your answer until the host closes the poll. Nobody sees what you chose.`)
        : poll.results ? t(`投票已结束，共 ${poll.answered} 人回答。`, `The poll has closed: ${poll.answered} answered.`)
          : t(`投票已结束。回答的人少于 5 位，结果不公布。`, "The poll has closed. Fewer than five answered, so no counts are shown.");
    }
    // The guest's own introduction: only on a phone that is theirs.
    $("intro-card").hidden = off || !intro || !confirmed();
    if (intro && !typed) {
      $("intro-text").value = intro.text || "";
      $("intro-stage").checked = !!intro.on_stage;
    }
    count();
  }

  function answer(i) {
    if (!poll || !poll.open || pending) return;
    pending = true;
    refused = null;
    draw();
    const words = poll.options[i];
    Live.request("poll.answer", { poll: poll.poll, option: i }).then(() => {
      pending = false;
      speak($("say"), t("已记下您的选择：", "Saved: "), Blossom.words(words), t("。投票结束前可以改。", ". You can change it until the poll closes."));
      draw();
    }, (e) => { pending = false; refused = e.message; speak($("alert"), e.message); draw(); });
  }

  $("poll-options").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-option]");
    if (b) answer(Number(b.dataset.option));
  });
  $("stage-read").addEventListener("click", () => {
    if (!spotlight || !("speechSynthesis" in window)) return;
    const u = new SpeechSynthesisUtterance(`${who(spotlight)}${spotlight.name}。${spotlight.intro}`);
    u.lang = Blossom.langOf(spotlight.intro);
    speechSynthesis.cancel();
    speechSynthesis.speak(u);
  });
  $("intro-text").addEventListener("input", () => { typed = true; count(); });
  $("intro-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = $("intro-text").value.trim();
    const onStage = $("intro-stage").checked;
    Live.request("intro.set", { text, on_stage: onStage }).then(() => {
      typed = false;
      Blossom.say($("intro-saved"), onStage ? t("已保存。主持人可以请您上台。", "Saved. The host may ask you on stage.")
        : t("已保存。不会请您上台。", "Saved. You will not be asked on stage."), "ok");
    }, (e) => Blossom.say($("intro-saved"), e.message, "error"));
  });
  // Taking consent back is at once: the box alone sends it, the words as they stand.
  $("intro-stage").addEventListener("change", () => { if (!$("intro-stage").checked && intro && intro.on_stage) $("intro-form").requestSubmit(); });

  Guest.add({
    name: "stage",
    labels,
    draw,
    reset() { spotlight = poll = intro = null; pending = false; refused = null; },
    frames: {
      spotlight(m, { snapshot }) {
        const was = spotlight;
        spotlight = m.participant;
        if (!snapshot && spotlight && (!was || was.number !== spotlight.number)) {
          speak($("say"), t("现在台上：", "Now on stage: "), who(spotlight), Blossom.words(spotlight.name));
        }
      },
      poll(m, { snapshot }) {
        const was = poll;
        poll = m;
        if (snapshot) return;
        if (m.open && (!was || was.poll !== m.poll)) speak($("say"), t("新的投票：", "A new poll: "), Blossom.words(m.question));
        else if (!m.open && was && was.open && was.poll === m.poll) {
          speak($("say"), m.results ? t("投票结束。", "The poll has closed. ") + m.options.map((o, i) => t(`${o} ${m.results[i]} 票`, `${o}: ${m.results[i]}`)).join(t("，", ", "))
            : t("投票结束，回答的人少于 5 位，结果不公布。", "The poll has closed. Fewer than five answered, so no counts are shown."));
        }
      },
      intro(m) { intro = m; },
    },
  });
})();
