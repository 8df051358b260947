// Warns before leaving a change form with unsaved edits; submitting the form clears the warning.
"use strict";
// Loaded in the <head> with the admin's other scripts: the form is there once the page is parsed.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("#content-main form[method=post]");
  if (!form) return;
  let dirty = false;
  const mark = (event) => {
    if (event.target.closest && event.target.closest("[data-unsaved-ignore]")) return;
    dirty = true;
  };
  form.addEventListener("input", mark);
  form.addEventListener("change", mark);
  form.addEventListener("submit", () => {
    dirty = false;
  });
  // Other scripts (a restore, a preview) may set or clear it.
  document.addEventListener("marquee:unsaved", (event) => {
    dirty = Boolean(event.detail);
  });
  window.addEventListener("beforeunload", (event) => {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = "";
  });
});
