/* Self-check questions on the static site: immediate feedback, no kernel, no network.
   Each question is a <form data-answer> with radio buttons whose data-feedback
   holds the (already escaped) feedback for that choice; see companion/quiz.py. */
(function () {
  "use strict";
  function setup(form) {
    if (form.dataset.cnnQuizReady) return;
    form.dataset.cnnQuizReady = "1";
    var feedback = form.querySelector(".cnn-quiz-feedback");
    var answer = form.dataset.answer;
    function clear() {
      form.classList.remove("cnn-quiz-right", "cnn-quiz-wrong");
      feedback.textContent = "";
    }
    form.addEventListener("change", clear);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = form.querySelector("input[type=radio]:checked");
      clear();
      if (!chosen) {
        feedback.textContent = "Choose an answer first (Tab to the choices, arrow keys to move).";
        return;
      }
      var right = chosen.value === answer;
      form.classList.add(right ? "cnn-quiz-right" : "cnn-quiz-wrong");
      var verdict = right ? "Correct. " : "Not quite. ";
      var tail = right ? "" : " Try another answer.";
      feedback.innerHTML = "<strong>" + verdict + "</strong>" + chosen.dataset.feedback + tail;
    });
  }
  function init() {
    Array.prototype.forEach.call(
      document.querySelectorAll("[data-cnn-quiz] form.cnn-quiz-question"), setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
