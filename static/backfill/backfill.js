// 历史数据补录: narrowing selects, the joined 批文号, zoom in the attachment viewer. Pages work without it.
(function () {
  "use strict";
  function byId(id) { return document.getElementById(id); }

  // one select narrows another by the text its options start with
  function narrow(parentSel, childSel, keyOf, matches) {
    if (!parentSel || !childSel) return;
    var all = Array.prototype.slice.call(childSel.options).map(function (o) { return o.cloneNode(true); });
    function apply() {
      var key = parentSel.value ? keyOf(parentSel.options[parentSel.selectedIndex].text) : "";
      var keep = childSel.value;
      childSel.innerHTML = "";
      all.forEach(function (o) {
        if (!o.value || !key || matches(o.text, key)) childSel.appendChild(o.cloneNode(true));
      });
      childSel.value = keep;
      if (childSel.value !== keep) childSel.value = "";
      childSel.dispatchEvent(new Event("change"));
    }
    parentSel.addEventListener("change", apply);
    apply();
  }
  var form = byId("title-form");
  if (form) {
    narrow(byId("id_area"), byId("id_committee"), function (t) { return t; },
      function (text, key) { return text.indexOf("[" + key + "]") === 0; });
    narrow(byId("id_series"), byId("id_specialty"), function (t) { return t.replace(/系列$/, ""); },
      function (text, key) { return text.indexOf(key + " / ") === 0; });
    narrow(byId("id_specialty"), byId("id_sub_specialty"), function (t) { return t.split(" / ").pop(); },
      function (text, key) { return text.indexOf(key + " / ") === 0; });
    var parts = ["id_approval_prefix", "id_approval_year", "id_approval_seq"].map(byId);
    var out = byId("approval-joined");
    var join = function () {
      var seq = parts[2].value.trim();
      if (seq && seq.slice(-1) !== "号") seq += "号";
      out.textContent = parts[0].value.trim() || parts[1].value || seq
        ? parts[0].value.trim() + "【" + parts[1].value.trim() + "】" + seq : "";
    };
    parts.forEach(function (p) { if (p) p.addEventListener("input", join); });
    if (out && parts[0]) join();
  }

  var target = byId("zoom-target");
  if (target) {
    var scale = 1;
    var level = byId("zoom-level");
    document.querySelectorAll("[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () {
        var how = b.getAttribute("data-zoom");
        scale = how === "in" ? Math.min(scale * 1.25, 8) : how === "out" ? Math.max(scale / 1.25, 0.2) : 1;
        target.style.transform = "scale(" + scale + ")";
        target.setAttribute("data-scale", scale.toFixed(2));
        if (level) level.textContent = Math.round(scale * 100) + "%";
      });
    });
  }
})();
