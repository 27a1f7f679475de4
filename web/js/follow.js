// The mutual matches for follow-up, as one table: the matchmakers' tablet (from the
// `follow_up` frame) and the organiser's page (from `GET /api/events/{id}/matches`)
// show the same rows the same way: both guests' numbers and names, the kind, and
// whether contacts were exchanged. Never a one-sided mark: the server sends none.
"use strict";

const FollowUp = (() => {
  const { t, el } = Blossom;
  const KINDS = { date: ["牵手（都想再见面）", "a date (both said yes)"], friend: ["做朋友", "friends"] };

  /** The contacts cell: exchanged or not, and for the organiser (whose rows carry
   *  them, only where both consented) both contacts, a phone number as a link. */
  function contacts(m) {
    if (!m.contacts_shared) return [t("未交换：可以帮忙转达", "not exchanged: offer to pass on a message")];
    const out = [t("已交换", "exchanged")];
    for (const [p, c] of [[m.a, m.a_contact], [m.b, m.b_contact]]) {
      if (c) out.push(el("br"), `${p.number}${t(" 号：", ": ")}`, Blossom.contact(c));
    }
    return out;
  }

  /** The table of `matches` (the rows of either source), or the words for none. */
  function table(matches) {
    if (!matches.length) return el("p", { class: "muted" }, t("这次没有互相有意的配对。", "No mutual matches this time."));
    const person = (p) => el("td", {}, `${p.number} `, Blossom.words(p.name));
    const head = [t("嘉宾", "Guest"), t("嘉宾", "Guest"), t("类型", "Kind"), t("联系方式", "Contacts")];
    return el("div", { class: "table-wrap", role: "region", tabindex: "0", "aria-labelledby": "follow-caption" },
      el("table", {},
        el("caption", { id: "follow-caption" }, t("互相有意的配对（只有双方都选择时才会出现）", "Mutual matches (only pairs who both chose each other)")),
        el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", { id: "follow-list" }, ...matches.map((m) => el("tr", {}, person(m.a), person(m.b), el("td", {}, t(...KINDS[m.kind])),
          el("td", {}, ...contacts(m)))))));
  }

  return { table, heading: () => t("需要跟进的配对", "Matches to follow up") };
})();
