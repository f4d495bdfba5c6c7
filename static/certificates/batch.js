// 电子证书签发进度: polls the batch status until it is done or failed (the page also offers a refresh link).
(function () {
  var box = document.getElementById("batch");
  if (!box) { return; }
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        var bar = document.getElementById("batch-bar");
        bar.max = s.total; bar.value = s.done;
        document.getElementById("batch-text").textContent = s.done + "/" + s.total + " · " + s.label;
        if (s.state !== "done" && s.state !== "failed") { setTimeout(poll, 1000); }
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  poll();
})();
