/* slotchat web chat widget: plain JavaScript, no build step.
 *
 *   <script src="https://HOST/static/widget.js" data-business="ausra-vilnius"
 *           data-language="lt" defer></script>
 *
 * Talks to HOST over a WebSocket (/ws/chat). Every text from the server is put in the
 * page with textContent, never as HTML. The session id the server gives is kept in
 * localStorage, so a reload shows the conversation again; a lost connection is
 * opened again with growing pauses. The widget's own words come from the server,
 * in the conversation's language.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.slotchat) {
    return;
  }
  var business = script.getAttribute("data-business") || "";
  var base = new URL(script.src, window.location.href);
  var socketUrl =
    (base.protocol === "https:" ? "wss://" : "ws://") +
    base.host +
    "/ws/chat?business=" +
    encodeURIComponent(business);
  var SESSION_KEY = "slotchat.session";
  var LANGUAGE_KEY = "slotchat.language";
  var OPEN_KEY = "slotchat.open";
  var FIRST_RETRY_MS = 500;
  var LONGEST_RETRY_MS = 30000;
  var MAX_TEXT = 1000;

  function stored(storage, key) {
    try {
      return storage.getItem(key);
    } catch (e) {
      return null; // storage refused (private mode, sandboxed frame)
    }
  }
  function store(storage, key, value) {
    try {
      if (value === null) {
        storage.removeItem(key);
      } else {
        storage.setItem(key, value);
      }
    } catch (e) {
      /* the conversation then lasts as long as the page */
    }
  }

  var state = {
    socket: null,
    session: stored(window.localStorage, SESSION_KEY),
    language: stored(window.localStorage, LANGUAGE_KEY) || script.getAttribute("data-language"),
    ui: {},
    online: false,
    waiting: false,
    started: false,
    retries: 0,
    retryTimer: null,
    shownIds: {},
    businessName: "",
  };

  function el(tag, className, attributes) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    return node;
  }

  // -- the widget's parts ----------------------------------------------------------
  var stylesheet = el("link", "", { rel: "stylesheet", href: base.origin + "/static/widget.css" });
  document.head.appendChild(stylesheet);

  var root = el("div", "slotchat", { "data-state": "connecting" });
  var launcher = el("button", "slotchat-launcher", {
    type: "button",
    "aria-expanded": "false",
    "aria-controls": "slotchat-panel",
  });
  // A speech bubble drawn in SVG: an emoji depends on the fonts a machine has.
  var SVG = "http://www.w3.org/2000/svg";
  var launcherIcon = document.createElementNS(SVG, "svg");
  launcherIcon.setAttribute("class", "slotchat-launcher-icon");
  launcherIcon.setAttribute("viewBox", "0 0 24 24");
  launcherIcon.setAttribute("aria-hidden", "true");
  var bubble = document.createElementNS(SVG, "path");
  bubble.setAttribute(
    "d",
    "M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"
  );
  bubble.setAttribute("fill", "currentColor");
  launcherIcon.appendChild(bubble);
  var launcherLabel = el("span", "slotchat-launcher-label");
  launcher.appendChild(launcherIcon);
  launcher.appendChild(launcherLabel);

  var panel = el("section", "slotchat-panel", { id: "slotchat-panel", role: "dialog" });
  panel.hidden = true;
  var header = el("header", "slotchat-header");
  var title = el("h2", "slotchat-title", { id: "slotchat-title" });
  panel.setAttribute("aria-labelledby", "slotchat-title");
  var picker = el("select", "slotchat-language");
  var closeButton = el("button", "slotchat-close", { type: "button" });
  closeButton.textContent = "\u00D7";
  header.appendChild(title);
  header.appendChild(picker);
  header.appendChild(closeButton);

  var status = el("p", "slotchat-status", { role: "status", "aria-live": "polite" });
  var log = el("ol", "slotchat-log", { role: "log", "aria-live": "polite", tabindex: "0" });
  var typing = el("p", "slotchat-typing", { "aria-live": "polite" });
  typing.hidden = true;
  var dots = el("span", "slotchat-dots", { "aria-hidden": "true" });
  dots.appendChild(el("span"));
  dots.appendChild(el("span"));
  dots.appendChild(el("span"));
  var typingText = el("span", "slotchat-sr");
  typing.appendChild(dots);
  typing.appendChild(typingText);

  var form = el("form", "slotchat-form");
  var input = el("textarea", "slotchat-input", { rows: "1", maxlength: String(MAX_TEXT) });
  var send = el("button", "slotchat-send", { type: "submit" });
  form.appendChild(input);
  form.appendChild(send);

  panel.appendChild(header);
  panel.appendChild(status);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(launcher);

  function mount() {
    document.body.appendChild(root);
  }
  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }

  // -- words -----------------------------------------------------------------------
  function applyUi(ui, language, businessName) {
    state.ui = ui || {};
    if (language) {
      state.language = language;
      panel.setAttribute("lang", language);
      picker.value = language;
    }
    launcherLabel.textContent = state.ui.open || "";
    launcher.setAttribute("aria-label", state.ui.open || "Chat");
    if (businessName !== null) {
      state.businessName = businessName || "";
    }
    title.textContent = state.businessName
      ? state.businessName + " \u2014 " + (state.ui.title || "")
      : state.ui.title || "";
    closeButton.setAttribute("aria-label", state.ui.close || "");
    picker.setAttribute("aria-label", state.ui.language || "");
    log.setAttribute("aria-label", state.ui.log || "");
    input.setAttribute("placeholder", state.ui.placeholder || "");
    input.setAttribute("aria-label", state.ui.placeholder || "");
    send.textContent = state.ui.send || "\u27A4";
    typingText.textContent = state.ui.typing || "";
    if (!state.online) {
      status.textContent = state.ui.offline || "";
    }
  }

  function fillPicker(languages) {
    if (picker.options.length || !languages) {
      return;
    }
    languages.forEach(function (language) {
      var option = el("option", "", { value: language.code, lang: language.code });
      option.textContent = language.name;
      picker.appendChild(option);
    });
  }

  // -- messages --------------------------------------------------------------------
  function retireChips() {
    var chips = log.querySelectorAll(".slotchat-chip");
    for (var i = 0; i < chips.length; i += 1) {
      chips[i].disabled = true;
    }
  }

  function showMessage(message) {
    if (state.shownIds[message.id]) {
      return;
    }
    state.shownIds[message.id] = true;
    var mine = message.from === "client";
    if (!mine) {
      retireChips();
    }
    var item = el("li", "slotchat-message " + (mine ? "slotchat-mine" : "slotchat-theirs"), {
      "data-id": String(message.id),
    });
    var who = el("span", "slotchat-sr");
    who.textContent = (mine ? state.ui.you : state.ui.bot) || "";
    var text = el("p", "slotchat-text");
    text.textContent = message.text; // text only: markup shows as the characters it is
    item.appendChild(who);
    item.appendChild(text);
    if (message.buttons && message.buttons.length) {
      var chips = el("div", "slotchat-chips");
      message.buttons.forEach(function (button) {
        var chip = el("button", "slotchat-chip", { type: "button" });
        chip.textContent = button.title;
        chip.addEventListener("click", function () {
          if (say(button.payload, button.title)) {
            retireChips();
            input.focus(); // the pressed chip is disabled now: keep the keyboard here
          }
        });
        chips.appendChild(chip);
      });
      item.appendChild(chips);
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function setWaiting(waiting) {
    state.waiting = waiting;
    typing.hidden = !waiting;
    root.setAttribute("data-waiting", waiting ? "true" : "false");
  }

  function setOnline(online) {
    state.online = online;
    root.setAttribute("data-state", online ? "online" : "offline");
    send.disabled = !online;
    status.textContent = online ? "" : state.ui.offline || "";
    if (!online) {
      setWaiting(false);
    }
  }

  function say(text, label) {
    if (!state.online || !state.socket) {
      return false;
    }
    var frame = { type: "say", text: text };
    if (label) {
      frame.label = label;
    }
    state.socket.send(JSON.stringify(frame));
    setWaiting(true);
    return true;
  }

  function startIfNew() {
    // A new conversation opens with the assistant's greeting.
    if (!state.started && state.online && !panel.hidden && log.children.length === 0) {
      state.started = true;
      say("/start");
    }
  }

  // -- the connection ----------------------------------------------------------------
  function connect() {
    state.retryTimer = null;
    var socket = new WebSocket(socketUrl);
    state.socket = socket;
    socket.addEventListener("open", function () {
      socket.send(
        JSON.stringify({ type: "hello", session: state.session, language: state.language })
      );
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      receive(frame);
    });
    socket.addEventListener("close", function () {
      if (state.socket !== socket) {
        return;
      }
      state.socket = null;
      setOnline(false);
      // Growing pauses, with a little randomness so that many pages do not come
      // back at the same instant after a restart.
      var pause = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * Math.pow(2, state.retries));
      state.retries += 1;
      state.retryTimer = window.setTimeout(connect, pause * (0.75 + Math.random() / 2));
    });
  }

  function receive(frame) {
    if (frame.type === "welcome") {
      state.retries = 0;
      state.session = frame.session;
      store(window.localStorage, SESSION_KEY, frame.session);
      fillPicker(frame.languages);
      applyUi(frame.ui, frame.language, frame.business);
      log.textContent = "";
      state.shownIds = {};
      (frame.history || []).forEach(showMessage);
      state.started = log.children.length > 0;
      setOnline(true);
      startIfNew();
    } else if (frame.type === "messages") {
      (frame.messages || []).forEach(showMessage);
    } else if (frame.type === "idle") {
      setWaiting(false);
    } else if (frame.type === "ui") {
      applyUi(frame.ui, frame.language, null);
    } else if (frame.type === "notice") {
      status.textContent = frame.text || "";
      if (frame.returned && !input.value && frame.returned.charAt(0) !== "/") {
        input.value = frame.returned; // nothing the client wrote is lost
      }
      setWaiting(false);
    }
  }

  // -- the client's hands ---------------------------------------------------------------
  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    root.setAttribute("data-open", "true");
    store(window.sessionStorage, OPEN_KEY, "1");
    startIfNew();
    input.focus();
  }
  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    root.setAttribute("data-open", "false");
    store(window.sessionStorage, OPEN_KEY, null);
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) {
      open();
    } else {
      close();
    }
  });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      close();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text && say(text)) {
      input.value = "";
    }
  });
  input.addEventListener("keydown", function (event) {
    // Enter sends, Shift+Enter starts a new line.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  picker.addEventListener("change", function () {
    store(window.localStorage, LANGUAGE_KEY, picker.value);
    say("/lang " + picker.value);
  });

  window.slotchat = { open: open, close: close };
  if (stored(window.sessionStorage, OPEN_KEY)) {
    open();
  }
  setOnline(false);
  status.textContent = "";
  root.setAttribute("data-state", "connecting");
  connect();
})();
