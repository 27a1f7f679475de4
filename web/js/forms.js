// Forms.errors: the server's validation problem shown on a form, the one way every
// organiser form does it: each named field marked invalid and pointing at the list,
// the list linking to each field by its label, and a summary that says nothing was
// saved. Focus goes to the list, so a screen reader hears it at once.
"use strict";

const Forms = (() => {
  const { t, el } = Blossom;

  /** Clears the marks of an earlier attempt. */
  function clear(form, box) {
    const listId = box.id + "-list";
    for (const i of form.querySelectorAll("[aria-invalid]")) {
      i.removeAttribute("aria-invalid");
      // Keep a field's own hint; drop only the pointer to the error list.
      const rest = (i.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== listId);
      if (rest.length) i.setAttribute("aria-describedby", rest.join(" ")); else i.removeAttribute("aria-describedby");
    }
    box.replaceChildren();
  }

  /** Shows `problem` (`{detail, errors: [{field, message}]}`) in `box`, inside `form`.
   *  `names` maps a field the server names to the words for it, where no input
   *  carries that name. */
  function errors(form, box, problem, names = {}) {
    clear(form, box);
    const listId = box.id + "-list";
    const list = (problem && problem.errors) || [];
    const items = list.map((e) => {
      const name = e.field.split(/[.[]/)[0];
      const input = form.querySelector(`[name="${name}"]`);
      const label = input && form.querySelector(`label[for="${input.id}"]`);
      const what = label ? label.textContent : names[name] ? t(...names[name]) : e.field;
      if (input) {
        input.setAttribute("aria-invalid", "true");
        const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (!ids.includes(listId)) input.setAttribute("aria-describedby", [...ids, listId].join(" "));
      }
      return el("li", {}, input ? el("a", { href: "#" + input.id }, what) : what, t("：", ": "), e.message);
    });
    const summary = items.length
      ? t(`有 ${items.length} 处需要修改，什么都没有保存：`, `${items.length} thing${items.length === 1 ? "" : "s"} to fix; nothing was saved:`)
      : (problem && problem.detail) || "";
    box.replaceChildren(el("p", { class: "error" }, summary), el("ul", { id: listId }, ...items));
    box.tabIndex = -1;
    box.focus();
  }

  return { errors, clear };
})();
