// The image chooser (picks/admin/image_chooser.py): an in-page dialog that lists the image library,
// searches it, and uploads into it. On an image field (poster, photo, hero image) the chosen image
// fills the field and its alt text; on the post form's image library panel an upload joins the
// panel's list at once and "Insert" puts its code in the body.
"use strict";
(() => {
  const csrf = () => {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  const element = (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === true) node.setAttribute(name, "");
      else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
  };

  const UPLOAD_FIELDS = [
    ["image", "Image file", "file", "JPEG, PNG or WebP."],
    ["title", "Title", "text", "For finding it in the library."],
    ["alt_text", "Alt text", "text", "What the image shows, for readers who cannot see it."],
    ["credit", "Credit", "text", "Who made it or holds the rights, e.g. “Photo: Lionsgate”."],
  ];

  let dialog = null;
  let state = { listUrl: "", uploadUrl: "", onChoose: null, uploadLabel: "" };

  const build = () => {
    const status = element("p", { class: "image-chooser-dialog__status", role: "status", "aria-live": "polite" });
    const list = element("ul", { class: "image-chooser-dialog__list", "aria-labelledby": "image-chooser-title" });
    const search = element("input", { type: "search", id: "image-chooser-q", name: "q", autocomplete: "off" });
    const searchForm = element("form", { class: "image-chooser-dialog__search", role: "search" },
      element("label", { for: "image-chooser-q" }, "Search the library"), search,
      element("button", { type: "submit", class: "button" }, "Search"));
    const uploadForm = element("form", { class: "image-chooser-dialog__upload-form", novalidate: true });
    for (const [name, label, type, help] of UPLOAD_FIELDS) {
      const id = `image-chooser-upload-${name}`;
      const attributes = { type, id, name, required: true, "aria-describedby": `${id}-help ${id}-error` };
      if (type === "file") attributes.accept = "image/jpeg,image/png,image/webp";
      uploadForm.append(element("div", { class: "image-chooser-dialog__field" },
        element("label", { for: id }, label),
        element("input", attributes),
        element("p", { class: "help", id: `${id}-help` }, help),
        element("p", { class: "image-chooser-dialog__error", id: `${id}-error` })));
    }
    const uploadButton = element("button", { type: "submit", class: "button default" }, "Upload");
    uploadForm.append(element("p", { class: "image-chooser-dialog__error", id: "image-chooser-form-error" }), uploadButton);
    const upload = element("details", { class: "image-chooser-dialog__upload" },
      element("summary", {}, "Upload a new image"), uploadForm);
    dialog = element("dialog", { class: "image-chooser-dialog", "aria-labelledby": "image-chooser-title" },
      element("div", { class: "image-chooser-dialog__head" },
        element("h2", { id: "image-chooser-title" }, "Image library"),
        element("button", { type: "button", class: "button image-chooser-dialog__close" }, "Close")),
      upload, searchForm, status,
      element("section", { class: "image-chooser-dialog__focal", "aria-labelledby": "image-chooser-focal-title", hidden: true }),
      list);
    document.body.append(dialog);

    dialog.querySelector(".image-chooser-dialog__close").addEventListener("click", () => dialog.close());
    searchForm.addEventListener("submit", (event) => {
      event.preventDefault();
      load(search.value);
    });
    uploadForm.addEventListener("submit", (event) => {
      event.preventDefault();
      send(uploadForm, uploadButton);
    });
    list.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-image]");
      if (!button) return;
      const image = JSON.parse(button.dataset.image);
      if (button.classList.contains("image-chooser-dialog__focal-open")) showFocal(image);
      else if (state.onChoose) state.onChoose(image);
    });
  };

  const say = (text) => {
    dialog.querySelector(".image-chooser-dialog__status").textContent = text;
  };

  const itemFor = (image) => element("li", {},
    element("button", { type: "button", class: "image-chooser-dialog__item", "data-image": JSON.stringify(image) },
      element("img", { src: image.thumbnail_url, alt: "", width: "160", loading: "lazy" }),
      element("span", { class: "image-chooser-dialog__title" }, image.title),
      element("span", { class: "image-chooser-dialog__credit" }, image.credit)),
    image.focal_url
      ? element("button", { type: "button", class: "button image-chooser-dialog__focal-open", "data-image": JSON.stringify(image), "aria-label": `Set the focal point of “${image.title}”` }, "Focal point…")
      : "");

  // The focal point: a click on the picture saves where its subject is; cards are cut around it.
  const showFocal = (image) => {
    const panel = dialog.querySelector(".image-chooser-dialog__focal");
    const picture = element("img", { src: image.image_url, alt: image.alt_text });
    const marker = element("span", { class: "focal-point__marker" });
    const place = (x, y) => {
      marker.style.left = `${x}%`;  // CSSOM, which the content security policy allows
      marker.style.top = `${y}%`;
    };
    place(image.focal_x, image.focal_y);
    const done = element("button", { type: "button", class: "button" }, "Done");
    panel.replaceChildren(
      element("h3", { id: "image-chooser-focal-title" }, `Focal point: ${image.title}`),
      element("p", { class: "help" }, "Click the subject: cropped copies (16:9 cards) keep it in frame."),
      element("div", { class: "focal-point__frame" }, picture, marker),
      element("p", {}, done));
    panel.hidden = false;
    picture.addEventListener("click", async (event) => {
      const bounds = picture.getBoundingClientRect();
      const x = Math.round(((event.clientX - bounds.left) / bounds.width) * 100);
      const y = Math.round(((event.clientY - bounds.top) / bounds.height) * 100);
      place(x, y);
      say("Saving the focal point…");
      const body = new URLSearchParams({ focal_x: x, focal_y: y, csrfmiddlewaretoken: csrf() });
      const response = await fetch(image.focal_url, { method: "POST", body, credentials: "same-origin" }).catch(() => null);
      say(response && response.ok
        ? `Focal point of “${image.title}” saved at ${x}% across, ${y}% down.`
        : "The focal point was not saved. Try again.");
    });
    done.addEventListener("click", () => {
      panel.hidden = true;
      panel.replaceChildren();
      load(dialog.querySelector("#image-chooser-q").value);
    });
    done.focus();
  };

  const show = (images, query) => {
    const list = dialog.querySelector(".image-chooser-dialog__list");
    list.replaceChildren(...images.map(itemFor));
    if (images.length) say(`${images.length} image${images.length === 1 ? "" : "s"}${query ? ` for “${query}”` : ""}: choose one, or upload a new one.`);
    else say(query ? `No library image matches “${query}”.` : "The library is empty: upload the first image.");
  };

  const load = async (query = "") => {
    say("Loading the library…");
    try {
      const response = await fetch(`${state.listUrl}?${new URLSearchParams({ q: query })}`, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      show(data.images, query);
      dialog.querySelector(".image-chooser-dialog__upload").hidden = !data.may_upload;
    } catch (error) {
      say("The library could not be loaded. Check your connection and try again.");
    }
  };

  const showErrors = (form, errors) => {
    form.querySelectorAll(".image-chooser-dialog__error").forEach((node) => { node.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach((node) => node.removeAttribute("aria-invalid"));
    let first = null;
    for (const [name, messages] of Object.entries(errors)) {
      const text = messages.map((m) => m.message).join(" ");
      const input = form.elements.namedItem(name);
      const target = document.getElementById(input ? `image-chooser-upload-${name}-error` : "image-chooser-form-error");
      target.textContent = text;
      if (input) {
        input.setAttribute("aria-invalid", "true");
        first = first || input;
      }
    }
    if (first) first.focus();
  };

  const send = async (form, button) => {
    const data = new FormData(form);
    data.append("csrfmiddlewaretoken", csrf());
    button.disabled = true;
    say("Uploading…");
    try {
      const response = await fetch(state.uploadUrl, { method: "POST", body: data, credentials: "same-origin" });
      const answer = await response.json();
      if (response.status === 400) {
        showErrors(form, answer.errors);
        say("The image was not uploaded: see what to fix under “Upload a new image”.");
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      showErrors(form, {});
      form.reset();
      const list = dialog.querySelector(".image-chooser-dialog__list");
      list.prepend(itemFor(answer.image));
      document.dispatchEvent(new CustomEvent("imagechooser:uploaded", { detail: answer.image }));
      say(`“${answer.image.title}” is in the library, first in the list.`);
      if (state.useUpload) state.onChoose(answer.image);
      else list.querySelector("button").focus();
    } catch (error) {
      say("The upload failed. Check your connection and try again.");
    } finally {
      button.disabled = false;
    }
  };

  const open = ({ listUrl, uploadUrl, title, onChoose, useUpload }) => {
    if (!dialog) build();
    state = { listUrl, uploadUrl, onChoose, useUpload };
    dialog.querySelector("#image-chooser-title").textContent = title;
    dialog.querySelector(".image-chooser-dialog__upload-form button[type=submit]").textContent =
      useUpload ? "Upload and use it" : "Upload to the library";
    dialog.showModal();
    load(dialog.querySelector("#image-chooser-q").value);
  };

  // An image field: the chosen image's id goes in the hidden field, its alt text in the alt field.
  const setUpField = (chooser) => {
    const fileInput = document.getElementById(chooser.dataset.input);
    const altInput = document.getElementById(chooser.dataset.altInput);
    const choice = chooser.querySelector(".image-chooser__choice");
    const chosen = chooser.querySelector(".image-chooser__chosen");
    const label = document.querySelector(`label[for="${chooser.dataset.input}"]`);
    const fieldName = label ? label.textContent.replace(/:\s*$/, "").trim() : "image";

    const useImage = (image) => {
      choice.value = image.id;
      if (fileInput) fileInput.value = "";
      if (altInput) altInput.value = image.alt_text;  // written once, for this very image
      const undo = element("button", { type: "button", class: "button image-chooser__undo" }, "Don’t use it");
      chosen.replaceChildren(
        element("img", { src: image.thumbnail_url, alt: "", width: "120" }), " ",
        element("span", {}, "From the library: ", element("strong", {}, image.title), ` (${image.credit}). It is saved with the form. `),
        undo);
      chosen.hidden = false;
      choice.dispatchEvent(new Event("change", { bubbles: true }));
      if (dialog && dialog.open) dialog.close();
      undo.focus();
    };

    chooser.querySelector(".image-chooser__open").addEventListener("click", () => open({
      listUrl: chooser.dataset.listUrl,
      uploadUrl: chooser.dataset.uploadUrl,
      title: `Choose the ${fieldName.toLowerCase()}`,
      onChoose: useImage,
      useUpload: true,
    }));
    chooser.addEventListener("click", (event) => {
      if (!event.target.closest(".image-chooser__undo")) return;
      choice.value = "";
      chosen.hidden = true;
      chosen.replaceChildren();
      choice.dispatchEvent(new Event("change", { bubbles: true }));
      chooser.querySelector(".image-chooser__open").focus();
    });
    if (fileInput) {
      fileInput.addEventListener("change", () => {
        if (!fileInput.value) return;
        choice.value = "";  // a file chosen from the computer wins over a library image
        chosen.hidden = true;
      });
    }
  };

  // The post form's library panel: an upload joins the panel's list; choosing inserts the code.
  const setUpPanel = (button) => {
    const panel = button.closest(".media-library");
    const body = document.getElementById(button.dataset.target || "id_body");
    const panelItem = (image) => element("li", { class: "media-library__item" },
      element("img", { src: image.thumbnail_url, alt: image.alt_text, width: "120", loading: "lazy" }),
      element("span", { class: "media-library__title" }, image.title),
      element("code", {}, image.reference),
      element("span", { class: "media-library__actions" },
        element("button", { type: "button", class: "button media-insert", "data-copy": image.reference, "data-target": "id_body" }, "Insert"),
        element("button", { type: "button", class: "button media-copy", "data-copy": image.reference }, "Copy")));

    document.addEventListener("imagechooser:uploaded", (event) => {
      let grid = panel.querySelector(".media-library__grid");
      if (!grid) {
        grid = element("ul", { class: "media-library__grid" });
        const empty = panel.querySelector(".media-library__empty");
        if (empty) empty.replaceWith(grid);
        else panel.append(grid);
      }
      grid.prepend(panelItem(event.detail));
    });
    button.addEventListener("click", () => open({
      listUrl: button.dataset.listUrl,
      uploadUrl: button.dataset.uploadUrl,
      title: "Image library: insert an image in the body",
      useUpload: false,
      onChoose: (image) => {
        dialog.close();
        if (!body) return;
        const start = body.selectionStart ?? body.value.length;
        body.setRangeText(`\n\n${image.reference}\n\n`, start, body.selectionEnd ?? start, "end");
        body.focus();
        body.dispatchEvent(new Event("input", { bubbles: true }));
      },
    }));
  };

  const init = () => {
    document.querySelectorAll("[data-image-chooser]").forEach(setUpField);
    document.querySelectorAll("[data-image-library]").forEach(setUpPanel);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
