// What Blossom stores about the guest (section #mydata): everything, on request,
// read from /api/me/data (their record, dates, their own choices, invitations,
// desk visits, and who did what with their record), how long it is kept, and a
// request to have it erased, which the organiser carries out.
"use strict";

(() => {
  const { t, el, api } = Blossom;
  const { state, $ } = Guest;
  let data = null;      // the last /api/me/data answer, shown while open
  let open = false;

  const W = {
    female: ["女", "woman"], male: ["男", "man"],
    unmarried: ["未婚", "never married"], divorced: ["离异", "divorced"], widowed: ["丧偶", "widowed"],
    none: ["无", "none"], wheelchair: ["轮椅", "wheelchair"], limited: ["行动不便", "limited mobility"], guided: ["需要引导", "needs guiding"],
    yes: ["想再见面", "would like to meet again"], friend: ["做朋友", "friends"], no: ["不了", "no"],
    advice: ["咨询", "advice"], help: ["求助", "help"], access: ["无障碍协助", "access help"], about_someone: ["关于某人", "about someone"], other: ["其他", "other"],
    offered: ["等待回答", "waiting for an answer"], not_now: ["暂时不了", "not now"], queued: ["排队等房间", "waiting for a room"],
    room: ["在私聊区", "in the private chat area"], ended: ["去过私聊区", "went to the private chat area"], cancelled: ["已取消", "cancelled"],
    waiting: ["排队中", "waiting"], called: ["已叫号", "called"], serving: ["正在服务", "being served"], done: ["已完成", "done"], no_show: ["未到", "did not come"],
    you: ["您本人", "you"], organiser: ["组织者", "the organiser"], staff: ["工作人员", "staff"], system: ["系统", "Blossom"],
    host: ["主持人", "the host"], matchmaker: ["红娘", "matchmaker"],
  };
  // A value this page has no words for is still said in the page's language.
  const w = (v) => (W[v] ? t(...W[v]) : /^[a-z_]+$/.test(String(v)) ? t("其他", String(v)) : String(v));
  const KINDS = {
    "participant.registered": ["登记报名", "registered"],
    "participant.updated": ["修改资料", "record changed"],
    "consent.changed": ["更改是否交换联系方式", "contact sharing changed"],
    "intro.set": ["修改自我介绍", "introduction changed"],
    "spotlight.set": ["上台展示", "put on stage"],
    "poll.answered": ["投票", "answered a poll"],
    "escort.need": ["修改引导需求", "escort need changed"],
    "participant.checked_in": ["签到", "checked in"],
    "participant.left": ["离场", "left"],
    "participant.gone": ["记录为已离开", "recorded as gone"],
    "participant.rest": ["请求休息一轮", "asked to rest a round"],
    "participant.rest_cancelled": ["取消休息", "took back a rest"],
    "participant.returned": ["返回", "came back"],
    "participant.link_shown": ["向组织者显示了您的二维码", "your QR code was shown to the organiser"],
    "participant.link_claimed": ["链接在这部手机上打开", "the link was opened on this phone"],
    "participant.link_reissued": ["重新发放了链接", "a new link was issued"],
    "participant.confirmed": ["确认了这是您本人的手机", "your phone was confirmed"],
    "participant.confirm_failed": ["确认手机时输错一次", "a wrong try at confirming your phone"],
    "participant.withdrawn": ["退出活动", "withdrew"],
    "participant.session_ended": ["停用了您手机上的链接", "your phone's link was switched off"],
    "participant.erasure_requested": ["申请删除资料", "asked for erasure"],
  };
  const time = (ms) => (ms ? new Date(ms).toLocaleString(Blossom.lang === "en" ? "en" : "zh-CN") : "");
  const who = (m) => [t(`${m.number ?? "?"} 号`, `no. ${m.number ?? "?"}`), ...(m.name ? [" ", Blossom.words(m.name)] : [])];
  const yesNo = (b) => (b ? t("是", "yes") : t("否", "no"));

  function labels() {
    $("mydata-heading").textContent = t("我的资料", "My data");
    $("mydata-text").textContent = t(
      "看看八分钟约会为您保存了哪些信息，也可以申请删除。",
      "See everything Blossom keeps about you, and ask for it to be erased.");
    $("mydata-show").textContent = open ? t("收起我的资料", "Hide my data") : t("查看我的资料", "Show my data");
    $("mydata-show").setAttribute("aria-expanded", String(open));
    $("mydata-erase").textContent = t("申请删除我的资料", "Ask to erase my data");
  }

  function list(heading, items, empty) {
    return [el("h3", {}, heading), items.length ? el("ul", {}, ...items.map((i) => el("li", {}, ...i))) : el("p", {}, empty)];
  }

  function render() {
    const d = data, p = d.profile;
    const row = (k, ...v) => [el("dt", {}, k), el("dd", {}, ...(v.length ? v : ["—"]))];
    const profile = el("dl", { class: "facts" },
      ...row(t("姓名", "Name"), ...(p.display_name ? [Blossom.words(p.display_name)] : [])),
      ...row(t("编号", "Number"), String(p.number)),
      ...row(t("性别", "Gender"), w(p.gender)),
      ...row(t("想认识", "Would like to meet"), (p.seeks || []).map(w).join(t("、", ", "))),
      ...row(t("年龄", "Age"), String(p.age)),
      ...row(t("希望对方年龄", "Partner's age"), ...(p.partner_age ? [`${p.partner_age[0]}–${p.partner_age[1]}`] : [])),
      ...row(t("婚姻状况", "Marital status"), w(p.marital_status)),
      ...row(t("联系方式", "Contact"), ...(p.contact ? [Blossom.words(p.contact)] : [])),
      ...row(t("配对后交换联系方式", "Share contact with matches"), yesNo(p.share_contact)),
      ...row(t("行动", "Mobility"), w(p.mobility)),
      ...row(t("交流方式", "Communication"), (p.communication || []).map(Blossom.modeName).join(t("、", ", "))),
      ...row(t("安静桌", "Quiet table"), yesNo(p.quiet)),
      ...row(t("有陪同", "With a companion"), yesNo(p.companion)),
      ...row(t("不想同桌的人（编号）", "Not to be seated with (numbers)"), (p.avoid || []).join(t("、", ", "))),
      ...row(t("想让约会对象知道", "For partners to know"), ...(p.notes_for_partner ? [Blossom.words(p.notes_for_partner)] : [])),
      ...row(t("最多连续约会", "Most dates in a row"), ...(p.max_consecutive ? [String(p.max_consecutive)] : [])),
      ...row(t("签到时间", "Checked in"), time(p.checked_in_at)),
      ...row(t("离场时间", "Left"), time(p.left_at)));
    const dates = d.dates.map((x) => [t(`第 ${x.round} 轮，${x.table} 号桌：`, `Round ${x.round}, table ${x.table}: `), ...who(x.partner)]);
    const marks = d.marks.map((x) => [t(`第 ${x.round} 轮，`, `Round ${x.round}, `), ...who(x.partner), t("：", ": "), w(x.choice)]);
    const invites = d.invitations.map((x) => [t(`第 ${x.round} 轮，`, `Round ${x.round}, `),
      x.sent ? t("您邀请了 ", "you invited ") : t("邀请您的是 ", "you were invited by "), ...who(x.partner), t("：", ": "), w(x.status)]);
    const desk = d.desk_visits.map((x) => [w(x.reason), t("，", ", "), w(x.status),
      ...(x.note ? [t("。您写的：", ". You wrote: "), Blossom.words(x.note)] : []),
      ...(x.staff_note ? [t("。红娘记录：", ". The matchmaker noted: "), Blossom.words(x.staff_note)] : [])]);
    const intro = d.intro ? [[Blossom.words(d.intro.text || t("（空）", "(empty)")), t("。", ". "),
      d.intro.on_stage ? t("同意上台", "You agreed to go on stage") : t("不上台", "Not on stage")]] : [];
    const answers = (d.poll_answers || []).map((x) => [Blossom.words(x.question), t("：", ": "), Blossom.words(x.answer)]);
    const STATUS = { open: ["等待中", "waiting"], taken: ["志愿者在路上", "on the way"], arrived: ["志愿者已到", "with you"], done: ["已完成", "done"],
      cancelled: ["不需要了", "not needed"], missed: ["没有志愿者来", "nobody came"] };
    const escorts = (d.escort_tasks || []).map((x) => [time(x.at), " · ", t("去 ", "to "), Blossom.words(x.to || "—"), " · ", t(...(STATUS[x.status] || [x.status, x.status]))]);
    const log = d.log.map((x) => [time(x.at), " · ", KINDS[x.kind] ? t(...KINDS[x.kind]) : t("其他记录", x.kind), " · ", w(x.by),
      ...(x.by_name ? [" ", Blossom.words(x.by_name)] : [])]);
    const kept = d.erase_after_days
      ? t(`您的链接在活动结束 ${d.link_days} 天后失效；${d.erase_after_days} 天后，您的个人资料会被自动删除。`,
        `Your link stops working ${d.link_days} days after the event closes; your personal data is erased automatically ${d.erase_after_days} days after it.`)
      : t(`您的链接在活动结束 ${d.link_days} 天后失效；之后您仍可查看配对结果。组织者会在活动结束后删除个人资料，您也可以随时申请删除。`,
        `Your link stops working ${d.link_days} days after the event closes, except to see your matches. The organiser erases personal data after the event; you can ask for that at any time.`);
    $("mydata-list").replaceChildren(
      el("h3", {}, t("我的登记资料", "My record")), profile,
      ...list(t("我的约会", "My dates"), dates, t("还没有约会。", "No dates yet.")),
      ...list(t("我的选择（只有您自己能看到）", "My choices (only you see these)"), marks, t("还没有选择。", "No choices yet.")),
      ...list(t("私聊区邀请", "Private chat invitations"), invites, t("没有。", "None.")),
      ...list(t("红娘服务", "Matchmaker desk visits"), desk, t("没有。", "None.")),
      ...list(t("我的自我介绍", "My introduction"), intro, t("没有写。", "None written.")),
      ...list(t("我的投票（只有您自己能看到）", "My poll answers (only you see these)"), answers, t("没有。", "None.")),
      ...list(t("志愿者引导", "Volunteers who walked with me"), escorts, t("没有。", "None.")),
      ...list(t("谁在什么时候处理了您的资料", "Who did what with your record, and when"), log, t("没有。", "None.")),
      el("p", {}, kept));
  }

  async function toggle() {
    if (open) { open = false; $("mydata-list").hidden = true; labels(); return; }
    try {
      data = await api("/api/me/data");
      open = true;
      render();
      $("mydata-list").hidden = false;
      labels();
      $("mydata-list").focus();
    } catch (e) {
      Blossom.say($("mydata-status"), e.message, "error");
    }
  }

  async function erase() {
    const yes = await Blossom.ask({
      heading: t("申请删除我的资料？", "Ask to erase your data?"),
      text: t("组织者会删除您的姓名、联系方式、需求、选择和其他个人资料。删除后，这个链接就不能再用了。",
        "The organiser will erase your name, contact, needs, choices and everything else about you. After that, this link stops working."),
      ok: t("申请删除", "Ask to erase"),
      danger: true,
    });
    $("mydata-erase").focus();
    if (!yes) return;
    try {
      const r = await api("/api/me/erasure", { method: "POST", body: {} });
      Blossom.say($("mydata-status"), t(`已收到您的申请（${time(r.asked_at)}），组织者会删除您的资料。`,
        `Your request was received (${time(r.asked_at)}); the organiser will erase your data.`), "ok");
    } catch (e) {
      Blossom.say($("mydata-status"), e.message, "error");
    }
  }

  function draw() {
    // A withdrawn guest's phone shows this card alone.
    $("mydata").hidden = state.withdrawn ? false : !!state.problem || !Blossom.credential() || !state.me;
  }

  $("mydata-show").addEventListener("click", toggle);
  $("mydata-erase").addEventListener("click", erase);
  Guest.add({ name: "mydata", labels, draw });
})();
