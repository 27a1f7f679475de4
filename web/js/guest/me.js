// Who the guest is (section #me): their name and number, the event, whether they
// have checked in, and, before the evening starts, what this page will show.
"use strict";

(() => {
  const { t } = Blossom;
  const { state, $ } = Guest;

  function draw() {
    const { me, event, assignment, phase } = state;
    if (!me) return;
    $("me").hidden = false;
    $("me-heading").replaceChildren(t("您好，", "Hello, "), Blossom.words(me.name));
    $("number").textContent = t(`您的编号：${me.number}`, `Your number: ${me.number}`);
    $("event").replaceChildren(...(event ? [Blossom.words(event.title), " · ", Blossom.words(event.venue)] : []));
    const here = assignment ? assignment.present : null;
    $("checkin").textContent = here === false
      ? t("您还没有签到。到场后请到签到台签到。", "You have not checked in yet. Please check in at the desk when you arrive.")
      : here ? t("您已签到。", "You are checked in.") : "";
    $("next").textContent = phase && phase.phase === "lobby"
      ? t("活动开始后，这里会显示您的桌号、约会对象和剩余时间。", "Once the event starts, your table, your partner and the time left appear here.")
      : "";
  }

  Guest.add({ name: "me", draw });
})();
