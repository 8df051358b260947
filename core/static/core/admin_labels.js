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
    if (!box) return;
    // Select2's "Remove all items" cross is a <span> inside the list of choices (an invalid
    // list child) and takes no keyboard focus: Backspace does the same for keyboard users.
    box.querySelectorAll(".select2-selection__clear").forEach((cross) => setIfDifferent(cross, "aria-hidden", "true"));
    if (!label) {
      // A tabular inline's row has no <label>: the row's own name, given by the formset.
      const name = select.getAttribute("aria-label");
      if (!name) return;
      setIfDifferent(box, "aria-label", name);
      setIfDifferent(box.querySelector(".select2-selection__rendered"), "aria-label", name);
      setIfDifferent(box.querySelector(".select2-search__field"), "aria-label", name);
      return;
    }
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
