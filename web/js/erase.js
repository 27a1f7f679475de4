// Erasure on the organiser's page (PIPL): a guest who asked to be erased is
// marked on the roster with a button that erases them; a closed event's card
// erases everyone's personal data, keeping the report. Both ask first.
"use strict";

const Erasure = (() => {
  const { $, t, el, api, say } = Blossom;
  let event = null;          // the event shown
  let reload = async () => {};

  /** The roster's marks for a guest who asked to be erased: a tag for the name
   *  cell and a button for the last cell (none otherwise). */
  function rowParts(p) {
    if (!p.erasure_requested_at) return { tag: [], button: [] };
    return {
      tag: [" ", el("span", { class: "tag" }, t("申请删除资料", "asked to be erased"))],
      button: [" ", el("button", { type: "button", class: "secondary", "data-erase": p.id, "data-name": p.display_name,
        "aria-label": t(`删除 ${p.display_name} 的资料`, `Erase ${p.display_name}'s data`) }, t("删除资料", "Erase"))],
    };
  }

  function show(ev, reloadRoster) {
    event = ev;
    reload = reloadRoster;
    $("privacy-heading").textContent = t("个人资料", "Personal data");
    const purged = ev.purged_at;
    $("privacy-text").textContent = purged
      ? t(`所有个人资料已于 ${Blossom.clock(purged)} 删除，只保留活动总结。`, `Everyone's personal data was erased at ${Blossom.clock(purged)}; only the report is kept.`)
      : ev.status === "closed"
        ? t("活动已结束。总结定下来后，可以删除所有人的个人资料（姓名、联系方式、需求、选择、备注），只保留总结。",
          "The event has closed. Once the report is final, erase everyone's personal data (names, contacts, needs, choices, notes), keeping only the report.")
        : t("活动结束后，可以在这里删除所有人的个人资料。", "Once the event has closed, everyone's personal data can be erased here.");
    $("purge").textContent = t("删除所有个人资料", "Erase all personal data");
    $("purge").hidden = !!purged || ev.status !== "closed";
  }

  async function purge() {
    const yes = await Blossom.ask({
      heading: t("删除这场活动的所有个人资料？", "Erase all personal data of this event?"),
      text: t("姓名、联系方式、需求、约会、选择和备注都会被永久删除，无法恢复；所有链接失效。活动总结会保留。",
        "Names, contacts, needs, dates, choices and notes are erased for good, and every link stops working. The report is kept."),
      ok: t("永久删除", "Erase for good"), danger: true,
    });
    if (!yes) { $("purge").focus(); return; }
    try {
      await api(`/api/events/${event.id}/purge`, { method: "POST", body: {} });
      await reload(true);
      // The focus goes to the redrawn card first, then the result is said.
      $("privacy-heading").focus();
      say($("status"), t("所有个人资料已删除，总结已保留。", "All personal data is erased; the report is kept."), "ok");
    } catch (e) { say($("status"), e.message, "error"); $("purge").focus(); }
  }

  async function eraseOne(b) {
    const name = b.dataset.name;
    const yes = await Blossom.ask({
      heading: t(`删除 ${name} 的资料？`, `Erase ${name}'s data?`),
      text: t("这位参与者的姓名、联系方式、需求、选择和备注会被永久删除，链接失效。", "Their name, contact, needs, choices and notes are erased for good, and their link stops working."),
      ok: t("永久删除", "Erase for good"), danger: true,
    });
    if (!yes) { b.focus(); return; }
    try {
      await api(`/api/events/${event.id}/participants/${b.dataset.erase}/erase`, { method: "POST", body: {} });
      await reload(false);
      // The focus goes back to the redrawn roster first, then the result is said.
      $("roster").closest(".table-wrap").focus();
      say($("status"), t(`${name} 的资料已删除。`, `${name}'s data is erased.`), "ok");
    } catch (e) { say($("status"), e.message, "error"); b.focus(); }
  }

  function attach() {
    $("purge").addEventListener("click", purge);
    $("roster").addEventListener("click", (ev) => {
      const b = ev.target.closest("button[data-erase]");
      if (b) eraseOne(b);
    });
  }

  return { attach, show, rowParts };
})();
