// Klantbeeld's survey snippet for a website: <script src=".../survey.js" data-survey="ID" defer>.
// It adds one "give feedback" button that opens the survey's open link in a new tab; each click
// is its own anonymous invitation. data-lang="en" for English; data-inline to place the button
// where the script tag is instead of floating in the corner.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var survey = script.getAttribute("data-survey");
  if (!survey) return;
  var lang = (script.getAttribute("data-lang") || navigator.language || "nl").slice(0, 2) === "en" ? "en" : "nl";
  var link = document.createElement("a");
  link.href = new URL("/s/open/" + encodeURIComponent(survey) + "?lang=" + lang, new URL(script.src, location.href)).href;
  link.target = "_blank";
  link.rel = "noopener";
  link.className = "kb-survey";
  link.textContent = lang === "en" ? "Give feedback" : "Geef uw mening";
  link.style.cssText = "display:inline-block;background:#1f5fa8;color:#fff;padding:10px 16px;border-radius:20px;" +
    "font:14px/1.4 system-ui,sans-serif;text-decoration:none;z-index:2147483000";
  if (script.hasAttribute("data-inline")) {
    script.parentNode.insertBefore(link, script);
  } else {
    link.style.position = "fixed";
    link.style.left = "16px";
    link.style.bottom = "16px";
    document.body.appendChild(link);
  }
})();
