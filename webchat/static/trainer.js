// Trainer live view: polls the results every 2 s and drives the reveal / next / close buttons,
// authenticated by the trainer session that runs the campaign (cookie + Flask-WTF's CSRF token
// in X-CSRFToken for POSTs); the admin token never reaches the page. All text comes from the
// page (#trainer-strings).
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) { return; }
  var strings = JSON.parse(document.getElementById("trainer-strings").textContent);
  var code = root.dataset.code;
  // This trainer session runs the campaign (the server knows; no admin token in the page).
  var owned = root.dataset.owned === "true";
  var csrf = root.dataset.csrf || "";
  var statusEl = document.getElementById("status");
  var resultsEl = document.getElementById("results");
  var exportEl = document.getElementById("export");
  var controls = document.getElementById("controls");
  var timer = null;

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

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  // "1 deelnemer", "2 deelnemers": the plural form the page's language uses for n.
  function counted(forms, n) {
    var kind = window.Intl && Intl.PluralRules
      ? new Intl.PluralRules(document.documentElement.lang || "nl").select(n)
      : (n === 1 ? "one" : "other");
    return (forms[kind] || forms.other).replace("{n}", String(n));
  }

  function render(data) {
    var campaign = data.campaign;
    var state = counted(strings.participants, campaign.participants);
    if (campaign.status === "closed") { state = strings.closed + " " + state; }
    if (campaign.status === "expired") { state = strings.expired + " " + state; }
    if (campaign.mode === "live" && campaign.current_index < 0 && campaign.status === "open") {
      state = strings.notStarted + " " + state;
    }
    statusEl.textContent = state;
    exportEl.hidden = campaign.status === "open";
    controls.hidden = campaign.status !== "open";
    resultsEl.textContent = "";
    data.questions.forEach(function (q) {
      if (campaign.mode === "live" && q.index > campaign.current_index &&
          campaign.status === "open") { return; }
      var block = el("article", null, "question");
      var head = strings.question + " " + (q.index + 1) + ": " + q.question;
      if (campaign.mode === "live" && q.index === campaign.current_index) {
        head += " (" + strings.current + ")";
      }
      block.appendChild(el("h2", head));
      block.appendChild(el("p", q.answered + " " + strings.answered));
      var table = el("table");
      q.options.forEach(function (option, i) {
        var row = el("tr");
        var label = option + (q.correct === i ? " ✓ " + strings.correct : "");
        row.appendChild(el("td", label));
        var bar = el("td");
        var progress = el("progress");
        progress.max = Math.max(q.answered, 1);
        progress.value = q.counts[i];
        bar.appendChild(progress);
        row.appendChild(bar);
        var pct = q.answered ? Math.round(100 * q.counts[i] / q.answered) : 0;
        row.appendChild(el("td", q.counts[i] + " (" + pct + "%)"));
        table.appendChild(row);
      });
      block.appendChild(table);
      resultsEl.insertBefore(block, resultsEl.firstChild);
    });
    if (campaign.status !== "open" && timer) { clearInterval(timer); timer = null; }
  }

  function poll() {
    if (!owned) { statusEl.textContent = strings.noToken; return; }
    api("GET", "results").then(render).catch(function (err) {
      statusEl.textContent = err instanceof TypeError ? strings.offline : err.message;
    });
  }

  controls.addEventListener("click", function (event) {
    var action = event.target.dataset && event.target.dataset.action;
    if (!action || !owned) { return; }
    if (action === "close" && !window.confirm(strings.confirmClose)) { return; }
    api("POST", action).then(poll).catch(function (err) { statusEl.textContent = err.message; });
  });

  poll();
  timer = setInterval(poll, 2000);
})();
