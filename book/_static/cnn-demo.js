/* Static face of the course's slider demos: flips precomputed frames, offline.
   Each demo is a <div data-cnn-demo> holding range inputs, one <img>, a caption
   and a JSON block (see companion/faces.py). */
(function () {
  "use strict";
  function setup(root) {
    if (root.dataset.cnnDemoReady) return;
    root.dataset.cnnDemoReady = "1";
    var data = JSON.parse(root.querySelector("script.cnn-demo-data").textContent);
    var inputs = Array.prototype.slice.call(root.querySelectorAll("input[data-control]"));
    var img = root.querySelector("img.cnn-demo-frame");
    var caption = root.querySelector(".cnn-demo-caption");
    function show() {
      var index = 0;
      inputs.forEach(function (input, i) {
        var value = Number(input.value);
        var label = data.labels[i][value];
        index = index * data.sizes[i] + value;
        input.setAttribute("aria-valuetext", label);
        input.parentNode.querySelector("output").textContent = label;
      });
      img.src = data.images[data.frames[index]];
      img.alt = data.texts[index];
      caption.textContent = data.texts[index];
    }
    inputs.forEach(function (input) { input.addEventListener("input", show); });
  }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-cnn-demo]"), setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
