// The chat. The session id lives only in this variable: nothing of the conversation goes to
// localStorage, sessionStorage, cookies or the URL. All bot text is inserted as text, never HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var strings = JSON.parse(document.getElementById("ui-strings").textContent);
  var locale = script.dataset.locale || "nl";
  var session = null;
  var busy = false;
  var scroller = document.getElementById("main");
  var log = document.getElementById("log");
  var form = document.getElementById("ask");
  var input = document.getElementById("message");
  var MAX_SOURCES = 3;
  var CAMPAIGN_POLL_MS = 2500;
  var campaignPoll = null; // set while the bot says this chat is in a live quiz session
  var campaignShown = -1; // the newest campaign question shown in this chat
  // Dutch help numbers as they appear in answers: 0800-2000, 0900-0101, 088-…, +31 …, 112, 113.
  var PHONE = /(\+31[\d ]{9,13}\d|\b0800[- ]?\d{4}\b|\b0900[- ]?\d{4}\b|\b088[- ]?\d{7}\b|\b116 ?111\b|\b11[23]\b)/g;
  window.signaalSession = function () { return session; };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function telLink(number) {
    var link = el("a", null, number);
    link.href = "tel:" + number.replace(/[^0-9+]/g, "");
    return link;
  }

  // Text with every phone number as a tappable tel: link.
  function textWithCalls(text) {
    var p = el("p", "text");
    var last = 0;
    text.replace(PHONE, function (match, _group, offset) {
      p.appendChild(document.createTextNode(text.slice(last, offset)));
      p.appendChild(telLink(match));
      last = offset + match.length;
      return match;
    });
    p.appendChild(document.createTextNode(text.slice(last)));
    return p;
  }

  function crisisCard(crisis) {
    var card = el("div", "crisis-card");
    card.appendChild(el("p", "crisis-title", strings.crisis));
    var calls = el("div", "crisis-calls");
    crisis.calls.forEach(function (call) {
      var link = el("a", "call-big", call.label);
      link.href = call.tel;
      calls.appendChild(link);
    });
    card.appendChild(calls);
    return card;
  }

  function sourceItem(source) {
    var li = el("li");
    if (!source.url) { li.textContent = source.title; return li; }
    var link = el("a", null, source.title);
    link.href = source.url;
    link.rel = "noopener noreferrer";
    link.dataset.external = ""; // opened in a window the quick exit can close (exit.js)
    li.appendChild(link);
    if (source.checked) { li.appendChild(document.createTextNode(" (" + strings.checked + " " + source.checked + ")")); }
    return li;
  }

  function sourcesBlock(sources) {
    var box = el("details", "sources");
    box.appendChild(el("summary", null, strings.sources));
    var list = el("ul");
    sources.slice(0, MAX_SOURCES).forEach(function (s) { list.appendChild(sourceItem(s)); });
    box.appendChild(list);
    if (sources.length > MAX_SOURCES) {
      var more = el("details", "more-sources");
      more.appendChild(el("summary", null, strings.moreSources));
      var rest = el("ul");
      sources.slice(MAX_SOURCES).forEach(function (s) { rest.appendChild(sourceItem(s)); });
      more.appendChild(rest);
      box.appendChild(more);
    }
    return box;
  }

  function scrollToNewest(node) {
    node.scrollIntoView({ block: "end" });
  }

  function addMessage(who, message) {
    var item = el("li", "msg " + who + (message.crisis ? " crisis" : ""));
    item.appendChild(el("span", "who", who === "user" ? strings.you : strings.bot));
    if (message.crisis && message.crisis.calls && message.crisis.calls.length) {
      item.appendChild(crisisCard(message.crisis));
    }
    item.appendChild(who === "bot" ? textWithCalls(message.text) : el("p", "text", message.text));
    if (message.sources && message.sources.length) { item.appendChild(sourcesBlock(message.sources)); }
    if (message.buttons && message.buttons.length) {
      var row = el("div", "buttons");
      message.buttons.forEach(function (b) {
        var button = el("button", "choice", b.title);
        button.type = "button";
        button.dataset.payload = b.payload;
        if (typeof b.question === "number") { button.dataset.question = String(b.question); }
        row.appendChild(button);
      });
      item.appendChild(row);
    }
    log.appendChild(item);
    // A crisis card's call buttons come first: keep them in view rather than the card's end.
    if (item.classList.contains("crisis")) { item.scrollIntoView({ block: "start" }); } else { scrollToNewest(item); }
    return item;
  }

  // Once the person answers, earlier choices can no longer be pressed.
  function retireChoices(chosen) {
    document.querySelectorAll(".choice:not(:disabled)").forEach(function (b) {
      b.disabled = true;
      if (b === chosen) { b.classList.add("chosen"); }
    });
    var starters = document.getElementById("starters");
    if (starters) { starters.hidden = true; }
  }

  // A live quiz session: while the bot marks its answers as part of one, ask every few seconds
  // whether the trainer moved on, and show the new question with its buttons. Only the
  // session id goes to the server (in the body), never any text.
  function followCampaign(messages) {
    var marks = messages.filter(function (m) { return m.campaign; });
    marks.forEach(function (m) {
      if (typeof m.campaign.question === "number") {
        campaignShown = Math.max(campaignShown, m.campaign.question);
      }
    });
    if (marks.length && !campaignPoll) {
      campaignPoll = setInterval(pollCampaign, CAMPAIGN_POLL_MS);
    } else if (!marks.length) {
      stopCampaign();
    }
  }

  function stopCampaign() {
    if (campaignPoll) { clearInterval(campaignPoll); campaignPoll = null; }
    campaignShown = -1;
  }

  function pollCampaign() {
    if (busy || !session || document.hidden) { return; }
    fetch("/api/campaign/state", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session: session, locale: locale }),
      credentials: "same-origin", cache: "no-store"
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (state) {
      if (!state || busy || !campaignPoll) { return; }
      if (state.status === "question" && state.index > campaignShown && state.message) {
        campaignShown = state.index;
        retireChoices(null);
        addMessage("bot", state.message);
      } else if (!state.active) {
        stopCampaign();
        if (state.message) { addMessage("bot", state.message); }
      }
    }).catch(function () { /* offline for a moment: the next poll tries again */ });
  }

  function send(message, shown, chosen) {
    if (busy) { return; }
    busy = true;
    var question = chosen && chosen.dataset.question ? Number(chosen.dataset.question) : null;
    retireChoices(chosen);
    addMessage("user", { text: shown || message });
    var waiting = el("li", "msg bot waiting", strings.sending);
    waiting.setAttribute("role", "status");
    log.appendChild(waiting);
    scrollToNewest(waiting);
    fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ message: message, session: session, locale: locale,
                             question: question === null ? undefined : question }),
      credentials: "same-origin", cache: "no-store"
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      waiting.remove();
      if (!result.ok) { addMessage("bot", { text: result.body.error || strings.network }); return; }
      session = result.body.session;
      result.body.messages.forEach(function (m) { addMessage("bot", m); });
      if (!result.body.degraded) { followCampaign(result.body.messages); }
    }).catch(function () {
      waiting.remove();
      addMessage("bot", { text: strings.network });
    }).then(function () {
      busy = false;
      if (chosen) { input.focus({ preventScroll: true }); }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || busy) { return; }
    input.value = "";
    send(text);
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".choice[data-payload]");
    if (button && !button.disabled) { send(button.dataset.payload, button.textContent, button); }
  });

  // Switching language keeps the conversation: the page's texts are swapped in place from the
  // same page in the other language, and the next answers come in that language.
  window.signaalSwitchLanguage = function (lang, href) {
    fetch(href, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      return response.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      document.querySelectorAll("[data-swap]").forEach(function (old) {
        var replacement = fresh.querySelector('[data-swap="' + old.dataset.swap + '"]');
        if (!replacement) { return; }
        var node = document.importNode(replacement, true);
        if (old.hidden !== undefined) { node.hidden = old.hidden; }
        old.replaceWith(node);
      });
      strings = JSON.parse(document.getElementById("ui-strings").textContent);
      locale = lang;
      document.documentElement.lang = lang;
      input.placeholder = fresh.getElementById("message").placeholder;
      form.querySelector('input[name="locale"]').value = lang;
    }).catch(function () { window.location.replace(href); });
  };

  addMessage("bot", { text: strings.welcome });
  if (!session) { document.getElementById("starters").hidden = false; }
  // A trainer's join link (/?join=K7P3QM) joins the campaign session straight away.
  var join = new URLSearchParams(window.location.search).get("join");
  if (join && /^[A-Za-z0-9]{6}$/.test(join)) {
    window.history.replaceState(null, "", window.location.pathname);
    send("code " + join.toUpperCase());
  }
  input.focus({ preventScroll: true });
  scroller.scrollTop = 0;
})();
