// Measures: after an htmx swap (a move on the board, a ticked milestone) put the keyboard focus
// where the person goes on: the moved card, the reason still needed, the ticked milestone.
// Without JavaScript the forms post and redirect; nothing here is needed for them to work.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt;
    var root = target && target.isConnected ? target : document;
    var el = root.querySelector("[data-autofocus]") || document.querySelector("[data-autofocus]");
    if (el) {
      el.focus();
      el.removeAttribute("data-autofocus");
    }
  });
})();
