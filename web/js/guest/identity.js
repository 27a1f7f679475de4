// Whose phone this is (section #identity). A link re-issued by staff, or first
// opened after the evening started, leaves the phone unconfirmed: the guest types
// the last four digits of the phone number they registered (which no host or
// matchmaker can read), or, once the tries are used up, shows the organiser the
// six-digit code on the screen. Until then the page shows only the seating; the
// other cards stay hidden (participant.js). Who gave the link, and when, is said
// here and on the #me card.
"use strict";

(() => {
  const { t } = Blossom;
  const { state, $ } = Guest;
  let problem = null;   // the last refusal's words, or null
  let sending = false;

  const ROLE = { organiser: ["组织者", "the organiser"], host: ["主持人", "the host"], matchmaker: ["红娘", "matchmaker"] };

  /** "20:14 由红娘 周红娘 重新发放" for a re-issued link, else "". */
  function issued(identity) {
    if (!identity || !identity.issued_by || !identity.issued_at) return "";
    const [zh, en] = ROLE[identity.issued_by.role] || ["工作人员", "staff"];
    const name = identity.issued_by.name ? " " + identity.issued_by.name : "";
    const at = Blossom.clock(identity.issued_at);
    return t(`这个链接是 ${at} 由${zh}${name}重新发放的。`, `This link was re-issued at ${at} by ${en}${name}.`);
  }

  function labels() {
    $("identity-heading").textContent = t("请确认这是您本人的手机", "Confirm that this is your phone");
    $("identity-why").textContent = t(
      "为了保护您的资料，这个链接需要先确认是您本人在使用。确认之前，这里只显示座位。",
      "To protect your details, first confirm that it is you using this link. Until then this page shows only your seat.");
    $("identity-label").textContent = t("您报名时登记的手机号码的最后四位", "The last four digits of the phone number you registered");
    $("identity-ok").textContent = t("确认", "Confirm");
    $("identity-code-label").textContent = t("也可以请组织者在电脑上输入这个确认码：", "Or ask the organiser to type this code on their computer:");
  }

  function draw() {
    const id = state.identity;
    const open = !!id && !id.confirmed && !state.problem;
    $("identity").hidden = !open;
    $("issued").textContent = issued(id);
    if (!open) return;
    $("identity-issued").textContent = issued(id);
    const locked = id.tries_left <= 0;
    $("identity-form").hidden = locked;
    $("identity-tries").textContent = locked ? "" : t(`还可以试 ${id.tries_left} 次。`, `${id.tries_left} tries left.`);
    $("identity-problem").hidden = !problem;
    $("identity-problem").textContent = problem || "";
    $("identity-code-label").textContent = locked
      ? t("请把这个确认码给组织者看，由组织者为您确认：", "Show this code to the organiser, who confirms the phone for you:")
      : t("也可以请组织者在电脑上输入这个确认码：", "Or ask the organiser to type this code on their computer:");
    // Read digit by digit, in groups of three.
    $("identity-code").textContent = id.code ? id.code.replace(/^(\d{3})(\d{3})$/, "$1 $2") : "";
    $("identity-digits").setAttribute("aria-invalid", problem ? "true" : "false");
  }

  $("identity-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const digits = $("identity-digits").value.trim();
    if (!/^\d{4}$/.test(digits)) {
      problem = t("请输入四位数字。", "Type four digits.");
      Guest.draw();
      $("identity-digits").focus();
      return;
    }
    if (sending) return;
    sending = true;
    Live.request("identity.confirm", { digits }).then(() => {
      problem = null;
      $("identity-digits").value = "";
      Blossom.speak($("say"), t("已确认，这是您本人的手机。", "Confirmed: this is your phone."));
    }, (err) => {
      problem = err.message;
      $("identity-digits").select();
    }).finally(() => { sending = false; Guest.draw(); });
  });

  Guest.add({
    name: "identity",
    labels,
    draw,
    reset() { state.identity = null; problem = null; },
    frames: {
      identity(f) {
        const was = state.identity;
        state.identity = f;
        // Newly confirmed (by the digits or by the organiser): the whole page follows.
        if (was && !was.confirmed && f.confirmed) problem = null;
      },
    },
  });
})();
