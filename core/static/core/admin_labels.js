// Gives the admin's autocomplete boxes (select2) and split date/time inputs the names their
// labels say, for screen readers: Django's widgets leave them unnamed.
"use strict";
window.addEventListener("load", () => {
  for (const select of document.querySelectorAll("select.admin-autocomplete[id]")) {
    const label = document.querySelector(`label[for="${select.id}"]`);
    const box = select.nextElementSibling && select.nextElementSibling.querySelector(".select2-selection");
    if (!label || !box) continue;
    if (!label.id) label.id = `${select.id}-label`;
    box.setAttribute("aria-labelledby", label.id);
    const shown = box.querySelector(".select2-selection__rendered");
    if (shown) shown.setAttribute("aria-labelledby", label.id);
    const search = box.querySelector(".select2-search__field");
    if (search) search.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
  }
  for (const input of document.querySelectorAll(".datetime input[id$='_0'], .datetime input[id$='_1']")) {
    const label = document.querySelector(`label[for="${input.id}"]`) || document.querySelector(`label[for="${input.id.slice(0, -2)}_0"]`);
    const name = label ? label.textContent.replace(/:\s*$/, "").trim() : "Date";
    input.setAttribute("aria-label", `${name}: ${input.id.endsWith("_0") ? "date" : "time"}`);
  }
});
