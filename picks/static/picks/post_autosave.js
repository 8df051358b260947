// The post form saves itself while the editor types: to the server for a saved post (an
// "Autosave" revision), to this browser's storage for a new one; and offers back a newer autosave.
"use strict";
// Loaded in the <head> with the admin's other scripts: the form is there once the page is parsed.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("post-autosave");
  const form = box && box.closest("form");
  if (!form) return;
  const FIELDS = ["title", "standfirst", "body"];
  const DELAY_MS = 1500;
  const status = box.querySelector(".autosave__status");
  const offer = box.querySelector(".autosave__offer");
  const field = (name) => form.elements.namedItem(name);
  const typed = () => {
    const text = {};
    for (const name of FIELDS) {
      const input = field(name);
      if (input) text[name] = input.value;
    }
    return text;
  };
  const say = (message) => {
    status.textContent = message;
  };
  const time = () => new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

  const saveToServer = () => {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
    for (const [name, value] of Object.entries(typed())) data.append(name, value);
    return fetch(box.dataset.url, { method: "POST", body: data, credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(response.statusText);
        return response.json();
      })
      .then((answer) => say(answer.saved ? `Draft autosaved at ${answer.at}.` : "Nothing new to autosave."))
      .catch(() => say("Autosave failed: your text is still here; save the form to keep it."));
  };
  const saveInBrowser = () => {
    try {
      localStorage.setItem(box.dataset.key, JSON.stringify({ at: Date.now(), text: typed() }));
      say(`Draft kept in this browser at ${time()}.`);
    } catch (error) {
      say("This browser cannot keep a copy: save the form to keep your text.");
    }
  };
  const save = box.dataset.url ? saveToServer : saveInBrowser;

  let timer = null;
  form.addEventListener("input", (event) => {
    if (!FIELDS.includes(event.target.name)) return;
    clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  });
  form.addEventListener("submit", () => {
    clearTimeout(timer);
    if (!box.dataset.url) localStorage.removeItem(box.dataset.key);
  });

  // A newer autosave: from the server for a saved post, from this browser for a new one.
  let waiting = null;
  const serverCopy = document.getElementById("post-autosave-text");
  if (serverCopy) {
    waiting = JSON.parse(serverCopy.textContent);
  } else if (!box.dataset.url) {
    try {
      const kept = JSON.parse(localStorage.getItem(box.dataset.key) || "null");
      if (kept && Object.values(kept.text).some((value) => value.trim())) {
        waiting = kept.text;
        const when = new Date(kept.at).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
        box.querySelector(".autosave__offer-text").textContent =
          `This browser kept a draft of a new post from ${when}.`;
      }
    } catch (error) {
      waiting = null;
    }
  }
  if (!waiting) return;
  offer.hidden = false;
  box.querySelector(".autosave__restore").addEventListener("click", () => {
    for (const [name, value] of Object.entries(waiting)) {
      const input = field(name);
      if (!input) continue;
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
    offer.hidden = true;
    say("Autosave restored: save the form to keep it.");
    document.dispatchEvent(new CustomEvent("marquee:unsaved", { detail: true }));
  });
  box.querySelector(".autosave__dismiss").addEventListener("click", () => {
    offer.hidden = true;
    if (!box.dataset.url) localStorage.removeItem(box.dataset.key);
  });
});
