// Contribution form: the amount shows the chosen kind's unit, and hides for kinds that are described only.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-contribution-form]");
    if (!form) return;
    var group = form.querySelector("[data-amount]");
    var unit = form.querySelector("[data-amount-unit]");
    var unitLabel = form.querySelector("[data-amount-unit-label]");
    if (!group || !unit) return;
    function update(radio) {
      var described = radio.getAttribute("data-unit") === "none";
      var suffix = radio.getAttribute("data-suffix") || "";
      group.hidden = described;
      unit.textContent = suffix || "–";
      if (unitLabel) unitLabel.textContent = suffix ? " (" + suffix + ")" : "";
    }
    form.querySelectorAll("input[name=kind]").forEach(function (radio) {
      radio.addEventListener("change", function () { update(radio); });
    });
  });
})();
