// interview-lab's page script. Everything works without it; it adds only:
// - the live exercise results (server-sent events from the file watcher),
// - the running demo's clock, and reloading when its report is in.
"use strict";
(function () {
  // A demo running: count the seconds, and reload once the server says it finished.
  const running = document.querySelector("[data-running]");
  if (running) {
    let seconds = Number(running.dataset.running) || 0;
    const clock = running.querySelector(".elapsed");
    setInterval(function () {
      seconds += 1;
      if (clock) clock.textContent = seconds + " s";
    }, 1000);
    const poll = setInterval(async function () {
      try {
        const page = await fetch(location.pathname, { cache: "no-store" });
        const text = await page.text();
        if (!text.includes("data-running=")) {
          clearInterval(poll);
          location.reload();
        }
      } catch (e) { /* the server restarting: try again next tick */ }
    }, 1000);
  }
  // The demo form: say at once that the run is starting.
  const form = document.querySelector("form.run");
  if (form) {
    form.addEventListener("submit", function () {
      const button = form.querySelector("button");
      button.disabled = true;
      button.textContent = "Starting…";
    });
  }
  // An exercise page: swap in each new result as the watcher reports it.
  const live = document.body.dataset.live;
  if (live && window.EventSource) {
    const status = document.getElementById("status");
    const source = new EventSource(live);
    source.addEventListener("checking", function () {
      status.textContent = "checking your code…";
      status.classList.add("busy");
    });
    source.addEventListener("result", function (event) {
      const results = document.getElementById("results");
      // The HTML is built and escaped by the server, like the page itself.
      results.outerHTML = event.data;
      status.textContent = "updated at " + new Date().toLocaleTimeString();
      status.classList.remove("busy");
      document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
    });
  }
})();
// A drill question: count down from its limit, then count the time over.
(function () {
  const clock = document.querySelector(".countdown[data-seconds]");
  if (!clock) return;
  const limit = Number(clock.dataset.seconds);
  const shown = Date.now() - 1000 * Number(clock.dataset.elapsed || 0);
  const format = s => Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  function tick() {
    const left = limit - Math.floor((Date.now() - shown) / 1000);
    if (left >= 0) {
      clock.textContent = format(left) + " left";
    } else {
      clock.textContent = "over time by " + format(-left);
      clock.classList.add("over");
    }
  }
  tick();
  setInterval(tick, 1000);
})();
