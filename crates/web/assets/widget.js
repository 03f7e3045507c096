// Klantbeeld chat widget. Embed with:
//   <script src="https://support.example.nl/widget.js" data-inbox="3" defer></script>
// Vanilla JS, no dependencies. The visitor token is kept in localStorage per inbox, so a
// returning visitor is the same customer with the same history.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var inbox = script.getAttribute("data-inbox");
  var base = new URL(script.src, location.href);
  var lang = (script.getAttribute("data-lang") || navigator.language || "nl").slice(0, 2) === "en" ? "en" : "nl";
  var T = {
    nl: { title: "Chat met ons", send: "Versturen", placeholder: "Typ uw bericht…", online: "Er is een medewerker online.",
      offline: "Er is nu niemand online. Laat uw e-mailadres achter of vraag om teruggebeld te worden.",
      person: "Praat met een medewerker / bel mij terug", email: "Uw e-mailadres", name: "Uw naam", phone: "Uw telefoonnummer",
      when: "Wanneer schikt het? (optioneel)", leave: "E-mailadres opslaan", call: "Bel mij terug",
      linked: "Dank u, we antwoorden ook per e-mail.", promised: "We bellen u terug vóór ", you: "U", agent: "Medewerker",
      thanks: "Dank u voor uw antwoord!", comment: "Toelichting (optioneel)",
      code: "Code uit de e-mail", confirm: "Bevestigen", sent: "We hebben een code gestuurd naar " },
    en: { title: "Chat with us", send: "Send", placeholder: "Type your message…", online: "An agent is online.",
      offline: "Nobody is online right now. Leave your email address or ask us to call you back.",
      person: "Talk to a person / call me back", email: "Your email address", name: "Your name", phone: "Your phone number",
      when: "When suits you? (optional)", leave: "Save email address", call: "Call me back",
      linked: "Thank you, we will also answer by email.", promised: "We will call you back before ", you: "You", agent: "Agent",
      thanks: "Thank you for your answer!", comment: "Comment (optional)",
      code: "Code from the email", confirm: "Confirm", sent: "We sent a code to " }
  }[lang];
  var key = "klantbeeld-visitor-" + inbox;
  var socket, queue = [];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) node.setAttribute(name, attrs[name]);
    if (text) node.textContent = text;
    return node;
  }

  var root = el("div", { "class": "kb-chat", "aria-live": "polite" });
  root.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:2147483000;font:14px/1.4 system-ui,sans-serif;max-width:calc(100vw - 32px)";
  var toggle = el("button", { type: "button", "aria-expanded": "false" }, T.title);
  toggle.style.cssText = "background:#0b5cad;color:#fff;border:0;border-radius:20px;padding:10px 16px;cursor:pointer;float:right";
  var panel = el("div", { role: "dialog", "aria-label": T.title, hidden: "" });
  panel.style.cssText = "background:#fff;color:#111;border:1px solid #ccd;border-radius:8px;width:320px;max-width:100%;margin-bottom:8px;box-shadow:0 4px 16px rgba(0,0,0,.15)";
  var status = el("p", { "class": "kb-status" });
  status.style.cssText = "margin:0;padding:8px 12px;background:#f2f5f9;font-size:13px";
  var log = el("ol", { "class": "kb-log" });
  log.style.cssText = "list-style:none;margin:0;padding:8px 12px;height:240px;overflow-y:auto";
  var form = el("form");
  form.style.cssText = "display:flex;gap:4px;padding:8px";
  var input = el("input", { type: "text", "aria-label": T.placeholder, placeholder: T.placeholder, maxlength: "4000" });
  input.style.cssText = "flex:1;padding:6px";
  form.appendChild(input);
  form.appendChild(el("button", { type: "submit" }, T.send));
  var person = el("details");
  person.style.cssText = "padding:0 12px 8px";
  person.appendChild(el("summary", {}, T.person));
  var emailForm = el("form");
  var emailInput = el("input", { type: "email", required: "", "aria-label": T.email, placeholder: T.email });
  var nameInput = el("input", { type: "text", "aria-label": T.name, placeholder: T.name });
  emailForm.appendChild(nameInput);
  emailForm.appendChild(emailInput);
  emailForm.appendChild(el("button", { type: "submit" }, T.leave));
  // The address counts once the visitor types the code mailed to it.
  var codeForm = el("form", { hidden: "" });
  var codeInput = el("input", { type: "text", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6",
    required: "", "aria-label": T.code, placeholder: T.code });
  codeForm.appendChild(codeInput);
  codeForm.appendChild(el("button", { type: "submit" }, T.confirm));
  var callForm = el("form");
  var phoneInput = el("input", { type: "tel", required: "", "aria-label": T.phone, placeholder: T.phone });
  var whenInput = el("input", { type: "datetime-local", "aria-label": T.when, title: T.when });
  callForm.appendChild(phoneInput);
  callForm.appendChild(whenInput);
  callForm.appendChild(el("button", { type: "submit" }, T.call));
  person.appendChild(emailForm);
  person.appendChild(codeForm);
  person.appendChild(callForm);
  panel.appendChild(status);
  panel.appendChild(log);
  panel.appendChild(form);
  panel.appendChild(person);
  root.appendChild(panel);
  root.appendChild(toggle);

  function show(from, body) {
    var item = el("li", {}, (from === "visitor" ? T.you : T.agent) + ": " + body);
    item.style.cssText = "margin:4px 0;" + (from === "visitor" ? "text-align:right" : "");
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }
  function notice(text) {
    var item = el("li", {}, text);
    item.style.cssText = "margin:4px 0;font-style:italic;color:#555";
    log.appendChild(item);
  }
  // A survey after the chat: one button per score, then room for a comment.
  function survey(frame) {
    var box = el("li", { role: "group", "aria-label": frame.question });
    box.style.cssText = "margin:6px 0;padding:8px;background:#f2f5f9;border-radius:6px";
    box.appendChild(el("p", {}, frame.question));
    var row = el("div");
    row.style.cssText = "display:flex;flex-wrap:wrap;gap:3px";
    for (var n = frame.scale[0]; n <= frame.scale[1]; n++) {
      var button = el("button", { type: "button", "data-score": String(n) }, String(n));
      button.style.cssText = "flex:1 0 22px;padding:6px 0;cursor:pointer";
      row.appendChild(button);
    }
    row.addEventListener("click", function (event) {
      var score = event.target.getAttribute("data-score");
      if (score) send({ type: "survey_answer", token: frame.token, score: Number(score) });
    });
    box.appendChild(row);
    var ends = el("p", {}, frame.ends[0] + " … " + frame.ends[1]);
    ends.style.cssText = "margin:2px 0;font-size:12px;color:#555";
    box.appendChild(ends);
    var more = el("form");
    var text = el("input", { type: "text", "aria-label": T.comment, placeholder: frame.follow_up, maxlength: "2000" });
    more.appendChild(text);
    more.appendChild(el("button", { type: "submit" }, T.send));
    more.addEventListener("submit", function (event) {
      event.preventDefault();
      if (text.value.trim()) send({ type: "survey_answer", token: frame.token, comment: text.value });
    });
    box.appendChild(more);
    log.appendChild(box);
    log.scrollTop = log.scrollHeight;
  }
  function send(frame) {
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(frame));
    else queue.push(frame);
  }
  function connect() {
    var url = new URL("/chat/" + encodeURIComponent(inbox) + "/socket", base);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    var token = localStorage.getItem(key);
    if (token) url.searchParams.set("visitor", token);
    socket = new WebSocket(url.toString());
    socket.onopen = function () { while (queue.length) socket.send(JSON.stringify(queue.shift())); };
    socket.onmessage = function (event) {
      var frame = JSON.parse(event.data);
      if (frame.type === "hello") {
        localStorage.setItem(key, frame.visitor);
        status.textContent = frame.agents_online ? (frame.greeting || T.online) : (frame.offline_message || T.offline);
        person.open = !frame.agents_online;
      } else if (frame.type === "presence") {
        status.textContent = frame.agents_online ? T.online : T.offline;
      } else if (frame.type === "history") {
        log.textContent = "";
        frame.messages.forEach(function (m) { show(m.from, m.body); });
      } else if (frame.type === "message") {
        show(frame.from, frame.body);
      } else if (frame.type === "verify") {
        notice(T.sent + frame.email);
        codeForm.hidden = false;
        codeInput.focus();
      } else if (frame.type === "linked") {
        codeForm.hidden = true;
        notice(T.linked);
      } else if (frame.type === "callback") {
        notice(T.promised + new Date(frame.promised_by).toLocaleString(lang));
      } else if (frame.type === "survey") {
        survey(frame);
      } else if (frame.type === "survey_thanks") {
        notice(T.thanks);
      } else if (frame.type === "error") {
        notice(frame.message);
      }
    };
    socket.onclose = function () { setTimeout(connect, 3000); };
  }

  toggle.addEventListener("click", function () {
    var open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open && !socket) connect();
    if (open) input.focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = input.value.trim();
    if (!body) return;
    send({ type: "message", body: body });
    show("visitor", body);
    input.value = "";
  });
  emailForm.addEventListener("submit", function (event) {
    event.preventDefault();
    send({ type: "email", email: emailInput.value, name: nameInput.value || null, language: lang });
  });
  codeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    send({ type: "verify", code: codeInput.value.trim() });
    codeInput.value = "";
  });
  callForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var when = whenInput.value ? new Date(whenInput.value).toISOString() : null;
    send({ type: "callback", phone: phoneInput.value, preferred_time: when });
  });
  document.body.appendChild(root);
})();
