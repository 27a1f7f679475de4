// Rest (section #rest-card): a guest asks to sit out the next round, no reason
// needed, and can take it back. The button keeps the keyboard focus as its words
// change (never `disabled` while the request is on its way), and the card's text
// says, politely, whether the request went through.
"use strict";

(() => {
  const { t, speak } = Blossom;
  const { state, $ } = Guest;

  let pending = false;  // a request is on its way

  function draw() {
    const card = $("rest-card");
    const a = state.assignment;
    const phase = state.phase;
    const can = Guest.running() && phase.round != null && (phase.phase !== "round" || phase.round < phase.rounds) && a && a.present;
    const offerable = !state.problem && ((phase && phase.phase === "lobby" && a && a.present) || can);
    card.hidden = !offerable;
    if (!offerable) return;
    $("rest-heading").textContent = t("想休息一下？", "Need a break?");
    const requested = a.resting_requested;
    const restText = requested
      ? t("好的，下一轮您休息。改变主意了也没关系。", "Fine: you rest next round. You can still change your mind.")
      : t("累了可以休息一轮，不用解释。", "You can sit out a round whenever you like; no need to explain.");
    if ($("rest-text").textContent !== restText) $("rest-text").textContent = restText;
    $("rest").textContent = requested ? t("不休息了，继续约会", "No rest after all") : t("下一轮我想休息", "Rest next round");
    $("rest").className = requested ? "secondary" : "";
    // Not `disabled`: a disabled button drops the keyboard focus.
    $("rest").setAttribute("aria-disabled", String(pending));
  }

  $("rest").addEventListener("click", () => {
    if (pending) return;
    const verb = state.assignment && state.assignment.resting_requested ? "rest.cancel" : "rest.request";
    pending = true;
    draw();
    Live.request(verb)
      // A refusal (the last round has no next one to rest in, …), or no connection: said aloud.
      .catch((e) => speak($("alert"), e.message))
      .finally(() => { pending = false; draw(); });
  });

  Guest.add({
    name: "rest",
    draw,
    reset() { pending = false; },
    // The new assignment says whether the guest rests: the request is done.
    frames: { assignment() { pending = false; } },
  });
})();
