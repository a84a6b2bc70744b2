// Quartierswerk: the live character count of the public idea form. Without JavaScript the page
// says the limit and the browser's maxlength stops typing; the server checks too.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var field = document.querySelector("textarea[data-public-counter]");
    var counter = document.getElementById("text-counter");
    if (!field || !counter) { return; }
    var max = parseInt(field.getAttribute("maxlength"), 10);
    var lang = document.documentElement.lang || undefined;
    function update() {
      var left = max - field.value.length;
      var template = left < 0 ? counter.dataset.over : counter.dataset.left;
      counter.textContent = template.replace("{n}", Math.abs(left).toLocaleString(lang));
      counter.setAttribute("aria-live", left <= 50 ? "polite" : "off");
    }
    field.addEventListener("input", update);
    update();
  });
})();
