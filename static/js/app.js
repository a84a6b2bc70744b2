// Quartierswerk: small progressive enhancements. No inline scripts (Content-Security-Policy).
(function () {
  "use strict";

  // Move focus to the error summary of an invalid form so that screen readers announce it.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) {
      summary.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
  });

  // Checklist checkboxes submit through htmx; the button is only for browsers without JavaScript.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-js-hide]").forEach(function (el) {
      el.hidden = true;
    });
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    event.detail.target.querySelectorAll("[data-js-hide]").forEach(function (el) {
      el.hidden = true;
    });
  });
})();
