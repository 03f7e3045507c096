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
