// The visitor's chat: standalone at / and, with ?embedded, inside the panel that embed.js opens.
import { ChatClient, api, clockTime, h, newClientId, renderText, timeAgo } from "./chat-client.js";

const IDENTITY = "switchboard.visitor";
const PROFILE = "switchboard.profile";
const ACK_TIMEOUT_MS = 15000;
const TYPING_REFRESH_MS = 3000;
const TYPING_IDLE_MS = 4000;
const TYPING_SHOWN_MS = 8000; // a typist we stop hearing from is not typing forever

const $ = (id) => document.getElementById(id);
const embedded = new URLSearchParams(location.search).has("embedded");
const log = $("log");
const list = $("messages");
const text = $("text");

let identity = JSON.parse(localStorage.getItem(IDENTITY) || "null");
let conversationId = null;
let hasOlder = false;
let loadingOlder = false;
let panelOpen = !embedded;
let agentsDelivered = 0;
let agentsRead = 0;
const outbox = new Map(); // clientId -> {text, element, timer}: sends not yet acknowledged
const typists = new Map(); // sender id -> {name, timer}
let typingSent = 0;
let typingIdle = null;

const client = new ChatClient("/ws/visitor", () => identity.token);

async function register() {
  const profile = JSON.parse(localStorage.getItem(PROFILE) || "{}");
  identity = await api("POST", "/api/visitors", {});
  localStorage.setItem(IDENTITY, JSON.stringify(identity));
  if (profile.nickname || profile.email) client.addEventListener("ready", () => saveProfile(profile), { once: true });
}

async function start() {
  if (embedded) {
    document.body.classList.add("embedded");
    $("close").hidden = false;
    $("close").addEventListener("click", () => parent.postMessage({ switchboard: "close" }, "*"));
    window.addEventListener("message", (event) => {
      if (event.source !== parent || !event.data) return;
      if (event.data.switchboard === "open") {
        panelOpen = true;
        markRead();
        text.focus();
      } else if (event.data.switchboard === "closed") {
        panelOpen = false;
      }
    });
  }
  if (!identity) await register();
  client.connect();
}

// --- connection -------------------------------------------------------------------------------

client.addEventListener("state", async ({ detail: state }) => {
  const banner = $("banner");
  if (state === "reconnecting") {
    banner.textContent = "Reconnecting…";
    banner.hidden = false;
  } else if (state === "open") {
    banner.hidden = true;
  } else if (state === "unauthorized") {
    // The stored identity expired or is unknown: start over as a new visitor.
    localStorage.removeItem(IDENTITY);
    await register();
    client.connect();
  }
});

client.addEventListener("ready", ({ detail: ready }) => {
  const conversations = ready.conversations || [];
  const current =
    conversations.find((c) => c.id === conversationId) ||
    conversations.find((c) => c.status !== "resolved") ||
    conversations[0];
  if (current && current.id !== conversationId) {
    conversationId = current.id;
    list.replaceChildren();
    loadNewest();
  }
  if (current) applyReceipts(current.receipts || []);
  // Whatever went unanswered while we were away is sent again, with the same clientId.
  for (const [clientId, entry] of outbox) transmit(clientId, entry);
});

client.addEventListener("message", ({ detail }) => showIncoming(detail.message));
client.addEventListener("ack", ({ detail }) => acknowledged(detail.clientId, detail.message));

client.addEventListener("error", ({ detail: error }) => {
  if (error.clientId && outbox.has(error.clientId)) {
    failed(error.clientId, error.message);
  } else if (error.code === "forbidden" || error.code === "not_found") {
    conversationId = null;
  }
});

client.addEventListener("receipt", ({ detail: receipt }) => {
  if (receipt.conversationId !== conversationId || receipt.reader.type !== "agent") return;
  if (receipt.kind === "read") agentsRead = Math.max(agentsRead, receipt.upToSeq);
  agentsDelivered = Math.max(agentsDelivered, receipt.upToSeq);
  refreshTicks();
});

client.addEventListener("typing", ({ detail: typing }) => {
  if (typing.conversationId !== conversationId) return;
  const id = typing.sender.id;
  clearTimeout(typists.get(id)?.timer);
  if (typing.typing) {
    typists.set(id, { name: typing.sender.name, timer: setTimeout(() => stopTyping(id), TYPING_SHOWN_MS) });
  } else {
    typists.delete(id);
  }
  showTypists();
});

client.addEventListener("presence", ({ detail: presence }) => {
  if (presence.agentsOnline === undefined) return;
  const online = presence.agentsOnline > 0;
  $("availability").classList.toggle("online", online);
  $("availability-text").textContent = online
    ? "Online: we reply in a moment"
    : presence.lastAgentSeenAt
      ? `Away, last seen ${timeAgo(presence.lastAgentSeenAt)}: leave a message`
      : "Away: leave a message and we will reply";
});

client.addEventListener("conversation", ({ detail }) => {
  if (detail.conversation.id === conversationId) document.body.dataset.status = detail.conversation.status;
});

// --- history ----------------------------------------------------------------------------------

async function loadNewest() {
  const page = await client.request({ type: "history", conversationId, limit: 50 });
  for (const message of page.messages) place(message);
  hasOlder = page.hasMore;
  $("older").hidden = !hasOlder;
  const last = page.messages.at(-1);
  if (last) client.track(conversationId, last.seq);
  scrollToEnd();
  acknowledgeIncoming();
}

async function loadOlder() {
  if (!hasOlder || loadingOlder || !conversationId) return;
  const first = list.querySelector("li[data-seq]");
  if (!first) return;
  loadingOlder = true;
  const before = log.scrollHeight - log.scrollTop;
  try {
    const page = await client.request({
      type: "history",
      conversationId,
      beforeSeq: Number(first.dataset.seq),
      limit: 50,
    });
    for (const message of page.messages) place(message);
    hasOlder = page.hasMore;
    $("older").hidden = !hasOlder;
    log.scrollTop = log.scrollHeight - before; // keep the reader where they were
  } finally {
    loadingOlder = false;
  }
}

log.addEventListener("scroll", () => {
  if (log.scrollTop < 40) loadOlder();
  if (nearEnd()) $("jump").hidden = true;
});
$("older").addEventListener("click", loadOlder);
$("jump").addEventListener("click", () => scrollToEnd());

// --- showing messages -------------------------------------------------------------------------

function nearEnd() {
  return log.scrollHeight - log.scrollTop - log.clientHeight < 60;
}

function scrollToEnd() {
  log.scrollTop = log.scrollHeight;
  $("jump").hidden = true;
}

/** Puts a stored message in its place by seq (once), and returns its element. */
function place(message) {
  $("empty").hidden = true;
  const existing = list.querySelector(`li[data-id="${CSS.escape(message.id)}"]`);
  if (existing) return existing;
  const element = bubble(message);
  const later = [...list.querySelectorAll("li[data-seq]")].find((li) => Number(li.dataset.seq) > message.seq);
  list.insertBefore(element, later || list.querySelector("li.pending"));
  return element;
}

function bubble(message) {
  const own = message.sender.type === "visitor";
  const kind = message.sender.type === "system" ? "system" : own ? "own" : "agent";
  const element = h(
    "li",
    { class: `message ${kind}`, "data-id": message.id, "data-seq": message.seq },
    kind === "agent" ? h("span", { class: "author" }, message.sender.name) : null,
    h("p", { class: "text" }, renderText(message.text || "")),
    h("span", { class: "meta" }, h("time", { datetime: message.createdAt }, clockTime(message.createdAt))),
  );
  if (own) setState(element, stateFor(message.seq));
  return element;
}

function stateFor(seq) {
  return seq <= agentsRead ? "read" : seq <= agentsDelivered ? "delivered" : "sent";
}

const STATE_LABELS = { sending: "Sending…", sent: "Sent", delivered: "Delivered", read: "Read", failed: "Not sent" };

function setState(element, state, reason) {
  element.dataset.state = state;
  const meta = element.querySelector(".meta");
  meta.querySelector(".state")?.remove();
  meta.querySelector(".retry")?.remove();
  meta.append(h("span", { class: "state", title: reason || null }, STATE_LABELS[state]));
  if (state === "failed") {
    meta.append(
      h("button", { class: "retry", type: "button", onclick: () => retry(element.dataset.clientId) }, "Retry"),
    );
  }
}

function refreshTicks() {
  for (const element of list.querySelectorAll("li.own[data-seq]")) {
    setState(element, stateFor(Number(element.dataset.seq)));
  }
}

function applyReceipts(receipts) {
  for (const r of receipts) {
    if (r.reader.type !== "agent") continue;
    agentsDelivered = Math.max(agentsDelivered, r.delivered);
    agentsRead = Math.max(agentsRead, r.read);
  }
  refreshTicks();
}

function showIncoming(message) {
  if (!conversationId) conversationId = message.conversationId;
  if (message.conversationId !== conversationId) return;
  const follow = nearEnd();
  place(message);
  if (message.sender.type === "agent") stopTyping(message.sender.id);
  if (follow) scrollToEnd();
  else if (message.sender.type !== "visitor") $("jump").hidden = false;
  if (message.sender.type !== "visitor") {
    acknowledgeIncoming();
    notify(message);
  }
}

function acknowledgeIncoming() {
  const last = client.lastSeq.get(conversationId);
  if (!last) return;
  client.send({ type: "delivered", conversationId, upToSeq: last });
  markRead();
}

function markRead() {
  const last = client.lastSeq.get(conversationId);
  if (last && panelOpen && document.visibilityState === "visible") {
    client.send({ type: "read", conversationId, upToSeq: last });
  }
}

document.addEventListener("visibilitychange", markRead);

function notify(message) {
  if ((document.visibilityState === "visible" && panelOpen) || !("Notification" in window)) return;
  if (Notification.permission !== "granted") return;
  const notification = new Notification(`${message.sender.name} replied`, { body: message.text, tag: conversationId });
  notification.onclick = () => {
    window.focus();
    notification.close();
  };
}

function stopTyping(id) {
  clearTimeout(typists.get(id)?.timer);
  typists.delete(id);
  showTypists();
}

function showTypists() {
  const names = [...typists.values()].map((t) => t.name);
  $("typing").textContent = names.length ? `${names.join(", ")} ${names.length > 1 ? "are" : "is"} typing…` : "";
}

// --- sending ----------------------------------------------------------------------------------

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const value = text.value.trim();
  if (!value) return;
  text.value = "";
  resize();
  stopOwnTyping();
  if ("Notification" in window && Notification.permission === "default") Notification.requestPermission();
  const clientId = newClientId();
  const element = h(
    "li",
    { class: "message own pending", "data-client-id": clientId },
    h("p", { class: "text" }, renderText(value)),
    h("span", { class: "meta" }),
  );
  setState(element, "sending");
  $("empty").hidden = true;
  list.append(element);
  scrollToEnd();
  const entry = { text: value, element };
  outbox.set(clientId, entry);
  transmit(clientId, entry);
});

text.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $("composer").requestSubmit();
  }
});

function transmit(clientId, entry) {
  clearTimeout(entry.timer);
  setState(entry.element, "sending");
  const frame = { type: "send", clientId, text: entry.text };
  if (conversationId) frame.conversationId = conversationId;
  // Not connected: it stays "sending" and goes out again after the reconnect.
  if (!client.send(frame)) return;
  entry.timer = setTimeout(() => failed(clientId, "no answer from the server"), ACK_TIMEOUT_MS);
}

function acknowledged(clientId, message) {
  const entry = outbox.get(clientId);
  if (!conversationId) conversationId = message.conversationId;
  if (!entry) {
    place(message);
    return;
  }
  clearTimeout(entry.timer);
  outbox.delete(clientId);
  const element = entry.element;
  element.classList.remove("pending");
  element.dataset.id = message.id;
  element.dataset.seq = message.seq;
  element.querySelector(".meta").prepend(h("time", { datetime: message.createdAt }, clockTime(message.createdAt)));
  setState(element, stateFor(message.seq));
  // Acks arrive in seq order; it belongs after every stored message.
  const firstPending = list.querySelector("li.pending");
  if (firstPending) list.insertBefore(element, firstPending);
}

function failed(clientId, reason) {
  const entry = outbox.get(clientId);
  if (!entry) return;
  clearTimeout(entry.timer);
  setState(entry.element, "failed", reason);
}

function retry(clientId) {
  const entry = outbox.get(clientId);
  if (entry) transmit(clientId, entry);
}

// --- typing -----------------------------------------------------------------------------------

function resize() {
  text.style.height = "auto";
  text.style.height = `${Math.min(text.scrollHeight, 160)}px`;
  text.classList.toggle("tall", text.scrollHeight > 160);
}

text.addEventListener("input", () => {
  resize();
  if (!conversationId) return;
  const now = Date.now();
  if (now - typingSent > TYPING_REFRESH_MS) {
    client.send({ type: "typing", conversationId, typing: true });
    typingSent = now;
  }
  clearTimeout(typingIdle);
  typingIdle = setTimeout(stopOwnTyping, TYPING_IDLE_MS);
});

function stopOwnTyping() {
  clearTimeout(typingIdle);
  if (typingSent && conversationId) client.send({ type: "typing", conversationId, typing: false });
  typingSent = 0;
}

// --- profile ----------------------------------------------------------------------------------

$("details-toggle").addEventListener("click", () => {
  const form = $("details");
  form.hidden = !form.hidden;
  $("details-toggle").setAttribute("aria-expanded", String(!form.hidden));
  if (!form.hidden) {
    const profile = JSON.parse(localStorage.getItem(PROFILE) || "{}");
    $("nickname").value = profile.nickname || "";
    $("email").value = profile.email || "";
    $("nickname").focus();
  }
});

$("details").addEventListener("submit", async (event) => {
  event.preventDefault();
  const profile = { nickname: $("nickname").value.trim(), email: $("email").value.trim() };
  try {
    await saveProfile(profile);
    $("details").hidden = true;
    $("details-toggle").setAttribute("aria-expanded", "false");
    text.focus();
  } catch (error) {
    $("details-error").textContent = error.message || "Could not save your details";
  }
});

async function saveProfile(profile) {
  $("details-error").textContent = "";
  await client.request({ type: "profile", nickname: profile.nickname, email: profile.email });
  localStorage.setItem(PROFILE, JSON.stringify(profile));
}

start();
