/* Tag inputs (films/tag_input.py) suggest existing tags for the name being typed after a comma:
   the datalist's options become "what is typed so far, " + each tag not chosen yet. Without this
   script the list still suggests the first tag. */
(function () {
  "use strict";

  function setUp(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var names = Array.prototype.map.call(list.options, function (option) { return option.value; });

    function refresh() {
      var cut = input.value.lastIndexOf(",");
      var rest = input.value.slice(cut + 1);
      /* What is typed up to the name being typed, exactly: the browser matches options on it. */
      var before = cut < 0 ? "" : input.value.slice(0, cut + 1) + rest.match(/^\s*/)[0];
      var chosen = before.split(",").map(function (name) { return name.trim().toLowerCase(); });
      var fragment = rest.trim().toLowerCase();
      var options = names.filter(function (name) {
        var lower = name.toLowerCase();
        return chosen.indexOf(lower) < 0 && lower.indexOf(fragment) >= 0;
      }).slice(0, 50).map(function (name) {
        var option = document.createElement("option");
        option.value = before + name;
        return option;
      });
      list.replaceChildren.apply(list, options);
    }

    input.addEventListener("input", refresh);
    input.addEventListener("focus", refresh);
  }

  function init() {
    document.querySelectorAll("input[list][data-tag-input]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
