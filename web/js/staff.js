// The host console, matchmaker tablet and projector pages, before the live engine:
// they sign the staff member in (token from the URL fragment, or typed) and show
// whose page this is. The live controls arrive with the live engine.
"use strict";

(() => {
  const { t, api, say } = Blossom;
  const $ = (id) => document.getElementById(id);
  const role = document.body.dataset.role;
  const names = {
    host: ["主持人控制台", "Host console"],
    matchmaker: ["红娘工作台", "Matchmaker desk"],
    projector: ["大厅投影", "Hall projector"],
  };

  async function draw() {
    $("lang").textContent = t("English", "中文");
    $("lang").setAttribute("lang", Blossom.lang === "en" ? "zh-CN" : "en");
    $("title").textContent = t(...names[role]);
    document.title = t(...names[role]) + " · Blossom";
    $("token-label").textContent = t("工作人员令牌", "Staff token");
    $("signin-button").textContent = t("进入", "Sign in");
    if (!Blossom.token()) {
      $("signin").hidden = false;
      $("who").hidden = true;
      return;
    }
    $("signin").hidden = true;
    try {
      const me = await api("/api/me");
      if (me.role !== role) {
        say($("status"), t("这个令牌不是用于本页面的。", "This token is not for this page."), "error");
        return;
      }
      $("who").hidden = false;
      $("who-heading").textContent = me.name;
      $("who-event").textContent = me.event.title + " · " + me.event.venue;
      $("who-next").textContent = t("实时控制功能将在活动引擎上线后出现在这里。", "The live controls appear here once the live engine is in place.");
      say($("status"), "");
    } catch (e) {
      say($("status"), e.message, "error");
      $("signin").hidden = false;
    }
  }

  $("signin").addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = encodeURIComponent($("token").value.trim());
  });
  $("lang").addEventListener("click", () => { Blossom.setLang(Blossom.lang === "en" ? "zh-CN" : "en"); draw(); });
  window.addEventListener("hashchange", draw);
  draw();
})();
