// Turns each side-by-side before/after figure into an overlay with a labelled range slider.
// Without JavaScript the photos stay side by side; the native range input gives keyboard control
// (arrow keys, Page Up/Down, Home/End) and announces its value to screen readers.
(function () {
  "use strict";

  function enhance(figure, index) {
    if (figure.classList.contains("is-enhanced")) return;
    var id = "compare-slider-" + index;
    var control = document.createElement("div");
    control.className = "compare__control";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Compare: slide right to show more of the before photo, left for the after photo";
    var input = document.createElement("input");
    input.type = "range";
    input.id = id;
    input.min = "0";
    input.max = "100";
    input.step = "1";
    input.value = "50";

    function update() {
      figure.style.setProperty("--compare-position", input.value + "%");
      input.setAttribute("aria-valuetext", input.value + "% before, " + (100 - input.value) + "% after");
    }

    input.addEventListener("input", update);
    control.appendChild(label);
    control.appendChild(input);
    figure.querySelector(".compare__frames").after(control);
    figure.classList.add("is-enhanced");
    update();
  }

  function init() {
    document.querySelectorAll("[data-compare]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
