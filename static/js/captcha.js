/* 看不清，换一张: a new captcha image and key without reloading the page (the link's own href,
   the current page, is the fallback without JavaScript). */
(function () {
  if (window.zcCaptchaRefresh) return;
  window.zcCaptchaRefresh = true;
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.captcha-refresh");
    if (!link || !window.fetch) return;
    event.preventDefault();
    var box = link.closest(".captcha-widget");
    fetch(link.getAttribute("data-refresh-url"), { headers: { "X-Requested-With": "XMLHttpRequest" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        box.querySelector("img.captcha").src = data.image_url;
        box.querySelector("input[type=hidden]").value = data.key;
        var answer = box.querySelector("input:not([type=hidden])");
        answer.value = "";
        answer.focus();
      })
      .catch(function () { window.location.reload(); });
  });
})();
