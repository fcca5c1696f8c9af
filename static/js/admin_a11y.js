// Accessible names the Django admin leaves out (WCAG 2.1 AA, checked by tests/e2e with axe-core):
// the search boxes and choice boxes of autocomplete fields (select2), and the date and time boxes
// of a date-time field, which carry only a "Date:"/"Time:" text, not a label.
(function () {
  "use strict";

  function labelText(id) {
    var label = id ? document.querySelector("label[for='" + id + "']") : null;
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function selectOf(element) {
    var container = element.closest(".select2");
    var previous = container && container.previousElementSibling;
    if (previous && previous.tagName === "SELECT") {
      return previous;
    }
    // The search box of an open dropdown names its results list "select2-<select id>-results".
    var match = /^select2-(.+)-results$/.exec(element.getAttribute("aria-controls") || "");
    return match ? document.getElementById(match[1]) : null;
  }

  function name(element, text) {
    if (text && !element.getAttribute("aria-label")) {
      element.setAttribute("aria-label", text);
    }
  }

  function nameAutocompletes() {
    document.querySelectorAll(".select2-search__field, .select2-selection, .select2-selection__rendered")
      .forEach(function (element) {
        var select = selectOf(element);
        name(element, select ? labelText(select.id) : "");
      });
  }

  function nameDateTimes() {
    document.querySelectorAll("p.datetime input").forEach(function (input) {
      // "Date:" or "Time:" is the text just before the box; the field's label names the first box.
      var before = input.previousSibling;
      while (before && before.nodeType !== Node.TEXT_NODE) {
        before = before.previousSibling;
      }
      var part = before ? before.textContent.replace(/:\s*$/, "").trim() : "";
      var field = labelText(input.id.replace(/_1$/, "_0"));
      name(input, [field, part].filter(Boolean).join(", "));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameDateTimes();
    nameAutocompletes();
    // select2 builds new boxes whenever a choice is added or the dropdown opens.
    new MutationObserver(nameAutocompletes).observe(document.body, { childList: true, subtree: true });
  });
})();
