"use strict";
/* Sign-in: checks the pasted key against the API before keeping it, then goes where the user was headed. */
(() => {
  const form = document.getElementById("signin-form");
  const input = document.getElementById("api-key");

  function destination() {
    const next = new URLSearchParams(location.search).get("next");
    // only a page of this site, with its filters: never an absolute or protocol-relative URL
    return next && /^\/[a-z]*(\?[^\\]*)?$/.test(next) ? next : "/dids";
  }

  if (Didpool.key()) {
    Didpool.notify("You are signed in already. Paste another key to switch tenants, or go to the DIDs.", "info");
  }

  form.addEventListener("submit", event => {
    event.preventDefault();
    const apiKey = input.value.trim();
    if (!apiKey) {
      Didpool.notify("Paste your tenant API key first.", "error");
      return;
    }
    Didpool.guard(async () => {
      await Didpool.api("GET", "/api/asterisk-dids?size=1", undefined, apiKey);
      Didpool.signIn(apiKey);
      location.href = destination();
    }, document.getElementById("signin-button"));
  });
})();
