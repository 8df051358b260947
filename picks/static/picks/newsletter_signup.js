// A page the cache shares carries no CSRF token in its newsletter forms: this fetches this
// browser's token when a reader starts on a form (focus), or at the latest when they send it.
// Without it, the server answers with a page that asks to press Subscribe again.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-newsletter-signup]");

  function tokenInput(form) {
    return form.querySelector("input[name=csrfmiddlewaretoken]");
  }

  function fetchToken(form) {
    if (form.tokenRequest) {
      return form.tokenRequest;
    }
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
        var input = tokenInput(form);
        if (input && !input.value) {
          input.value = tokens.csrf;
        }
      })
      .catch(function () {
        // The form still posts; the server then asks the reader to send it again.
      });
    return form.tokenRequest;
  }

  Array.prototype.forEach.call(forms, function (form) {
    var input = tokenInput(form);
    if (!input || input.value) {
      return;
    }
    form.addEventListener("focusin", function () { fetchToken(form); });
    form.addEventListener("submit", function (event) {
      if (tokenInput(form).value) {
        return;
      }
      event.preventDefault();
      fetchToken(form).then(function () { form.submit(); });
    });
  });
})();
