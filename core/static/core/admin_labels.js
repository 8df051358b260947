// Gives the admin's autocomplete boxes (select2) and split date/time inputs the names their
// labels say, for screen readers: Django's widgets leave them unnamed.
"use strict";
(() => {
  const setIfDifferent = (element, attribute, value) => {
    if (element && element.getAttribute(attribute) !== value) element.setAttribute(attribute, value);
  };

  const nameAutocomplete = (select) => {
    const label = document.querySelector(`label[for="${select.id}"]`);
    const box = select.nextElementSibling && select.nextElementSibling.querySelector(".select2-selection");
    if (!label || !box) return;
    if (!label.id) label.id = `${select.id}-label`;
    const name = label.textContent.replace(/:\s*$/, "").trim();
    setIfDifferent(box, "aria-labelledby", label.id);
    setIfDifferent(box.querySelector(".select2-selection__rendered"), "aria-labelledby", label.id);
    setIfDifferent(box.querySelector(".select2-search__field"), "aria-label", name);
  };

  const nameDateTime = (input) => {
    const label = document.querySelector(`label[for="${input.id}"]`)
      || document.querySelector(`label[for="${input.id.slice(0, -2)}_0"]`);
    const name = label ? label.textContent.replace(/:\s*$/, "").trim() : "Date";
    setIfDifferent(input, "aria-label", `${name}: ${input.id.endsWith("_0") ? "date" : "time"}`);
  };

  const nameAll = () => {
    document.querySelectorAll("select.admin-autocomplete[id]").forEach(nameAutocomplete);
    document.querySelectorAll(".datetime input[id$='_0'], .datetime input[id$='_1']").forEach(nameDateTime);
  };

  // select2 starts on its own schedule, rebuilds its parts whenever a choice changes, and new
  // inline rows bring new boxes: name whatever is there after each change of the page.
  let pending = false;
  const nameSoon = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      nameAll();
    });
  };
  document.addEventListener("DOMContentLoaded", () => {
    nameAll();
    new MutationObserver(nameSoon).observe(document.body, { attributes: true, childList: true, subtree: true });
  });
})();
