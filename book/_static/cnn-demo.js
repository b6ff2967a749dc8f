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
   Inline data: URIs (a notebook's own output) work the same way.

   Each frame comes in renderings (JSON "variants"): the <img>'s srcset offers the wide frame at
   1x and 2x, and a <source media=...> the narrow one for phones; the browser fetches the one its
   screen needs, and the frames fetched ahead are of that rendering too. */
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

  // The frame at grid point `index` in each rendering for `media` ("" is the <img>'s own):
  // [url, density] pairs, written as a srcset.
  function candidates(data, index, media) {
    var list = media ? [] : [[data.images[data.frames[index]], 1]];
    (data.variants || []).forEach(function (variant) {
      if (variant.media === media) list.push([variant.images[variant.frames[index]], variant.density]);
    });
    return list;
  }

  function srcset(list) {
    return list.map(function (candidate) { return candidate[0] + " " + candidate[1] + "x"; }).join(", ");
  }

  // The URL this screen shows for grid point `index`: the rendering of the first <source> whose
  // media query matches (else the <img>'s), at the smallest density that covers the screen's.
  function urlFor(root, data, index) {
    var media = "";
    Array.prototype.some.call(root.querySelectorAll("picture source[media]"), function (source) {
      var query = source.getAttribute("media");
      if (window.matchMedia && window.matchMedia(query).matches) media = query;
      return Boolean(media);
    });
    var list = candidates(data, index, media);
    if (!list.length) list = candidates(data, index, "");
    var ratio = window.devicePixelRatio || 1;
    var chosen = list[0];
    list.forEach(function (candidate) {
      var better = chosen[1] < ratio
        ? candidate[1] > chosen[1] // still short of the screen: denser is better
        : candidate[1] >= ratio && candidate[1] < chosen[1]; // covers it: the least dense
      if (better) chosen = candidate;
    });
    return chosen[0];
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
        var url = urlFor(root, data, frameIndex(data.sizes, moved));
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
    Array.prototype.forEach.call(root.querySelectorAll("picture source[media]"), function (source) {
      var set = srcset(candidates(data, index, source.getAttribute("media")));
      if (set && source.getAttribute("srcset") !== set) source.setAttribute("srcset", set);
    });
    var own = srcset(candidates(data, index, ""));
    if (img.getAttribute("srcset") !== own) img.setAttribute("srcset", own);
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
  // A category's name along its slider is a target too: a click moves the slider there.
  document.addEventListener("click", function (event) {
    var name = event.target && event.target.closest && event.target.closest("[data-cnn-demo] .cnn-demo-names > span");
    if (!name) return;
    var input = name.closest(".cnn-demo-control").querySelector("input[data-control]");
    var position = Array.prototype.indexOf.call(name.parentNode.children, name);
    event.preventDefault(); // the click is the name's, not the label's
    if (input.disabled) return;
    input.focus();
    if (String(position) === input.value) return;
    input.value = String(position);
    input.dispatchEvent(new Event("input", {bubbles: true}));
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
