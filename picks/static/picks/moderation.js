/* One-click moderation, in place: the desk's and the comment queue's forms (data-moderation)
   are sent with fetch(), and the comment's row shows the outcome instead of its buttons.
   Without this script, or when the request fails, the same forms post and redirect back. */
(function () {
  "use strict";

  function announce(commentId, text, ok) {
    var boxes = document.querySelectorAll('[data-comment-actions="' + commentId + '"]');
    boxes.forEach(function (box) {
      var result = box.querySelector(".moderation__result");
      box.querySelectorAll(".moderation__decisions, .moderation__reply").forEach(function (part) {
        if (ok) { part.hidden = true; }
      });
      result.textContent = text;
      result.hidden = false;
      result.classList.toggle("moderation__result--error", !ok);
      result.tabIndex = -1;
    });
    /* The pressed button is gone: keep the keyboard's place on what happened. */
    if (ok && boxes.length) { boxes[0].querySelector(".moderation__result").focus(); }
  }

  function showStatus(commentId, label) {
    document.querySelectorAll('[data-comment-status="' + commentId + '"]').forEach(function (cell) {
      cell.textContent = label;
    });
    var row = document.querySelector('[data-comment-actions="' + commentId + '"]');
    row = row && row.closest("tr, li");
    if (row) { row.classList.add("moderation--decided"); }
  }

  function lowerWaitingCount() {
    document.querySelectorAll("[data-waiting-count]").forEach(function (link) {
      var counter = link.querySelector("strong");
      var left = Math.max(0, parseInt(counter.textContent, 10) - 1);
      counter.textContent = String(left);
      var noun = left === 1 ? " comment" : " comments";
      link.replaceChildren(counter, document.createTextNode(noun + " awaiting moderation"));
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-moderation]")) { return; }
    event.preventDefault();
    var commentId = form.dataset.moderation;
    var buttons = document.querySelectorAll('button[form="' + form.id + '"]');
    var own = form.querySelectorAll("button");
    var all = Array.prototype.slice.call(buttons).concat(Array.prototype.slice.call(own));
    all.forEach(function (button) { button.disabled = true; });
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
    }).then(function (response) {
      return response.json().then(function (answer) { return answer; }, function () {
        throw new Error("not JSON");
      });
    }).then(function (answer) {
      all.forEach(function (button) { button.disabled = false; });
      announce(commentId, answer.message, answer.ok);
      if (answer.ok) {
        showStatus(commentId, answer.label);
        lowerWaitingCount();
      }
    }).catch(function () {
      form.submit();  /* the plain post: the server answers with a page and a message */
    });
  });
}());

/* Keyboard shortcuts while the focus is on a comment's buttons: A approve, S spam, D remove,
   R open the reply box. Never while typing, nor with a modifier key held. */
(function () {
  "use strict";
  var DECISIONS = { a: "approve", s: "spam", d: "remove" };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) { return; }
    var active = document.activeElement;
    if (!active || active.matches("input, textarea, select, [contenteditable]")) { return; }
    var box = active.closest("[data-comment-actions]");
    if (!box) { return; }
    var key = event.key.toLowerCase();
    if (DECISIONS[key]) {
      var button = box.querySelector(".moderation__button--" + DECISIONS[key]);
      if (button && !button.disabled && !button.closest("[hidden]")) {
        event.preventDefault();
        button.click();
      }
    } else if (key === "r") {
      var reply = box.querySelector(".moderation__reply");
      if (reply && !reply.hidden) {
        event.preventDefault();
        reply.open = true;
        reply.querySelector("textarea").focus();
      }
    }
  });
})();
