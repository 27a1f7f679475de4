// The organiser's printable paper, as a page of its own (/print/?doc=…&event=…,
// opened from the organiser page with the admin token in the fragment): badges and
// table signs are the API's own documents, fetched with the token and shown here
// under the one stylesheet both use (/css/print.css); the report is drawn from
// its figures. The browser's print (or "save as PDF") prints the paper alone.
"use strict";

(() => {
  const { $, t, api, say } = Blossom;
  const q = new URLSearchParams(location.search);
  const doc = q.get("doc");
  const eventId = q.get("event") || "";
  const NAMES = {
    badges: ["胸牌", "Badges"], signs: ["桌牌", "Table signs"], report: ["活动总结", "The evening's report"],
    certificates: ["志愿服务证明", "Certificates of volunteer service"],
  };

  /** The volunteers' hours for the organiser's seal: one line each, and a place for it. */
  async function certificates(box) {
    const id = encodeURIComponent(eventId);
    const [ev, list] = await Promise.all([api(`/api/events/${id}`), api(`/api/events/${id}/volunteers`)]);
    const { el } = Blossom;
    const shift = (v) => v.shifts.map((s) => `${Blossom.clock(s.on_at)}–${s.off_at ? Blossom.clock(s.off_at) : t("（值班中）", "(on shift)")}`).join(t("，", ", "));
    box.replaceChildren(el("main", { class: "report-doc-body" },
      el("h1", {}, t("志愿服务证明", "Certificate of volunteer service")),
      el("p", {}, Blossom.words(ev.title), " · ", Blossom.words(ev.venue), " · ", Blossom.wallTime(ev.starts_at)),
      el("p", {}, t(`兹证明以下志愿者参加了本次活动的助残志愿服务，服务时长按值班时间记录（向下取整到半小时）。`,
        "This certifies that the volunteers below served at this event; hours are their time on shift, rounded down to half hours.")),
      el("table", {}, el("caption", {}, t("志愿者与服务时长", "Volunteers and hours")),
        el("thead", {}, el("tr", {}, ...[t("姓名", "Name"), t("值班时间", "On shift"), t("服务时长（小时）", "Hours"), t("完成引导任务", "Escort tasks done")].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, ...list.map((v) => el("tr", {}, el("th", { scope: "row" }, Blossom.words(v.name || t("（已删除）", "(erased)"))),
          el("td", {}, shift(v)), el("td", {}, v.hours.toFixed(1)), el("td", {}, String(v.tasks_done)))))),
      el("p", { class: "seal" }, t(`主办单位（盖章）：${ev.organiser || "＿＿＿＿＿＿"}`, `Organiser (seal): ${ev.organiser || "__________"}`)),
      el("p", { class: "seal" }, t("日期：＿＿＿＿年＿＿月＿＿日", "Date: ____________"))));
  }

  function labels() {
    $("back").textContent = t("返回组织者页面", "Back to the organiser page");
    $("print").textContent = t("打印（或另存为 PDF）", "Print (or save as PDF)");
    $("size-legend").textContent = t("纸张", "Paper");
    const name = NAMES[doc];
    document.title = (name ? t(...name) + " · " : "") + "Blossom";
  }

  /** Puts an API document's body in this page: its sheet, under this page's stylesheet. */
  function show(html) {
    const parsed = new DOMParser().parseFromString(html, "text/html");
    document.title = parsed.title || document.title;
    document.body.classList.add(...parsed.body.className.split(" ").filter(Boolean));
    $("doc").replaceChildren(...[...parsed.body.childNodes].map((n) => document.importNode(n, true)));
  }

  async function load() {
    labels();
    $("print").disabled = true;
    if (!NAMES[doc] || !eventId) {
      say($("status"), t("这个打印链接不完整：请回到组织者页面，再点一次打印按钮。",
        "This print link is incomplete: go back to the organiser page and press the print button again."), "error");
      return;
    }
    if (!Blossom.token()) {
      say($("status"), t("这个页面需要组织者的链接：请从组织者页面打开。", "This page needs the organiser's link: open it from the organiser page."), "error");
      return;
    }
    say($("status"), t("正在准备……", "Getting it ready…"));
    try {
      const id = encodeURIComponent(eventId);
      if (doc === "report") {
        document.body.className = "paper report-doc";
        await Report.document(eventId, $("doc"));
      } else if (doc === "certificates") {
        document.body.className = "paper report-doc";
        await certificates($("doc"));
      } else {
        let path = doc === "badges" ? `/api/events/${id}/badges` : `/api/events/${id}/table-signs`;
        const only = q.get("participant");
        if (doc === "badges" && only) path += "?participant=" + encodeURIComponent(only);
        if (doc === "signs") {
          $("paper").hidden = false;
          path += "?size=" + document.querySelector("input[name=size]:checked").value;
        }
        const res = await api(path, { raw: true });
        document.body.className = "";
        show(await res.text());
      }
      $("print").disabled = false;
      say($("status"), t("已准备好，可以打印。", "Ready to print."), "ok");
      document.body.dataset.ready = "true";
    } catch (e) {
      say($("status"), e.status === 401
        ? t("组织者链接已失效：请回到组织者页面重新登录，再点打印。", "The organiser's link no longer works: sign in again on the organiser page, then press print.")
        : e.message, "error");
    }
  }

  $("print").addEventListener("click", () => window.print());
  $("paper").addEventListener("change", () => { delete document.body.dataset.ready; load(); });
  Blossom.langSwitch($("lang"), load);
  load();
})();
