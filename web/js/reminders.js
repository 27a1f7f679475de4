// Reminders beyond the screen: a soft chime, a vibration, and keeping the screen
// awake. Browsers allow sound and vibration only after the person has tapped
// something, so one "turn on reminders" tap unlocks them for this visit; each
// works where the device allows and is skipped quietly where it does not.
"use strict";

const Reminders = (() => {
  let audio = null;
  let wakeLock = null;
  let on = false;

  async function keepAwake() {
    if (!on || !("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    try { wakeLock = await navigator.wakeLock.request("screen"); } catch { wakeLock = null; /* refused: battery saver, an old browser */ }
  }
  // The browser drops the wake lock whenever the page is hidden; take it again.
  document.addEventListener("visibilitychange", keepAwake);

  /** Turns reminders on: must run inside a tap's handler. */
  function enable() {
    on = true;
    try {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      if (Ctx && !audio) audio = new Ctx();
      if (audio && audio.state === "suspended") audio.resume();
    } catch { audio = null; }
    keepAwake();
    chime();
  }

  /** Two soft rising notes (no harsh beep), and a short vibration. */
  function chime() {
    if (!on) return;
    // A phone that locked may have suspended the audio; wake it (allowed once unlocked by the tap).
    if (audio && audio.state !== "running") { try { audio.resume(); } catch { /* stays quiet */ } }
    if (navigator.vibrate) { try { navigator.vibrate([250, 120, 250]); } catch { /* not allowed */ } }
    if (!audio) return;
    const t0 = audio.currentTime;
    [[660, 0], [880, 0.28]].forEach(([freq, at]) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t0 + at);
      gain.gain.exponentialRampToValueAtTime(0.35, t0 + at + 0.04);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + at + 0.6);
      osc.connect(gain).connect(audio.destination);
      osc.start(t0 + at);
      osc.stop(t0 + at + 0.65);
    });
  }

  return { enable, chime, get on() { return on; }, get awake() { return !!wakeLock; } };
})();
