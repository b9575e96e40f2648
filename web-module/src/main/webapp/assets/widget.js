// The visitor's chat: standalone at / and, with ?embedded, inside the panel that embed.js opens.
import {
  ChatClient,
  Editor,
  Outbox,
  TypingSender,
  api,
  clockTime,
  h,
  markRevision,
  messageText,
  newClientId,
  renderText,
  revisionButtons,
  showState,
  subscribeToPush,
  supersedes,
  timeAgo,
} from "./chat-client.js";
import { VoiceRecorder, acceptFiles, attachmentNode, uploadInto, uploadPlaceholder } from "./attachments.js";

const IDENTITY = "switchboard.visitor";
const PROFILE = "switchboard.profile";
const PUSH = "switchboard.visitor.push"; // this browser's push subscription, to replace it
const TYPING_SHOWN_MS = 8000; // a typist we stop hearing from is not typing forever

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const embedded = params.has("embedded");
const linked = params.get("conversation"); // a mail's link back
const presetTeam = params.get("team"); // the embedding page's choice (data-team)
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
let transcript = false; // what the server holds for the current conversation
let transcriptWanted = null; // asked for before the conversation existed
const typists = new Map(); // sender id -> {name, timer}
let agentsOnline = null; // as the last presence frame said
let lastSummary = null; // of the current conversation, for its place in the queue
let teams = []; // as listed for visitors: each with whether it is open now and when it opens
let teamsLoaded = null; // the last request for that list
let starting = true; // no open conversation: the next message (or the offline form) opens one
let reopening = null; // the timer that looks again when a closed team opens
let offlineClientId = null; // kept until the form is stored, so a retry is not stored twice
let pushChecked = false;

const client = new ChatClient("/ws/visitor", () => identity.token);
const outbox = new Outbox(client);
const typing = new TypingSender(client);
const editor = new Editor(client, text, $("editing"));

// On an intranet page, the page vouches for its signed-in employee (embed.js sends it).
const signedIdentity = params.has("identified")
  ? new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), 5000);
      window.addEventListener("message", (event) => {
        if (event.source !== parent || event.data?.switchboard !== "identity") return;
        clearTimeout(timer);
        resolve(event.data.token);
      });
    })
  : Promise.resolve(null);

/** The subject of a signed identity, to tell whether the stored visitor is that employee. */
function subjectOf(jwt) {
  try {
    return JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).sub;
  } catch {
    return null;
  }
}

async function register() {
  const signed = await signedIdentity;
  if (signed) {
    try {
      identity = { ...(await api("POST", "/api/visitors", { identity: signed })), subject: subjectOf(signed) };
      localStorage.setItem(IDENTITY, JSON.stringify(identity));
      return;
    } catch {
      // not accepted (expired, not set up): the employee can still chat, anonymously
    }
  }
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
  const signed = await signedIdentity;
  if (identity?.subject && !signed) {
    // A signed employee, and this page vouches for nobody (a shared PC, someone else now): forget
    // them and what they typed.
    localStorage.removeItem(IDENTITY);
    localStorage.removeItem(PROFILE);
    identity = null;
  }
  if (!identity || (signed && identity.subject !== subjectOf(signed))) await register();
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
    conversations.find((c) => c.id === (conversationId || linked)) ||
    conversations.find((c) => c.status !== "resolved") ||
    conversations[0];
  if (current && current.id !== conversationId) {
    adopt(current.id);
    list.replaceChildren();
    loadNewest();
  }
  if (current) {
    applyReceipts(current.receipts || []);
    showTranscript(current);
    showRating(current);
    showQueue(current);
  }
  offerTeams(!current || current.status === "resolved", true);
  // Whatever went unanswered while we were away is sent again, with the same clientId.
  outbox.resendAll();
  if (current && !pushChecked) {
    pushChecked = true; // once a page: the subscription may be new, or another visitor's before
    subscribeToPush("widget-sw.js", identity.token, PUSH);
  }
});

client.addEventListener("message", ({ detail }) => showIncoming(detail.message));
client.addEventListener("ack", ({ detail }) => acknowledged(detail.clientId, detail.message));

client.addEventListener("error", ({ detail: error }) => {
  if (error.clientId && outbox.failed(error.clientId, error.message, error.retryAfter)) {
    return;
  }
  if (error.ref) return; // the answer to a request (an edit, a page of history): its caller shows it
  if (error.code === "forbidden" || error.code === "not_found") {
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
  agentsOnline = presence.agentsOnline;
  if (lastSummary) showQueue(lastSummary);
  const online = presence.agentsOnline > 0;
  $("availability").classList.toggle("online", online);
  $("availability-text").textContent = online
    ? "Online: we reply in a moment"
    : presence.lastAgentSeenAt
      ? `Away, last seen ${timeAgo(presence.lastAgentSeenAt)}: leave a message`
      : "Away: leave a message and we will reply";
});

client.addEventListener("conversation", ({ detail }) => {
  if (conversationId === null && detail.conversation.status !== "resolved") adopt(detail.conversation.id);
  if (detail.conversation.id !== conversationId) return;
  document.body.dataset.status = detail.conversation.status;
  showTranscript(detail.conversation);
  showRating(detail.conversation);
  showQueue(detail.conversation);
  showPresent(detail.conversation);
  offerTeams(detail.conversation.status === "resolved");
});

/** Who is answering: the assignee and the colleagues they invited. */
function showPresent(summary) {
  const names = [summary.assignee, ...(summary.colleagues || [])].filter(Boolean).map((a) => a.name);
  const present = $("present");
  present.hidden = summary.status === "resolved" || names.length === 0;
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : names[0];
  present.textContent = names.length ? `You are talking with ${list}.` : "";
}

// --- teams and the queue ----------------------------------------------------------------------

/**
 * Before a conversation starts, the visitor chooses its team (when there is a choice to make); a
 * team outside its hours says when it is back and offers the offline form instead of the composer.
 */
async function offerTeams(beforeConversation, refresh = false) {
  starting = beforeConversation;
  // Asked at each (re)connect and when a closed team opens, not at every conversation frame.
  if (refresh || !teamsLoaded) teamsLoaded = loadTeams();
  await teamsLoaded;
  const choice = $("team-choice");
  if (beforeConversation && !presetTeam) {
    const select = $("team");
    const chosen = select.value;
    select.replaceChildren(...teams.map((t) => h("option", { value: t.id }, t.name)));
    if (chosen) select.value = chosen;
    choice.hidden = teams.length < 2;
  } else {
    choice.hidden = true;
  }
  showHours();
}

async function loadTeams() {
  try {
    teams = await api("GET", "/api/teams", undefined, identity.token);
  } catch {
    teams = []; // without the list the conversation goes to the default team, open or not
  }
}

/** The team the next conversation goes to, or the current one is in, as listed (default first). */
function teamShown() {
  const wanted = starting ? teamForNewConversation() : lastSummary?.team?.id;
  if (!wanted) return starting ? teams[0] : undefined;
  const name = wanted.toLowerCase();
  return teams.find((t) => t.id === wanted || t.name.toLowerCase() === name);
}

/** A closed team's next opening, in the visitor's own time. */
function backAt(team) {
  if (!team.opensAt) return "";
  const opens = new Date(team.opensAt);
  const soon = opens - Date.now() < 6 * 24 * 3600 * 1000;
  const format = soon
    ? { weekday: "long", hour: "2-digit", minute: "2-digit" }
    : { dateStyle: "medium", timeStyle: "short" };
  return ` We are back ${new Intl.DateTimeFormat(undefined, format).format(opens)}.`;
}

function showHours() {
  clearTimeout(reopening);
  const team = teamShown();
  const closed = team?.open === false;
  const form = $("offline");
  const offer = closed && starting;
  if (offer && form.hidden) {
    const profile = JSON.parse(localStorage.getItem(PROFILE) || "{}");
    $("offline-name").value ||= profile.nickname || "";
    $("offline-email").value ||= profile.email || "";
    $("offline-text").value ||= text.value;
  }
  form.hidden = !offer;
  $("composer").hidden = offer;
  if (closed) {
    $("offline-title").textContent = `${team.name} is closed right now.${backAt(team)}`;
    if (team.opensAt) {
      const wait = Math.min(Date.parse(team.opensAt) - Date.now() + 1000, 24 * 3600 * 1000);
      reopening = setTimeout(() => offerTeams(starting, true), Math.max(wait, 1000));
    }
  }
  if (lastSummary) showQueue(lastSummary);
}

$("team").addEventListener("change", showHours);

$("offline").addEventListener("submit", async (event) => {
  event.preventDefault();
  askToNotify();
  $("offline-error").textContent = "";
  const profile = { nickname: $("offline-name").value.trim(), email: $("offline-email").value.trim() };
  offlineClientId ||= newClientId();
  const team = teamForNewConversation();
  try {
    const left = await api(
      "POST",
      "/api/offline-messages",
      { team: team || undefined, name: profile.nickname, email: profile.email, text: $("offline-text").value.trim(), clientId: offlineClientId },
      identity.token,
    );
    offlineClientId = null;
    localStorage.setItem(PROFILE, JSON.stringify(profile));
    $("offline-text").value = "";
    text.value = "";
    if (!conversationId) adopt(left.conversationId);
    starting = false;
    place(left.message);
    scrollToEnd();
    showHours();
    text.focus();
  } catch (error) {
    $("offline-error").textContent = error.message || "Your question could not be sent; try again.";
  }
});

/** The team a new conversation goes to: the page's, the visitor's choice, or the default (none). */
function teamForNewConversation() {
  if (presetTeam) return presetTeam;
  return $("team-choice").hidden ? null : $("team").value || null;
}

/** While the conversation waits for an agent: its place in the queue, honestly. */
function showQueue(summary) {
  lastSummary = summary;
  const status = $("queue-status");
  const team = teams.find((t) => t.id === summary.team?.id);
  if (summary.status !== "resolved" && !summary.assignee && team?.open === false) {
    status.hidden = false;
    status.textContent = `${team.name} is closed right now.${backAt(team)} We answer here, and by email if you gave your address.`;
    return;
  }
  const position = summary.status === "resolved" ? null : summary.queuePosition;
  status.hidden = !position;
  if (!position) return;
  const why = agentsOnline === 0 ? "No agent is online right now." : "All our agents are busy.";
  const place = position === 1 ? "You are next in the queue." : `You are number ${position} in the queue.`;
  status.textContent = `${why} ${place}`;
}

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

/** Puts a stored message in its place by seq (once; a change replaces it), and returns its element. */
function place(message) {
  $("empty").hidden = true;
  const existing = list.querySelector(`li[data-id="${CSS.escape(message.id)}"]`);
  if (existing) {
    if (!supersedes(existing, message)) return existing;
    const changed = bubble(message);
    existing.replaceWith(changed);
    return changed;
  }
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
    attachmentNode(message, identity.token),
    messageText(message),
    h("span", { class: "meta" }, h("time", { datetime: message.createdAt }, clockTime(message.createdAt))),
  );
  markRevision(element, message);
  if (own && !message.deleted) {
    showState(element, stateFor(message.seq));
    offerRevision(element, message.id);
  }
  return element;
}

/** Edit and Delete on one's own stored message (the server says when its time has passed). */
function offerRevision(element, messageId) {
  element.querySelector(".meta").append(
    revisionButtons({
      onEdit: () => {
        editor.start(conversationId, messageId, element.querySelector("p.text")?.textContent || "");
        resize();
      },
      onDelete: async () => {
        const changed = await editor.remove(conversationId, messageId);
        if (changed) place(changed);
      },
    }),
  );
}

function stateFor(seq) {
  return seq <= agentsRead ? "read" : seq <= agentsDelivered ? "delivered" : "sent";
}

function refreshTicks() {
  for (const element of list.querySelectorAll("li.own[data-seq]:not([data-deleted])")) {
    showState(element, stateFor(Number(element.dataset.seq)));
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
  if (!conversationId) adopt(message.conversationId);
  if (message.conversationId !== conversationId) return;
  if (message.editedAt || message.deleted) {
    place(message); // a change to a message shown: no news to announce
    return;
  }
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
  const notification = new Notification(`${message.sender.name} replied`, { body: message.text || message.attachment?.name || "", tag: conversationId });
  notification.onclick = () => {
    window.focus();
    notification.close();
  };
}

/**
 * Asked once, on the visitor's first message: replies then reach them as notifications, pushed
 * when the chat is closed.
 */
async function askToNotify() {
  if (!("Notification" in window)) return;
  if (Notification.permission === "default") await Notification.requestPermission();
  subscribeToPush("widget-sw.js", identity.token, PUSH);
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

$("composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (editor.active) {
    const changed = await editor.save();
    if (changed) place(changed);
    resize();
    return;
  }
  const value = text.value.trim();
  if (!value) return;
  text.value = "";
  resize();
  typing.stop();
  askToNotify();
  const element = h(
    "li",
    { class: "message own pending" },
    h("p", { class: "text" }, renderText(value)),
    h("span", { class: "meta" }),
  );
  $("empty").hidden = true;
  list.append(element);
  scrollToEnd();
  outbox.add(sendFrame({ text: value }), element);
});

text.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $("composer").requestSubmit();
  } else if (event.key === "Escape" && editor.active) {
    event.preventDefault();
    editor.cancel();
    resize();
  } else if (event.key === "ArrowUp" && !text.value && !editor.active) {
    // Up in an empty composer edits one's last message.
    const last = [...list.querySelectorAll("li.own[data-id]:not([data-deleted])")].pop();
    if (last) {
      event.preventDefault();
      editor.start(conversationId, last.dataset.id, last.querySelector("p.text")?.textContent || "");
      resize();
    }
  }
});

function acknowledged(clientId, message) {
  if (!conversationId) adopt(message.conversationId);
  const element = outbox.acknowledged(clientId);
  if (!element) {
    place(message);
    return;
  }
  element.classList.remove("pending");
  element.querySelector(".attachment.uploading")?.replaceWith(attachmentNode(message, identity.token));
  element.dataset.id = message.id;
  element.dataset.seq = message.seq;
  element.querySelector(".meta").prepend(h("time", { datetime: message.createdAt }, clockTime(message.createdAt)));
  showState(element, stateFor(message.seq));
  offerRevision(element, message.id);
  // Acks arrive in seq order; it belongs after every stored message.
  const firstPending = list.querySelector("li.pending");
  if (firstPending) list.insertBefore(element, firstPending);
}

/** A send into the conversation, or the first one, which opens it in the chosen team. */
function sendFrame(content) {
  const frame = { type: "send", clientId: newClientId(), ...content };
  if (conversationId) {
    frame.conversationId = conversationId;
  } else {
    const team = teamForNewConversation();
    if (team) frame.team = team;
  }
  return frame;
}

// --- files and voice messages -----------------------------------------------------------------

/** A bubble that uploads the file (progress, retry), then sends it as a message. */
function sendFile(file, durationMs) {
  const element = h("li", { class: "message own pending" }, uploadPlaceholder(file.name), h("span", { class: "meta" }));
  $("empty").hidden = true;
  list.append(element);
  scrollToEnd();
  uploadInto(element, file, {
    token: () => identity.token,
    conversationId: () => conversationId,
    durationMs,
    sent: (attachment) => {
      outbox.add(sendFrame({ attachmentId: attachment.id }), element);
    },
  });
}

$("attach").addEventListener("click", () => $("file").click());
$("file").addEventListener("change", () => {
  for (const file of $("file").files) sendFile(file);
  $("file").value = "";
});
acceptFiles(document.querySelector(".chat"), text, (files) => files.forEach((file) => sendFile(file)));
new VoiceRecorder({
  button: $("record"),
  cancel: $("record-cancel"),
  status: $("recording"),
  recorded: (file, ms) => sendFile(file, ms),
  failed: (message) => {
    $("recording").hidden = false;
    $("recording").textContent = message;
  },
});

// --- typing -----------------------------------------------------------------------------------

function resize() {
  text.style.height = "auto";
  text.style.height = `${Math.min(text.scrollHeight, 160)}px`;
  text.classList.toggle("tall", text.scrollHeight > 160);
}

text.addEventListener("input", () => {
  resize();
  typing.input(conversationId);
});

// --- profile ----------------------------------------------------------------------------------

$("details-toggle").addEventListener("click", () => {
  const form = $("details");
  form.hidden = !form.hidden;
  $("details-toggle").setAttribute("aria-expanded", String(!form.hidden));
  if (!form.hidden) {
    const profile = JSON.parse(localStorage.getItem(PROFILE) || "{}");
    $("nickname").value = profile.nickname || "";
    $("email").value = profile.email || "";
    $("transcript").checked = transcriptWanted ?? transcript;
    $("nickname").focus();
  }
});

$("details").addEventListener("submit", async (event) => {
  event.preventDefault();
  const profile = { nickname: $("nickname").value.trim(), email: $("email").value.trim() };
  try {
    const wanted = $("transcript").checked;
    // The server's rule, told now: before the conversation exists it would only be told later.
    if (wanted && !profile.email) throw new Error("Give an email first: the transcript goes there");
    await saveProfile(profile);
    if (wanted !== transcript) await requestTranscript(wanted);
    $("details").hidden = true;
    $("details-toggle").setAttribute("aria-expanded", "false");
    text.focus();
  } catch (error) {
    $("details-error").textContent = error.message || "Could not save your details";
  }
});

/**
 * The conversation this widget shows from now on. Whichever frame names it first (the ack, the
 * conversation event, a message), a transcript asked for before it existed is requested now.
 */
function adopt(id) {
  conversationId = id;
  if (transcriptWanted === null) return;
  requestTranscript(transcriptWanted).catch((error) => {
    $("transcript").checked = transcript;
    $("details-error").textContent = error.message || "Could not ask for the transcript";
  });
}

/** The conversation's transcript by mail on resolve; before the first message, once it exists. */
async function requestTranscript(wanted) {
  if (!conversationId) {
    transcriptWanted = wanted;
    return;
  }
  transcriptWanted = null;
  const answer = await client.request({ type: "transcript", conversationId, wanted });
  showTranscript(answer.conversation);
}

/** A resolved conversation asks for a rating, once per resolution; a given one is thanked for. */
function showRating(summary) {
  const resolved = summary.status === "resolved";
  $("rating").hidden = !resolved || Boolean(summary.rating);
  $("rating-thanks").hidden = !resolved || !summary.rating;
  if (!$("rating").hidden) $("rating-error").textContent = "";
}

$("rating").addEventListener("submit", async (event) => {
  event.preventDefault();
  const score = Number(new FormData($("rating")).get("score"));
  if (!score) {
    $("rating-error").textContent = "Choose from 1 (poor) to 5 (excellent)";
    return;
  }
  const comment = $("rating-comment").value.trim();
  try {
    const answer = await client.request({ type: "rate", conversationId, score, comment: comment || undefined });
    showRating(answer.conversation);
  } catch (error) {
    $("rating-error").textContent = error.message || "The rating could not be sent; try again.";
  }
});

function showTranscript(summary) {
  transcript = Boolean(summary.transcript);
  $("transcript").checked = transcript;
}

async function saveProfile(profile) {
  $("details-error").textContent = "";
  await client.request({ type: "profile", nickname: profile.nickname, email: profile.email });
  localStorage.setItem(PROFILE, JSON.stringify(profile));
}

start();
