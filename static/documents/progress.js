// Polls the status of every .doc-progress box until the document is 已生成 or 生成失败.
(function () {
  function watch(box) {
    if (box.getAttribute("data-watched")) { return; }  // the partial may be included several times
    box.setAttribute("data-watched", "1");
    var url = box.getAttribute("data-status-url");
    var delay = 800;
    function show(sel, on) { var el = box.querySelector(sel); if (el) { el.hidden = !on; } }
    function tick() {
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (s) {
          var label = box.querySelector(".doc-state");
          label.textContent = s.label;
          label.className = "doc-state state-" + s.state;
          box.setAttribute("data-state", s.state);
          var bar = box.querySelector(".doc-percent");  // exports: rows done so far
          if (bar && s.percent !== undefined) { bar.value = s.percent; }
          var count = box.querySelector(".doc-count");
          if (count && s.total !== undefined) { count.textContent = count.textContent.replace(/\d+ \/ \d+/, s.done + " / " + s.total); }
          if (s.ready) {
            box.querySelector(".doc-download").href = s.download_url;
            show(".doc-ready", true); show(".doc-wait", false);
          } else if (s.state === "failed" || s.can_retry) {
            show(".doc-failed", s.state === "failed"); show(".doc-stale", s.state !== "failed");
            show(".doc-error", true); show(".doc-wait", false);
          } else {
            delay = Math.min(delay * 1.5, 5000);
            setTimeout(tick, delay);
          }
        })
        .catch(function () { setTimeout(tick, 5000); });
    }
    var state = box.getAttribute("data-state");
    if (state !== "done" && state !== "failed") { setTimeout(tick, delay); }
  }
  document.querySelectorAll(".doc-progress").forEach(watch);
})();
