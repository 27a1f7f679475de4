// The guest's phone, shared by its parts: what the server last said (the event, who
// the guest is, the phase, their assignment), why the page cannot work (if it
// cannot), and the list of capabilities.
//
// Each capability is one file in web/js/guest/ that calls `Guest.add({...})` and
// owns one section of web/p/index.html: card.js (where to go, with whom, the time
// left), rest.js (rest next round, and its undo), chat.js (the private chat
// area: invitations, the queue, the room), desk.js (the matchmaker desks' queue
// and its call), news.js (the host's
// announcements), me.js (who the guest is, checked in or not), settings.js
// (reminders and how often the time is spoken), mydata.js (what is stored about
// the guest, and a request to erase it). participant.js is loaded last and
// wires them to the live connection. A new capability (interest marks) is one
// more file here, one more <script> tag before participant.js, and its section's
// id in participant.js's order.
"use strict";

const Guest = (() => {
  const state = {
    event: null,       // the `event` frame: title, venue, round_ms, transition_ms, …
    me: null,          // the `me` frame: name, number
    phase: null,       // the `phase` frame
    assignment: null,  // the `assignment` frame: round, table, partner, present, …
    identity: null,    // the `identity` frame: this phone confirmed or not (identity.js)
    problem: null,     // why the page cannot work (a revoked link, a staff link), or null
    withdrawn: false,  // the guest withdrew: the page shows their data (mydata.js) and nothing else
    programme: null,   // the `programme` frame (programme.js): the evening's segments
    // How often the time left is spoken: "milestones", "minutes" or "off" (settings.js).
    mode: Blossom.stored("blossom.speak") || "milestones",
  };
  const parts = [];

  /**
   * Adds a capability. Every hook is optional:
   *   labels()    draws the texts that follow the page's language (also without a token)
   *   draw()      shows what it has, from `Guest.state` and its own state; hides itself
   *               while `Guest.state.problem` is set
   *   reset()     forgets what it showed: a `welcome` snapshot follows
   *   frames      {type(frame, {snapshot})}: its own frame types, or more to do when a
   *               shared one (event, me, phase, assignment) arrives; the page redraws
   *               after every frame
   *   start()     the live connection starts (timers)
   */
  function add(part) { parts.push(part); }

  /** Runs one hook of every capability, in the order they were added. */
  function each(hook, ...args) { for (const p of parts) if (p[hook]) p[hook](...args); }

  /** The frame types any capability takes. */
  const frameTypes = () => parts.flatMap((p) => Object.keys(p.frames || {}));

  /** Hands a frame to every capability that takes it. */
  function frame(type, f, ctx) { for (const p of parts) if (p.frames && p.frames[type]) p.frames[type](f, ctx); }

  let redraw = () => {};
  let queued = false;
  /**
   * Redraws the page once the frames now arriving are in: a snapshot's frames come
   * together, and the page is drawn from all of them rather than from each in
   * turn (a half-drawn page could drop the keyboard focus or speak twice).
   */
  function draw() {
    if (queued) return;
    queued = true;
    queueMicrotask(() => { queued = false; redraw(); });
  }

  const running = () => !!state.phase && state.phase.phase !== "lobby" && state.phase.phase !== "closed";

  return {
    state, add, each, frame, frameTypes, draw, running,
    /** The page's own drawing, run by `draw()` (participant.js sets it). */
    set redraw(fn) { redraw = fn; },
    $: Blossom.$,
  };
})();
