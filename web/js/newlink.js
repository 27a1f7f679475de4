// NewLink: a guest lost their phone, or their link: the host or a matchmaker gives
// them a new one (POST …/participants/{pid}/token). The old link and the old phone
// stop at once. The new link is shown once, as a QR code in a dialog, for the guest
// to scan with their own phone in front of the staff member; closing the dialog
// forgets it. The phone that scans it must then confirm it is the guest's (the last
// four digits of their registered number, or the organiser's code), so nobody who
// sees the code on the way gains anything.
"use strict";

const NewLink = (() => {
  const { $, t, el, say } = Blossom;
  let getEvent = () => null;
  let status = null;
  let form = null;

  function dialog() {
    let d = $("newlink");
    if (d) return d;
    d = el("dialog", { id: "newlink", "aria-labelledby": "newlink-heading", "aria-describedby": "newlink-text" },
      el("h2", { id: "newlink-heading" }),
      el("p", { id: "newlink-text" }),
      el("div", { id: "newlink-qr", class: "qr-box" }),
      el("p", { id: "newlink-print" }),
      el("form", { method: "dialog", class: "row" }, el("button", { value: "close", id: "newlink-close" })));
    // Forgotten as soon as it is closed (Escape too).
    d.addEventListener("close", () => { $("newlink-qr").replaceChildren(); });
    (document.querySelector("main") || document.body).append(d);
    return d;
  }

  /** Issues a new link for guest `p` ({id, number, name}), asking first. `print`
   *  ({href, text}): a link in the dialog to print the guest's new badge. */
  async function issue(p, back, print) {
    const who = `${p.number} ${p.name || ""}`.trim();
    const ok = await Blossom.ask({
      heading: t(`为 ${who} 重新发放链接？`, `Give ${who} a new link?`),
      text: t("旧链接和正在用它的手机会立即停止工作。新链接只显示一次，请让来宾本人当场用自己的手机扫码。",
        "The old link, and any phone using it, stop at once. The new link is shown once: let the guest scan it with their own phone, here and now."),
      ok: t("发放新链接", "Give a new link"),
    });
    if (!ok) { if (back) back.focus(); return; }
    try {
      const made = await Blossom.api(`/api/events/${encodeURIComponent(getEvent())}/participants/${encodeURIComponent(p.id)}/token`, { method: "POST", body: {} });
      const d = dialog();
      $("newlink-heading").textContent = t(`${who} 的新链接`, `New link for ${who}`);
      $("newlink-text").textContent = t(
        "请来宾用自己的手机扫这个二维码。扫码后，手机会请 TA 输入登记手机号码的最后四位来确认。关闭后二维码不再显示。",
        "Let the guest scan this code with their own phone. The phone then asks them for the last four digits of the number they registered. Once closed, the code is not shown again.");
      $("newlink-close").textContent = t("已扫码，关闭", "Scanned: close");
      const box = $("newlink-qr");
      // The server's own SVG (an image with an accessible name), nothing else.
      const svg = new DOMParser().parseFromString(made.qr_svg || "", "image/svg+xml").documentElement;
      box.replaceChildren(document.importNode(svg, true));
      $("newlink-print").replaceChildren(print ? el("a", { href: print.href }, print.text) : "");
      d.showModal();
      $("newlink-close").focus();
      say(status, t(`已为 ${who} 发放新链接。`, `${who} has a new link.`), "ok");
      d.addEventListener("close", () => { if (back) back.focus(); }, { once: true });
    } catch (e) {
      say(status, e.message, "error");
      if (back) back.focus();
    }
  }

  function labels() {
    if (!form) return;
    form.querySelector("h2").textContent = t("重新发放链接", "Give a new link");
    form.querySelector("#newlink-help").textContent = t("来宾丢了手机或链接：输入胸牌号码，为 TA 发放新链接。", "A guest lost their phone or link: type their badge number to give them a new one.");
    form.querySelector("label").textContent = t("胸牌号码", "Badge number");
    form.querySelector("button").textContent = t("发放新链接", "Give a new link");
  }

  /** Draws the form in `section` (by badge number); `event()` names the event. */
  function attach({ section, status: s, event }) {
    status = s;
    getEvent = event;
    form = el("form", { class: "stack", novalidate: "" },
      el("h2", { id: "newlink-form-heading" }),
      el("p", { id: "newlink-help", class: "muted" }),
      el("div", { class: "row" },
        el("div", {}, el("label", { for: "newlink-number" }), el("input", { id: "newlink-number", inputmode: "numeric", autocomplete: "off", "aria-describedby": "newlink-help" })),
        el("button", { type: "submit", class: "secondary align-end" })));
    section.replaceChildren(form);
    section.setAttribute("aria-labelledby", "newlink-form-heading");
    labels();
    Staff.add({ labels });
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const eventId = getEvent();
      const input = form.querySelector("input");
      const number = Number.parseInt(input.value.trim(), 10);
      if (!eventId || !Number.isInteger(number)) { say(status, t("请输入胸牌号码。", "Type a badge number."), "error"); input.focus(); return; }
      try {
        const p = await Blossom.api(`/api/events/${encodeURIComponent(eventId)}/participants/by-badge`, { method: "POST", body: { number } });
        await issue({ id: p.id, number: p.number, name: p.display_name }, input);
      } catch (e) { say(status, e.message, "error"); input.focus(); }
    });
  }

  /** Where the dialog's messages go and which event it is, without the form. */
  function use({ status: s, event }) { status = s; getEvent = event; }

  return { attach, issue, use };
})();
