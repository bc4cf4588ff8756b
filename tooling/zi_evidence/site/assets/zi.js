// Progressive enhancement only: the page already shows the day count computed at build time.
// This keeps the countdown to the 31 May deadline current when the page is read days later.
(function () {
  function update() {
    document.querySelectorAll("[data-zi-deadline]").forEach(function (el) {
      var deadline = new Date(el.getAttribute("data-zi-deadline") + "T23:59:59");
      var days = Math.ceil((deadline - new Date()) / 86400000);
      if (!isNaN(days) && days >= 0) { el.textContent = String(days); }
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") { window.document$.subscribe(update); }
  else { document.addEventListener("DOMContentLoaded", update); }
})();
