// The volunteers on the organiser page (section #volunteers-card): each with their
// shifts, hours (rounded down to half hours) and escort tasks done; a shift started
// or ended for a volunteer who has no phone at hand; volunteers.csv for the
// certificates, and the printable certificate list for the organiser's seal.
"use strict";

const Volunteers = (() => {
  const { $, t, el, api, say } = Blossom;
  let eventId = null;
  let list = [];

  function draw() {
    const box = $("volunteers-card");
    const heading = el("h2", { id: "volunteers-heading", tabindex: "-1" }, t("志愿者", "Volunteers"));
    if (!eventId) { box.replaceChildren(heading); return; }
    const rows = list.map((v) => el("li", {},
      el("p", {}, el("strong", {}, Blossom.words(v.name || t("（已删除）", "(erased)"))), v.contact ? ` · ${v.contact}` : "",
        " · ", v.on_shift ? t("值班中", "on shift") : t("未值班", "off shift")),
      el("p", {}, t(`服务 ${v.hours.toFixed(1)} 小时，完成 ${v.tasks_done} 个引导任务`, `${v.hours.toFixed(1)} hours, ${v.tasks_done} escort tasks done`),
        v.shifts.length ? t("（", " (") + v.shifts.map((s) => `${Blossom.clock(s.on_at)}–${s.off_at ? Blossom.clock(s.off_at) : "…"}`).join(t("，", ", ")) + t("）", ")") : ""),
      el("p", {}, el("button", { type: "button", class: "secondary", "data-shift": v.id, "data-on": String(!v.on_shift),
        "aria-label": v.on_shift ? t(`结束值班：${v.name}`, `End shift: ${v.name}`) : t(`开始值班：${v.name}`, `Start shift: ${v.name}`) },
      v.on_shift ? t("结束值班", "End shift") : t("开始值班", "Start shift")), " ",
      v.name ? el("button", { type: "button", class: "danger", "data-erase": v.id, "aria-label": t(`删除志愿者资料：${v.name}`, `Erase the volunteer's data: ${v.name}`) },
        t("删除志愿者资料", "Erase the volunteer's data")) : "")));
    box.replaceChildren(heading,
      list.length ? el("ul", { class: "plain" }, ...rows) : el("p", { class: "muted" }, t("还没有志愿者账号：在上面“工作人员”里添加，角色选“志愿者”。", "No volunteer accounts yet: add them under Staff above, with the role Volunteer.")),
      el("p", { class: "row" },
        el("a", { class: "button", id: "certificates", href: Guests.printHref("certificates") }, t("打印志愿服务证明", "Print the certificates of service")), " ",
        el("button", { type: "button", class: "secondary", id: "csv-volunteers" }, t("下载志愿者时长 CSV", "Download volunteers' hours (CSV)"))));
  }

  async function load(id) {
    eventId = id;
    try { list = await api(`/api/events/${encodeURIComponent(id)}/volunteers`); } catch (e) { list = []; say($("status"), e.message, "error"); }
    draw();
  }

  function attach() {
    $("volunteers-card").addEventListener("click", async (ev) => {
      const b = ev.target.closest("button");
      if (!b) return;
      try {
        if (b.dataset.erase) {
          const v = list.find((x) => x.id === b.dataset.erase);
          const yes = await Blossom.ask({
            heading: t("删除这位志愿者的资料？", "Erase this volunteer's data?"),
            text: t(`${v ? v.name : ""} 的姓名、联系方式和值班记录会被删除，链接失效；不能撤销。`, `${v ? v.name : ""}'s name, contact and shifts are erased and their link stops working. This cannot be undone.`),
            ok: t("删除", "Erase"), danger: true,
          });
          if (!yes) return;
          await api(`/api/events/${encodeURIComponent(eventId)}/volunteers/${encodeURIComponent(b.dataset.erase)}/erase`, { method: "POST", body: {} });
          say($("status"), t("已删除志愿者资料。", "The volunteer's data is erased."), "ok");
          await load(eventId);
          $("volunteers-heading").focus();
        } else if (b.dataset.shift) {
          const on = b.dataset.on === "true";
          await api(`/api/events/${encodeURIComponent(eventId)}/volunteers/${encodeURIComponent(b.dataset.shift)}/shift`, { method: "POST", body: { on } });
          say($("status"), on ? t("已开始值班。", "Shift started.") : t("已结束值班。", "Shift ended."), "ok");
          await load(eventId);
          $("volunteers-heading").focus();
        } else if (b.id === "csv-volunteers") {
          const res = await api(`/api/events/${encodeURIComponent(eventId)}/exports/volunteers.csv`, { raw: true });
          const url = URL.createObjectURL(await res.blob());
          const a = el("a", { href: url, download: "volunteers.csv" });
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 10000);
          say($("status"), t("已下载 volunteers.csv。", "volunteers.csv downloaded."), "ok");
        }
      } catch (e) { say($("status"), e.message, "error"); }
    });
  }

  return { attach, load, labels: draw };
})();
