// A library image's focal point: a click on the picture sets the "focal point" fields (in % of
// its width and height) and moves the marker; typing in the fields moves the marker too.
"use strict";
(() => {
  const setUp = (box) => {
    const frame = box.querySelector(".focal-point__frame");
    const image = frame.querySelector("img");
    const marker = frame.querySelector(".focal-point__marker");
    const across = document.getElementById("id_focal_x");
    const down = document.getElementById("id_focal_y");
    if (!image || !across || !down) return;

    const place = () => {
      const x = Math.min(100, Math.max(0, Number(across.value) || 0));
      const y = Math.min(100, Math.max(0, Number(down.value) || 0));
      // CSSOM, not a style attribute: the content security policy allows it.
      marker.style.left = `${x}%`;
      marker.style.top = `${y}%`;
      marker.hidden = false;
    };
    image.addEventListener("click", (event) => {
      const bounds = image.getBoundingClientRect();
      across.value = Math.round(((event.clientX - bounds.left) / bounds.width) * 100);
      down.value = Math.round(((event.clientY - bounds.top) / bounds.height) * 100);
      for (const input of [across, down]) input.dispatchEvent(new Event("change", { bubbles: true }));
      place();
    });
    across.addEventListener("input", place);
    down.addEventListener("input", place);
    place();
  };
  const init = () => document.querySelectorAll("[data-focal-point]").forEach(setUp);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
