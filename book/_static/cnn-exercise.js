/* The course's number, array and choice exercises answered in the page: no kernel, no network.

   One exercise definition, two faces. Each exercise on a page is a <div data-cnn-exercise>
   holding its data (expected answer, tolerances, other right answers, typical mistakes with
   their messages), exported at build time from companion.exercises by book/_ext/course_exercises.py,
   and the page holds the notebook checker's message templates and verdict words once
   (#cnn-exercise-words). This script reads what the reader types as the notebook would read
   `answer = <text>`, then judges it by the same rule as companion/exercises/values.py:

     1. read the answer ("invalid" for text, True/False, complex, ragged rows, NaN, inf);
        a value outside the exercise's range is "invalid" too;
     2. equal to the expected answer within atol + rtol * |expected|: "correct";
     3. equal to another right answer (accept): "correct", with its note;
     4. equal to a typical mistake (or of a mistake's shape): "incorrect", with its message;
     5. of the wrong shape: "invalid"; otherwise "incorrect", saying where.

   tests/test_exercise_js.py runs this file under node over generated answers and compares
   every verdict and message with the Python checker's. Listeners sit on the document, so an
   exercise works as soon as its markup exists. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.cnnExercise = api;
    if (root.document) api.listen(root.document);
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // -- reading typed text as a Python literal -------------------------------------------------
  // Values are tagged like Python's: {t: "int"|"float"|"complex"|"str"|"bool"|"none"|
  // "list"|"tuple"|"set"|"ellipsis", ...}. A syntax error is thrown as SyntaxProblem.
  function SyntaxProblem(message) { this.message = message; }

  var NUMBER = /^(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?[jJ]?/;
  var WORD = /^[A-Za-z_][A-Za-z0-9_.]*/;
  var NAMES = {
    "nan": function () { return {t: "float", v: NaN}; },
    "inf": function () { return {t: "float", v: Infinity}; },
    "True": function () { return {t: "bool", v: true}; },
    "False": function () { return {t: "bool", v: false}; },
    "None": function () { return {t: "none"}; }
  };
  ["np.", "numpy.", "math."].forEach(function (prefix) {
    NAMES[prefix + "nan"] = NAMES.nan;
    NAMES[prefix + "inf"] = NAMES.inf;
  });

  function parse(text) {
    var s = String(text), i = 0;
    function space() { while (i < s.length && /\s/.test(s[i])) i++; }
    function fail() { throw new SyntaxProblem("syntax"); }
    function number() {
      var match = NUMBER.exec(s.slice(i));
      if (!match) return null;
      i += match[0].length;
      var body = match[0].replace(/_/g, "");
      if (/[jJ]$/.test(body)) return {t: "complex", re: 0, im: Number(body.slice(0, -1))};
      if (/[.eE]/.test(body)) return {t: "float", v: Number(body)};
      return {t: "int", v: Number(body)};
    }
    function string() {
      var quote = s[i], out = "";
      i++;
      while (i < s.length && s[i] !== quote) {
        if (s[i] === "\\" && i + 1 < s.length) {
          var next = s[i + 1];
          out += {n: "\n", t: "\t", "\\": "\\", "'": "'", '"': '"'}[next] || "\\" + next;
          i += 2;
        } else {
          out += s[i++];
        }
      }
      if (s[i] !== quote) fail();
      i++;
      return {t: "str", v: out};
    }
    function sequence(close, kind) {
      var items = [], trailing = false;
      space();
      while (s[i] !== close) {
        items.push(expression());
        space();
        trailing = false;
        if (s[i] === ",") { i++; space(); trailing = true; } else if (s[i] !== close) fail();
      }
      i++;
      if (kind === "tuple" && items.length === 1 && !trailing) return items[0];
      if (kind === "set" && !items.length) fail();  // {} is a dict in Python
      return {t: kind, items: items};
    }
    function atom() {
      space();
      var c = s[i];
      if (c === undefined) fail();
      if (c === "[") { i++; return sequence("]", "list"); }
      if (c === "(") { i++; return sequence(")", "tuple"); }
      if (c === "{") { i++; return sequence("}", "set"); }
      if (c === "'" || c === '"') return string();
      if (s.slice(i, i + 3) === "...") { i += 3; return {t: "ellipsis"}; }
      var found = number();
      if (found) return found;
      var word = WORD.exec(s.slice(i));
      if (word && Object.prototype.hasOwnProperty.call(NAMES, word[0])) {
        i += word[0].length;
        return NAMES[word[0]]();
      }
      return fail();
    }
    function signed() {
      space();
      var sign = 1, signs = 0;
      while (s[i] === "-" || s[i] === "+") { if (s[i] === "-") sign = -sign; i++; signs++; space(); }
      var value = atom();
      if (!signs) return value;
      if (value.t === "int" || value.t === "float") return {t: value.t, v: sign * value.v};
      if (value.t === "bool") return {t: "int", v: sign * (value.v ? 1 : 0)};
      if (value.t === "complex") return {t: "complex", re: sign * value.re, im: sign * value.im};
      return fail();
    }
    function expression() {
      var value = signed();
      space();
      // a + bj, a - bj: Python's complex literals
      if ((s[i] === "+" || s[i] === "-") && (value.t === "int" || value.t === "float")) {
        var save = i, op = s[i];
        i++;
        var other = signed();
        if (other.t === "complex") {
          return {t: "complex", re: value.v + (op === "-" ? -other.re : other.re),
            im: op === "-" ? -other.im : other.im};
        }
        i = save;
        fail();
      }
      return value;
    }
    var first = expression();
    space();
    if (i < s.length && s[i] === ",") {  // a, b: a tuple, as in `answer = 1, 2`
      var items = [first];
      while (s[i] === ",") {
        i++;
        space();
        if (i >= s.length) break;
        items.push(expression());
        space();
      }
      first = {t: "tuple", items: items};
    }
    if (i < s.length) fail();
    return first;
  }

  // -- Python's way of showing values ---------------------------------------------------------
  function floatRepr(x) {
    if (isNaN(x)) return "nan";
    if (x === Infinity) return "inf";
    if (x === -Infinity) return "-inf";
    if (x === 0) return (1 / x < 0) ? "-0.0" : "0.0";
    var parts = x.toExponential().split("e");  // shortest digits that read back as x
    var digits = parts[0].replace("-", "").replace(".", ""), exponent = Number(parts[1]);
    var sign = x < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      var out;
      if (exponent < 0) {
        out = "0." + "0".repeat(-exponent - 1) + digits;
      } else if (digits.length <= exponent + 1) {
        out = digits + "0".repeat(exponent + 1 - digits.length) + ".0";
      } else {
        out = digits.slice(0, exponent + 1) + "." + digits.slice(exponent + 1);
      }
      return sign + out;
    }
    var mantissa = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    var e = Math.abs(exponent) < 10 ? "0" + Math.abs(exponent) : String(Math.abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + e;
  }

  function strRepr(text) {
    var quote = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    var out = "";
    for (var k = 0; k < text.length; k++) {
      var c = text[k], code = text.charCodeAt(k);
      if (c === "\\") out += "\\\\";
      else if (c === quote) out += "\\" + c;
      else if (c === "\n") out += "\\n";
      else if (c === "\t") out += "\\t";
      else if (c === "\r") out += "\\r";
      else if (code < 32 || code === 127) out += "\\x" + (code < 16 ? "0" : "") + code.toString(16);
      else out += c;
    }
    return quote + out + quote;
  }

  function complexRepr(value) {
    function part(x) { var r = floatRepr(x); return /\.0$/.test(r) ? r.slice(0, -2) : r; }
    if (value.re === 0 && 1 / value.re > 0) return part(value.im) + "j";
    var im = value.im < 0 || (value.im === 0 && 1 / value.im < 0) ? "-" + part(-value.im) : "+" + part(value.im);
    return "(" + part(value.re) + im + "j)";
  }

  function pyRepr(value) {
    switch (value.t) {
      case "int": return String(value.v);
      case "float": return floatRepr(value.v);
      case "complex": return complexRepr(value);
      case "str": return strRepr(value.v);
      case "bool": return value.v ? "True" : "False";
      case "none": return "None";
      case "ellipsis": return "Ellipsis";
      case "list": return "[" + value.items.map(pyRepr).join(", ") + "]";
      case "tuple":
        return "(" + value.items.map(pyRepr).join(", ") + (value.items.length === 1 ? ",)" : ")");
      case "set": return "{" + value.items.map(pyRepr).join(", ") + "}";
    }
    return "?";
  }

  function pyStr(value) { return value.t === "str" ? value.v : pyRepr(value); }

  var TYPE_NAMES = {int: "int", float: "float", complex: "complex", str: "str", bool: "bool",
    none: "NoneType", ellipsis: "ellipsis", list: "list", tuple: "tuple", set: "set"};

  function shown(value) {
    var text = pyRepr(value);
    return text.length <= 40 ? text : text.slice(0, 37) + "...";
  }

  function tupleText(shape) {
    return "(" + shape.join(", ") + (shape.length === 1 ? ",)" : ")");
  }

  // Python's f"{x:.6g}" (companion.checks.format_number for non-whole numbers).
  function formatG(x, precision) {
    if (x === 0) return (1 / x < 0) ? "-0" : "0";
    var exp = x.toExponential(precision - 1).split("e"), exponent = Number(exp[1]);
    if (exponent < -4 || exponent >= precision) {
      var mantissa = exp[0].indexOf(".") >= 0 ? exp[0].replace(/0+$/, "").replace(/\.$/, "") : exp[0];
      var e = Math.abs(exponent) < 10 ? "0" + Math.abs(exponent) : String(Math.abs(exponent));
      return mantissa + "e" + (exponent < 0 ? "-" : "+") + e;
    }
    var fixed = x.toFixed(Math.max(0, precision - 1 - exponent));
    return fixed.indexOf(".") >= 0 ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
  }

  function formatNumber(x) {
    if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x === 0 ? 0 : x);
    return formatG(x, 6);
  }

  // -- reading an answer as numbers (companion.checks.read_array / read_number) ----------------
  function Refusal(status, message) { this.status = status; this.message = message; }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function isSequence(value) { return value.t === "list" || value.t === "tuple" || value.t === "set"; }

  // Python's sorted(set, key=lambda v: (isinstance(v, str), str(v))), after the set kept
  // the first of equal members (1, 1.0 and True are one member).
  function setToList(value) {
    var kept = [];
    value.items.forEach(function (item) {
      var number = numeric(item);
      var duplicate = kept.some(function (other) {
        if (item.t === "str" || other.t === "str") return item.t === other.t && item.v === other.v;
        var a = numeric(other);
        return number !== null && a !== null && a === number;
      });
      if (!duplicate) kept.push(item);
    });
    kept.sort(function (a, b) {
      var sa = a.t === "str" ? 1 : 0, sb = b.t === "str" ? 1 : 0;
      if (sa !== sb) return sa - sb;
      var ta = pyStr(a), tb = pyStr(b);
      return ta < tb ? -1 : ta > tb ? 1 : 0;
    });
    return {t: "list", items: kept};
  }

  function numeric(value) {
    if (value.t === "int" || value.t === "float") return value.v;
    if (value.t === "bool") return value.v ? 1 : 0;
    return null;
  }

  // (tuples become lists, as companion.answers._plain does)
  function plain(value) {
    if (value.t === "list" || value.t === "tuple") return {t: "list", items: value.items.map(plain)};
    return value;
  }

  // numpy.asarray(value): {shape, leaves} or null when the rows are ragged.
  function layout(value) {
    if (value.t !== "list") return {shape: [], leaves: [value]};
    if (!value.items.length) return {shape: [0], leaves: []};
    var parts = value.items.map(layout);
    if (parts.some(function (p) { return p === null; })) return null;
    var inner = parts[0].shape.join(",");
    if (parts.some(function (p) { return p.shape.join(",") !== inner; })) return null;
    return {shape: [parts.length].concat(parts[0].shape),
      leaves: [].concat.apply([], parts.map(function (p) { return p.leaves; }))};
  }

  function dtypeKind(leaves) {
    var kinds = {};
    leaves.forEach(function (leaf) { kinds[leaf.t] = true; });
    var numbersOrText = leaves.every(function (leaf) {
      return ["int", "float", "complex", "str", "bool"].indexOf(leaf.t) >= 0;
    });
    if (!numbersOrText) return "O";
    if (kinds.str) return "U";
    if (kinds.complex) return "c";
    if (kinds.float) return "f";
    if (kinds.int) return "i";
    if (kinds.bool) return "b";
    return "f";  // numpy.asarray([]) is float64
  }

  function describe(value) {
    if (value.t === "str" || value.t === "int" || value.t === "float" || value.t === "bool") {
      return "the " + TYPE_NAMES[value.t] + " " + pyRepr(value);
    }
    return "a value of type " + TYPE_NAMES[value.t];
  }

  function readArray(answer, variable, words) {
    var m = words.messages, value = plain(answer);
    if (value.t === "none") throw new Refusal("invalid", fill(m.none, {variable: variable}));
    if (value.t === "str") {
      throw new Refusal("invalid", fill(m.text, {variable: variable, given: shown(value)}));
    }
    if (value.t === "set") value = plain(setToList(value));
    if (value.t === "ellipsis") {
      throw new Refusal("invalid", fill(m.not_numbers, {variable: variable, given: describe(value)}));
    }
    var shaped = layout(value);
    if (shaped === null) throw new Refusal("invalid", fill(m.ragged, {variable: variable}));
    var kind = dtypeKind(shaped.leaves);
    if (kind === "U") {
      throw new Refusal("invalid", fill(m.text_array, {variable: variable, given: shown(value)}));
    }
    if (kind === "b") throw new Refusal("invalid", fill(m.bool, {variable: variable}));
    if (kind === "c") {
      throw new Refusal("invalid", fill(m.complex, {variable: variable, given: shown(value)}));
    }
    if (kind === "O") {
      shaped.leaves.forEach(function (leaf) {
        if (leaf.t === "str") {
          throw new Refusal("invalid", fill(m.text_array, {variable: variable, given: shown(value)}));
        }
        if (leaf.t === "bool") throw new Refusal("invalid", fill(m.bool, {variable: variable}));
        if (leaf.t === "complex") {
          throw new Refusal("invalid", fill(m.complex, {variable: variable, given: shown(value)}));
        }
        if (leaf.t !== "int" && leaf.t !== "float") {
          throw new Refusal("invalid", fill(m.not_numbers, {variable: variable, given: describe(value)}));
        }
      });
    }
    var values = shaped.leaves.map(numeric);
    if (values.some(function (v) { return isNaN(v); })) {
      throw new Refusal("invalid", fill(m.nan, {variable: variable}));
    }
    if (values.some(function (v) { return !isFinite(v); })) {
      throw new Refusal("invalid", fill(m.inf, {variable: variable}));
    }
    return {shape: shaped.shape, values: values};
  }

  // -- the rule of companion/exercises/values.py -------------------------------------------------
  function fromData(reference) {
    // JSON data (nested lists of numbers) as {shape, values}
    function walk(item) {
      if (!Array.isArray(item)) return {shape: [], values: [Number(item)]};
      if (!item.length) return {shape: [0], values: []};
      var parts = item.map(walk);
      return {shape: [parts.length].concat(parts[0].shape),
        values: [].concat.apply([], parts.map(function (p) { return p.values; }))};
    }
    return walk(reference);
  }

  function asSet(array) {
    var sorted = array.values.slice().sort(function (a, b) { return a - b; });
    var unique = sorted.filter(function (v, k) { return k === 0 || v !== sorted[k - 1]; });
    return {shape: [unique.length], values: unique};
  }

  function sameShape(a, b) { return a.join(",") === b.join(","); }

  function isClose(given, reference, atol, rtol) {
    if (!sameShape(given.shape, reference.shape)) return false;
    return given.values.every(function (v, k) {
      var r = reference.values[k];
      return Math.abs(v - r) <= atol + rtol * Math.abs(r);
    });
  }

  function judgeValue(data, answer, words) {
    var m = words.messages, variable = data.variable, ordered = data.ordered !== false;
    var given, k;
    if (data.kind === "array" && ordered && answer.t === "set") {
      throw new Refusal("invalid", fill(m.set_unordered, {variable: variable}));
    }
    given = readArray(answer, variable, words);
    if (data.kind === "array" && !ordered) given = asSet(given);
    function matches(reference) {
      var target = fromData(reference);
      if (data.kind === "array" && !ordered) target = asSet(target);
      return isClose(given, target, data.atol || 0, data.rtol || 0);
    }
    if (data.range) {
      var low = data.range[0], high = data.range[1];
      var outside = given.values.filter(function (v) { return v < low || v > high; });
      if (given.values.length && outside.length) {
        throw new Refusal("invalid", fill(m.range, {variable: variable, low: formatNumber(low),
          high: formatNumber(high), given: formatNumber(outside[0])}));
      }
    }
    var mistakes = data.mistakes || [];
    for (k = 0; k < mistakes.length; k++) {
      if (mistakes[k].shape && sameShape(given.shape, mistakes[k].shape)) {
        return {status: "incorrect", message: mistakes[k].message};
      }
    }
    if (data.kind === "number") {
      if (given.values.length !== 1) {
        throw new Refusal("invalid", fill(m.one_number, {variable: variable,
          count: given.values.length, shape: tupleText(given.shape)}));
      }
      given = {shape: [], values: given.values};
    }
    if (matches(data.expected)) return {status: "correct", message: data.message};
    for (k = 0; k < (data.accept || []).length; k++) {
      if (matches(data.accept[k].answer)) return {status: "correct", message: data.accept[k].message};
    }
    for (k = 0; k < mistakes.length; k++) {
      if (!mistakes[k].shape && matches(mistakes[k].answer)) {
        return {status: "incorrect", message: mistakes[k].message};
      }
    }
    return wrong(data, given, words);
  }

  function wrong(data, given, words) {
    var m = words.messages, variable = data.variable;
    if (data.kind === "number") {
      var value = given.values[0], expected = Number(data.expected);
      return {status: "incorrect",
        message: fill(value > expected ? m.too_high : m.too_low, {given: formatNumber(value), variable: variable})};
    }
    if (data.ordered === false) {
      return {status: "incorrect", message: fill(m.set, {variable: variable,
        given: "[" + given.values.map(formatNumber).join(", ") + "]"})};
    }
    var expected = fromData(data.expected);
    if (!sameShape(given.shape, expected.shape)) {
      var text = fill(m.shape, {variable: variable, expected: tupleText(expected.shape),
        shape: tupleText(given.shape)});
      if (given.values.length === expected.values.length) text += m.shape_squeeze;
      throw new Refusal("invalid", text);
    }
    var wrongAt = [];
    given.values.forEach(function (v, k) {
      var r = expected.values[k];
      if (Math.abs(v - r) > (data.atol || 0) + (data.rtol || 0) * Math.abs(r)) wrongAt.push(k);
    });
    var first = wrongAt[0], index = [], rest = first;
    for (var axis = expected.shape.length - 1; axis >= 0; axis--) {
      index.unshift(rest % expected.shape[axis]);
      rest = Math.floor(rest / expected.shape[axis]);
    }
    var where;
    if (data.labels) where = data.labels[index[0]];
    else if (index.length === 2) where = "at row " + index[0] + ", column " + index[1];
    else if (index.length === 1) where = "at position " + index[0];
    else where = "at index " + tupleText(index);
    return {status: "incorrect", message: fill(m.values, {wrong: wrongAt.length,
      count: given.values.length, variable: variable, where: where, given: formatNumber(given.values[first])})};
  }

  var KEY = /^[\s(\["']*([a-z])[\s)\]"'.:]*$/;

  function judgeChoice(data, answer, words) {
    var keys = data.options.map(function (option) { return option.key; });
    var match = answer.t === "str" ? KEY.exec(answer.v.toLowerCase()) : null;
    var key = match ? match[1] : null;
    if (keys.indexOf(key) < 0) {
      throw new Refusal("invalid", fill(words.messages.choice, {
        keys: keys.map(function (k) { return '"' + k + '"'; }).join(", "),
        variable: data.variable, first: keys[0],
        given: answer.t === "str" ? pyRepr(answer) : "a value of type " + TYPE_NAMES[answer.t]
      }));
    }
    var chosen = data.options[keys.indexOf(key)];
    return {status: key === data.expected ? "correct" : "incorrect", message: chosen.message};
  }

  function unanswered(answer) {
    return answer.t === "ellipsis" || (answer.t === "str" && !answer.v.trim());
  }

  /* The verdict on a parsed answer: {status, message}, as Exercise.check's Feedback. */
  function check(data, answer, words) {
    if (unanswered(answer)) return {status: "unanswered", message: words.page.unanswered};
    try {
      if (data.kind === "choice") return judgeChoice(data, answer, words);
      return judgeValue(data, answer, words);
    } catch (problem) {
      if (problem instanceof Refusal) return {status: problem.status, message: problem.message};
      throw problem;
    }
  }

  var BARE_TEXT = /^[A-Za-z][A-Za-z '-]*$/;

  /* The verdict on what the reader typed (a choice's key, for choices). */
  function checkText(data, text, words) {
    var typed = String(text).trim();
    if (!typed) return {status: "unanswered", message: words.page.unanswered};
    if (data.kind === "choice") return check(data, {t: "str", v: typed}, words);
    var answer;
    try {
      answer = parse(typed);
    } catch (problem) {
      if (!(problem instanceof SyntaxProblem)) throw problem;
      if (!BARE_TEXT.test(typed)) {
        return {status: "invalid", message: fill(words.page.syntax, {variable: data.variable})};
      }
      answer = {t: "str", v: typed};  // a word where a number belongs: text, as "seven" is
    }
    return check(data, answer, words);
  }

  // companion.quiz.inline_html: escape, and `code` in backticks
  function inlineHtml(text) {
    return String(text).split(/`([^`]+)`/).map(function (part, k) {
      var escaped = part.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
      return k % 2 ? "<code>" + escaped + "</code>" : escaped;
    }).join("");
  }

  // -- the page ---------------------------------------------------------------------------------
  var wordsCache = null;
  function pageWords(doc) {
    if (!wordsCache) {
      var block = doc.getElementById("cnn-exercise-words");
      wordsCache = block ? JSON.parse(block.textContent) : null;
    }
    return wordsCache;
  }

  function exerciseOf(target) {
    var root = target && target.closest ? target.closest("[data-cnn-exercise]") : null;
    return root;
  }

  function dataOf(root) {
    if (!root.cnnExerciseData) {
      root.cnnExerciseData = JSON.parse(root.querySelector("script.cnn-exercise-data").textContent);
    }
    return root.cnnExerciseData;
  }

  function typedAnswer(root) {
    var chosen = root.querySelector("input[type=radio]:checked");
    if (root.querySelector("input[type=radio]")) return chosen ? chosen.value : "";
    var field = root.querySelector(".cnn-exercise-input");
    return field ? field.value : "";
  }

  function show(root, verdict, words) {
    var feedback = root.querySelector(".cnn-exercise-feedback");
    root.classList.remove("cnn-exercise-correct", "cnn-exercise-incorrect",
      "cnn-exercise-invalid", "cnn-exercise-unanswered");
    if (!verdict) { feedback.textContent = ""; return; }
    root.classList.add("cnn-exercise-" + verdict.status);
    feedback.innerHTML = "<strong>" + inlineHtml(words.verdicts[verdict.status]) + "</strong>: " +
      inlineHtml(verdict.message);
  }

  function listen(doc) {
    doc.addEventListener("submit", function (event) {
      var root = exerciseOf(event.target);
      if (!root) return;
      event.preventDefault();
      var words = pageWords(doc);
      show(root, checkText(dataOf(root), typedAnswer(root), words), words);
    });
    function clear(event) {
      var root = exerciseOf(event.target);
      if (root && !(event.target.matches && event.target.matches("button"))) show(root, null);
    }
    doc.addEventListener("input", clear);
    doc.addEventListener("change", clear);
  }

  return {
    parse: parse, check: check, checkText: checkText, pyRepr: pyRepr,
    formatNumber: formatNumber, inlineHtml: inlineHtml, listen: listen,
    SyntaxProblem: SyntaxProblem
  };
});
