// Platform-wide behaviour, loaded on every page (the CSP allows no inline scripts).
(function () {
  "use strict";

  // The 地区 selector in the header submits itself (a button is shown without JavaScript).
  function autosubmit() {
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  // A visible counter under every limited free-text field: 已输入 N / 最多 M 字.
  function counters() {
    document.querySelectorAll("textarea[maxlength], input[type=text][maxlength][data-counter]").forEach(function (field) {
      var max = parseInt(field.getAttribute("maxlength"), 10);
      if (!max || field.dataset.counterReady) { return; }
      field.dataset.counterReady = "1";
      var note = document.createElement("p");
      note.className = "char-counter muted";
      note.setAttribute("aria-live", "polite");
      if (field.id) { note.id = field.id + "_counter"; }
      function update() {
        var n = field.value.length;
        note.textContent = "已输入 " + n + " / 最多 " + max + " 字";
        note.classList.toggle("over", n >= max);
      }
      field.addEventListener("input", update);
      field.insertAdjacentElement("afterend", note);
      update();
    });
  }

  function ready() { autosubmit(); counters(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
