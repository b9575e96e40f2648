// The wire contract from the browser: one socket that authenticates, reconnects with back-off and
// resumes every conversation it holds from the last seq it saw, so nothing is lost or doubled.

const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000, 30000];
const STREAMING = "switchboard.streaming"; // this tab found WebSockets refused

/** An address inside the application, whatever its context root (assets/ sits at the root). */
export function appUrl(path) {
  return new URL(path.replace(/^\//, ""), new URL("../", import.meta.url));
}

/**
 * Subscribes this browser to Web Push for the signed-in visitor or agent, through the service worker
 * at `worker` (an application path), once notifications are allowed and the server has a key; the
 * subscription's id is kept under `storageKey` to remove it with. Without push (unsupported,
 * refused, the server has none) the chat works as before.
 */
export async function subscribeToPush(worker, token, storageKey) {
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) return;
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  try {
    const { publicKey } = await api("GET", "/api/push/key");
    const key = fromBase64Url(publicKey);
    const registration = await navigator.serviceWorker.register(appUrl(worker));
    let subscription = await registration.pushManager.getSubscription();
    const sameKey = subscription && equalBytes(new Uint8Array(subscription.options.applicationServerKey), key);
    if (subscription && !sameKey) {
      await subscription.unsubscribe(); // made with another server key: it would not verify
      subscription = null;
    }
    subscription ||= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    const { id } = await api("POST", "/api/push/subscriptions", subscription.toJSON(), token);
    localStorage.setItem(storageKey, id);
  } catch {
    // no push on this browser: the chat's own notifications still work while it is open
  }
}

/** Removes this browser's subscription (signing out): nothing is pushed here for them any more. */
export async function unsubscribeFromPush(worker, token, storageKey) {
  const id = localStorage.getItem(storageKey);
  localStorage.removeItem(storageKey);
  if (!id) return;
  await api("DELETE", `/api/push/subscriptions/${encodeURIComponent(id)}`, undefined, token).catch(() => {});
  const registration = await navigator.serviceWorker?.getRegistration(appUrl(worker));
  await (await registration?.pushManager.getSubscription())?.unsubscribe();
}

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

function equalBytes(a, b) {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** A JSON call to the HTTP API; rejects with the server's {code, message} body. */
export async function api(method, path, body, token) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(appUrl(path), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw { status: response.status, ...json };
  return json;
}

export class ChatClient extends EventTarget {
  /**
   * @param {string} path "/ws/visitor" or "/ws/agent"
   * @param {() => string} token the bearer token to authenticate with
   */
  constructor(path, token) {
    super();
    this.path = path;
    this.token = token;
    this.lastSeq = new Map(); // conversationId -> highest seq received
    this.state = "idle";
    this.attempt = 0;
    this.refs = 0;
    this.pending = new Map(); // ref -> {resolve, reject, timer}
    this.stopped = false;
    // A proxy that refuses the WebSocket upgrade: Server-Sent Events and HTTP instead, for this tab.
    this.streaming = sessionStorage.getItem(STREAMING) === "true";
    this.refused = 0; // sockets in a row that closed before they were ready
    this.posting = Promise.resolve(); // requests over HTTP, one after another, in order
  }

  connect() {
    this.stopped = false;
    this.setState(this.attempt === 0 ? "connecting" : "reconnecting");
    if (this.streaming) {
      this.openStream();
      return;
    }
    let ready = false;
    const url = appUrl(this.path);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      const resume = [...this.lastSeq].map(([conversationId, afterSeq]) => ({
        conversationId,
        afterSeq,
      }));
      socket.send(JSON.stringify({ type: "auth", token: this.token(), resume }));
    });
    socket.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === "ready") ready = true;
      this.received(frame);
    });
    socket.addEventListener("close", (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failPending();
      // Two sockets in a row that never got ready: most likely a proxy refuses the upgrade.
      this.refused = ready ? 0 : this.refused + 1;
      if (this.refused >= 2) this.streaming = true;
      // 4401 ends the session, unless the server only missed the auth frame's deadline: in a
      // reconnect storm it may read a frame sent in time too late, and the token is still good.
      if (event.code === 4401 && !event.reason.startsWith("auth expected within")) {
        this.setState("unauthorized");
        return;
      }
      this.reconnect();
    });
  }

  reconnect() {
    if (this.stopped) return;
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    this.setState("reconnecting");
    // Jitter, so that a restarted instance is not hit by every client at once.
    this.retry = setTimeout(() => this.connect(), delay * (0.75 + Math.random() / 2));
  }

  /**
   * The same frames as a socket's, as Server-Sent Events: a ticket opens the stream (an
   * EventSource sends no header), which resumes what this client holds. Requests go over HTTP. An
   * EventSource would reconnect by itself with its spent ticket: this one is closed and another
   * opened instead, with a new ticket and the resume.
   */
  async openStream() {
    let ticket;
    try {
      ({ ticket } = await api("POST", "/api/stream-tickets", undefined, this.token()));
    } catch (error) {
      if (error.status === 401) this.setState("unauthorized");
      else this.streamEnded(null);
      return;
    }
    if (this.stopped) return;
    const url = appUrl(this.path.replace("/ws/", "/sse/"));
    url.searchParams.set("ticket", ticket);
    const resume = [...this.lastSeq].map(([conversationId, afterSeq]) => ({ conversationId, afterSeq }));
    if (resume.length) url.searchParams.set("resume", JSON.stringify(resume));
    const source = new EventSource(url);
    this.source = source;
    source.addEventListener("message", (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === "close") {
        this.streamEnded(source, frame);
        return;
      }
      if (frame.type === "ready") {
        sessionStorage.setItem(STREAMING, "true");
        this.refused = 0;
      }
      this.received(frame);
    });
    source.addEventListener("error", () => this.streamEnded(source));
  }

  streamEnded(source, close) {
    if (source && this.source !== source) return;
    source?.close();
    this.source = null;
    this.failPending();
    if (close?.code === 4401 && !close.reason.startsWith("auth expected within")) {
      this.setState("unauthorized");
      return;
    }
    // A stream that never got ready: try the socket again (the network may have changed).
    if (this.state !== "open") {
      this.streaming = false;
      this.refused = 0;
    }
    this.reconnect();
  }

  close() {
    this.stopped = true;
    clearTimeout(this.retry);
    if (this.socket) this.socket.close(1000, "bye");
    this.source?.close();
    this.source = null;
  }

  setState(state) {
    this.state = state;
    this.dispatchEvent(new CustomEvent("state", { detail: state }));
  }

  get connected() {
    return this.state === "open";
  }

  received(frame) {
    if (frame.type === "ready") {
      this.attempt = 0;
      this.setState("open");
    }
    const message = frame.message;
    if (message && message.seq != null) {
      const last = this.lastSeq.get(message.conversationId) || 0;
      if (message.seq > last) this.lastSeq.set(message.conversationId, message.seq);
    }
    if (frame.ref && this.pending.has(frame.ref)) {
      const { resolve, reject, timer } = this.pending.get(frame.ref);
      this.pending.delete(frame.ref);
      clearTimeout(timer);
      if (frame.type === "error") reject(frame);
      else resolve(frame);
    }
    this.dispatchEvent(new CustomEvent(frame.type, { detail: frame }));
  }

  /** Sends a frame without waiting for an answer; false when not connected. */
  send(frame) {
    if (this.source) {
      if (!this.connected) return false;
      this.posting = this.posting.then(() => this.post(frame));
      return true;
    }
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN || !this.connected) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  /** A request frame over HTTP; its reply frame is taken as if the socket had brought it. */
  async post(frame) {
    let reply;
    try {
      const response = await fetch(appUrl("/api/frames"), {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${this.token()}` },
        body: JSON.stringify(frame),
      });
      if (response.status === 204) return;
      reply = await response.json().catch(() => ({}));
    } catch {
      reply = { code: "unavailable", message: "connection lost" };
    }
    // A failure before the frame was read ({code, message}) is answered as the socket would.
    if (!reply.type) reply = { type: "error", ref: frame.ref, clientId: frame.clientId, ...reply };
    this.received(reply);
  }

  /** Sends a frame with a fresh ref; resolves with the answer, rejects with an error frame. */
  request(frame, timeoutMs = 10000) {
    const ref = `r${++this.refs}`;
    return new Promise((resolve, reject) => {
      if (!this.send({ ...frame, ref })) {
        reject({ type: "error", code: "unavailable", message: "not connected", ref });
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(ref);
        reject({ type: "error", code: "unavailable", message: "no answer", ref });
      }, timeoutMs);
      this.pending.set(ref, { resolve, reject, timer });
    });
  }

  /** Remembers a conversation's position so that a reconnect resumes it. */
  track(conversationId, seq) {
    const last = this.lastSeq.get(conversationId) || 0;
    if (seq > last || !this.lastSeq.has(conversationId)) this.lastSeq.set(conversationId, seq);
  }

  failPending() {
    for (const [ref, { reject, timer }] of this.pending) {
      clearTimeout(timer);
      reject({ type: "error", code: "unavailable", message: "connection lost", ref });
    }
    this.pending.clear();
  }
}

/** Message text as DOM nodes: always text, with http(s) links made clickable. */
export function renderText(text) {
  const fragment = document.createDocumentFragment();
  const url = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/gi;
  let at = 0;
  for (const match of text.matchAll(url)) {
    if (match.index > at) fragment.append(text.slice(at, match.index));
    const link = document.createElement("a");
    link.href = match[0];
    link.textContent = match[0];
    link.target = "_blank";
    link.rel = "noopener noreferrer nofollow";
    fragment.append(link);
    at = match.index + match[0].length;
  }
  if (at < text.length) fragment.append(text.slice(at));
  return fragment;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

/** "5 minutes ago", "yesterday", … */
export function timeAgo(iso) {
  const seconds = Math.round((new Date(iso).getTime() - Date.now()) / 1000);
  const steps = [
    [60, "second"],
    [60, "minute"],
    [24, "hour"],
    [7, "day"],
    [4.35, "week"],
    [12, "month"],
    [Infinity, "year"],
  ];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
    value /= size;
  }
  return "";
}

export function clockTime(iso) {
  return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** Creates an element with attributes and children (strings become text nodes). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    if (name === "class") element.className = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.filter((c) => c != null));
  return element;
}

export function newClientId() {
  return crypto.randomUUID();
}

const STATE_LABELS = { sending: "Sending…", sent: "Sent", delivered: "Delivered", read: "Read", failed: "Not sent" };

/** Shows a message's delivery state in its bubble; a failed one gets a retry button. */
export function showState(element, state, { reason, onRetry } = {}) {
  element.dataset.state = state;
  const meta = element.querySelector(".meta");
  meta.querySelector(".state")?.remove();
  meta.querySelector(".retry")?.remove();
  meta.append(h("span", { class: "state", title: reason || null }, STATE_LABELS[state]));
  if (state === "failed" && onRetry) {
    meta.append(h("button", { class: "retry", type: "button", onclick: onRetry }, "Retry"));
  }
}

const ACK_TIMEOUT_MS = 15000;

/**
 * Sends waiting for their ack. Each shows "sending", then "failed" with a retry on an error or
 * no answer; unsent ones go out again after a reconnect. A retry reuses the clientId, so the
 * server stores a message once however often it is sent.
 */
export class Outbox {
  constructor(client) {
    this.client = client;
    this.entries = new Map(); // clientId -> {frame, element, timer}
  }

  /** Queues and sends {@code frame} (it carries its clientId), shown by {@code element}. */
  add(frame, element) {
    element.dataset.clientId = frame.clientId;
    this.entries.set(frame.clientId, { frame, element });
    this.transmit(frame.clientId);
  }

  transmit(clientId) {
    const entry = this.entries.get(clientId);
    if (!entry) return;
    clearTimeout(entry.timer);
    showState(entry.element, "sending");
    // Not connected: it stays "sending" and goes out again after the reconnect.
    if (!this.client.send(entry.frame)) return;
    entry.timer = setTimeout(() => this.failed(clientId, "no answer from the server"), ACK_TIMEOUT_MS);
  }

  resendAll() {
    for (const clientId of this.entries.keys()) this.transmit(clientId);
  }

  /** The element of an acknowledged send of ours (no longer waiting), or null. */
  acknowledged(clientId) {
    const entry = this.entries.get(clientId);
    if (!entry) return null;
    clearTimeout(entry.timer);
    this.entries.delete(clientId);
    return entry.element;
  }

  /**
   * True when the error was about one of our sends. A send the server refused for now (too many too
   * fast: it says after how many seconds, `retryAfter`) stays "sending" and goes out again then.
   */
  failed(clientId, reason, retryAfter) {
    const entry = this.entries.get(clientId);
    if (!entry) return false;
    clearTimeout(entry.timer);
    if (retryAfter > 0) {
      showState(entry.element, "sending", { reason });
      entry.timer = setTimeout(() => this.transmit(clientId), retryAfter * 1000);
      return true;
    }
    showState(entry.element, "failed", { reason, onRetry: () => this.transmit(clientId) });
    return true;
  }
}

const TYPING_REFRESH_MS = 3000;
const TYPING_IDLE_MS = 4000;

/** Tells the others that we type: at once, again every 3 s while we go on, stopped when idle. */
export class TypingSender {
  constructor(client) {
    this.client = client;
    this.sent = 0;
    this.conversationId = null;
  }

  input(conversationId) {
    if (!conversationId) return;
    if (conversationId !== this.conversationId) this.stop();
    const now = Date.now();
    if (now - this.sent > TYPING_REFRESH_MS) {
      this.client.send({ type: "typing", conversationId, typing: true });
      this.sent = now;
      this.conversationId = conversationId;
    }
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(), TYPING_IDLE_MS);
  }

  stop() {
    clearTimeout(this.idle);
    if (this.sent && this.conversationId) {
      this.client.send({ type: "typing", conversationId: this.conversationId, typing: false });
    }
    this.sent = 0;
    this.conversationId = null;
  }
}

// --- edit and delete ------------------------------------------------------------------------------

/**
 * Whether a message's state from the server replaces the bubble shown: a removal always, a change
 * unless the bubble shows a later one (changes from two instances may arrive out of order).
 */
export function supersedes(element, message) {
  if (element.dataset.deleted) return false;
  if (message.deleted) return true;
  if (!message.editedAt) return false;
  return !element.dataset.editedAt || message.editedAt >= element.dataset.editedAt;
}

/** A bubble's text: the message's, or for a removed one a note that it was. */
export function messageText(message) {
  if (message.deleted) return h("p", { class: "text deleted" }, "Message deleted");
  return message.text || !message.attachment ? h("p", { class: "text" }, renderText(message.text || "")) : null;
}

/** Marks a bubble with what became of its message: "edited" by its time, or removed. */
export function markRevision(element, message) {
  if (message.deleted) element.dataset.deleted = "true";
  if (message.editedAt) element.dataset.editedAt = message.editedAt;
  if (message.editedAt && !message.deleted) {
    element.querySelector(".meta").append(h("span", { class: "edited", title: `Edited ${clockTime(message.editedAt)}` }, "edited"));
  }
}

/**
 * Changing one's own messages from a composer: a bubble's Edit (or Up in an empty composer) puts
 * its text in the composer; Enter saves the change, Escape gives it up. Delete asks first.
 */
export class Editor {
  /**
   * @param {ChatClient} client
   * @param {HTMLTextAreaElement} text the composer's text box
   * @param {HTMLElement} banner says what is being edited, and what went wrong
   */
  constructor(client, text, banner) {
    this.client = client;
    this.text = text;
    this.banner = banner;
    this.editing = null; // {conversationId, messageId, draft}
  }

  get active() {
    return this.editing !== null;
  }

  start(conversationId, messageId, current) {
    if (!this.editing) this.editing = { draft: this.text.value };
    Object.assign(this.editing, { conversationId, messageId });
    this.text.value = current;
    this.say("Editing your message: Enter saves, Escape cancels");
    this.text.focus();
  }

  cancel() {
    if (!this.editing) return;
    this.text.value = this.editing.draft;
    this.editing = null;
    this.banner.hidden = true;
  }

  /** Saves the composer's text as the message's new text; the answer updates the bubble. */
  async save() {
    const { conversationId, messageId } = this.editing;
    const value = this.text.value.trim();
    if (!value) return;
    try {
      const answer = await this.client.request({ type: "edit", conversationId, messageId, text: value });
      this.cancel();
      return answer.message;
    } catch (error) {
      this.say(error.message || "The message could not be changed");
    }
  }

  async remove(conversationId, messageId) {
    if (!window.confirm("Delete this message for everyone?")) return;
    try {
      return (await this.client.request({ type: "delete", conversationId, messageId })).message;
    } catch (error) {
      this.say(error.message || "The message could not be deleted");
    }
  }

  say(text) {
    this.banner.textContent = text;
    this.banner.hidden = false;
  }
}

/** A bubble's Edit and Delete buttons (either may be left out). */
export function revisionButtons({ onEdit, onDelete }) {
  return h(
    "span",
    { class: "revise" },
    onEdit ? h("button", { type: "button", class: "edit", onclick: onEdit }, "Edit") : null,
    onDelete ? h("button", { type: "button", class: "delete", onclick: onDelete }, "Delete") : null,
  );
}
