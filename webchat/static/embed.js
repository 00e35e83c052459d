// Signaal on another site with one tag:
//   <script src="https://signaal.example/static/embed.js" data-signaal defer></script>
// (optional: data-lang="nl" or "en"; otherwise the page's <html lang>). It adds a launcher button
// that opens the chat (/embed) in a panel: in the corner on wide screens, the whole screen under
// 600 px. No framework, no inline script or style: the look is embed.css from Signaal's origin
// inside a shadow root. Nothing goes into this site's cookies or storage.
// The chat's quick exit reaches this page by postMessage (checked: Signaal's origin and our own
// iframe) and replaces this page with the exit URL; while the chat is open, Esc (outside text
// fields) and Shift three times on this page do the same. The launcher only appears on sites
// listed in SIGNAAL_EMBED_ORIGINS (the settings below are readable by those origins only).
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-signaal]");
  if (!script || !script.src || document.querySelector("signaal-embed")) { return; }
  var src = new URL(script.src, window.location.href);
  var origin = src.origin;
  var root = origin + src.pathname.replace(/\/static\/embed\.js$/, "");
  var wanted = (script.dataset.lang || document.documentElement.lang || "").slice(0, 2);
  var lang = /^(nl|en)$/i.test(wanted) ? wanted.toLowerCase() : "";
  var PHONE = "(max-width: 599.98px)";
  var config, host, launcher, panel, frame = null, isOpen = false, shiftTimes = [];

  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    return node;
  }

  function exitUrl() {
    try {
      var url = new URL(config.exitUrl);
      if (url.protocol === "https:" || url.protocol === "http:") { return url.href; }
    } catch (e) { /* fall through */ }
    return "https://www.google.com";
  }

  function post(message) {
    if (frame && frame.contentWindow) { frame.contentWindow.postMessage(message, origin); }
  }

  // The quick exit: the chat disappears at once, this page is emptied and replaced in history
  // (Back does not return to it), as on Signaal itself.
  function leave() {
    var url = exitUrl();
    host.remove();
    document.title = "";
    document.body.textContent = "";
    window.location.replace(url);
  }

  function open() {
    panel.hidden = false;
    isOpen = true;
    launcher.setAttribute("aria-expanded", "true");
    if (!frame) {
      frame = el("iframe");
      frame.title = config.title;
      frame.referrerPolicy = "no-referrer";
      frame.addEventListener("load", function () {
        post({ type: "signaal:hello", focus: isOpen });
      });
      frame.src = root + "/embed?lang=" + encodeURIComponent(config.lang);
      panel.appendChild(frame);
    } else {
      post({ type: "signaal:focus" });
    }
    frame.focus(); // into the panel; the chat puts it in its text box
  }

  function close() {
    panel.hidden = true;
    isOpen = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  function typingInField(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" ||
      (target && target.isContentEditable);
  }

  function start(settings) {
    config = settings;
    host = document.createElement("signaal-embed");
    var shadow = host.attachShadow({ mode: "open" });
    var sheet = el("link");
    sheet.rel = "stylesheet";
    sheet.href = root + "/static/embed.css";
    launcher = el("button", "launcher");
    launcher.type = "button";
    launcher.lang = config.lang;
    launcher.textContent = config.label;
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "signaal-panel");
    launcher.hidden = true; // until its stylesheet is there
    panel = el("div", "panel");
    panel.id = "signaal-panel";
    panel.lang = config.lang;
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", config.title);
    panel.hidden = true;
    sheet.addEventListener("load", function () { launcher.hidden = false; });
    launcher.addEventListener("click", function () { if (isOpen) { close(); } else { open(); } });
    shadow.appendChild(sheet);
    shadow.appendChild(launcher);
    shadow.appendChild(panel);
    document.body.appendChild(host);
  }

  // Messages count only from Signaal's origin and from our own iframe.
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!frame || event.source !== frame.contentWindow || event.origin !== origin ||
        !data || typeof data !== "object") { return; }
    if (data.type === "signaal:exit") { leave(); }
    if (data.type === "signaal:close" && isOpen) { close(); }
  });

  document.addEventListener("keydown", function (event) {
    if (!isOpen) { return; }
    if (event.key === "Escape" && !typingInField(event.target)) { leave(); return; }
    if (event.key === "Shift" && !event.repeat) {
      var now = Date.now();
      shiftTimes = shiftTimes.filter(function (t) { return now - t < 1500; });
      shiftTimes.push(now);
      if (shiftTimes.length >= 3) { leave(); }
    } else if (event.key !== "Shift") {
      shiftTimes = [];
    }
  });

  // On a phone the open panel is the whole screen: keep the keyboard inside it.
  document.addEventListener("focusin", function (event) {
    if (isOpen && event.target !== host && window.matchMedia(PHONE).matches) { frame.focus(); }
  });

  function load() {
    fetch(root + "/embed/config.json" + (lang ? "?lang=" + lang : ""),
      { credentials: "omit", referrerPolicy: "no-referrer", cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(start)
      .catch(function () {
        if (window.console) {
          window.console.warn("Signaal: this site is not in SIGNAAL_EMBED_ORIGINS, or Signaal " +
            "is unreachable; the chat is not shown.");
        }
      });
  }

  if (document.body) { load(); } else { document.addEventListener("DOMContentLoaded", load); }
})();
