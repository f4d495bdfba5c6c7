// 单位注册: narrow the 材料接收部门 list to the chosen 所在地区 (its county, its prefecture and the
// region-level departments). Without JavaScript the full list stays usable.
(function () {
  var region = document.getElementById("id_region");
  var parent = document.getElementById("id_parent");
  if (!region || !parent) return;
  function filter() {
    var chosen = region.options[region.selectedIndex];
    var code = chosen ? chosen.getAttribute("data-code") : "";
    var pref = chosen ? chosen.getAttribute("data-prefecture") : "";
    Array.prototype.forEach.call(parent.options, function (o) {
      if (!o.value) return;
      var show = !code || o.getAttribute("data-level") === "region" ||
        o.getAttribute("data-region") === code || o.getAttribute("data-prefecture") === pref ||
        o.getAttribute("data-region") === pref;
      o.hidden = !show;
      o.disabled = !show;
      if (!show && o.selected) parent.value = "";
    });
  }
  region.addEventListener("change", filter);
  filter();
})();
