// Quick exit: on every page, by button or Esc. Tell the server to forget the chat, then
// replace this page in history so Back does not return here.
(function () {
  "use strict";
  function quickExit() {
    var session = window.signaalSession && window.signaalSession();
    if (session && navigator.sendBeacon) {
      navigator.sendBeacon("/api/chat/forget",
        new Blob([JSON.stringify({ session: session })], { type: "application/json" }));
    }
    document.body.innerHTML = "";
    document.title = "";
    window.location.replace(document.body.dataset.exitUrl || "https://www.google.com");
  }
  window.signaalQuickExit = quickExit;
  document.getElementById("quick-exit").addEventListener("click", quickExit);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { quickExit(); }
  });
})();
