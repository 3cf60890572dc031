// Small behaviours the pages share. No inline scripts anywhere (the Content Security Policy
// forbids them): everything lives in files like this.
(function () {
  "use strict";

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) {
      return field.value;
    }
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      body: body || null,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
    });
  }

  // --- Error summaries get focus, so screen readers start there. -----------------------------
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  // --- The session: warn before the idle limit; typing and clicking count as activity. ---------
  // The server ends a session after data-session-idle seconds without a request that is not
  // marked as background. Someone writing a long note makes no requests, so while the user types
  // or clicks we tell the server at most once a minute.
  function sessionTimer() {
    var body = document.body;
    var idle = parseInt(body.dataset.sessionIdle || "0", 10) * 1000;
    if (!idle) {
      return;
    }
    var warnBefore = parseInt(body.dataset.sessionWarn || "120", 10) * 1000;
    var activityUrl = body.dataset.sessionActivityUrl;
    var dialog = document.getElementById("session-warning");
    var lastServerContact = Date.now();
    var lastInput = 0;

    function touch() {
      lastServerContact = Date.now();
      if (dialog && dialog.open) {
        dialog.close();
      }
    }

    function ping() {
      post(activityUrl).then(function (response) {
        if (response.ok) {
          touch();
        }
      });
    }

    function onInput() {
      lastInput = Date.now();
      if (Date.now() - lastServerContact > 60000) {
        ping();
      }
    }

    ["keydown", "pointerdown", "input"].forEach(function (name) {
      document.addEventListener(name, onInput, { passive: true });
    });
    document.addEventListener("htmx:afterRequest", function (event) {
      var headers = (event.detail.requestConfig || {}).headers || {};
      if (headers["X-Jobbspor-Background"] !== "1") {
        touch();
      }
    });
    if (dialog) {
      dialog.querySelector("[data-session-continue]").addEventListener("click", ping);
    }

    window.setInterval(function () {
      var quiet = Date.now() - lastServerContact;
      if (quiet >= idle) {
        // The server has ended the session: reloading shows the login page.
        window.location.reload();
      } else if (quiet >= idle - warnBefore && dialog && !dialog.open && Date.now() - lastInput > 30000) {
        dialog.showModal();
      }
    }, 10000);
  }

  // --- Drafts: a contact being written is saved as the user types, so nothing is lost. ---------
  function contactDrafts() {
    var timer = null;
    document.addEventListener("input", function (event) {
      var form = event.target.closest("form[data-draft-url]");
      if (!form) {
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        post(form.dataset.draftUrl, new FormData(form));
      }, 1200);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
    sessionTimer();
    contactDrafts();
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    focusErrorSummary(event.target);
  });
})();
