// Trailers: a plain link to the video until the reader presses play; only then does the
// privacy-friendly player (youtube-nocookie.com / player.vimeo.com) load, in place of the link.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-embed-url]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) {
      return;
    }
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = link.getAttribute("data-embed-url");
    frame.title = link.getAttribute("data-embed-title") || "Trailer";
    frame.className = "trailer__frame";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    link.replaceWith(frame);
    frame.focus();
  });
})();
