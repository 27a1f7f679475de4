// The organiser's two tools for the links of the evening (issue 22):
//  - confirming a guest's phone that could not confirm itself: the guest shows the
//    six-digit code on their screen, the organiser types it with the badge number;
//  - the event's audit log (GET /api/events/{id}/log): who did what to whose record
//    and when, with a filter by kind. A guest's own actions (an invitation, a desk
//    visit) show their kind and time only; no entry holds a mark, a note or a
//    contact.
"use strict";

const Audit = (() => {
  const { $, t, el, api, say } = Blossom;
  let event = null;
  let entries = [];

  const KINDS = {
    "event.created": ["创建活动", "event created"],
    "event.start": ["活动开始", "evening started"],
    "staff.created": ["添加工作人员", "staff account added"],
    "staff.revoked": ["停用工作人员链接", "staff link switched off"],
    "staff.reissued": ["重新发放工作人员链接", "staff link re-issued"],
    "participant.registered": ["登记来宾", "guest registered"],
    "participant.updated": ["修改来宾资料", "guest's record changed"],
    "participant.withdrawn": ["来宾退出", "guest withdrawn"],
    "participant.checked_in": ["签到", "checked in"],
    "participant.link_shown": ["显示了来宾的链接（二维码）", "guest's link shown (QR code)"],
    "participant.link_reissued": ["重新发放来宾链接", "guest's link re-issued"],
    "participant.link_claimed": ["链接在手机上打开", "link opened on a phone"],
    "participant.confirmed": ["确认了来宾的手机", "guest's phone confirmed"],
    "participant.confirm_failed": ["确认手机失败一次", "a failed try at confirming a phone"],
    "participant.erased": ["删除来宾资料", "guest's data erased"],
    "consent.changed": ["更改是否交换联系方式", "contact sharing changed"],
  };
  const kindWords = (k) => (KINDS[k] ? t(...KINDS[k]) : k);
  const ROLES = { organiser: ["组织者", "organiser"], guest: ["来宾", "guest"], system: ["系统", "system"], host: ["主持人", "host"], matchmaker: ["红娘", "matchmaker"], projector: ["投影", "projector"], captioner: ["字幕员", "captioner"], volunteer: ["志愿者", "volunteer"] };
  function actorWords(a) {
    if (!a) return "—";
    const [role, ...name] = a.split(" ");
    return ROLES[role] ? [t(...ROLES[role]), ...name].join(" ") : a;
  }

  function labels() {
    $("confirm-heading").textContent = t("确认来宾的手机", "Confirm a guest's phone");
    $("confirm-help").textContent = t(
      "来宾的手机需要确认、又不能自己确认时（试错太多，或号码由工作人员填写），请来宾把屏幕上的六位确认码给您看，然后输入胸牌号码和确认码。",
      "When a guest's phone needs confirming and cannot do it itself (too many wrong tries, or a number typed by staff), the guest shows you the six-digit code on their screen: type their badge number and that code.");
    $("confirm-number-label").textContent = t("胸牌号码", "Badge number");
    $("confirm-code-label").textContent = t("六位确认码", "Six-digit code");
    $("confirm-button").textContent = t("确认", "Confirm");
    $("audit-heading").textContent = t("活动记录", "Audit log");
    $("audit-filter-label").textContent = t("只看", "Show only");
    $("audit-refresh").textContent = t("刷新", "Refresh");
    $("audit-caption").textContent = t("谁在何时对哪位来宾的资料做了什么（来宾自己的操作只显示种类和时间）", "Who did what to whose record, and when (a guest's own actions show kind and time only)");
    $("ah-at").textContent = t("时间", "Time");
    $("ah-kind").textContent = t("事项", "What");
    $("ah-actor").textContent = t("操作者", "By");
    $("ah-subject").textContent = t("来宾编号", "Guest no.");
  }

  function drawLog() {
    const want = $("audit-filter").value;
    const kinds = [...new Set(entries.map((e) => e.kind))].sort();
    $("audit-filter").replaceChildren(el("option", { value: "" }, t("全部", "Everything")),
      ...kinds.map((k) => { const o = el("option", { value: k }, kindWords(k)); if (k === want) o.selected = true; return o; }));
    const shown = entries.filter((e) => !want || e.kind === want);
    $("audit").replaceChildren(...shown.map((e) => el("tr", {},
      el("td", {}, Blossom.clock(e.at)),
      el("td", {}, kindWords(e.kind)),
      el("td", {}, actorWords(e.actor)),
      el("td", {}, e.subject != null ? String(e.subject) : e.subjects ? e.subjects.join(", ") : "—"))));
    $("audit-count").textContent = t(`${shown.length} 条`, `${shown.length} entries`);
  }

  async function loadLog() {
    if (!event) return;
    try {
      entries = await api(`/api/events/${event.id}/log`);
      drawLog();
    } catch (e) { say($("audit-status"), e.message, "error"); }
  }

  function show(ev) {
    event = ev;
    labels();
    loadLog();
  }

  $("confirm-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const number = Number.parseInt($("confirm-number").value.trim(), 10);
    const code = $("confirm-code").value.replace(/\s/g, "");
    if (!Number.isInteger(number) || !/^\d{6}$/.test(code)) {
      say($("confirm-status"), t("请输入胸牌号码和六位确认码。", "Type the badge number and the six-digit code."), "error");
      $(Number.isInteger(number) ? "confirm-code" : "confirm-number").focus();
      return;
    }
    try {
      const p = await api(`/api/events/${event.id}/participants/by-badge`, { method: "POST", body: { number } });
      await api(`/api/events/${event.id}/participants/${p.id}/confirm`, { method: "POST", body: { code } });
      say($("confirm-status"), t(`${number} 号的手机已确认。`, `No. ${number}'s phone is confirmed.`), "ok");
      $("confirm-code").value = "";
      loadLog();
    } catch (e) {
      say($("confirm-status"), e.problem && e.problem.errors && e.problem.errors.length ? e.problem.errors[0].message : e.message, "error");
      $("confirm-code").focus();
    }
  });
  $("audit-filter").addEventListener("change", drawLog);
  $("audit-refresh").addEventListener("click", loadLog);

  return { show, labels };
})();
