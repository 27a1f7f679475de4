// The staff pages' parts (the host console, the matchmaker tablet), as the guest
// page's are (guest/guest.js): each card (rooms.js, desks.js, results.js,
// newlink.js) adds itself with `Staff.add({...})` when the page attaches it, and
// `Staff.start({...})` gives the page and every card to the live connection, with
// one handling, for both pages, of what stops them: a link switched off or
// re-issued (`revoked`, `unauthorized`: the tools are hidden, the page says why)
// and an event whose saved state cannot be read (the tools are hidden, an alert says
// so in words, and the page comes back by itself when the state is read again).
"use strict";

const Staff = (() => {
  const parts = [];
  /** The codes after which this link will not work again on this page. */
  const ENDED = ["revoked", "unauthorized"];

  /**
   * Adds a card. Every hook is optional:
   *   labels()  redraws the texts that follow the page's language
   *   reset()   forgets what it showed: a `welcome` snapshot follows
   *   frames    {type(frame, {snapshot})}: the frame types it shows
   */
  function add(part) { parts.push(part); }

  /** Runs one hook of every card, in the order they were added. */
  function each(hook, ...args) { for (const p of parts) if (p[hook]) p[hook](...args); }

  /**
   * Connects the page. `page`:
   *   roles         the `welcome` roles this page serves
   *   notMine       [zh, en]: said to a link of another role
   *   main          the element holding the page's tools (hidden while they cannot work)
   *   status        the page's status region
   *   stopped(msg)  shows the server's words on a stopped event (null: not stopped)
   *   back()        where the keyboard goes when a stopped event comes back
   *   connection(state), welcome(m), frames {type(m, ctx)}: the page's own
   */
  function start(page) {
    let stopped = false;
    const handlers = { connection: page.connection };
    const types = new Set([...Object.keys(page.frames), ...parts.flatMap((p) => Object.keys(p.frames || {}))]);
    for (const type of types) {
      handlers[type] = (m, ctx) => {
        if (page.frames[type]) page.frames[type](m, ctx);
        for (const p of parts) if (p.frames && p.frames[type]) p.frames[type](m, ctx);
      };
    }
    handlers.welcome = (m) => {
      if (!page.roles.includes(m.role)) { Blossom.say(page.status, Blossom.t(...page.notMine), "error"); return false; }
      const wasStopped = stopped;
      stopped = false;
      page.stopped(null);
      page.main.hidden = false;
      // Back from a stop: the keyboard goes from the notice to the page's tools.
      const at = document.activeElement;
      if (wasStopped && (at === document.body || (at && at.id === "problem-heading"))) page.back().focus();
      each("reset");
      return page.welcome(m);
    };
    handlers.error = (m) => {
      if (m.code === "state_unreadable") {
        // Nothing on the page can be trusted or used until the state is read.
        stopped = true;
        const inside = page.main.contains(document.activeElement);
        page.main.hidden = true;
        page.stopped(m.message);
        if (inside) Blossom.$("problem-heading").focus();
        return;
      }
      Blossom.say(page.status, m.message, "error");
      if (ENDED.includes(m.code)) page.main.hidden = true;
    };
    Live.start(handlers);
  }

  return { add, each, start, ended: (code) => ENDED.includes(code) };
})();
