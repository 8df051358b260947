// A newsletter form on a page the cache shares carries no CSRF token: this fetches this
// browser's token when a reader starts on the form (focus), or at the latest when they send it,
// and adds it to the form. Without it, the server answers with a page that asks to press
// Subscribe again (picks/views/newsletter.py).
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-newsletter-signup]");

  function tokenInput(form) {
    return form.querySelector("input[name=csrfmiddlewaretoken]");
  }

  function addToken(form, token) {
    var input = tokenInput(form);
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "csrfmiddlewaretoken";
      form.appendChild(input);
    }
    if (!input.value) {
      input.value = token;
    }
  }

  function fetchToken(form) {
    if (!form.tokenRequest) {
      form.tokenRequest = fetch(form.getAttribute("data-csrf-url"), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("newsletter token: HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (tokens) {
          addToken(form, tokens.csrf);
        })
        .catch(function () {
          // The form still posts; the server then asks the reader to send it again.
        });
    }
    return form.tokenRequest;
  }

  Array.prototype.forEach.call(forms, function (form) {
    if (tokenInput(form)) {
      return;  // a page made for this reader: the token is in it
    }
    form.addEventListener("focusin", function () { fetchToken(form); });
    form.addEventListener("submit", function (event) {
      if (tokenInput(form)) {
        return;
      }
      event.preventDefault();
      fetchToken(form).then(function () { form.submit(); });
    });
  });
})();
