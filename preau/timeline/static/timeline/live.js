// Live unread badge: listen to server-sent events when the server offers them; htmx polls otherwise.
(function () {
  "use strict";
  function start() {
    var slot = document.getElementById("live-badge");
    if (!slot || !slot.dataset.stream || !window.EventSource || !window.htmx) return;
    var source = new EventSource(slot.dataset.stream);
    source.addEventListener("badge", function () { window.htmx.trigger(slot, "badge"); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
