// Name boxes that can add a person (films/people_in_place.py): when no one in the records has the
// name typed, the list ends with "Create “Name”"; choosing it creates the person at once (waiting
// for review when a contributor adds them) and chooses them, with no pop-up window.
// It wraps the admin's own select2 set-up (admin/js/autocomplete.js), which it must follow.
"use strict";
{
  const $ = django.jQuery;
  const PREFIX = "create-person:";
  const adminSelect2 = $.fn.djangoAdminSelect2;

  const csrf = () => {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  };

  const statusFor = (element) => {
    const container = element.nextElementSibling;
    let status = container && container.nextElementSibling;
    if (!status || !status.classList.contains("person-create-status")) {
      status = document.createElement("p");
      status.className = "help person-create-status";
      status.setAttribute("role", "status");
      (container || element).after(status);
    }
    return status;
  };

  const create = async (element, tag) => {
    const name = tag.text;
    const $element = $(element);
    const temporary = Array.from(element.options).find((option) => option.value === tag.id);
    const status = statusFor(element);
    status.textContent = `Adding “${name}” to the records…`;
    let answer = null;
    try {
      const body = new URLSearchParams({ name, csrfmiddlewaretoken: csrf() });
      const response = await fetch(element.dataset.createUrl, { method: "POST", body, credentials: "same-origin" });
      answer = await response.json().catch(() => null);
      if (!response.ok) {
        const errors = answer && answer.errors ? Object.values(answer.errors).flat().map((e) => e.message) : [];
        throw new Error(errors.join(" ") || (response.status === 403 ? "You may not add people." : "The server refused it."));
      }
    } catch (error) {
      if (temporary) temporary.remove();
      $element.trigger("change");
      status.textContent = `“${name}” was not added: ${error.message}`;
      return;
    }
    if (temporary) temporary.remove();
    element.append(new Option(answer.text, answer.id, true, true));
    $element.trigger("change");
    status.textContent = `Added “${answer.text}” to the records${answer.note} and chose them.`;
  };

  $.fn.djangoAdminSelect2 = function () {
    const plain = this.filter((i, element) => !element.dataset.createUrl);
    adminSelect2.call(plain);
    $.each(this.filter((i, element) => element.dataset.createUrl), (i, element) => {
      // A new row's box has no option: the "Create" one select2 adds would be selected at once,
      // and choosing an option already selected only closes the list.
      if (!element.multiple && !element.value) element.prepend(new Option("", "", true, true));
      $(element).select2({
        ajax: {
          data: (params) => ({
            term: params.term,
            page: params.page,
            app_label: element.dataset.appLabel,
            model_name: element.dataset.modelName,
            field_name: element.dataset.fieldName,
          }),
        },
        tags: true,
        // Offered only when no one listed has exactly this name, and last, so Enter on a
        // half-typed name picks the first match rather than creating someone.
        createTag: (params) => {
          const term = $.trim(params.term || "");
          if (!term || (params.page || 1) > 1) return null;
          return { id: PREFIX + term, text: term, newPerson: true };
        },
        insertTag: (data, tag) => data.push(tag),
        templateResult: (item) => (item.newPerson ? `Create “${item.text}”` : item.text),
      });
      $(element).on("select2:select", (event) => {
        const data = event.params.data;
        if (data.newPerson || String(data.id).startsWith(PREFIX)) create(element, data);
      });
    });
    return this;
  };
}
