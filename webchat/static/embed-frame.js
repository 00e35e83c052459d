// Only on /embed, the chat in an iframe on another site. The quick exit must leave the host
// page too, and a frame cannot navigate a cross-origin top window by itself. So static/embed.js
// on the host says hello by postMessage; from then on the quick exit asks it to leave (and the
// Close button asks it to close the panel). In a plain iframe without embed.js the quick exit
// navigates the top window when the browser allows that (right after a click, tap or typing;
// Esc alone does not count), and the frame always clears itself. Loaded after exit.js and
// before chat.js.
(function () {
  "use strict";
  if (window.parent === window) { return; } // opened on its own: exit.js does everything
  var allowed = (document.currentScript.dataset.origins || "").split(" ").filter(Boolean);
  var exitUrl = document.body.dataset.exitUrl;
  var hostOrigin = null; // set by embed.js's hello, from an allowed origin only
  var left = false;

  // The host page goes to the exit URL; the frame itself only to a blank page (exit sites
  // often refuse to be framed, and the frame is gone with its host anyway).
  document.body.dataset.exitUrl = "about:blank";

  function leaveHost() {
    if (left) { return; }
    left = true;
    if (hostOrigin) {
      window.parent.postMessage({ type: "signaal:exit" }, hostOrigin);
      return;
    }
    try {
      window.top.location.replace(exitUrl);
    } catch (e) { /* not allowed here: the frame still clears itself */ }
  }

  // exit.js's quick exit (button, Esc, Shift three times) empties the page before it leaves:
  // that is the moment to take the host page along. Callers of window.signaalQuickExit are
  // covered by the wrapper as well.
  new MutationObserver(function () {
    if (!document.body.firstChild) { leaveHost(); }
  }).observe(document.body, { childList: true });
  var quickExit = window.signaalQuickExit;
  if (quickExit) {
    window.signaalQuickExit = function () { leaveHost(); quickExit(); };
  }

  // The chat scrolls each new message into view and puts the cursor in its text box. In a frame
  // that must not scroll the host page along, nor pull the focus from it before the person has
  // come into the chat (a plain iframe loads with the page). So: scroll only the chat's own
  // scroller (aligning the bottom, the only way chat.js scrolls), and move the focus only
  // while this frame has it, or when embed.js asks (its panel was just opened).
  var scroller = document.getElementById("main");
  var input = document.getElementById("message");
  var focus = HTMLElement.prototype.focus;
  Element.prototype.scrollIntoView = function () {
    if (!scroller || !scroller.contains(this)) { return; }
    scroller.scrollTop += this.getBoundingClientRect().bottom -
      scroller.getBoundingClientRect().bottom;
  };
  if (input) {
    input.focus = function (options) {
      if (document.hasFocus()) { focus.call(input, options); }
    };
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.source !== window.parent || allowed.indexOf(event.origin) < 0 ||
        !data || typeof data !== "object") { return; }
    if (data.type === "signaal:hello") {
      hostOrigin = event.origin;
      var close = document.getElementById("embed-close");
      if (close) { close.hidden = false; }
    }
    if (input && (data.type === "signaal:focus" || (data.type === "signaal:hello" && data.focus))) {
      focus.call(input, { preventScroll: true });
    }
  });

  document.addEventListener("click", function (event) {
    if (!event.target.closest) { return; }
    if (hostOrigin && event.target.closest("#embed-close")) {
      window.parent.postMessage({ type: "signaal:close" }, hostOrigin);
      return;
    }
    // Our other pages may not be framed (frame-ancestors 'none'): they open in a window of
    // their own, which exit.js tracks and the quick exit closes.
    var link = event.target.closest("a[href]");
    if (link && link.origin === window.location.origin && link.dataset.lang === undefined) {
      link.dataset.external = "";
    }
  }, true);
})();
