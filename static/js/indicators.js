// Entering an indicator value: choosing an indicator puts its usual source into the source
// field, unless someone has typed a source of their own there.
(function () {
  "use strict";
  const data = document.getElementById("indicator-sources");
  const source = document.querySelector("[data-source-for]");
  if (!data || !source) return;
  const select = document.getElementById(source.dataset.sourceFor);
  if (!select) return;
  const sources = JSON.parse(data.textContent);
  let filled = source.value === (sources[select.value] || "") ? source.value : null;
  select.addEventListener("change", function () {
    if (source.value === "" || source.value === filled) {
      filled = sources[select.value] || "";
      source.value = filled;
    }
  });
})();
