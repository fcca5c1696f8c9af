// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Dependent region selects of the innovation list: choosing a provinsi loads its kabupaten/kota,
  // choosing a kabupaten loads its kecamatan. Without this script the form is simply submitted.
  function setupRegionSelects(form) {
    var urlTemplate = form.getAttribute("data-children-url");
    var chain = ["provinsi", "kabupaten", "kecamatan"].map(function (name) {
      return form.querySelector("select[name='" + name + "']");
    });
    if (!urlTemplate || chain.indexOf(null) !== -1) {
      return;
    }

    function clear(select) {
      var first = select.options[0];
      select.innerHTML = "";
      if (first && first.value === "") {
        select.appendChild(first);
      }
      select.value = "";
    }

    function load(select, code) {
      clear(select);
      if (!code) {
        return;
      }
      select.disabled = true;
      fetch(urlTemplate.replace("KODE", encodeURIComponent(code)), { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (data) {
          data.children.forEach(function (child) {
            var option = document.createElement("option");
            option.value = child.code;
            option.textContent = child.name;
            select.appendChild(option);
          });
        })
        .catch(function () {
          // The select stays empty; submitting the form still narrows the list.
        })
        .finally(function () {
          select.disabled = false;
        });
    }

    chain.forEach(function (select, level) {
      var child = chain[level + 1];
      if (!child) {
        return;
      }
      select.addEventListener("change", function () {
        for (var below = level + 2; below < chain.length; below++) {
          clear(chain[below]);
        }
        load(child, select.value);
      });
    });
  }

  // Leave empty fields out of the address, so that shared links show only the filters in use.
  function dropEmptyFields(form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && field.value === "") {
          field.disabled = true;
        }
      });
    });
    // Coming back to this page from the browser's history must find every field usable again.
    window.addEventListener("pageshow", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        field.disabled = false;
      });
    });
  }

  document.querySelectorAll("form[data-children-url]").forEach(function (form) {
    setupRegionSelects(form);
    dropEmptyFields(form);
  });
})();
