// Keeps the reply an agent is typing as their draft on the case: saved a moment after they stop
// typing (PUT /api/v1/cases/{id}/draft with the page's CSRF token), restored by the server when
// the case is opened again, and cleared by the server when the reply is sent. Without this file
// the form works the same, just without drafts.
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft]");
  if (!form || !window.fetch) return;
  var box = form.querySelector("textarea[name=body]");
  var state = form.querySelector("[data-draft-state]");
  if (!box) return;
  var timer = null;
  var saved = box.value;
  var save = function () {
    timer = null;
    var body = box.value;
    if (body === saved) return;
    fetch(form.getAttribute("data-draft"), {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": form.getAttribute("data-csrf") },
      body: JSON.stringify({ body: body })
    }).then(function (response) {
      if (!response.ok) return;
      saved = body;
      if (state) state.textContent = state.getAttribute("data-saved");
    }).catch(function () {});
  };
  box.addEventListener("input", function () {
    if (timer) window.clearTimeout(timer);
    timer = window.setTimeout(save, 800);
  });
  // Sending clears the draft on the server; nothing is left to save.
  form.addEventListener("submit", function () {
    if (timer) window.clearTimeout(timer);
    timer = null;
    saved = box.value;
  });
})();
