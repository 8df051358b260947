// The writing screen: a Markdown toolbar over the body and a live preview beside it, rendered by
// the site's own sanitised renderer (a POST to the post admin's render/ address).
"use strict";
// Loaded in the <head> with the admin's other scripts: the form is there once the page is parsed.
document.addEventListener("DOMContentLoaded", () => {
  const body = document.getElementById("id_body");
  const box = document.getElementById("post-autosave");
  if (!body || !box) return;
  const form = body.form;
  const csrf = () => form.elements.namedItem("csrfmiddlewaretoken").value;

  const wrap = (before, after, placeholder) => {
    const start = body.selectionStart;
    const end = body.selectionEnd;
    const chosen = body.value.slice(start, end) || placeholder;
    body.setRangeText(before + chosen + after, start, end, "end");
    body.setSelectionRange(start + before.length, start + before.length + chosen.length);
    body.focus();
    body.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const prefixLines = (prefix, placeholder) => {
    const start = body.value.lastIndexOf("\n", body.selectionStart - 1) + 1;
    const end = body.selectionEnd;
    const text = body.value.slice(start, end) || placeholder;
    const lines = text.split("\n").map((line) => prefix + line).join("\n");
    body.setRangeText(lines, start, end, "end");
    body.focus();
    body.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const insert = (text) => wrap(text, "", "");

  const toolbar = document.createElement("div");
  toolbar.className = "writing-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", "Formatting");
  toolbar.setAttribute("aria-controls", "id_body");
  const tools = [
    ["Bold", "Bold", () => wrap("**", "**", "bold text")],
    ["Italic", "Italic", () => wrap("*", "*", "italic text")],
    ["Heading", "Heading", () => prefixLines("## ", "Heading")],
    ["Link", "Link", () => {
      const url = window.prompt("Address of the link (https://…)", "https://");
      if (url) wrap("[", `](${url})`, "link text");
    }],
    ["Quote", "Quote", () => prefixLines("> ", "Quoted words")],
    ["List", "List", () => prefixLines("- ", "An item")],
    ["Insert an image from the library", "Image", () => {
      const library = document.getElementById("media-library");
      if (!library) return;
      library.open = true;
      library.scrollIntoView({ block: "start" });
      const first = library.querySelector(".media-insert, .media-upload");
      if (first) first.focus();
    }],
    ["Link to a film or a person's page", "Film or person link", () => finder.toggle()],
  ];
  for (const [label, text, action] of tools) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button writing-toolbar__button";
    button.textContent = text;
    button.title = label;
    button.addEventListener("click", action);
    toolbar.append(button);
  }

  // The film and person finder: type, pick, and a Markdown link to its page goes in the body.
  // "[Title](/films/slug/)" is the one way to link a record by hand: the renderer reads it as
  // the writer's own mention of that film or person (picks/mentions/linking.py) and links no
  // other mention of it, so a hand link and an automatic one never both appear.
  const finder = (() => {
    const panel = document.createElement("div");
    panel.className = "writing-finder";
    panel.hidden = true;
    panel.setAttribute("data-unsaved-ignore", "");
    const label = document.createElement("label");
    label.htmlFor = "writing-finder-term";
    label.textContent = "Film or person";
    const input = document.createElement("input");
    input.type = "search";
    input.id = "writing-finder-term";
    input.autocomplete = "off";
    const list = document.createElement("ul");
    list.className = "writing-finder__results";
    panel.append(label, input, list);
    let timer = null;
    const search = () => {
      const url = `${box.dataset.linksUrl}?q=${encodeURIComponent(input.value)}`;
      fetch(url, { credentials: "same-origin" })
        .then((response) => response.json())
        .then(({ results }) => {
          list.replaceChildren();
          for (const result of results) {
            const item = document.createElement("li");
            const choose = document.createElement("button");
            choose.type = "button";
            choose.className = "button writing-finder__choice";
            choose.textContent = result.label;
            choose.addEventListener("click", () => {
              panel.hidden = true;
              wrap("[", `](${result.url})`, result.text);
            });
            item.append(choose);
            list.append(item);
          }
        });
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault(); // never submits the post form
    });
    return {
      panel,
      toggle() {
        panel.hidden = !panel.hidden;
        if (!panel.hidden) input.focus();
      },
    };
  })();

  // The body and its live preview, side by side.
  const writing = document.createElement("div");
  writing.className = "writing";
  const preview = document.createElement("div");
  preview.className = "writing-preview post__body";
  preview.id = "writing-preview";
  preview.setAttribute("aria-live", "polite");
  preview.setAttribute("aria-label", "Preview of the body");
  preview.setAttribute("role", "region");
  body.before(toolbar, finder.panel, writing);
  writing.append(body, preview);

  let timer = null;
  let asked = 0;
  const render = () => {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", csrf());
    data.append("body", body.value);
    const ticket = ++asked;
    fetch(box.dataset.renderUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.statusText)))
      .then((html) => {
        if (ticket !== asked) return; // a newer one is on its way
        preview.innerHTML = html || "<p class=\"help\">The preview shows here as you type.</p>";
      })
      .catch(() => {
        preview.textContent = "The preview is not available just now; your text is safe.";
      });
  };
  body.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(render, 300);
  });
  render();
});
