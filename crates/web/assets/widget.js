// Klantbeeld chat widget. Embed with:
//   <script src="https://support.example.nl/widget.js" data-inbox="3" defer></script>
// Vanilla JS, no dependencies. The visitor token is kept in localStorage per inbox, so a
// returning visitor is the same customer with the same history. Styles live in one <style>
// element under the `kb-` prefix, so the host page's own styles stay as they are.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var inbox = script.getAttribute("data-inbox");
  var base = new URL(script.src, location.href);
  var lang = (script.getAttribute("data-lang") || navigator.language || "nl").slice(0, 2) === "en" ? "en" : "nl";
  var T = {
    nl: { title: "Chat met ons", close: "Chat sluiten", send: "Versturen", placeholder: "Typ uw bericht…",
      online: "Er is een medewerker online.",
      offline: "Er is nu niemand online. Laat uw e-mailadres achter of vraag om teruggebeld te worden.",
      person: "Praat met een medewerker / bel mij terug", email: "Uw e-mailadres", name: "Uw naam", phone: "Uw telefoonnummer",
      when: "Wanneer schikt het? (optioneel)", leave: "E-mailadres opslaan", call: "Bel mij terug",
      linked: "Dank u, we antwoorden ook per e-mail.", promised: "We bellen u terug vóór ", you: "U", agent: "Medewerker",
      typing: "Medewerker typt…", thanks: "Dank u voor uw antwoord!", comment: "Toelichting (optioneel)",
      code: "Code uit de e-mail", confirm: "Bevestigen", sent: "We hebben een code gestuurd naar ",
      log: "Gesprek", score: "Score " },
    en: { title: "Chat with us", close: "Close chat", send: "Send", placeholder: "Type your message…",
      online: "An agent is online.",
      offline: "Nobody is online right now. Leave your email address or ask us to call you back.",
      person: "Talk to a person / call me back", email: "Your email address", name: "Your name", phone: "Your phone number",
      when: "When suits you? (optional)", leave: "Save email address", call: "Call me back",
      linked: "Thank you, we will also answer by email.", promised: "We will call you back before ", you: "You", agent: "Agent",
      typing: "Agent is typing…", thanks: "Thank you for your answer!", comment: "Comment (optional)",
      code: "Code from the email", confirm: "Confirm", sent: "We sent a code to ",
      log: "Conversation", score: "Score " }
  }[lang];
  var key = "klantbeeld-visitor-" + inbox;
  var socket, queue = [], typingTimer;
  // How long "typing…" stays without a new signal from the agent.
  var TYPING_MS = 5000;

  var css =
    ".kb-chat{position:fixed;right:16px;bottom:16px;z-index:2147483000;font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;" +
    "color:#1d2433;max-width:calc(100vw - 32px);display:flex;flex-direction:column;align-items:flex-end}" +
    ".kb-chat *{box-sizing:border-box}" +
    ".kb-chat button{font:inherit;cursor:pointer}" +
    ".kb-chat :focus-visible{outline:3px solid #f2b705;outline-offset:2px}" +
    ".kb-launch{background:#0b5cad;color:#fff;border:0;border-radius:24px;padding:11px 18px;font-weight:600;box-shadow:0 2px 8px rgba(0,0,0,.2)}" +
    ".kb-panel{background:#fff;border:1px solid #ccd3de;border-radius:12px;width:340px;max-width:100%;margin-bottom:10px;" +
    "box-shadow:0 6px 24px rgba(0,0,0,.18);max-height:calc(100vh - 90px);overflow-y:auto;display:flex;flex-direction:column}" +
    ".kb-panel[hidden]{display:none}" +
    // The header stays in sight when a small screen scrolls the panel.
    ".kb-head{display:flex;align-items:center;gap:8px;background:#0b5cad;color:#fff;padding:10px 12px;position:sticky;top:0;z-index:1}" +
    ".kb-head h2{flex:1;margin:0;font-size:15px;font-weight:700;overflow-wrap:anywhere}" +
    ".kb-x{background:transparent;color:#fff;border:0;font-size:22px;line-height:1;padding:0 4px;border-radius:4px}" +
    ".kb-status{margin:0;padding:7px 12px;background:#eef3fa;font-size:13px;color:#33405a}" +
    ".kb-log{list-style:none;margin:0;padding:10px 12px;height:260px;max-height:45vh;flex:none;overflow-y:auto;display:flex;flex-direction:column;gap:6px}" +
    ".kb-msg{max-width:85%;padding:7px 10px;border-radius:12px;overflow-wrap:anywhere;white-space:pre-wrap}" +
    ".kb-msg.kb-visitor{align-self:flex-end;background:#0b5cad;color:#fff;border-bottom-right-radius:4px}" +
    ".kb-msg.kb-agent{align-self:flex-start;background:#eef1f5;color:#1d2433;border-bottom-left-radius:4px}" +
    ".kb-meta{display:block;font-size:11px;opacity:.8;margin-top:2px;white-space:normal}" +
    ".kb-notice{align-self:center;font-style:italic;color:#4a5568;font-size:13px;text-align:center}" +
    ".kb-typing{margin:0;padding:0 12px 4px;font-size:12px;color:#4a5568;min-height:18px}" +
    ".kb-send{display:flex;gap:6px;padding:8px 10px;border-top:1px solid #e3e7ee}" +
    ".kb-send input{flex:1;min-width:0;padding:8px 10px;border:1px solid #aab4c3;border-radius:18px;font:inherit}" +
    ".kb-btn{background:#0b5cad;color:#fff;border:0;border-radius:18px;padding:8px 14px;font-weight:600}" +
    ".kb-btn:hover,.kb-launch:hover{background:#094a8c}" +
    ".kb-person{padding:0 12px 10px;font-size:13px}" +
    ".kb-person summary{cursor:pointer;padding:6px 0;color:#0b5cad;font-weight:600}" +
    ".kb-person form{display:flex;flex-direction:column;gap:5px;margin:6px 0}" +
    ".kb-person input{padding:7px 9px;border:1px solid #aab4c3;border-radius:6px;font:inherit}" +
    ".kb-survey{align-self:stretch;padding:8px;background:#eef3fa;border-radius:8px}" +
    ".kb-survey p{margin:0 0 6px}" +
    ".kb-scale{display:flex;flex-wrap:wrap;gap:3px}" +
    ".kb-scale button{flex:1 0 24px;padding:6px 0;border:1px solid #aab4c3;background:#fff;border-radius:6px}" +
    ".kb-ends{font-size:12px;color:#4a5568}" +
    ".kb-survey form{display:flex;gap:4px;margin-top:6px}.kb-survey input{flex:1;min-width:0;padding:6px}";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) node.setAttribute(name, attrs[name]);
    if (text) node.textContent = text;
    return node;
  }
  function clock(at) {
    var when = at ? new Date(at) : new Date();
    return isNaN(when) ? "" : when.toLocaleTimeString(lang === "en" ? "en-GB" : "nl-NL", { hour: "2-digit", minute: "2-digit" });
  }

  var root = el("div", { "class": "kb-chat" });
  root.appendChild(el("style", {}, css));
  var panel = el("div", { "class": "kb-panel", role: "dialog", "aria-labelledby": "kb-title", hidden: "" });
  var head = el("div", { "class": "kb-head" });
  var title = el("h2", { id: "kb-title" }, T.title);
  var close = el("button", { type: "button", "class": "kb-x", "aria-label": T.close, title: T.close }, "×");
  head.appendChild(title);
  head.appendChild(close);
  var status = el("p", { "class": "kb-status", role: "status" });
  var log = el("ol", { "class": "kb-log", role: "log", "aria-live": "polite", "aria-label": T.log, tabindex: "0" });
  var typing = el("p", { "class": "kb-typing", "aria-live": "polite" });
  var form = el("form", { "class": "kb-send" });
  var input = el("input", { type: "text", "aria-label": T.placeholder, placeholder: T.placeholder, maxlength: "4000" });
  form.appendChild(input);
  form.appendChild(el("button", { type: "submit", "class": "kb-btn" }, T.send));
  var person = el("details", { "class": "kb-person" });
  person.appendChild(el("summary", {}, T.person));
  var emailForm = el("form");
  var emailInput = el("input", { type: "email", required: "", "aria-label": T.email, placeholder: T.email, autocomplete: "email" });
  var nameInput = el("input", { type: "text", "aria-label": T.name, placeholder: T.name, autocomplete: "name" });
  emailForm.appendChild(nameInput);
  emailForm.appendChild(emailInput);
  emailForm.appendChild(el("button", { type: "submit", "class": "kb-btn" }, T.leave));
  // The address counts once the visitor types the code mailed to it.
  var codeForm = el("form", { hidden: "" });
  var codeInput = el("input", { type: "text", inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6",
    required: "", "aria-label": T.code, placeholder: T.code });
  codeForm.appendChild(codeInput);
  codeForm.appendChild(el("button", { type: "submit", "class": "kb-btn" }, T.confirm));
  var callForm = el("form");
  var phoneInput = el("input", { type: "tel", required: "", "aria-label": T.phone, placeholder: T.phone, autocomplete: "tel" });
  var whenInput = el("input", { type: "datetime-local", "aria-label": T.when, title: T.when });
  callForm.appendChild(phoneInput);
  callForm.appendChild(whenInput);
  callForm.appendChild(el("button", { type: "submit", "class": "kb-btn" }, T.call));
  person.appendChild(emailForm);
  person.appendChild(codeForm);
  person.appendChild(callForm);
  panel.appendChild(head);
  panel.appendChild(status);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);
  panel.appendChild(person);
  var toggle = el("button", { type: "button", "class": "kb-launch", "aria-expanded": "false" }, T.title);
  root.appendChild(panel);
  root.appendChild(toggle);

  function scrollDown() { log.scrollTop = log.scrollHeight; }
  function show(message) {
    var visitor = message.from === "visitor";
    var item = el("li", { "class": "kb-msg " + (visitor ? "kb-visitor" : "kb-agent") });
    item.appendChild(document.createTextNode(message.body));
    var who = visitor ? T.you : (message.author || T.agent);
    item.appendChild(el("span", { "class": "kb-meta" }, who + " · " + clock(message.at)));
    log.appendChild(item);
    if (!visitor) typingOff();
    scrollDown();
  }
  function notice(text) {
    log.appendChild(el("li", { "class": "kb-notice" }, text));
    scrollDown();
  }
  function typingOn() {
    typing.textContent = T.typing;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(typingOff, TYPING_MS);
  }
  function typingOff() {
    clearTimeout(typingTimer);
    typing.textContent = "";
  }
  // A survey after the chat: one button per score, then room for a comment.
  function survey(frame) {
    var box = el("li", { "class": "kb-survey", role: "group", "aria-label": frame.question });
    box.appendChild(el("p", {}, frame.question));
    var row = el("div", { "class": "kb-scale" });
    for (var n = frame.scale[0]; n <= frame.scale[1]; n++) {
      row.appendChild(el("button", { type: "button", "data-score": String(n), "aria-label": T.score + n }, String(n)));
    }
    row.addEventListener("click", function (event) {
      var score = event.target.getAttribute("data-score");
      if (score) send({ type: "survey_answer", token: frame.token, score: Number(score) });
    });
    box.appendChild(row);
    box.appendChild(el("p", { "class": "kb-ends" }, frame.ends[0] + " … " + frame.ends[1]));
    var more = el("form");
    var text = el("input", { type: "text", "aria-label": T.comment, placeholder: frame.follow_up, maxlength: "2000" });
    more.appendChild(text);
    more.appendChild(el("button", { type: "submit", "class": "kb-btn" }, T.send));
    more.addEventListener("submit", function (event) {
      event.preventDefault();
      if (text.value.trim()) send({ type: "survey_answer", token: frame.token, comment: text.value });
    });
    box.appendChild(more);
    log.appendChild(box);
    scrollDown();
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
        if (frame.organisation) title.textContent = frame.organisation;
        status.textContent = frame.agents_online ? (frame.greeting || T.online) : (frame.offline_message || T.offline);
        person.open = !frame.agents_online;
      } else if (frame.type === "presence") {
        status.textContent = frame.agents_online ? T.online : T.offline;
      } else if (frame.type === "history") {
        log.textContent = "";
        frame.messages.forEach(show);
      } else if (frame.type === "message") {
        show(frame);
      } else if (frame.type === "typing") {
        typingOn();
      } else if (frame.type === "verify") {
        notice(T.sent + frame.email);
        codeForm.hidden = false;
        codeInput.focus();
      } else if (frame.type === "linked") {
        codeForm.hidden = true;
        notice(T.linked);
      } else if (frame.type === "callback") {
        notice(T.promised + new Date(frame.promised_by).toLocaleString(lang === "en" ? "en-GB" : "nl-NL"));
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

  function setOpen(open) {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open && !socket) connect();
    if (open) input.focus();
    else toggle.focus();
  }
  toggle.addEventListener("click", function () { setOpen(panel.hidden); });
  close.addEventListener("click", function () { setOpen(false); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") setOpen(false);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = input.value.trim();
    if (!body) return;
    send({ type: "message", body: body });
    show({ from: "visitor", body: body });
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
