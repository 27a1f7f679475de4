// The guest's settings (section #reminders): one "turn on reminders" tap for a chime,
// a vibration and a screen that stays awake (reminders.js), and how often a screen
// reader hears the time left (never, at key moments, every minute), remembered on
// the phone. card.js reads the choice from `Guest.state.mode`.
"use strict";

(() => {
  const { t } = Blossom;
  const { state, $ } = Guest;

  function labels() {
    $("reminders-heading").textContent = t("提醒", "Reminders");
    $("reminders-text").textContent = t(
      "轮次变化时，手机会响一声、振动，并保持屏幕常亮（手机支持时）。",
      "When a round changes, your phone chimes and vibrates, and the screen stays on (where your phone allows).");
    $("reminders-on").textContent = Reminders.on ? t("提醒已开启", "Reminders are on") : t("开启提醒", "Turn on reminders");
    $("reminders-on").setAttribute("aria-pressed", String(Reminders.on));
    $("speak-legend").textContent = t("读屏播报剩余时间", "Screen reader: say the time left");
    $("speak-off").textContent = t("不播报（轮次结束和公告仍会提醒）", "Never (a round's end and announcements still speak)");
    $("speak-milestones").textContent = t("关键时刻（5、2、1 分钟和 30 秒）", "At key moments (5, 2, 1 minutes and 30 seconds)");
    $("speak-minutes").textContent = t("每分钟", "Every minute");
    for (const r of document.querySelectorAll("input[name=speak]")) r.checked = r.value === state.mode;
  }

  function draw() {
    $("reminders").hidden = !!state.problem || !Blossom.credential();
  }

  $("reminders-on").addEventListener("click", () => { Reminders.enable(); labels(); });
  for (const r of document.querySelectorAll("input[name=speak]")) {
    r.addEventListener("change", () => { state.mode = r.value; Blossom.store("blossom.speak", state.mode); });
  }

  Guest.add({ name: "settings", labels, draw });
})();
