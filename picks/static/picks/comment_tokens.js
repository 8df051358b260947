// A post page the cache shares carries no per-view tokens: this asks for a fresh pair (the CSRF
// token and the comment form's signed start) and fills every empty one on the page. Without it,
// the server sends a comment back once with a fresh form (picks/views/comments.py).
(function () {
  "use strict";
  var section = document.querySelector("[data-tokens-url]");
  var empty = document.querySelectorAll("input[data-per-view]");
  var missing = Array.prototype.some.call(empty, function (input) { return !input.value; });
  if (!section || !missing) {
    return;
  }
  fetch(section.getAttribute("data-tokens-url"), {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("tokens: HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (tokens) {
      Array.prototype.forEach.call(empty, function (input) {
        if (input.value) {
          return;
        }
        if (input.name === "csrfmiddlewaretoken") {
          input.value = tokens.csrf;
        } else if (input.name === "started" && tokens.started) {
          input.value = tokens.started;
        }
      });
    })
    .catch(function () {
      // The form still posts; the server then asks the reader to send it again.
    });
})();
