/* Self-check questions on the static site: immediate feedback, no kernel, no network.
   Each question is a <form> with radio buttons whose data-feedback holds the (already
   escaped) feedback for that choice; the words of a verdict come from the quiz block's
   data-correct / data-incorrect / data-retry / data-unanswered (companion/quiz.py, which
   gives the notebook's widgets the same words). Listeners sit on the document, so a
   question works as soon as its markup exists. */
(function () {
  "use strict";
  function question(event) {
    var form = event.target && event.target.closest && event.target.closest("form.cnn-quiz-question");
    return form && form.closest("[data-cnn-quiz]") ? form : null;
  }
  function clear(form) {
    var feedback = form.querySelector(".cnn-quiz-feedback");
    form.classList.remove("cnn-quiz-right", "cnn-quiz-wrong");
    feedback.textContent = "";
  }
  document.addEventListener("change", function (event) {
    var form = question(event);
    if (form) clear(form);
  });
  document.addEventListener("submit", function (event) {
    var form = question(event);
    if (!form) return;
    event.preventDefault();
    var words = form.closest("[data-cnn-quiz]").dataset;
    var feedback = form.querySelector(".cnn-quiz-feedback");
    var chosen = form.querySelector("input[type=radio]:checked");
    clear(form);
    if (!chosen) {
      feedback.textContent = words.unanswered;
      return;
    }
    var right = chosen.value === form.dataset.answer;
    form.classList.add(right ? "cnn-quiz-right" : "cnn-quiz-wrong");
    feedback.innerHTML = "<strong>" + (right ? words.correct : words.incorrect) + "</strong> " +
      chosen.dataset.feedback + (right ? "" : " " + words.retry);
  });
})();
