// The host's announcements (section #news): the latest one shown large, and spoken
// as an alert when it arrives. One made while the phone was away (locked, offline)
// is spoken once when it comes back; one already heard (by `sent_at`, remembered on
// the phone) is only shown.
"use strict";

(() => {
  const { t, speak } = Blossom;
  const { state, $ } = Guest;

  let announcement = null;  // the `announce` frame, or null

  function draw() {
    $("news").hidden = !announcement || !!state.problem;
    if (!announcement) return;
    $("news-heading").textContent = t("主持人公告", "From the host");
    $("news-text").replaceChildren(Blossom.words(announcement.text));
  }

  function announce(m, { snapshot }) {
    // An empty announcement takes the last one down (the evening closed).
    announcement = m.text ? m : null;
    if (!m.text) return;
    const heard = Number(Blossom.stored("blossom.heard") || "0");
    // From a snapshot: worth hearing once if it came while this phone was away
    // (the phone had heard an older one); a new one as it happens, always.
    const tell = snapshot ? m.sent_at > heard && heard > 0 : true;
    Blossom.store("blossom.heard", String(m.sent_at));
    if (tell) speak($("alert"), t("主持人公告：", "From the host: "), Blossom.words(m.text));
    if (!snapshot) Reminders.chime();
  }

  Guest.add({
    name: "news",
    draw,
    // A snapshot without an announcement: none is shown.
    reset() { announcement = null; },
    frames: { announce },
  });
})();
