/* Static face of the course's slider demos: flips precomputed frames, offline.

   Each demo is a <div data-cnn-demo> holding range inputs, one <img>, a caption and a JSON
   block (see companion/faces.py). This script loads in the page's head, before any demo
   exists, and listens on the document: a demo answers its sliders as soon as its markup is
   there, long before the page's deferred scripts (icons, MathJax) have run. Each demo is
   synced (show) when its data arrives, when the document is parsed and on every pageshow, so a
   slider value the browser restores (back button, reload) shows its own frame.

   Frames are files on the built site (_images/inline/*.png, named in the JSON by relative
   URLs): a frame is fetched when it is shown. So that a slider move stays immediate, the
   frames one step away on each slider are fetched ahead, when the demo nears the viewport and
   after each move (an IntersectionObserver; plain Image objects, which also load from file://).
   Inline data: URIs (a notebook's own output) work the same way. */
(function () {
  "use strict";
  var parsed = new WeakMap(); // demo root -> its JSON data
  var fetched = Object.create(null); // url -> Image: frames fetched ahead, kept while the page lives

  // The frame-index rule, the one place it is written: frames are stored row-major over the
  // sliders' positions, the last slider fastest (the order of companion.demo.Demo.grid).
  function frameIndex(sizes, positions) {
    var index = 0;
    for (var i = 0; i < sizes.length; i++) index = index * sizes[i] + positions[i];
    return index;
  }

  function dataOf(root) {
    if (!parsed.has(root)) {
      var block = root.querySelector("script.cnn-demo-data");
      if (!block) return null;
      try {
        parsed.set(root, JSON.parse(block.textContent));
      } catch (error) {
        if (document.readyState !== "loading") throw error;
        return null; // the block is still arriving: synced once it has
      }
    }
    return parsed.get(root);
  }

  function positionsOf(root, data) {
    var positions = data.sizes.map(function () { return 0; });
    Array.prototype.forEach.call(root.querySelectorAll("input[data-control]"), function (input) {
      var number = Number(input.getAttribute("data-control"));
      positions[number] = Math.min(Math.max(Math.round(Number(input.value)) || 0, 0), data.sizes[number] - 1);
    });
    return positions;
  }

  // Fetch ahead the frames one step away on each slider, so the next move shows at once.
  function prefetchAround(root) {
    var data = dataOf(root);
    if (!data) return;
    var positions = positionsOf(root, data);
    positions.forEach(function (position, number) {
      [position - 1, position + 1].forEach(function (next) {
        if (next < 0 || next >= data.sizes[number]) return;
        var moved = positions.slice();
        moved[number] = next;
        var url = data.images[data.frames[frameIndex(data.sizes, moved)]];
        if (!url || fetched[url] || url.lastIndexOf("data:", 0) === 0) return;
        var image = new Image();
        image.decoding = "async";
        image.src = url;
        fetched[url] = image;
      });
    });
  }

  var observer = "IntersectionObserver" in window
    ? new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) prefetchAround(entry.target);
        });
      }, {rootMargin: "600px 0px"})
    : null;
  var watched = new WeakSet();

  function watch(root) {
    if (watched.has(root)) return;
    watched.add(root);
    if (observer) observer.observe(root);
    else prefetchAround(root);
  }

  function show(root) {
    var data = dataOf(root);
    if (!data) return;
    watch(root);
    var positions = positionsOf(root, data);
    Array.prototype.forEach.call(root.querySelectorAll("input[data-control]"), function (input) {
      var number = Number(input.getAttribute("data-control"));
      var position = positions[number];
      var label = data.labels[number][position];
      input.setAttribute("aria-valuetext", label);
      var control = input.closest(".cnn-demo-control") || input.parentNode;
      var output = control.querySelector("output");
      if (output && output.textContent !== label) output.textContent = label;
      Array.prototype.forEach.call(control.querySelectorAll(".cnn-demo-names > span"), function (name, i) {
        name.classList.toggle("cnn-demo-chosen", i === position);
      });
    });
    var index = frameIndex(data.sizes, positions);
    var img = root.querySelector("img.cnn-demo-frame");
    var caption = root.querySelector(".cnn-demo-caption");
    var src = data.images[data.frames[index]];
    var text = data.texts[index];
    if (img.getAttribute("src") !== src) img.setAttribute("src", src);
    if (img.alt !== text) img.alt = text;
    // Only on a change: the caption is a live region, read out whenever it is written.
    if (caption.textContent !== text) caption.textContent = text;
  }

  function showAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-cnn-demo]"), show);
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!target || !target.matches || !target.matches("[data-cnn-demo] input[data-control]")) return;
    var root = target.closest("[data-cnn-demo]");
    show(root);
    prefetchAround(root);
  });
  // The first touch of a slider (focus, press) fetches its neighbours before it moves.
  ["focusin", "pointerdown"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var target = event.target;
      if (target && target.matches && target.matches("[data-cnn-demo] input[data-control]")) {
        prefetchAround(target.closest("[data-cnn-demo]"));
      }
    });
  });
  window.addEventListener("pageshow", showAll);

  if (document.readyState === "loading") {
    // While the page is parsed: sync each demo as soon as its data block has fully arrived.
    var pending = [];
    var watcher = new MutationObserver(function (records) {
      records.forEach(function (record) {
        Array.prototype.forEach.call(record.addedNodes, function (node) {
          if (node.nodeType === 1 && node.matches("script.cnn-demo-data")) {
            var root = node.closest("[data-cnn-demo]");
            if (root) pending.push(root);
          }
        });
      });
      pending = pending.filter(function (root) {
        show(root);
        return !parsed.has(root);
      });
    });
    watcher.observe(document.documentElement, {childList: true, subtree: true});
    document.addEventListener("DOMContentLoaded", function () {
      watcher.disconnect();
      showAll();
    });
  } else {
    showAll();
  }
})();
