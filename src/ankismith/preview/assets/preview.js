/* The one script of the preview site, loaded by every page (deferred): the index's search, tag
   and deck filters, night mode, phone width and flipping; inside a card side, the height, the
   theme, flipping on click and what scrolls sideways; the list of decks' night mode. */
(function () {
  "use strict";
  var NIGHT = "ankismith-preview-night";
  /* Night mode follows the reader from page to page where the browser keeps it (file:// pages
     may not: then each page starts in day mode). */
  function remembered() {
    try { return window.localStorage.getItem(NIGHT) === "1"; } catch (e) { return false; }
  }
  function remember(on) {
    try { window.localStorage.setItem(NIGHT, on ? "1" : "0"); } catch (e) { /* not kept */ }
  }

  /* Inside one card side: report the height, follow the theme, flip on click, and mark what
     scrolls sideways. */
  function cardSide() {
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
  }

  /* The index of a deck, or the list of decks. */
  function index() {
    document.documentElement.classList.add("pv-js");
    var body = document.body;
    var cards = Array.prototype.slice.call(document.querySelectorAll(".pv-card"));
    var decks = Array.prototype.slice.call(document.querySelectorAll(".pv-deck"));
    var search = document.getElementById("pv-search");
    var tag = document.getElementById("pv-tag");
    var deck = document.getElementById("pv-deck");
    var count = document.getElementById("pv-count");
    var night = remembered();
    /* The page's words, in the deck's language: "{n}" and "{shown}" stand for numbers. */
    function say(key, n, shown) {
      return (body.getAttribute("data-" + key) || "").replace("{n}", n).replace("{shown}", shown);
    }

    function frames() { return Array.prototype.slice.call(document.querySelectorAll(".pv-stage iframe")); }
    function sendTheme(frame) {
      if (frame.contentWindow) {
        frame.contentWindow.postMessage({ ankismithPreview: true, type: "theme", night: night }, "*");
      }
    }
    function filter() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      cards.forEach(function (card) {
        var text = card.getAttribute("data-search");
        var ok = words.every(function (word) { return text.indexOf(word) !== -1; }) &&
          (!tag.value || (" " + card.getAttribute("data-tags") + " ").indexOf(" " + tag.value + " ") !== -1) &&
          (!deck.value || card.getAttribute("data-deck") === deck.value);
        card.hidden = !ok;
        if (ok) { shown += 1; }
      });
      decks.forEach(function (section) { section.hidden = !section.querySelector(".pv-card:not([hidden])"); });
      count.textContent = shown !== cards.length ? say("count-shown", cards.length, shown) :
        say(cards.length === 1 ? "count-one" : "count-all", cards.length);
    }
    function flip(card, back) {
      var flipped = back === undefined ? !card.classList.contains("pv-flipped") : back;
      card.classList.toggle("pv-flipped", flipped);
      card.querySelector(".pv-flip").textContent = say(flipped ? "show-question" : "show-answer");
    }
    function toggle(button, apply) {
      button.addEventListener("click", function () {
        var on = button.getAttribute("aria-pressed") !== "true";
        button.setAttribute("aria-pressed", String(on));
        apply(on);
      });
    }
    function setNight(on) {
      night = on;
      body.classList.toggle("pv-night", on);
      frames().forEach(sendTheme);
    }
    var theme = document.getElementById("pv-theme");
    theme.setAttribute("aria-pressed", String(night));
    setNight(night);
    toggle(theme, function (on) { setNight(on); remember(on); });
    if (!search) { return; } /* the list of decks: night mode only */
    [search, tag, deck].forEach(function (input) { input.addEventListener("input", filter); });
    toggle(document.getElementById("pv-phone"), function (on) { body.classList.toggle("pv-phone", on); });
    toggle(document.getElementById("pv-answers"), function (on) {
      cards.forEach(function (card) { flip(card, on); });
    });
    cards.forEach(function (card) {
      card.querySelector(".pv-flip").addEventListener("click", function () { flip(card); });
    });
    frames().forEach(function (frame) {
      frame.addEventListener("load", function () { sendTheme(frame); });
    });
    window.addEventListener("message", function (event) {
      var data = event.data;
      if (!data || !data.ankismithPreview) { return; }
      frames().forEach(function (frame) {
        if (frame.contentWindow !== event.source) { return; }
        if (data.type === "height") { frame.style.height = Math.ceil(data.height) + 2 + "px"; }
        if (data.type === "flip") { flip(frame.closest(".pv-card")); }
      });
    });
    filter();
  }

  if (document.getElementById("qa")) { cardSide(); } else { index(); }
})();
