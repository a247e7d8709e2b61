// Passkeys and security keys: the WebAuthn ceremonies behind the hub's passkey buttons.
//
// A button carries everything it needs in data- attributes (no inline script, under the hub's
// CSP): data-passkey ("register" or "authenticate"), data-begin and data-complete (the JSON
// endpoints), data-csrf, and data-error (the id of the element that says what went wrong, in the
// page's language). The buttons stay hidden where the browser cannot do WebAuthn; without
// JavaScript the page offers codes instead.
"use strict";

(function () {
  function fromBase64url(text) {
    let base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) {
      base64 += "=";
    }
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    const bytes = new Uint8Array(buffer);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 1) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  async function post(url, csrf, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body || {}),
    });
    const data = await response.json().catch(function () {
      return {};
    });
    if (!response.ok) {
      throw new Error(data.detail || String(response.status));
    }
    return data;
  }

  function withIds(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: fromBase64url(item.id) });
    });
  }

  function creationOptions(options) {
    return Object.assign({}, options, {
      challenge: fromBase64url(options.challenge),
      user: Object.assign({}, options.user, { id: fromBase64url(options.user.id) }),
      excludeCredentials: withIds(options.excludeCredentials),
    });
  }

  function requestOptions(options) {
    return Object.assign({}, options, {
      challenge: fromBase64url(options.challenge),
      allowCredentials: withIds(options.allowCredentials),
    });
  }

  function credentialJSON(credential) {
    const answer = credential.response;
    const json = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toBase64url(answer.clientDataJSON) },
    };
    if (answer.attestationObject) {
      json.response.attestationObject = toBase64url(answer.attestationObject);
      json.response.transports = answer.getTransports ? answer.getTransports() : [];
    } else {
      json.response.authenticatorData = toBase64url(answer.authenticatorData);
      json.response.signature = toBase64url(answer.signature);
      if (answer.userHandle) {
        json.response.userHandle = toBase64url(answer.userHandle);
      }
    }
    return json;
  }

  async function ceremony(button) {
    const csrf = button.dataset.csrf;
    const options = await post(button.dataset.begin, csrf);
    let credential;
    if (button.dataset.passkey === "register") {
      credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
    } else {
      credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
    }
    return post(button.dataset.complete, csrf, credentialJSON(credential));
  }

  function start(button) {
    const error = document.getElementById(button.dataset.error);
    button.addEventListener("click", async function () {
      button.disabled = true;
      if (error) {
        error.hidden = true;
      }
      try {
        const result = await ceremony(button);
        window.location.assign(result.redirect_url || window.location.href);
      } catch (problem) {
        button.disabled = false;
        if (error) {
          error.hidden = false;
          error.focus();
        }
      }
    });
    button.hidden = false;
  }

  if (window.PublicKeyCredential && navigator.credentials) {
    document.querySelectorAll("[data-passkey]").forEach(start);
  }
})();
