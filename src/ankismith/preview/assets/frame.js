/* Inside one card side of the preview: report the height, follow the theme, flip on click,
   and mark what scrolls sideways. */
(function () {
  "use strict";
  function post(message) {
    if (window.parent !== window) {
      message.ankismithPreview = true;
      window.parent.postMessage(message, "*");
    }
  }
  function report() {
    post({ type: "height", height: document.documentElement.scrollHeight });
  }
  function setNight(night) {
    /* Anki desktop and AnkiMobile put .nightMode on the card; AnkiDroid puts .night_mode above. */
    document.body.classList.toggle("nightMode", night);
    document.documentElement.classList.toggle("night_mode", night);
  }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== window.parent || !data || !data.ankismithPreview) { return; }
    if (data.type === "theme") { setNight(Boolean(data.night)); report(); }
  });
  /* Mark what scrolls sideways at this width (a table's last columns, a long line of code), so
     the author sees what learners would have to swipe to; the card itself is left as it is. */
  function markScrolling() {
    var found = document.querySelectorAll("#qa table, #qa pre, #qa code, #qa div.arithmatex");
    Array.prototype.forEach.call(found, function (element) {
      element.classList.toggle("pv-scrolls", element.scrollWidth > element.clientWidth + 1);
    });
  }
  window.addEventListener("load", function () {
    if (location.hash === "#night") { setNight(true); }
    markScrolling();
    report();
    if (window.ResizeObserver) {
      new ResizeObserver(function () { markScrolling(); report(); }).observe(document.body);
    }
    document.body.addEventListener("click", function (event) {
      var interactive = "a, input, button, summary, details, audio, video, select, textarea, label";
      if (event.target.closest && event.target.closest(interactive)) { return; }
      post({ type: "flip" });
    });
  });
})();
