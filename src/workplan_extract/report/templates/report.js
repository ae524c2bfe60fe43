// The report's only script: expand/collapse and a filter for the documents, open everything
// for printing, and open a document that a link points to. The page works without it.
(function () {
  "use strict";
  var root = document.documentElement;
  var docs = function () { return document.querySelectorAll("details.doc"); };
  // In a large report each document's details wait as text in a <script type="text/html">
  // (already escaped HTML: the browser need not build them until they are opened).
  function inflate(d) {
    var later = d.querySelector("script.later");
    if (later) { later.insertAdjacentHTML("beforebegin", later.textContent); later.remove(); }
  }
  docs().forEach(function (d) {
    d.addEventListener("toggle", function () { if (d.open) { inflate(d); } });
    if (d.open) { inflate(d); }
  });
  document.querySelectorAll("[data-js]").forEach(function (el) { el.hidden = false; });
  document.querySelectorAll("button[data-open]").forEach(function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-open") === "1";
      docs().forEach(function (d) { if (!d.hidden) { d.open = open; } });
    });
  });
  var filter = document.getElementById("doc-filter");
  var doubtful = document.getElementById("doc-doubtful");
  var status = document.getElementById("doc-shown");
  function apply() {
    var words = filter.value.toLowerCase().trim();
    var shown = 0;
    docs().forEach(function (d) {
      var hide = (words && d.getAttribute("data-text").indexOf(words) < 0) ||
        (doubtful.checked && d.getAttribute("data-warnings") === "0");
      d.hidden = !!hide;
      if (!hide) { shown += 1; }
    });
    status.textContent = shown + " shown";
  }
  if (filter && doubtful && status) {
    filter.addEventListener("input", apply);
    doubtful.addEventListener("change", apply);
  }
  function reveal() {
    var target = location.hash && document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") { inflate(target); target.open = true; }
  }
  window.addEventListener("hashchange", reveal);
  reveal();
  // Closed <details> do not print: open them for the printout and close them again after.
  window.addEventListener("beforeprint", function () {
    docs().forEach(inflate);
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("data-print", "1"); d.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print]").forEach(function (d) {
      d.removeAttribute("data-print"); d.open = false;
    });
  });
  root.setAttribute("data-script", "ran");
}());
