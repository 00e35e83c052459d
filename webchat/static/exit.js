// Quick exit, on every public page: the button, Esc (when no text field has focus) or Shift
// pressed three times. It tells the server to forget the chat, closes the source windows this
// page opened, and replaces this page in history so Back does not return here. Links between
// our own pages also replace the current history entry, so Signaal only ever holds one entry.
(function () {
  "use strict";
  var opened = [];
  var shiftTimes = [];

  function quickExit() {
    var session = window.signaalSession && window.signaalSession();
    if (session && navigator.sendBeacon) {
      navigator.sendBeacon("/api/chat/forget",
        new Blob([JSON.stringify({ session: session })], { type: "application/json" }));
    }
    opened.forEach(function (win) { try { win.close(); } catch (e) { /* already gone */ } });
    document.body.innerHTML = "";
    document.title = "";
    window.location.replace(document.body.dataset.exitUrl || "https://www.google.com");
  }

  // Sources open in a window this page keeps a handle on, so the quick exit can close it.
  // That needs the opener link (Chromium drops the handle of a 'noopener' window once it
  // loads another site); the risk is small because sources are curated public pages, and
  // no-referrer keeps our address from them.
  function openTracked(url) {
    var win = window.open(url, "_blank");
    if (!win) { return false; }
    opened.push(win);
    return true;
  }

  function typingInField(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" ||
      (target && target.isContentEditable);
  }

  window.signaalQuickExit = quickExit;
  window.signaalOpen = openTracked;
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("#quick-exit")) { quickExit(); return; }
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || link.protocol === "tel:") { return; }
    if (link.origin !== window.location.origin || link.dataset.external !== undefined) {
      if (openTracked(link.href)) { event.preventDefault(); }
      return;
    }
    event.preventDefault();
    if (link.dataset.lang !== undefined && window.signaalSwitchLanguage) {
      window.signaalSwitchLanguage(link.dataset.lang, link.href); // the chat keeps its log
    } else {
      window.location.replace(link.href);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !typingInField(event.target)) { quickExit(); return; }
    if (event.key === "Shift" && !event.repeat) {
      var now = Date.now();
      shiftTimes = shiftTimes.filter(function (t) { return now - t < 1500; });
      shiftTimes.push(now);
      if (shiftTimes.length >= 3) { quickExit(); }
    } else if (event.key !== "Shift") {
      shiftTimes = []; // typing capitals is not an exit
    }
  });
})();
