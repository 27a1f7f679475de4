// Interest marks and matches (section #marks-card): after each date (or during it)
// the guest says privately whether they would like to meet their partner again:
// 想再见面 / 做朋友 / 不了 (yes, friends, no thanks). Each choice is answered with a
// receipt ("Round 3, 李强: friends"); "my dates" lists every date with its choice,
// changeable until the reveal (a date left unmarked counts as no). The guest chooses
// whether their contact may be shared with mutual matches. After the reveal: their
// matches, each with the contact where both agreed, or the matchmakers' offer to pass
// on a message; with none, a kind word, never a blank card.
//
// Only this guest's own choices ever reach this page (the `marks` frame); the
// `matches` frame comes only after the reveal.
"use strict";

(() => {
  const { t, speak, el } = Blossom;
  const { state, $ } = Guest;

  const CHOICES = {
    yes: ["想再见面", "Yes, meet again"],
    friend: ["做朋友", "Friends"],
    no: ["不了", "No, thanks"],
  };
  const KINDS = {
    date: ["双方都想再见面", "you both want to meet again"],
    friend: ["可以做朋友", "friends"],
  };

  let marks = null;     // the `marks` frame
  let matches = null;   // the `matches` frame (after the reveal)
  let chosen = null;    // the round being asked about (null: the latest date)
  let pending = null;   // the round whose choice is on its way
  let refused = null;   // the server's words for a refusal

  const who = (m) => [Blossom.words(m.partner.name), t(`（${m.partner.number} 号）`, ` (no. ${m.partner.number})`)];
  const choiceWords = (c) => (c ? t(...CHOICES[c]) : t("还没选（算作不了）", "not marked yet (counts as no)"));

  /** The date the question is about: the one chosen in "my dates", else the latest. */
  function asked() {
    const list = (marks && marks.marks) || [];
    return list.find((m) => m.round === chosen) || list[list.length - 1] || null;
  }

  function labels() {
    $("marks-list-heading").textContent = t("我的约会", "My dates");
    $("mark-yes").dataset.words = t(...CHOICES.yes);
    $("mark-friend").dataset.words = t(...CHOICES.friend);
    $("mark-no").dataset.words = t(...CHOICES.no);
    $("consent-label").textContent = t("如果互相有意，可以把我的联系方式告诉对方", "If we both say yes, my contact may be shared with them");
    $("matches-heading").textContent = t("您的配对结果", "Your matches");
  }

  function draw() {
    labels();
    const list = (marks && marks.marks) || [];
    const show = !!marks && !state.problem && !!state.phase && (list.length > 0 || !!matches);
    const had = document.activeElement;
    if (!show) {
      if (!$("marks-card").hidden && $("marks-card").contains(had)) $("now-heading").focus();
      $("marks-card").hidden = true;
      return;
    }
    $("marks-card").hidden = false;
    const locked = marks.locked;
    $("marks-heading").textContent = matches ? t("配对结果", "Your results")
      : locked ? t("选择已锁定", "Choices are locked") : t("约会后的选择", "After each date");
    // What this card is for, once, plainly.
    const text = [];
    if (refused) text.push(el("p", { class: "error" }, refused));
    if (!locked) {
      text.push(el("p", {}, t("只有您自己能看到您的选择。只有双方都选了想再见面或做朋友，才会成为配对，在主持人公布结果时告诉你们。",
        "Only you see your choices. Only when you both choose yes or friends is it a match, told to you both when the host reveals the results.")));
    }
    $("marks-text").replaceChildren(...text);

    // The question, for the date asked about.
    const m = asked();
    $("marks-ask").hidden = locked || !m;
    if (m && !locked) {
      $("marks-question").replaceChildren(t(`第 ${m.round} 轮，${Views.tableName(m.table)}，和 `, `Round ${m.round}, ${Views.tableName(m.table)}, with `), ...who(m),
        t("：还想再见面吗？", ": would you like to meet again?"));
      for (const [code, id] of [["yes", "mark-yes"], ["friend", "mark-friend"], ["no", "mark-no"]]) {
        const b = $(id);
        const on = m.choice === code;
        b.setAttribute("aria-pressed", String(on));
        // Chosen is said in words and a sign, not by colour alone.
        b.textContent = (on ? "✓ " : "") + b.dataset.words;
        b.setAttribute("aria-disabled", String(pending !== null));
      }
    }

    // Matches, after the reveal.
    $("matches").hidden = !matches;
    if (matches) {
      $("matches-list").replaceChildren(...matches.matches.map((x) => el("li", {},
        el("p", {}, el("strong", {}, Blossom.words(x.name), t(`（${x.number} 号）`, ` (no. ${x.number})`)), " · ", t(...KINDS[x.kind])),
        el("p", {}, ...(x.contact ? [t("联系方式：", "Contact: "), Blossom.contact(x.contact)]
          : [t("没有交换联系方式。想联系的话，红娘可以帮您转达。", "No contacts were exchanged. If you would like to get in touch, a matchmaker can pass on a message.")])))));
      $("matches-none").hidden = matches.matches.length > 0;
      $("matches-none").textContent = t("这次没有互相选择的配对。谢谢您来参加——认识新朋友本身就很好，红娘也会继续为您留意。",
        "No mutual match this time. Thank you for coming: meeting new people is worth it in itself, and the matchmakers will keep you in mind.");
    }

    // My dates: every date with its choice; "change" asks about that one. None at all
    // (seated at no table this evening) is said, not left as an empty heading.
    if (!list.length) {
      $("marks-list").replaceChildren(el("li", {}, t("您今晚没有约会记录。", "You had no dates this evening.")));
    } else $("marks-list").replaceChildren(...list.map((x) => el("li", {},
      el("p", {}, t(`第 ${x.round} 轮 · `, `Round ${x.round} · `), Views.tableName(x.table), " · ", ...who(x), " · ", el("strong", {}, choiceWords(x.choice))),
      locked ? "" : el("button", { type: "button", class: "secondary", "data-round": String(x.round),
        "aria-label": t(`修改第 ${x.round} 轮的选择`, `Change round ${x.round}`) }, t("修改", "Change")))));

    // Consent: only with a contact to share; locked with the marks.
    $("consent").hidden = !marks.has_contact;
    $("consent-share").checked = !!marks.share_contact;
    $("consent-share").disabled = locked;
    $("consent-help").textContent = locked ? t("结果公布后，这个选择已锁定。", "This was locked when the results were revealed.")
      : t("结果公布前都可以改。只有双方都同意时才会交换联系方式。", "You can change this until the results are revealed. Contacts are shared only when both agree.");
    // The button just pressed has gone: keep the keyboard in the card.
    if (had && $("marks-card").contains(had) && (had.hidden || had.closest("[hidden]"))) $("marks-heading").focus();
  }

  function mark(choice) {
    const m = asked();
    if (!m || pending !== null || marks.locked) return;
    pending = m.round;
    refused = null;
    draw();
    Live.request("interest.mark", { round: m.round, choice }).then(() => {
      pending = null;
      // The receipt, said and shown: which date, and what.
      speak($("say"), t(`已保存：第 ${m.round} 轮，`, `Saved: round ${m.round}, `), Blossom.words(m.partner.name), t(`：${t(...CHOICES[choice])}。`, `: ${t(...CHOICES[choice])}.`));
      chosen = null;
      draw();
    }, (e) => { pending = null; refused = e.message; speak($("alert"), e.message); draw(); });
  }

  for (const id of ["mark-yes", "mark-friend", "mark-no"]) $(id).addEventListener("click", () => mark($(id).dataset.choice));
  $("marks-list").addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-round]");
    if (!b) return;
    chosen = Number(b.dataset.round);
    draw();
    $("mark-yes").focus();
  });
  $("consent-share").addEventListener("change", () => {
    const share = $("consent-share").checked;
    Live.request("consent.set", { share_contact: share }).then(
      () => speak($("say"), share ? t("好的：如果互相有意，会把您的联系方式告诉对方。", "Done: your contact will be shared with mutual matches.")
        : t("好的：不会交换您的联系方式。", "Done: your contact will not be shared.")),
      (e) => { $("consent-share").checked = !share; refused = e.message; speak($("alert"), e.message); draw(); });
  });

  /** Whether the results are out (the phone has its `matches`). */
  Guest.revealed = () => !!matches;

  Guest.add({
    name: "marks",
    labels,
    draw,
    reset() { marks = null; matches = null; pending = null; refused = null; },
    frames: {
      marks(frame) { marks = frame; },
      matches(frame, { snapshot }) {
        const first = !matches && !snapshot;
        matches = frame;
        // The reveal, said once as it happens (politely: the guest reads it in their own time).
        if (first) {
          const n = frame.matches.length;
          speak($("say"), n ? t(`结果公布了：您有 ${n} 个配对。`, `The results are out: you have ${n} match${n === 1 ? "" : "es"}.`)
            : t("结果公布了。", "The results are out."));
        }
      },
    },
  });
})();
