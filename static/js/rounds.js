/* Juror's scoring page: shows the weighted total, sum(score x weight) / 100, while the juror types. */
(function () {
  "use strict";
  var form = document.querySelector(".score-form");
  var box = form && form.querySelector("[data-score-total]");
  if (!box) { return; }
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.score-input"));
  var output = box.querySelector("output");

  function update() {
    var sum = 0;
    var complete = inputs.every(function (input) {
      var value = Number(input.value);
      if (input.value === "" || !Number.isInteger(value) || value < 1 || value > 10) { return false; }
      sum += value * Number(input.dataset.weight);
      return true;
    });
    output.textContent = complete ? (sum / 100).toFixed(2).replace(".", ",") : "–";
  }

  inputs.forEach(function (input) { input.addEventListener("input", update); });
  box.hidden = false;
  update();
}());
