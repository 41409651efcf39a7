/* Search, tag and deck filters, night mode, phone width and flipping for the card preview. */
(function () {
  "use strict";
  document.documentElement.classList.add("pv-js");
  var body = document.body;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".pv-card"));
  var decks = Array.prototype.slice.call(document.querySelectorAll(".pv-deck"));
  var search = document.getElementById("pv-search");
  var tag = document.getElementById("pv-tag");
  var deck = document.getElementById("pv-deck");
  var count = document.getElementById("pv-count");
  var night = false;
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
  [search, tag, deck].forEach(function (input) { input.addEventListener("input", filter); });
  toggle(document.getElementById("pv-theme"), function (on) {
    night = on;
    body.classList.toggle("pv-night", on);
    frames().forEach(sendTheme);
  });
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
})();
