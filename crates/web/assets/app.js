// Progressive enhancement only: every page works without this file.
// Keyboard: j/k move through a list, Enter or o opens, / focuses the header's search box, r focuses
// the reply box. Never while typing in a field.
(function () {
  "use strict";
  var typing = function (el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  };
  var rows = function () {
    var list = document.querySelector("[data-nav-list]");
    return list ? Array.prototype.slice.call(list.querySelectorAll("tbody tr[data-href]")) : [];
  };
  var current = -1;
  var select = function (index) {
    var all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row, i) { row.classList.toggle("selected", i === current); });
    all[current].scrollIntoView({ block: "nearest" });
  };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(document.activeElement)) return;
    var all = rows();
    if (event.key === "j") { select(current + 1); event.preventDefault(); }
    else if (event.key === "k") { select(current - 1); event.preventDefault(); }
    else if ((event.key === "Enter" || event.key === "o") && current >= 0 && all[current]) {
      window.location.href = all[current].getAttribute("data-href");
    } else if (event.key === "/") {
      var search = document.querySelector("[data-site-search]") || document.querySelector("[data-search]");
      if (search) { search.focus(); event.preventDefault(); }
    } else if (event.key === "r") {
      var reply = document.querySelector("[data-reply]");
      if (reply) { reply.focus(); event.preventDefault(); }
    }
  });

  // A case open in several places stays current: the server says when the case changed (SSE), and
  // the messages are fetched again. What the agent is typing is never touched.
  var live = document.querySelector("[data-live]");
  if (live && window.EventSource && window.DOMParser) {
    var source = new EventSource(live.getAttribute("data-live"));
    source.addEventListener("case", function () {
      fetch(window.location.pathname, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live]");
          if (fresh) live.innerHTML = fresh.innerHTML;
        });
    });
  }
  // The inbox stays current: the server says when a case came in or changed (SSE), and the list
  // is fetched again, keeping what the agent ticked. The tab title carries the unread count.
  var inbox = document.querySelector("[data-live-inbox]");
  var notify = document.querySelector("[data-notify]");
  var wantsNotes = function () {
    return window.Notification && Notification.permission === "granted" && localStorage.getItem("kb-notify") === "1";
  };
  if (notify && window.Notification && window.localStorage) {
    var label = function () { notify.textContent = notify.getAttribute(wantsNotes() ? "data-off" : "data-on"); };
    notify.hidden = false;
    label();
    notify.addEventListener("click", function () {
      if (wantsNotes()) { localStorage.removeItem("kb-notify"); label(); return; }
      Notification.requestPermission().then(function (answer) {
        if (answer === "granted") localStorage.setItem("kb-notify", "1");
        label();
      });
    });
  }
  var countTicked = function () {
    var counter = document.querySelector("[data-bulk-count]");
    if (!counter) return;
    var n = document.querySelectorAll("input[name=case][form=bulk]:checked").length;
    counter.setAttribute("data-ticked", String(n));
  };
  document.addEventListener("change", function (event) {
    if (event.target && event.target.name === "case") countTicked();
  });
  if (inbox && window.EventSource && window.DOMParser) {
    var pending = null;
    var refresh = function () {
      pending = null;
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) return;
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.querySelector("[data-live-inbox]");
          if (!fresh) return;
          // Never while the agent types or chooses in the list's forms: try again shortly.
          var active = document.activeElement;
          var choosing = active && inbox.contains(active) && typing(active) && active.type !== "checkbox";
          if (choosing) { if (!pending) pending = setTimeout(refresh, 2000); return; }
          var ticked = {};
          inbox.querySelectorAll("input[name=case]:checked").forEach(function (box) { ticked[box.value] = true; });
          var open = {};
          inbox.querySelectorAll("details[open]").forEach(function (d) { open[d.className] = true; });
          inbox.innerHTML = fresh.innerHTML;
          inbox.querySelectorAll("input[name=case]").forEach(function (box) { if (ticked[box.value]) box.checked = true; });
          inbox.querySelectorAll("details").forEach(function (d) { if (open[d.className]) d.open = true; });
          document.title = doc.title;
          current = -1;
          countTicked();
        });
    };
    var source = new EventSource(inbox.getAttribute("data-live-inbox"));
    source.addEventListener("inbox", function (event) {
      var data = {};
      try { data = JSON.parse(event.data); } catch (e) { data = {}; }
      if (data.mine && data.case_id && wantsNotes() && notify) {
        var note = new Notification(notify.getAttribute("data-title") + " #" + data.case_id);
        note.onclick = function () { window.focus(); window.location.href = "/cases/" + data.case_id; };
      }
      if (!pending) pending = setTimeout(refresh, 400);
    });
  }

  // On a chat case the customer sees "typing…" while the agent writes: at most one signal every
  // few seconds, only while keys are pressed.
  var box = document.querySelector("[data-typing]");
  if (box && window.fetch) {
    var last = 0;
    box.addEventListener("input", function () {
      var now = Date.now();
      if (now - last < 3000 || !box.value.trim()) return;
      last = now;
      var csrf = box.form && box.form.querySelector("input[name=csrf]");
      fetch(box.getAttribute("data-typing"), {
        method: "POST", credentials: "same-origin",
        body: new URLSearchParams({ csrf: csrf ? csrf.value : "" })
      }).catch(function () {});
    });
  }
})();
