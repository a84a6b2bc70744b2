// Goal form: choosing an indicator offers its latest value as the baseline when none is typed yet.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-goal-form]");
    if (!form) return;
    var select = form.querySelector("select[name=indicator]");
    var baseline = form.querySelector("[data-baseline]");
    if (!select || !baseline) return;
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var latest = option ? option.getAttribute("data-latest") : null;
      baseline.placeholder = latest || "";
      if (latest && !baseline.value) baseline.value = latest;
    });
  });
})();
