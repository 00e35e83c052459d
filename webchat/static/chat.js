// The chat widget. The session id lives only in this variable: nothing of the conversation
// goes to localStorage, sessionStorage or cookies. All bot text is inserted as text, never HTML.
(function () {
  "use strict";
  var strings = JSON.parse(document.getElementById("ui-strings").textContent);
  var locale = document.currentScript.dataset.locale || "nl";
  var session = null;
  var log = document.getElementById("log");
  var form = document.getElementById("ask");
  var input = document.getElementById("message");
  window.signaalSession = function () { return session; };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function addMessage(who, message) {
    var item = el("li", "msg " + who);
    item.appendChild(el("span", "who", who === "user" ? strings.you : strings.bot));
    item.appendChild(el("p", "text", message.text));
    if (message.sources && message.sources.length) {
      var sources = el("details", "sources");
      sources.appendChild(el("summary", null, strings.sources));
      var list = el("ul");
      message.sources.forEach(function (source) {
        var li = el("li");
        if (source.url) {
          var link = el("a", null, source.title);
          link.href = source.url; link.rel = "noopener noreferrer"; link.target = "_blank";
          li.appendChild(link);
        } else { li.textContent = source.title; }
        list.appendChild(li);
      });
      sources.appendChild(list);
      item.appendChild(sources);
    }
    if (message.buttons && message.buttons.length) {
      var row = el("div", "buttons");
      message.buttons.forEach(function (b) {
        var button = el("button", "choice", b.title);
        button.type = "button";
        button.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(button);
      });
      item.appendChild(row);
    }
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
  }

  function send(message, shown) {
    addMessage("user", { text: shown || message });
    var waiting = el("li", "msg bot waiting", strings.sending);
    log.appendChild(waiting);
    fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: message, session: session, locale: locale }),
      credentials: "same-origin", cache: "no-store"
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      waiting.remove();
      if (!result.ok) { addMessage("bot", { text: result.body.error || strings.network }); return; }
      session = result.body.session;
      result.body.messages.forEach(function (m) { addMessage("bot", m); });
    }).catch(function () {
      waiting.remove();
      addMessage("bot", { text: strings.network });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send(text);
  });
  addMessage("bot", { text: strings.welcome });
  // A trainer's join link (/?join=K7P3QM) joins the campaign session straight away.
  var join = new URLSearchParams(window.location.search).get("join");
  if (join && /^[A-Za-z0-9]{6}$/.test(join)) {
    window.history.replaceState(null, "", window.location.pathname);
    send("code " + join.toUpperCase());
  }
  input.focus();
})();
