// The editor's Advertising rules panel: re-checks the page as it is being edited (like the preview panel does),
// posting the edit form to the check URL a moment after the editor stops typing. No inline script (strict CSP).
(function () {
  "use strict";

  const DELAY_MS = 1200;

  function start(panel) {
    const url = panel.dataset.checkUrl;
    const form = panel.closest("form");
    const list = panel.querySelector("[data-advertising-rules-findings]");
    const status = panel.querySelector("[data-advertising-rules-status]");
    if (!url || !form || !list) return;
    let timer = null;
    let running = null;

    async function check() {
      if (running) running.abort();
      running = new AbortController();
      try {
        const response = await fetch(url, {
          method: "POST",
          body: new FormData(form),
          signal: running.signal,
          headers: { "X-Requested-With": "XMLHttpRequest" },
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const result = await response.json();
        if (!result.is_valid) {
          status.textContent = "Fix the form's errors to re-check the advertising rules.";
          return;
        }
        list.innerHTML = result.html; // rendered by the admin from our own template, escaped there
        status.textContent = result.blocking
          ? `${result.blocking} finding(s) block publishing.`
          : "Nothing blocks publishing.";
        panel.dispatchEvent(new CustomEvent("advertising-rules:checked", { bubbles: true, detail: result }));
      } catch (error) {
        if (error.name !== "AbortError") status.textContent = "Could not re-check just now.";
      }
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(check, DELAY_MS);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
    // Draftail and StreamField changes do not always fire input events on the form: watch the hidden fields too.
    new MutationObserver(later).observe(form, { subtree: true, attributes: true, attributeFilter: ["value"] });
  }

  function init() {
    document.querySelectorAll("[data-advertising-rules]").forEach(start);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
