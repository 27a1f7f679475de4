// Guests: the organiser's roster by hand, without writing CSV: add one guest, change
// one, take one off the evening (withdraw), give one a new link and reprint their
// badge. The form holds every field of a guest's record; the server checks it and
// names each problem (Forms.errors). Changing a guest sends every field, empty
// ones as `null`, which clears them.
"use strict";

const Guests = (() => {
  const { $, t, api, say, el } = Blossom;
  let eventId = null;
  let editing = null;   // the guest being changed ({id, number, display_name}), or null
  let opener = null;
  let busy = false;
  let after = async () => {};
  const words = {
    "g-name": ["姓名", "Name"], "g-gender": ["性别", "Gender"], "g-seeks": ["想认识", "Would like to meet"],
    "g-age": ["年龄", "Age"], "g-marital": ["婚姻状况", "Marital status"], "g-pmin": ["期望对方年龄：从", "Partner's age: from"],
    "g-pmax": ["到", "to"], "g-mobility": ["行动", "Getting around"], "g-escort": ["志愿者引导", "A volunteer to walk with"], "g-comm": ["沟通方式", "Ways of communicating"],
    "g-quiet-l": ["需要安静桌", "Needs a quiet table"], "g-companion-l": ["有陪同（需要旁边留座）", "Comes with a companion (a seat nearby)"],
    "g-contact": ["联系方式（手机或微信）", "Contact (phone or WeChat)"], "g-share-l": ["同意把联系方式告诉互相有意的人", "Agrees to share the contact with mutual matches"],
    "g-notes": ["给对方的话", "A note for partners"], "g-notes-hint": ["例如“请面对我说话，我读唇语”", "For example \"please face me, I lip-read\""],
    "g-avoid": ["不要安排在一起的人（编号，用逗号分开）", "People not to be seated with (numbers, separated by commas)"],
    "g-afrom": ["在场轮次：从第几轮", "Present from round"], "g-ato": ["到第几轮（空着：全程）", "to round (empty: all evening)"],
    "g-max": ["最多连续约会几轮（空着：不限）", "Most dates in a row (empty: no limit)"],
  };
  const OPTIONS = {
    "g-gender": { female: ["女", "Woman"], male: ["男", "Man"] },
    "g-seeks": { "": ["异性（默认）", "The other gender (default)"], female: ["女士", "Women"], male: ["男士", "Men"], "female,male": ["都可以", "Either"] },
    "g-marital": { unmarried: ["未婚", "Never married"], divorced: ["离异", "Divorced"], widowed: ["丧偶", "Widowed"] },
    "g-mobility": { none: ["无特别需要", "No particular need"], wheelchair: ["轮椅", "Wheelchair"], limited: ["行动不便", "Walks with difficulty"], guided: ["需引导（视障）", "Needs guiding (low vision)"] },
    "g-escort": { "": ["按行动方式（需引导的安排引导）", "From getting around (a guide if guided)"], none: ["不需要", "None"], guide: ["引导（视障）", "A sighted guide"],
      push: ["推轮椅", "Push the wheelchair"], company: ["陪同走", "Someone to walk with"] },
  };

  // A roster column as the template heads it, for the import's problems.
  const COLUMNS = {
    display_name: "姓名", gender: "性别", seeks: "寻找", age: "年龄", partner_age: "期望年龄", mobility: "行动",
    communication: "沟通方式", quiet: "安静", avoid: "回避", max_consecutive: "最多连续", available: "在场轮次",
    marital_status: "婚姻状况", contact: "联系方式", share_contact: "同意分享联系方式", companion: "陪同", notes_for_partner: "给对方的话",
    escort: "引导需求",
  };
  /** The column a problem names, in the page's words: 年龄 (or "age (年龄)"). */
  function column(field) {
    const key = (field || "").split(/[.[]/)[0];
    if (key === "header") return t("表头", "the header");
    if (key === "row") return t("这一行", "the row");
    const zh = COLUMNS[key];
    return zh ? t(zh, `${key} (${zh})`) : field;
  }

  function labels() {
    for (const e of $("guest-form").querySelectorAll("[data-g]")) e.textContent = t(...words[e.dataset.g]);
    for (const [id, opts] of Object.entries(OPTIONS)) for (const o of $(id).options) o.textContent = t(...opts[o.value]);
    for (const c of $("guest-form").querySelectorAll("input[name=communication]")) c.nextElementSibling.textContent = Blossom.modeName(c.value);
    $("guest-heading").textContent = editing ? t(`修改 ${editing.number} 号 ${editing.display_name} 的资料`, `Change no. ${editing.number} ${editing.display_name}'s record`)
      : t("添加一位嘉宾", "Add one guest");
    $("guest-save").textContent = editing ? t("保存修改", "Save the changes") : t("添加", "Add");
    $("guest-cancel").textContent = t("取消", "Cancel");
    $("add-guest").textContent = t("添加一位嘉宾", "Add one guest");
  }

  const v = (id) => $(id).value.trim();
  const int = (id) => (v(id) === "" ? null : Number(v(id)));
  const pair = (a, b) => (int(a) == null && int(b) == null ? null : [int(a), int(b)]);

  /** The form as the API wants it: for a change, every field (empty is `null`). */
  function body() {
    const out = {
      display_name: v("g-name"), gender: v("g-gender"), seeks: v("g-seeks") ? v("g-seeks").split(",") : null,
      age: int("g-age"), marital_status: v("g-marital"), partner_age: pair("g-pmin", "g-pmax"), mobility: v("g-mobility"),
      communication: [...$("guest-form").querySelectorAll("input[name=communication]:checked")].map((c) => c.value),
      quiet: $("g-quiet").checked, companion: $("g-companion").checked, escort: v("g-escort") || null,
      contact: v("g-contact") || null, share_contact: $("g-share").checked, notes_for_partner: v("g-notes") || null,
      avoid: v("g-avoid") ? v("g-avoid").split(/[,，、;；\s]+/).filter(Boolean).map((x) => (/^\d+$/.test(x) ? Number(x) : x)) : [],
      available: pair("g-afrom", "g-ato"), max_consecutive: int("g-max"),
    };
    if (out.available && out.available[1] == null) out.available = null;
    if (!editing) for (const k of Object.keys(out)) if (out[k] === null) delete out[k];
    return out;
  }

  function fill(p) {
    $("guest-form").reset();
    if (!p) return;
    const set = (id, x) => { $(id).value = x == null ? "" : x; };
    set("g-name", p.display_name); set("g-gender", p.gender); set("g-age", p.age); set("g-marital", p.marital_status);
    const seeks = (p.seeks || []).slice().sort().join(",");
    set("g-seeks", [...$("g-seeks").options].some((o) => o.value === seeks) ? seeks : "");
    set("g-pmin", p.partner_age && p.partner_age[0]); set("g-pmax", p.partner_age && p.partner_age[1]);
    set("g-mobility", p.mobility);
    // A need that is the default for the guest's getting around shows as the default.
    set("g-escort", p.escort === (p.mobility === "guided" ? "guide" : "none") ? "" : p.escort);
    for (const c of $("guest-form").querySelectorAll("input[name=communication]")) c.checked = (p.communication || []).includes(c.value);
    $("g-quiet").checked = !!p.quiet; $("g-companion").checked = !!p.companion; $("g-share").checked = !!p.share_contact;
    set("g-contact", p.contact); set("g-notes", p.notes_for_partner); set("g-avoid", (p.avoid || []).join(", "));
    set("g-afrom", p.available && p.available[0]); set("g-ato", p.available && p.available[1]); set("g-max", p.max_consecutive);
  }

  async function open(p, from) {
    opener = from || null;
    editing = null;
    try {
      if (p) editing = await api(`/api/events/${eventId}/participants/${encodeURIComponent(p.id)}`);
    } catch (e) { say($("status"), e.message, "error"); return; }
    fill(editing);
    labels();
    Forms.clear($("guest-form"), $("guest-errors"));
    $("guest-result").replaceChildren();
    $("guest-form").hidden = false;
    $("g-name").focus();
  }

  function close() {
    $("guest-form").hidden = true;
    if (opener && opener.isConnected) opener.focus();
  }

  /** The print page's address for this event's `doc`, with the organiser's token
   *  in its fragment (never sent to the server). */
  function printHref(doc, extra = "") {
    return `/print/?doc=${doc}&event=${encodeURIComponent(eventId)}${extra}#${encodeURIComponent(Blossom.token() || "")}`;
  }

  /** The buttons of a roster row: change, new link, withdraw; each names its guest. */
  function actions(p) {
    const who = `${p.number} ${p.display_name}`;
    const b = (act, text, label) => el("button", { type: "button", class: "secondary", "data-guest": p.id, "data-act": act, "aria-label": label }, text);
    return [b("edit", t("修改", "Change"), t(`修改 ${who} 的资料`, `Change ${who}'s record`)), " ",
      b("link", t("新链接", "New link"), t(`给 ${who} 新链接`, `A new link for ${who}`)), " ",
      b("withdraw", t("退出活动", "Withdraw"), t(`让 ${who} 退出活动`, `Withdraw ${who}`))];
  }

  async function act(button, people) {
    const p = people.find((x) => x.id === button.dataset.guest);
    if (!p) return;
    const who = `${p.number} ${p.display_name}`;
    if (button.dataset.act === "edit") return open(p, button);
    if (button.dataset.act === "link") {
      return NewLink.issue({ id: p.id, number: p.number, name: p.display_name }, button,
        { href: printHref("badges", "&participant=" + encodeURIComponent(p.id)), text: t(`打印 ${who} 的新胸牌`, `Print ${who}'s new badge`) });
    }
    const yes = await Blossom.ask({
      heading: t(`让 ${who} 退出活动？`, `Withdraw ${who}?`),
      text: t("TA 的链接会立即停止工作，不再安排约会；已有的记录会保留，TA 仍可查看自己的资料并申请删除。",
        "Their link stops working at once and they get no more dates; what happened stays on record, and they can still read their data and ask for it to be erased."),
      ok: t("退出活动", "Withdraw"), danger: true,
    });
    if (!yes) { button.focus(); return; }
    try {
      await api(`/api/events/${eventId}/participants/${encodeURIComponent(p.id)}`, { method: "DELETE" });
      say($("status"), t(`${who} 已退出活动。`, `${who} is withdrawn.`), "ok");
      await after();
      $("roster-caption").tabIndex = -1;
      $("roster-caption").focus();
    } catch (e) { say($("status"), e.message, "error"); button.focus(); }
  }

  function attach({ event, reload }) {
    eventId = event();
    after = reload;
    labels();
    $("add-guest").addEventListener("click", (ev) => { eventId = event(); open(null, ev.currentTarget); });
    $("guest-cancel").addEventListener("click", close);
    $("guest-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      if (busy) return;
      busy = true;
      eventId = event();
      try {
        const path = `/api/events/${eventId}/participants`;
        const saved = editing
          ? await api(`${path}/${encodeURIComponent(editing.id)}`, { method: "PATCH", body: body() })
          : await api(path, { method: "POST", body: body() });
        Forms.clear($("guest-form"), $("guest-errors"));
        const who = `${saved.number} ${saved.display_name}`;
        const was = editing;
        $("guest-form").hidden = true;
        await after();
        const box = $("guest-result");
        box.replaceChildren(el("p", { tabindex: "-1", id: "guest-done" }, was ? t(`已保存 ${who} 的资料。`, `${who}'s record is saved.`) : t(`已添加 ${who}。`, `${who} is added.`)),
          was ? "" : el("p", {}, el("a", { href: printHref("badges", "&participant=" + encodeURIComponent(saved.id)) }, t(`打印 ${who} 的胸牌`, `Print ${who}'s badge`))));
        $("guest-done").focus();
      } catch (e) {
        Forms.errors($("guest-form"), $("guest-errors"), e.problem || { detail: e.message });
      } finally { busy = false; }
    });
  }

  return { attach, actions, act, labels, printHref, column, setEvent(id) { eventId = id; } };
})();
