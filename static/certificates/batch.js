// 批文 issuing progress: polls the batch status (moved out of the page for the CSP).
(function () {
  var box = document.getElementById("batch"); if (!box) return;
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (s) {
      var bar = document.getElementById("batch-bar"); bar.max = s.total; bar.value = s.done;
      document.getElementById("batch-text").textContent = s.done + "/" + s.total + " · " + s.label;
      if (s.state !== "done" && s.state !== "failed") setTimeout(poll, 1000);
    });
  }
  poll();
})();
