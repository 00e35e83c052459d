// Presenter view for a projector: polls the results every 1.5 s as the trainer session that runs
// the campaign (cookie; POSTs carry Flask-WTF's CSRF token in X-CSRFToken),
// draws one bar per option of the current question (width via the --share custom property,
// which the CSP allows), and drives reveal / next and an optional countdown per question.
// All text comes from the page (#presenter-strings).
(function () {
  "use strict";
  var root = document.getElementById("presenter");
  if (!root) { return; }
  var strings = JSON.parse(document.getElementById("presenter-strings").textContent);
  var code = root.dataset.code;
  // This trainer session runs the campaign (the server knows; no admin token in the page).
  var owned = root.dataset.owned === "true";
  var csrf = root.dataset.csrf || "";
  var LETTERS = "ABCD";
  var CONTENT_LANG = "nl"; // the quiz content is Dutch, also on the English page
  var POLL_MS = 1500;
  var lang = document.documentElement.lang || "nl";
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
  var $ = function (id) { return document.getElementById(id); };
  var numberEl = $("present-number"), questionEl = $("present-question");
  var barsEl = $("present-bars"), answeredEl = $("present-answered");
  var explanationEl = $("present-explanation"), explanationText = $("present-explanation-text");
  var statusEl = $("present-status"), participantsEl = $("present-participants");
  var controls = $("present-controls"), timerEl = $("present-timer");
  var secondsInput = $("timer-seconds");
  var advanceButton = controls.querySelector('[data-action="advance"]');
  var revealButton = controls.querySelector('[data-action="reveal"]');
  var fullscreenButton = controls.querySelector('[data-action="fullscreen"]');
  var rows = [];
  var shownIndex = null;
  var firstRender = true;
  var poller = null, ticker = null, deadline = 0;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function counted(forms, n) {
    var kind = plurals ? plurals.select(n) : (n === 1 ? "one" : "other");
    return fill(forms[kind] || forms.other, { n: n });
  }

  function api(method, action) {
    return fetch("/api/campaigns/" + encodeURIComponent(code) + "/" + action, {
      method: method,
      headers: method === "GET" ? { "Accept": "application/json" }
        : { "Accept": "application/json", "X-CSRFToken": csrf },
      credentials: "same-origin",
      cache: "no-store"
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error(body.error || String(response.status)); }
        return body;
      });
    });
  }

  // --- the countdown -------------------------------------------------------------------------

  function stopTimer() {
    if (ticker) { clearInterval(ticker); ticker = null; }
  }

  function tick() {
    var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    timerEl.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    if (left === 0) {
      stopTimer();
      timerEl.classList.add("done");
      statusEl.textContent = strings.timeUp;
    }
  }

  function startTimer() {
    var seconds = parseInt(secondsInput.value, 10);
    stopTimer();
    timerEl.classList.remove("done");
    if (statusEl.textContent === strings.timeUp) { statusEl.textContent = ""; }
    if (!(seconds > 0)) { timerEl.hidden = true; return; }
    deadline = Date.now() + Math.min(seconds, 600) * 1000;
    timerEl.hidden = false;
    tick();
    ticker = setInterval(tick, 250);
  }

  // --- drawing -------------------------------------------------------------------------------

  function buildRows(question) {
    barsEl.textContent = "";
    rows = question.options.map(function (option, i) {
      var item = el("li", null, "bar-row");
      var label = el("span", null, "bar-label");
      var text = el("span", LETTERS.charAt(i) + ". " + option);
      text.lang = CONTENT_LANG;
      var mark = el("strong", "✓ " + strings.correct, "bar-mark");
      mark.hidden = true;
      label.appendChild(text);
      label.appendChild(document.createTextNode(" "));
      label.appendChild(mark);
      var track = el("span", null, "bar-track");
      track.setAttribute("aria-hidden", "true");
      var bar = el("span", null, "bar-fill");
      track.appendChild(bar);
      var count = el("span", "", "bar-count");
      item.appendChild(label);
      item.appendChild(count);
      item.appendChild(track);
      barsEl.appendChild(item);
      return { item: item, bar: bar, count: count, mark: mark };
    });
  }

  function currentQuestion(data) {
    var campaign = data.campaign;
    var index = campaign.mode === "live" ? campaign.current_index : campaign.released - 1;
    return index >= 0 ? data.questions[index] || null : null;
  }

  function showNothing(text) {
    shownIndex = null;
    rows = [];
    numberEl.textContent = "";
    questionEl.removeAttribute("lang");
    questionEl.textContent = text;
    barsEl.textContent = "";
    answeredEl.textContent = "";
    explanationEl.hidden = true;
  }

  function render(data) {
    var campaign = data.campaign;
    var open = campaign.status === "open";
    var question = currentQuestion(data);
    participantsEl.textContent = counted(strings.participants, campaign.participants);
    if (advanceButton) {
      advanceButton.disabled = !open || campaign.current_index + 1 >= campaign.n_questions;
    }
    revealButton.disabled = !open || !question || question.revealed;
    if (!open) {
      statusEl.textContent = campaign.status === "closed" ? strings.closed : strings.expired;
      stopTimer();
    }
    if (!question) {
      showNothing(campaign.mode === "live" && open ? strings.notStarted : strings.waiting);
      firstRender = false;
      return;
    }
    if (question.index !== shownIndex) {
      shownIndex = question.index;
      numberEl.textContent = fill(strings.question, { number: question.index + 1,
                                                      total: campaign.n_questions });
      questionEl.lang = CONTENT_LANG;
      questionEl.textContent = question.question;
      buildRows(question);
      if (!firstRender && open) { startTimer(); }
    }
    firstRender = false;
    var revealed = question.correct !== null && question.correct !== undefined;
    question.counts.forEach(function (n, i) {
      var row = rows[i];
      if (!row) { return; }
      var share = question.answered ? Math.round(100 * n / question.answered) : 0;
      row.bar.style.setProperty("--share", String(share));
      row.count.textContent = n + " (" + share + "%)";
      row.item.classList.toggle("correct", revealed && question.correct === i);
      row.item.classList.toggle("wrong", revealed && question.correct !== i);
      row.mark.hidden = !(revealed && question.correct === i);
    });
    answeredEl.textContent = fill(strings.answered, { answered: question.answered,
                                                      total: campaign.participants });
    explanationEl.hidden = !(revealed && question.explanation);
    explanationText.textContent = question.explanation || "";
    if (!open && poller) { clearInterval(poller); poller = null; }
  }

  function poll() {
    if (!owned) { statusEl.textContent = strings.noToken; return; }
    api("GET", "results").then(render).catch(function (err) {
      statusEl.textContent = err instanceof TypeError ? strings.offline : err.message;
    });
  }

  // --- controls ------------------------------------------------------------------------------

  controls.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-action]");
    if (!button || button.disabled) { return; }
    var action = button.dataset.action;
    if (action === "timer") { startTimer(); return; }
    if (action === "fullscreen") {
      document.documentElement.requestFullscreen().catch(function () {});
      return;
    }
    if (!owned) { statusEl.textContent = strings.noToken; return; }
    statusEl.textContent = "";
    api("POST", action).then(poll).catch(function (err) { statusEl.textContent = err.message; });
  });

  if (fullscreenButton && document.fullscreenEnabled) { fullscreenButton.hidden = false; }

  poll();
  poller = setInterval(poll, POLL_MS);
})();
