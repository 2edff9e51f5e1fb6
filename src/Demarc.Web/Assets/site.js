// Demarc web app: small enhancements only. Every page works without this file.
"use strict";
(function () {
  // Services: filter the table as you type (the form still submits without script).
  var search = document.getElementById("service-search");
  var table = document.getElementById("service-table");
  if (search && table) {
    search.addEventListener("input", function () {
      var words = search.value.toLowerCase().trim();
      var shown = 0;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var match = words === "" || (row.getAttribute("data-names") || "").indexOf(words) >= 0;
        row.hidden = !match;
        if (match) { shown++; }
      });
      var status = document.getElementById("service-count");
      if (status) { status.textContent = shown + " service(s)"; }
    });
  }
  // Confirm before deleting a scan.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();
