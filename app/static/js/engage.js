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

  // A date control whose value the browser cannot read (half typed: "15/12/yyyy") is
  // sent as an empty value, which would save "no date" without a word. Stop the
  // submission and say so beside the field; everything typed stays in the form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented) {
      return;
    }
    var unread = Array.prototype.filter.call(
      form.querySelectorAll('input[type="date"]'),
      function (input) { return input.validity && input.validity.badInput; }
    );
    Array.prototype.forEach.call(form.querySelectorAll(".date-unread"), function (note) {
      note.remove();
    });
    if (!unread.length) {
      return;
    }
    event.preventDefault();
    unread.forEach(function (input) {
      var note = document.createElement("p");
      note.className = "error date-unread";
      note.id = "unread-" + (input.id || input.name);
      note.setAttribute("role", "alert");
      note.textContent = "This date is not complete: enter the day, month and year, or clear it.";
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", note.id);
      input.insertAdjacentElement("afterend", note);
    });
    unread[0].focus();
  });

  // On a phone the main menu starts folded under "Menu" (it is drawn open, so that it
  // is all there without this script); on a wide screen it is always open.
  var narrow = window.matchMedia("(max-width: 760px)");
  function fitMenu() {
    var menu = document.querySelector(".nav-disclosure");
    if (menu) {
      menu.open = !narrow.matches;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fitMenu);
  } else {
    fitMenu();
  }
  narrow.addEventListener("change", fitMenu);

  // "Add another …" adds its row in place (htmx swaps the group and the row counts);
  // the new row's first field takes the focus, as a person adding a row expects. A
  // full-page reload lands on the same row without this script, through its anchor.
  function focusNewRow() {
    var row = document.querySelector("[data-new-row]");
    if (!row) {
      return;
    }
    row.removeAttribute("data-new-row");
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  }
  document.addEventListener("htmx:afterSettle", focusNewRow);
  document.addEventListener("DOMContentLoaded", focusNewRow);

  // A form sent back with problems: the summary naming each one takes the focus, so a
  // screen reader reads it and Tab leads to the first field to correct.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("errors-summary");
    if (summary) {
      summary.focus();
    }
  });

  // Files chosen for upload: each within the file limit and all within the upload limit,
  // said beside the input before anything is sent (the server says the same, by name).
  function sizeLabel(bytes) {
    return (bytes / 1048576).toFixed(1) + " MB";
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches('input[type="file"][data-max-file-bytes]')) {
      return;
    }
    var perFile = Number(input.dataset.maxFileBytes);
    var perUpload = Number(input.dataset.maxUploadBytes || 0);
    var total = 0;
    var problem = "";
    Array.prototype.forEach.call(input.files, function (file) {
      total += file.size;
      if (!problem && file.size > perFile) {
        problem = "“" + file.name + "” is " + sizeLabel(file.size) + "; each file may be at most " + sizeLabel(perFile) + ".";
      }
    });
    if (!problem && perUpload && total > perUpload) {
      problem = "These files come to " + sizeLabel(total) + "; add at most " + sizeLabel(perUpload) + " at a time.";
    }
    input.setCustomValidity(problem);
    input.reportValidity();
  });

  // A file dragged onto the upload box, not only onto its input, is taken by the input.
  document.addEventListener("dragover", function (event) {
    var zone = event.target.closest && event.target.closest(".drop-zone");
    if (zone) {
      event.preventDefault();
      zone.classList.add("dragging");
    }
  });
  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest(".drop-zone");
    if (zone) {
      zone.classList.remove("dragging");
    }
  });
  document.addEventListener("drop", function (event) {
    var zone = event.target.closest && event.target.closest(".drop-zone");
    if (!zone || !event.dataTransfer || !event.dataTransfer.files.length) {
      return;
    }
    event.preventDefault();
    zone.classList.remove("dragging");
    var input = zone.querySelector('input[type="file"]');
    input.files = event.dataTransfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // A "Print" button where offered.
  document.addEventListener("click", function (event) {
    if (event.target.matches("[data-print]")) {
      window.print();
    }
  });
})();
