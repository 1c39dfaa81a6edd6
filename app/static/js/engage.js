// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // htmx requests carry the CSRF token that plain forms send as a hidden field.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
    }
  });

  // Buttons marked data-confirm ask before submitting (archive, erase, restore).
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = (button && button.getAttribute("data-confirm")) ||
      event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // A "Print" button where offered.
  document.addEventListener("click", function (event) {
    if (event.target.matches("[data-print]")) {
      window.print();
    }
  });
})();
