// Progressive enhancement only: every page works without this script.
(function () {
  // The countdown to the 31 May deadline stays current when the page is read days after the build.
  function countdown() {
    document.querySelectorAll("[data-zi-deadline]").forEach(function (el) {
      var deadline = new Date(el.getAttribute("data-zi-deadline") + "T23:59:59");
      var days = Math.ceil((deadline - new Date()) / 86400000);
      if (!isNaN(days) && days >= 0) { el.textContent = String(days); }
    });
  }
  // Accessibility of what Material's script adds: the search dialog gets a name, and a table wrapper that scrolls
  // sideways can be reached and scrolled with the keyboard.
  function accessible() {
    var search = document.querySelector(".md-search[role=dialog]");
    var input = document.querySelector(".md-search__input");
    if (search && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Cari");
    }
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1 && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("aria-label", caption ? caption.textContent : "Tabel (geser ke samping)");
      }
    });
  }
  function ready() { countdown(); accessible(); }
  if (window.document$ && typeof window.document$.subscribe === "function") { window.document$.subscribe(ready); }
  else { document.addEventListener("DOMContentLoaded", ready); }
})();
