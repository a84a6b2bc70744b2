// Quartierswerk: small progressive enhancements. No inline scripts (Content-Security-Policy).
(function () {
  "use strict";

  // Move focus to the error summary of an invalid form so that screen readers announce it.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) {
      // Bring it to the top: on a phone a plain focus() leaves it at the bottom edge of the screen.
      summary.focus({ preventScroll: true });
      summary.scrollIntoView({ block: "start" });
    }
  }

  // Checklist checkboxes submit through htmx; the button is only for browsers without JavaScript.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-js-hide]").forEach(function (el) {
      el.hidden = true;
    });
  });
  // htmx:load fires on each piece of new content. (afterSwap's target is the old element
  // when the swap replaces it, as the checklist items' outerHTML swap does.)
  document.addEventListener("htmx:load", function (event) {
    event.detail.elt.querySelectorAll("[data-js-hide]").forEach(function (el) {
      el.hidden = true;
    });
    showEvidenceFields(event.detail.elt);
  });

  // Evidence forms: show only the field of the chosen kind (file, link or text), so that
  // nobody wonders which of three empty fields to fill. Without JavaScript all stay visible.
  var FIELD_OF_KIND = { document: "file", link: "url", text: "text" };

  function updateEvidenceFields(radio) {
    var prefix = radio.name.slice(0, -"kind".length);
    var form = radio.form;
    var chosen = form.querySelector('input[type="radio"][name="' + radio.name + '"]:checked');
    Object.keys(FIELD_OF_KIND).forEach(function (kind) {
      var wrapper = form.querySelector("#div_id_" + prefix + FIELD_OF_KIND[kind]);
      if (wrapper) {
        wrapper.hidden = !chosen || chosen.value !== kind;
      }
    });
  }

  function showEvidenceFields(root) {
    var seen = {};
    (root || document).querySelectorAll('input[type="radio"][name$="-kind"]').forEach(function (radio) {
      if (radio.form && !seen[radio.name]) {
        seen[radio.name] = true;
        updateEvidenceFields(radio);
      }
    });
  }

  // Layout first (hidden buttons and fields change the height above the summary), then focus.
  document.addEventListener("DOMContentLoaded", function () {
    showEvidenceFields(document);
    focusErrorSummary(document);
  });
  // Forms that undo work ask first (the question is in data-confirm, translated on the server).
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.type === "radio" && /-kind$/.test(el.name) && el.form) {
      updateEvidenceFields(el);
    }
  });
})();

// Long text fields: "n characters left" under every field with a `maxlength` and `data-counter`.
// Without JavaScript the browser's maxlength still stops typing and the server still checks.
// Screen readers hear the count when they reach the field, and as it changes only near the end.
(function () {
  "use strict";

  function leftText(template, left) {
    var lang = document.documentElement.lang || undefined;
    return template.replace("{n}", left.toLocaleString(lang));
  }

  function setUp(field) {
    if (field.getAttribute("data-counter-ready")) {
      return;
    }
    var max = parseInt(field.getAttribute("maxlength"), 10);
    var template = document.body.getAttribute("data-chars-left");
    if (!max || !template) {
      return;
    }
    field.setAttribute("data-counter-ready", "1");
    var counter = document.createElement("p");
    counter.className = "form-text char-counter";
    counter.id = field.id + "-counter";
    field.insertAdjacentElement("afterend", counter);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    // Near the end: the last tenth, at least 50 characters.
    var near = Math.max(50, Math.round(max / 10));

    function update() {
      // Browsers count a line break once for maxlength; so does this.
      var left = max - field.value.length;
      // A text sent back by the server may be over the limit: say by how much.
      var over = document.body.getAttribute("data-chars-over");
      counter.textContent = left < 0 && over ? leftText(over, -left) : leftText(template, left);
      var isNear = left <= near;
      counter.setAttribute("aria-live", isNear ? "polite" : "off");
      counter.classList.toggle("is-near-limit", isNear);
    }
    field.addEventListener("input", update);
    update();
  }

  function setUpAll(root) {
    (root || document).querySelectorAll("[maxlength][data-counter]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpAll(document);
  });
  document.addEventListener("htmx:load", function (event) {
    setUpAll(event.detail.elt);
  });
})();

// Wide tables: show the "scroll sideways" hint exactly when the table is wider than its box
// (at any window width and zoom). Without JavaScript the CSS shows it on small screens.
(function () {
  "use strict";

  function updateScrollHints() {
    document.querySelectorAll("[data-scroll-hint-for]").forEach(function (hint) {
      var box = document.getElementById(hint.getAttribute("data-scroll-hint-for"));
      if (box) {
        hint.setAttribute("data-overflow", box.scrollWidth > box.clientWidth + 1 ? "yes" : "no");
      }
    });
  }

  document.addEventListener("DOMContentLoaded", updateScrollHints);
  window.addEventListener("resize", updateScrollHints);
})();

// Quartier tabs that scroll sideways on a phone: keep the current tab in view.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var current = document.querySelector(".quartier-nav [aria-current='page']");
    var list = current && current.closest(".nav");
    if (list && list.scrollWidth > list.clientWidth) {
      list.scrollLeft = current.offsetLeft + current.offsetWidth - list.clientWidth + 16;
    }
  });
})();

// Forms posted with htmx that expect an HX-Redirect (the report buttons, `hx-swap="none"`): any
// other answer would be thrown away without a word. A session that ended answers with the login
// page (the redirect is followed): go there, back to this page afterwards. Anything else (403,
// 500, no connection, timeout) shows the form's plain message. htmx fires afterRequest after
// every request, also after responseError, sendError and timeout, so this one handler sees all.
(function () {
  "use strict";

  function errorBox(form) {
    return form.querySelector("[data-request-error-text]");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.hasAttribute && form.hasAttribute("data-htmx-redirect-form") && errorBox(form)) {
      errorBox(form).hidden = true;
      errorBox(form).textContent = "";
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-htmx-redirect-form")) {
      return;
    }
    var xhr = event.detail.xhr;
    if (event.detail.successful && xhr && xhr.getResponseHeader("HX-Redirect")) {
      return; // htmx loads the report page
    }
    var loginUrl = form.getAttribute("data-login-url");
    if (xhr && xhr.responseURL && loginUrl) {
      var answered = new URL(xhr.responseURL, window.location.href);
      if (answered.pathname === loginUrl) {
        window.location.assign(
          loginUrl + "?next=" + encodeURIComponent(window.location.pathname + window.location.search)
        );
        return;
      }
    }
    var box = errorBox(form);
    if (box) {
      box.textContent = form.getAttribute("data-request-error");
      box.hidden = false;
    }
  });
})();
