/* 评审工作事前备案: small progressive enhancements; every page works without them. */
(function () {
  "use strict";

  // Phone layout: stacked table cells carry their column name (lists set it in the template).
  document.querySelectorAll("table.list.stack").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      Array.prototype.forEach.call(tr.children, function (td, i) {
        if (!td.hasAttribute("data-label") && heads[i]) td.setAttribute("data-label", heads[i]);
      });
    });
  });

  // 选择联系人员 fills 联系人员姓名 / 联系电话 / 手机 from the committee's users.
  var dataEl = document.getElementById("contact-data");
  var picker = document.getElementById("id_contact_user");
  if (dataEl && picker) {
    var contacts = JSON.parse(dataEl.textContent);
    picker.addEventListener("change", function () {
      var c = contacts[picker.value];
      if (!c) return;
      [["id_contact_name", c.name], ["id_contact_phone", c.phone], ["id_contact_mobile", c.mobile]].forEach(function (pair) {
        var el = document.getElementById(pair[0]);
        if (el && pair[1]) el.value = pair[1];
      });
    });
  }

  // Tree checkboxes: ticking a series or specialty ticks every qualification below it.
  document.querySelectorAll("input.check-all").forEach(function (box) {
    box.addEventListener("click", function (ev) {
      ev.stopPropagation();
      var scope = box.closest("details, fieldset, li");
      if (!scope) return;
      scope.querySelectorAll("input[type=checkbox]").forEach(function (cb) { cb.checked = box.checked; });
    });
  });

  // Irreversible small actions (删除 / 禁用) ask first.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });

  // The notice editor takes no file attachments (PDFs go to step 6).
  document.addEventListener("trix-file-accept", function (ev) { ev.preventDefault(); });

  // 上传附件 with a progress bar; the server checks type and size again.
  var form = document.getElementById("upload-form");
  if (form && window.FormData && window.XMLHttpRequest) {
    var bar = document.getElementById("upload-bar");
    var status = document.getElementById("upload-status");
    var progress = form.querySelector(".progress");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var input = form.querySelector("input[type=file]");
      if (!input.files.length) { status.textContent = "请选择要上传的文件。"; return; }
      var max = parseInt(form.getAttribute("data-max-bytes"), 10);
      if (input.files[0].size > max) { status.textContent = "文件过大：只能上传8M之内的pdf文件。"; return; }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.upload.addEventListener("progress", function (e) {
        if (!e.lengthComputable) return;
        var pct = Math.round(e.loaded * 100 / e.total);
        bar.style.width = pct + "%";
        progress.setAttribute("aria-valuenow", pct);
        status.textContent = pct + "%";
      });
      xhr.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = {message: "上传失败，请重试。"}; }
        status.textContent = body.message || "";
        if (xhr.status === 200 && body.ok) { window.location.assign(window.location.pathname); }  // GET, never a re-POST
        else { bar.style.width = "0"; status.classList.add("error"); }
      });
      xhr.addEventListener("error", function () { status.textContent = "上传失败，请检查网络后重试。"; });
      status.classList.remove("error");
      xhr.send(new FormData(form));
    });
  }
})();
