// Accessible names for the search boxes that the admin's autocomplete fields (select2) create:
// select2 gives them none, so a screen reader announced an unnamed text field.
(function () {
  "use strict";

  function selectOf(field) {
    var container = field.closest(".select2");
    var previous = container && container.previousElementSibling;
    if (previous && previous.tagName === "SELECT") {
      return previous;
    }
    // The search box of an open dropdown names its results list "select2-<select id>-results".
    var match = /^select2-(.+)-results$/.exec(field.getAttribute("aria-controls") || "");
    return match ? document.getElementById(match[1]) : null;
  }

  function name(field) {
    if (field.getAttribute("aria-label")) {
      return;
    }
    var select = selectOf(field);
    var label = select && select.id ? document.querySelector("label[for='" + select.id + "']") : null;
    if (label) {
      field.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
    }
  }

  function nameAll() {
    document.querySelectorAll(".select2-search__field").forEach(name);
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    // select2 builds a new search box whenever a choice is added or the dropdown opens.
    new MutationObserver(nameAll).observe(document.body, { childList: true, subtree: true });
  });
})();
