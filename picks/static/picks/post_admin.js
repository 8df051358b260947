// The post form's image library panel: copy or insert an image's code (uploads: image_chooser.js).
"use strict";
document.addEventListener("click", (event) => {
  const copy = event.target.closest(".media-copy");
  if (copy) {
    navigator.clipboard.writeText(copy.dataset.copy).then(() => {
      copy.textContent = "Copied";
    });
    return;
  }
  const insert = event.target.closest(".media-insert");
  if (insert) {
    const body = document.getElementById(insert.dataset.target);
    if (!body) return;
    const start = body.selectionStart ?? body.value.length;
    const end = body.selectionEnd ?? start;
    const code = `\n\n${insert.dataset.copy}\n\n`;
    body.setRangeText(code, start, end, "end");
    body.focus();
    body.dispatchEvent(new Event("input", { bubbles: true }));
    return;
  }
  if (event.target.closest(".media-close")) {
    window.close();
  }
});

// "Schedule…" needs the date and time the post goes live: without one, it asks for it first.
document.addEventListener("click", (event) => {
  const schedule = event.target.closest(".post-schedule");
  if (!schedule) return;
  const date = document.getElementById("id_publish_at_0");
  if (!date || date.value.trim()) return;
  event.preventDefault();
  const help = document.getElementById("post-schedule-help");
  if (help) {
    help.textContent = "Give the date and time it goes live under “Publishing”, then press “Schedule…” again.";
    help.setAttribute("role", "status");
  }
  date.scrollIntoView({ block: "center" });
  date.focus();
});
