// The operator console: sign-in, presence, live queues, the conversation view and its actions.
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
  supersedes,
  timeAgo,
  subscribeToPush,
  unsubscribeFromPush,
} from "./chat-client.js";
import { VoiceRecorder, acceptFiles, attachmentNode, uploadInto, uploadPlaceholder } from "./attachments.js";
import { openReports } from "./reports.js";

const SESSION = "switchboard.agent";
const PUSH = "switchboard.agent.push"; // this browser's push subscription, removed at sign-out
const WORKER = "console/sw.js";
let pushChecked = false; // subscribed (again) once a page
const TYPING_SHOWN_MS = 8000;

const $ = (id) => document.getElementById(id);
const text = $("text");

let session = JSON.parse(localStorage.getItem(SESSION) || "null");
let client = null;
let view = "unassigned";
let selected = null;
let hasOlder = false;
const conversations = new Map(); // id -> summary, kept live
const receipts = new Map(); // conversation id -> {delivered, read} of its visitor
const typists = new Map();
let agents = [];
let teams = []; // every team, with its routing and members
let canned = []; // the canned responses of this agent's teams
let labels = []; // every label: {id, name, colour}
let cannedActive = 0; // the highlighted suggestion
let outbox = null;
let typing = null;
let editor = null;

// --- sign-in ----------------------------------------------------------------------------------

function showLogin(message) {
  $("app").hidden = true;
  $("login-view").hidden = false;
  $("login-error").textContent = message || "";
  $("username").focus();
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const username = $("username").value;
    const signedIn = await api("POST", "/api/agents/login", { username, password: $("password").value });
    session = { ...signedIn, username }; // kept for the password dialog (password managers)
    localStorage.setItem(SESSION, JSON.stringify(session));
    $("password").value = "";
    open();
  } catch (error) {
    $("login-error").textContent = error.status === 401 ? "Wrong username or password." : "Sign-in failed; try again.";
  }
});

$("password-open").addEventListener("click", () => {
  $("password-form").reset();
  $("password-username").value = session.username || "";
  $("password-error").textContent = "";
  $("password-dialog").showModal();
});

$("password-cancel").addEventListener("click", () => $("password-dialog").close());

$("password-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if ($("changed-password").value !== $("repeated-password").value) {
    $("password-error").textContent = "The new password and its repetition differ.";
    return;
  }
  try {
    await api(
      "POST",
      "/api/agents/me/password",
      { current: $("current-password").value, password: $("changed-password").value },
      session.token,
    );
    $("password-dialog").close();
    $("connection").textContent = "Password changed; your other sign-ins have ended.";
    setTimeout(() => {
      if ($("connection").textContent.startsWith("Password changed")) $("connection").textContent = "";
    }, 5000);
  } catch (error) {
    $("password-error").textContent = error.message || "The password was not changed; try again.";
  }
});

$("logout").addEventListener("click", async () => {
  // The server revokes the token and closes its sockets on every instance; sign out locally
  // whether or not it answers (an unreachable server leaves the token to expire).
  if (session) await unsubscribeFromPush(WORKER, session.token, PUSH);
  pushChecked = false;
  const signedOut = session ? api("POST", "/api/agents/logout", undefined, session.token).catch(() => {}) : null;
  const viaCompany = session?.company;
  client?.close();
  localStorage.removeItem(SESSION);
  session = null;
  conversations.clear();
  showLogin();
  // Signed in through the company's provider: end the session there too, or the next "Sign in
  // with …" would come straight back signed in.
  if (viaCompany && companyOptions?.endSession) {
    await signedOut;
    location.assign(companyOptions.endSession);
  }
});

// --- company sign-in (OpenID Connect) -----------------------------------------------------------

let companyOptions = null;

async function loadCompanySignIn() {
  try {
    companyOptions = await api("GET", "/api/agents/oidc");
  } catch {
    companyOptions = null;
  }
  $("company-box").hidden = !companyOptions?.enabled;
  if (companyOptions?.enabled) $("company-sign-in").textContent = `Sign in with ${companyOptions.name}`;
}

/** Back from the provider: a ticket to exchange for a sign-in, or what went wrong. */
async function returnFromCompany() {
  const answer = new URLSearchParams(location.hash.slice(1));
  if (!answer.has("signin-ticket") && !answer.has("signin-error")) return false;
  history.replaceState(null, "", location.pathname + location.search); // not kept in history
  if (answer.has("signin-error")) {
    showLogin(answer.get("signin-error"));
    return true;
  }
  try {
    session = { ...(await api("POST", "/api/agents/oidc/ticket", { ticket: answer.get("signin-ticket") })), company: true };
    localStorage.setItem(SESSION, JSON.stringify(session));
    open();
  } catch (error) {
    showLogin(error.message || "The company sign-in did not finish; try again.");
  }
  return true;
}

function open() {
  $("login-view").hidden = true;
  $("app").hidden = false;
  $("me").textContent = `${session.displayName} (${session.role})`;
  $("admin-toggle").hidden = $("reports-toggle").hidden = session.role !== "supervisor";
  $("admin").hidden = $("reports").hidden = true;
  client = new ChatClient("/ws/agent", () => session.token);
  outbox = new Outbox(client);
  typing = new TypingSender(client);
  editor = new Editor(client, text, $("editing"));
  wire(client);
  client.connect();
  loadTeams();
  loadCanned();
  loadLabels();
}

// --- labels -----------------------------------------------------------------------------------

async function loadLabels() {
  try {
    labels = await api("GET", "/api/labels", undefined, session.token);
  } catch {
    labels = [];
  }
  const filter = $("label-filter");
  const chosen = filter.value;
  filter.replaceChildren(h("option", { value: "" }, "All labels"), ...labels.map((l) => h("option", { value: l.id }, l.name)));
  filter.value = labels.some((l) => l.id === chosen) ? chosen : "";
  $("label-filter-box").hidden = labels.length === 0;
  renderQueue();
  renderHeader();
  renderLabelsAdmin();
}

$("label-filter").addEventListener("change", renderQueue);

/** A label as a coloured chip (a list item, or a span where only phrasing may go). */
function chip(label, tag = "li") {
  const element = h(tag, { class: "chip" }, label.name);
  // Through the CSSOM: the pages' CSP allows no style attributes.
  element.style.backgroundColor = label.colour;
  element.style.color = inkOn(label.colour);
  return element;
}

/** Black or white, whichever reads better on the colour (WCAG relative luminance). */
function inkOn(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? "#000" : "#fff";
}

function renderLabels(c) {
  $("labels").replaceChildren(...(c.labels || []).map((l) => chip(l)));
  const on = new Set((c.labels || []).map((l) => l.id));
  $("label-choices").replaceChildren(
    h("legend", { class: "visually-hidden" }, "Labels on this conversation"),
    ...labels.map((l) =>
      h(
        "label",
        { class: "check" },
        h("input", { type: "checkbox", value: l.id, checked: on.has(l.id), onchange: applyLabels }),
        ` ${l.name}`,
      ),
    ),
  );
  $("label-editor").hidden = labels.length === 0;
}

function applyLabels() {
  const chosen = [...$("label-choices").querySelectorAll("input:checked")].map((i) => i.value);
  act({ type: "label", labels: chosen });
}

function renderLabelsAdmin() {
  $("label-list").replaceChildren(
    ...labels.map((l) =>
      h(
        "li",
        {},
        chip(l, "span"),
        h("button", { type: "button", onclick: () => deleteLabel(l), "aria-label": `Delete the label ${l.name}` }, "Delete"),
      ),
    ),
  );
}

async function deleteLabel(label) {
  if (!confirm(`Delete the label ${label.name}? It comes off every conversation.`)) return;
  $("label-error").textContent = "";
  try {
    await api("DELETE", `/api/labels/${encodeURIComponent(label.id)}`, undefined, session.token);
  } catch (error) {
    $("label-error").textContent = error.message || "The label was not deleted; try again.";
  }
  await loadLabels();
  await refreshList();
}

$("new-label").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("label-error").textContent = "";
  try {
    await api("POST", "/api/labels", { name: $("label-name").value.trim(), colour: $("label-colour").value }, session.token);
    $("new-label").reset();
  } catch (error) {
    $("label-error").textContent = error.message || "The label was not added; try again.";
  }
  await loadLabels();
});

async function loadCanned() {
  try {
    canned = await api("GET", "/api/canned-responses", undefined, session.token);
  } catch {
    canned = [];
  }
}

async function loadTeams() {
  try {
    teams = await api("GET", "/api/teams", undefined, session.token);
  } catch {
    teams = [];
  }
  const filter = $("team-filter");
  const chosen = filter.value;
  filter.replaceChildren(h("option", { value: "" }, "All teams"), ...teams.map((t) => h("option", { value: t.id }, t.name)));
  filter.value = teams.some((t) => t.id === chosen) ? chosen : "";
  $("team-filter-box").hidden = teams.length < 2;
  renderTeam();
  renderQueue();
}

$("team-filter").addEventListener("change", renderQueue);

// --- events from the server -------------------------------------------------------------------

function wire(client) {
  client.addEventListener("state", ({ detail: state }) => {
    const labels = { connecting: "Connecting…", reconnecting: "Reconnecting…", open: "" };
    $("connection").textContent = labels[state] ?? "";
    if (state === "unauthorized") {
      localStorage.removeItem(SESSION);
      showLogin("Your session has ended; sign in again.");
    }
  });

  client.addEventListener("ready", ({ detail: ready }) => {
    tellVisibility();
    if (!pushChecked) {
      pushChecked = true;
      subscribeToPush(WORKER, session.token, PUSH);
    }
    for (const summary of ready.conversations) remember(summary);
    renderQueue();
    // A mail's link names the conversation after #.
    const linked = decodeURIComponent(location.hash.slice(1));
    if (selected) loadConversation(selected);
    else if (conversations.has(linked)) select(linked);
    outbox.resendAll();
  });

  client.addEventListener("conversation", ({ detail }) => {
    const isNew = !conversations.has(detail.conversation.id);
    remember(detail.conversation);
    renderQueue();
    if (detail.conversation.id === selected) renderHeader();
    if (isNew && detail.conversation.status === "open") alertNew(detail.conversation);
  });

  client.addEventListener("message", ({ detail }) => incoming(detail.message));
  client.addEventListener("ack", ({ detail }) => acknowledged(detail.clientId, detail.message));

  client.addEventListener("error", ({ detail: error }) => {
    if (error.clientId) outbox.failed(error.clientId, error.message, error.retryAfter);
  });

  client.addEventListener("receipt", ({ detail: r }) => {
    if (r.reader.type !== "visitor") return;
    const known = receipts.get(r.conversationId) || { delivered: 0, read: 0 };
    known.delivered = Math.max(known.delivered, r.upToSeq);
    if (r.kind === "read") known.read = Math.max(known.read, r.upToSeq);
    receipts.set(r.conversationId, known);
    if (r.conversationId === selected) refreshTicks();
  });

  client.addEventListener("typing", ({ detail: t }) => {
    clearTimeout(typists.get(t.conversationId)?.timer);
    if (t.typing) {
      typists.set(t.conversationId, {
        name: t.sender.name,
        timer: setTimeout(() => {
          typists.delete(t.conversationId);
          showTyping();
        }, TYPING_SHOWN_MS),
      });
    } else {
      typists.delete(t.conversationId);
    }
    showTyping();
  });

  client.addEventListener("presence", ({ detail }) => {
    if (!detail.agents) return;
    agents = detail.agents;
    const mine = agents.find((a) => a.id === session.agentId);
    if (mine && mine.status !== "offline") $("status").value = mine.status;
    renderTeam();
  });

  client.addEventListener("erased", ({ detail }) => forget(detail.conversationIds));
  // Transferred to a team or agent this agent does not see it through.
  client.addEventListener("withdrawn", ({ detail }) => forget([detail.conversationId]));
  // A supervisor changed this agent's teams or role: list what they see now.
  client.addEventListener("access", async ({ detail }) => {
    session = { ...session, role: detail.role };
    localStorage.setItem(SESSION, JSON.stringify(session));
    $("admin-toggle").hidden = $("reports-toggle").hidden = session.role !== "supervisor";
    $("me").textContent = `${session.displayName} (${session.role})`;
    const list = await api("GET", "/api/conversations", undefined, session.token);
    conversations.clear();
    for (const summary of list) remember(summary);
    if (selected && !conversations.has(selected)) forget([selected]);
    renderQueue();
    loadTeams();
    loadCanned();
  });

  client.addEventListener("profile", ({ detail: p }) => {
    for (const summary of conversations.values()) {
      if (summary.visitor.id === p.visitorId) {
        summary.visitor = { ...summary.visitor, name: p.nickname || summary.visitor.name, email: p.email };
      }
    }
    renderQueue();
    if (selected) renderHeader();
  });
}

function remember(summary) {
  conversations.set(summary.id, summary);
  for (const r of summary.receipts || []) {
    if (r.reader.type === "visitor") receipts.set(summary.id, { delivered: r.delivered, read: r.read });
  }
}

function incoming(message) {
  const summary = conversations.get(message.conversationId);
  if (!summary) {
    refreshList(); // a conversation we have not heard of yet
    return;
  }
  if (message.editedAt || message.deleted) {
    // A change to a message: shown where it is, no news to count or announce.
    if (summary.lastMessage?.id === message.id) summary.lastMessage = message;
    if (message.conversationId === selected) place(message);
    renderQueue();
    return;
  }
  const fromOthers = message.sender.id !== session.agentId;
  if (message.seq != null) {
    summary.lastMessage = message;
    summary.updatedAt = message.createdAt;
    if (fromOthers && !(message.conversationId === selected && attentive())) summary.unread++;
  }
  if (message.conversationId === selected) {
    const follow = nearEnd();
    place(message);
    if (follow) scrollToEnd();
    if (message.sender.type === "visitor") {
      typists.delete(selected);
      showTyping();
    }
    markRead();
  }
  if (fromOthers && message.sender.type === "visitor") {
    client.send({ type: "delivered", conversationId: message.conversationId, upToSeq: message.seq });
    if (!(message.conversationId === selected && attentive())) notify(summary, message);
  }
  renderQueue();
}

async function refreshList() {
  const list = await api("GET", "/api/conversations", undefined, session.token);
  for (const summary of list) remember(summary);
  renderQueue();
}

function attentive() {
  return document.visibilityState === "visible";
}

function notify(summary, message) {
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  const n = new Notification(`${summary.visitor.name}`, { body: preview(message), tag: summary.id });
  n.onclick = () => {
    window.focus();
    select(summary.id);
    n.close();
  };
}

function alertNew(summary) {
  if (document.visibilityState === "visible") return;
  if ("Notification" in window && Notification.permission === "granted") {
    new Notification("New conversation", { body: summary.visitor.name, tag: summary.id });
  }
}

// --- the queue ----------------------------------------------------------------------------------

const VIEWS = {
  unassigned: (c) => c.status !== "resolved" && !c.assignee,
  mine: (c) => c.status !== "resolved" && (c.assignee?.id === session.agentId || invited(c)),
  all: (c) => c.status !== "resolved",
  resolved: (c) => c.status === "resolved",
};

/** Whether this agent was invited into the conversation (as a colleague, not its assignee). */
function invited(c) {
  return (c.colleagues || []).some((a) => a.id === session.agentId);
}

function inView(name) {
  const team = $("team-filter").value;
  const label = $("label-filter").value;
  return [...conversations.values()]
    .filter(VIEWS[name])
    .filter((c) => !team || c.team?.id === team)
    .filter((c) => !label || c.labels?.some((l) => l.id === label))
    .sort((a, b) => (b.updatedAt || "").localeCompare(a.updatedAt || ""));
}

/** A line for a message in lists and notifications: its text, or what it carries. */
function preview(message) {
  if (message.deleted) return "Message deleted";
  return message.text || { image: "Image", audio: "Voice message", file: "File" }[message.kind] || "";
}

function renderQueue() {
  const items = inView(view);
  $("queue").replaceChildren(
    ...items.map((c) =>
      h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            class: `queue-item${c.id === selected ? " selected" : ""}`,
            "aria-current": c.id === selected ? "true" : null,
            "data-id": c.id,
            onclick: () => select(c.id),
          },
          h("span", { class: "queue-name" }, c.visitor.name),
          c.unread > 0 ? h("span", { class: "badge", "aria-label": `${c.unread} unread` }, String(c.unread)) : null,
          h("span", { class: "queue-last" }, c.lastMessage ? preview(c.lastMessage) : "…"),
          c.labels?.length ? h("span", { class: "labels" }, ...c.labels.map((l) => chip(l, "span"))) : null,
          h(
            "span",
            { class: "queue-meta" },
            teams.length > 1 && c.team ? `${c.team.name} · ` : "",
            c.assignee ? `${c.assignee.name} · ` : c.queuePosition ? `waiting #${c.queuePosition} · ` : "",
            c.lastMessage ? timeAgo(c.lastMessage.createdAt) : "",
          ),
        ),
      ),
    ),
  );
  $("queue-empty").hidden = items.length > 0;
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const count = tab.querySelector(".count");
    if (count) count.textContent = inView(tab.dataset.view).length ? `(${inView(tab.dataset.view).length})` : "";
  }
  const unread = [...conversations.values()].reduce((n, c) => n + (c.status === "resolved" ? 0 : c.unread), 0);
  document.title = unread > 0 ? `(${unread}) Switchboard console` : "Switchboard console";
}

for (const tab of document.querySelectorAll("[role=tab]")) {
  tab.addEventListener("click", () => showView(tab.dataset.view));
  tab.addEventListener("keydown", (event) => {
    const tabs = [...document.querySelectorAll("[role=tab]")];
    const at = tabs.indexOf(tab);
    const next = event.key === "ArrowRight" ? at + 1 : event.key === "ArrowLeft" ? at - 1 : null;
    if (next === null) return;
    const target = tabs[(next + tabs.length) % tabs.length];
    showView(target.dataset.view);
    target.focus();
  });
}

async function showView(name) {
  view = name;
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const on = tab.dataset.view === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
  }
  $("queue-panel").setAttribute("aria-labelledby", `tab-${name}`);
  if (name === "resolved") {
    const list = await api("GET", "/api/conversations?status=resolved", undefined, session.token);
    for (const summary of list) remember(summary);
  }
  renderQueue();
}

// --- search -----------------------------------------------------------------------------------

let searchNext = null; // the next page's "before", while there is one

$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  search(false);
});

$("search").addEventListener("keydown", (event) => {
  if (event.key === "Escape") closeSearch();
});

$("search-close").addEventListener("click", closeSearch);

$("search-more").addEventListener("click", () => search(true));

function closeSearch() {
  $("search").value = "";
  $("search-panel").hidden = true;
  $("queue-panel").hidden = false;
  document.querySelector(".tabs").hidden = false;
}

async function search(more) {
  const q = $("search").value.trim();
  if (!q) return closeSearch();
  const query = new URLSearchParams({ q, limit: "20" });
  if ($("team-filter").value) query.set("teamId", $("team-filter").value);
  if ($("label-filter").value) query.set("label", $("label-filter").value);
  if (more && searchNext) query.set("before", searchNext);
  $("search-panel").hidden = false;
  $("queue-panel").hidden = true;
  document.querySelector(".tabs").hidden = true;
  try {
    const page = await api("GET", `/api/search?${query}`, undefined, session.token);
    searchNext = page.next || null;
    const items = page.results.map(searchResult);
    if (more) $("search-results").append(...items);
    else $("search-results").replaceChildren(...items);
    const shown = $("search-results").children.length;
    $("search-summary").textContent = shown ? `${shown}${searchNext ? "+" : ""} found` : "Nothing found.";
  } catch (error) {
    $("search-summary").textContent = error.message;
  }
  $("search-more").hidden = !searchNext;
}

/** A result: the visitor, the snippet with its matches marked, when. */
function searchResult(result) {
  return h(
    "li",
    {},
    h(
      "button",
      {
        type: "button",
        class: "queue-item",
        "data-conversation": result.conversationId,
        "data-message": result.messageId || null,
        onclick: () => openResult(result),
      },
      h("span", { class: "queue-name" }, result.visitor.name),
      h("span", { class: "search-snippet" }, ...snippetNodes(result.snippet)),
      h("span", { class: "queue-meta" }, result.messageId ? timeAgo(result.createdAt) : "visitor"),
    ),
  );
}

/** The server's snippet is escaped text with <mark>s: made into nodes, never parsed as HTML. */
function snippetNodes(html) {
  const text = (s) => s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]);
  let marked = false;
  const nodes = [];
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") marked = true;
    else if (part === "</mark>") marked = false;
    else if (part) nodes.push(marked ? h("mark", {}, text(part)) : text(part));
  }
  return nodes;
}

async function openResult(result) {
  if (!conversations.has(result.conversationId)) {
    try {
      remember(await api("GET", `/api/conversations/${encodeURIComponent(result.conversationId)}`, undefined, session.token));
    } catch (error) {
      $("search-summary").textContent = error.message;
      return;
    }
  }
  select(result.conversationId, result.messageId ? result : null);
}

function renderTeam() {
  $("team").replaceChildren(
    ...agents.map((a) =>
      h("li", { class: `agent ${a.status}` }, h("span", { class: "dot", "aria-hidden": "true" }), `${a.name}: ${a.status}`),
    ),
  );
  const target = $("transfer-to");
  const chosen = target.value;
  const others = agents.filter((a) => a.id !== session.agentId);
  target.replaceChildren(
    others.length ? h("optgroup", { label: "Agents" }, ...others.map((a) => h("option", { value: a.id }, `${a.name} (${a.status})`))) : "",
    teams.length > 1 ? h("optgroup", { label: "Teams" }, ...teams.map((t) => h("option", { value: `team:${t.id}` }, `${t.name} team`))) : "",
  );
  if (chosen) target.value = chosen;
  if (selected) renderHeader();
}

$("status").addEventListener("change", async () => {
  try {
    await client.request({ type: "status", status: $("status").value });
  } catch (error) {
    $("connection").textContent = error.message;
  }
});

// --- one conversation -------------------------------------------------------------------------

/** Opens a conversation; {@code at}, a search result, is the message to show. */
function select(id, at = null) {
  if (selected === id) {
    if (at) showFound(id, at);
    return;
  }
  typing?.stop();
  selected = id;
  $("admin").hidden = $("reports").hidden = true;
  $("admin-toggle").setAttribute("aria-expanded", "false");
  $("reports-toggle").setAttribute("aria-expanded", "false");
  $("placeholder").hidden = true;
  $("view").hidden = false;
  $("action-error").textContent = "";
  renderHeader();
  renderQueue();
  showTyping();
  loadConversation(id, at);
  if ("Notification" in window && Notification.permission === "default") {
    Notification.requestPermission().then(() => subscribeToPush(WORKER, session.token, PUSH));
  }
}

function renderHeader() {
  const c = conversations.get(selected);
  if (!c) return;
  $("visitor-name").textContent = c.visitor.name;
  const details = [
    c.visitor.email || "no email given",
    `status: ${c.status}`,
    c.assignee ? `assigned to ${c.assignee.name}` : c.queuePosition ? `waiting, #${c.queuePosition} in the queue` : "unassigned",
  ];
  if (c.team) details.push(`team: ${c.team.name}`);
  if (c.colleagues?.length) details.push(`with ${c.colleagues.map((a) => a.name).join(", ")}`);
  if (c.transcript) details.push("wants the transcript by email");
  $("visitor-details").textContent = details.join(" · ");
  $("visitor-rating").hidden = !c.rating;
  if (c.rating) {
    const stars = "★".repeat(c.rating.score) + "☆".repeat(5 - c.rating.score);
    $("visitor-rating").textContent = `Rated ${c.rating.score} of 5 ${stars}${c.rating.comment ? `: “${c.rating.comment}”` : ""}`;
  }
  renderLabels(c);
  const resolved = c.status === "resolved";
  $("claim").hidden = resolved || c.assignee?.id === session.agentId;
  // Nobody to hand it to: no transfer controls.
  $("transfer").hidden = $("transfer-to").hidden = resolved || $("transfer-to").options.length === 0;
  // Anyone not present yet may be invited, whatever their team.
  const present = new Set([c.assignee?.id, ...(c.colleagues || []).map((a) => a.id), session.agentId]);
  const invitable = agents.filter((a) => !present.has(a.id));
  const chosen = $("invite-to").value;
  $("invite-to").replaceChildren(
    h("option", { value: "" }, "Invite a colleague…"),
    ...invitable.map((a) => h("option", { value: a.id }, `${a.name} (${a.status})`)),
  );
  if (invitable.some((a) => a.id === chosen)) $("invite-to").value = chosen;
  $("invite").hidden = $("invite-to").hidden = resolved || invitable.length === 0;
  $("leave").hidden = !invited(c);
  $("resolve").hidden = resolved;
  $("reopen").hidden = !resolved;
  $("erase").hidden = session.role !== "supervisor";
  $("export").hidden = session.role !== "supervisor";
}

async function loadConversation(id, at) {
  $("messages").replaceChildren();
  const page = await client.request({ type: "history", conversationId: id, limit: 50 });
  if (selected !== id) return;
  for (const message of page.messages) place(message);
  hasOlder = page.hasMore;
  $("older").hidden = !hasOlder;
  const last = page.messages.filter((m) => m.seq != null).at(-1);
  if (last) client.track(id, last.seq);
  if (at) await showFound(id, at);
  else scrollToEnd();
  markRead();
}

/** Loads the page before the oldest shown; false when there is none (or it is gone). */
async function loadOlder() {
  const first = $("messages").querySelector("li[data-seq]");
  if (!first || !hasOlder) return false;
  const id = selected;
  const page = await client.request({
    type: "history",
    conversationId: id,
    beforeSeq: Number(first.dataset.seq),
    limit: 50,
  });
  if (selected !== id) return false;
  for (const message of page.messages) place(message);
  hasOlder = page.hasMore;
  $("older").hidden = !hasOlder;
  return true;
}

$("older").addEventListener("click", async () => {
  const log = $("log");
  const before = log.scrollHeight - log.scrollTop;
  if (await loadOlder()) log.scrollTop = log.scrollHeight - before;
});

/** Scrolls to a search result's message, loading older pages until it is shown. */
async function showFound(id, at) {
  const find = () => $("messages").querySelector(`li[data-id="${CSS.escape(at.messageId)}"]`);
  // A result from long ago: at most 20 pages (1,000 messages) back.
  for (let pages = 0; !find() && pages < 20; pages++) {
    if (!(await loadOlder())) break;
  }
  const found = find();
  if (selected !== id || !found) return;
  for (const old of $("messages").querySelectorAll(".found")) old.classList.remove("found");
  found.classList.add("found");
  found.scrollIntoView({ block: "center" });
}

function markRead() {
  const c = conversations.get(selected);
  const last = client.lastSeq.get(selected) || c?.lastMessage?.seq;
  if (!c || !last || !attentive()) return;
  client.send({ type: "read", conversationId: selected, upToSeq: last });
  if (c.unread) {
    c.unread = 0;
    renderQueue();
  }
}

window.addEventListener("focus", markRead);
document.addEventListener("visibilitychange", markRead);
document.addEventListener("visibilitychange", tellVisibility);

// A notification clicked while this console was open: show its conversation.
navigator.serviceWorker?.addEventListener("message", (event) => {
  if (event.data?.switchboard === "open" && event.data.url) location.hash = new URL(event.data.url).hash;
});

/** The server pushes to agents whose consoles are all out of view. */
function tellVisibility() {
  client?.send({ type: "visibility", visible: document.visibilityState === "visible" });
}

function position(message) {
  return message.seq != null ? message.seq : message.afterSeq + 0.5;
}

function place(message) {
  const list = $("messages");
  const existing = list.querySelector(`li[data-id="${CSS.escape(message.id)}"]`);
  if (existing) {
    if (supersedes(existing, message)) existing.replaceWith(bubble(message));
    return;
  }
  const element = bubble(message);
  const at = position(message);
  const later = [...list.querySelectorAll("li[data-position]")].find((li) => Number(li.dataset.position) > at);
  list.insertBefore(element, later || list.querySelector("li.pending"));
}

function bubble(message) {
  const kind =
    message.kind === "note" ? "note" : message.sender.type === "system" ? "system" : message.sender.type === "agent" ? "agent" : "visitor";
  const element = h(
    "li",
    { class: `message ${kind}`, "data-id": message.id, "data-seq": message.seq, "data-position": position(message) },
    kind !== "system" ? h("span", { class: "author" }, kind === "note" ? `${message.sender.name} · internal note` : message.sender.name) : null,
    attachmentNode(message, session.token),
    messageText(message),
    h("span", { class: "meta" }, h("time", { datetime: message.createdAt }, clockTime(message.createdAt))),
  );
  markRevision(element, message);
  if (kind === "agent" && !message.deleted) showState(element, tickFor(message.seq));
  offerRevision(element, message);
  return element;
}

/** Edit and Delete on one's own messages and notes; a supervisor may delete anyone's. */
function offerRevision(element, message) {
  if (message.deleted || message.kind === "system" || message.sender.type === "system") return;
  const own = message.sender.type === "agent" && message.sender.id === session.agentId;
  if (!own && session.role !== "supervisor") return;
  if (own) element.dataset.own = "true";
  const conversationId = message.conversationId;
  element.querySelector(".meta").append(
    revisionButtons({
      onEdit: own ? () => editor.start(conversationId, message.id, element.querySelector("p.text")?.textContent || "") : null,
      onDelete: async () => {
        const changed = await editor.remove(conversationId, message.id);
        if (changed) place(changed);
      },
    }),
  );
}

function tickFor(seq) {
  const r = receipts.get(selected) || { delivered: 0, read: 0 };
  return seq <= r.read ? "read" : seq <= r.delivered ? "delivered" : "sent";
}

function refreshTicks() {
  for (const element of $("messages").querySelectorAll("li.agent[data-seq]:not([data-deleted])")) {
    showState(element, tickFor(Number(element.dataset.seq)));
  }
}

function nearEnd() {
  const log = $("log");
  return log.scrollHeight - log.scrollTop - log.clientHeight < 60;
}

function scrollToEnd() {
  $("log").scrollTop = $("log").scrollHeight;
}

function showTyping() {
  const t = typists.get(selected);
  $("typing").textContent = t ? `${t.name} is typing…` : "";
}

// --- actions ----------------------------------------------------------------------------------

async function act(frame) {
  $("action-error").textContent = "";
  try {
    const answer = await client.request({ ...frame, conversationId: selected });
    if (answer.type === "withdrawn") {
      forget([answer.conversationId]); // handed to a team this agent is not in
      return;
    }
    remember(answer.conversation);
    renderQueue();
    renderHeader();
  } catch (error) {
    $("action-error").textContent = error.message || "That did not work; try again.";
  }
}

$("claim").addEventListener("click", () => act({ type: "claim" }));
$("transfer").addEventListener("click", () => {
  const to = $("transfer-to").value;
  act(to.startsWith("team:") ? { type: "transfer", toTeamId: to.slice(5) } : { type: "transfer", toAgentId: to });
});
$("invite").addEventListener("click", () => {
  if ($("invite-to").value) act({ type: "invite", agentId: $("invite-to").value });
});
$("leave").addEventListener("click", () => act({ type: "leave" }));
$("resolve").addEventListener("click", () => act({ type: "resolve" }));
$("reopen").addEventListener("click", () => act({ type: "reopen" }));

$("export").addEventListener("click", async () => {
  const c = conversations.get(selected);
  if (!c) return;
  $("action-error").textContent = "";
  try {
    // A download with the token in its header: fetched, then saved from memory.
    const response = await fetch(`/api/visitors/${encodeURIComponent(c.visitor.id)}/export`, {
      headers: { Authorization: `Bearer ${session.token}` },
    });
    if (!response.ok) {
      const failure = await response.json().catch(() => ({}));
      throw new Error(failure.message || `The export did not work (${response.status}).`);
    }
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await response.blob());
    link.download = `visitor-${c.visitor.id}.zip`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  } catch (error) {
    $("action-error").textContent = error.message || "The export did not work; try again.";
  }
});

$("erase").addEventListener("click", async () => {
  const c = conversations.get(selected);
  if (!c) return;
  const question = `Erase ${c.visitor.name}: every conversation, message and file of theirs? This cannot be undone.`;
  if (!confirm(question)) return;
  $("action-error").textContent = "";
  try {
    await api("DELETE", `/api/visitors/${encodeURIComponent(c.visitor.id)}`, undefined, session.token);
    forget([...conversations.values()].filter((x) => x.visitor.id === c.visitor.id).map((x) => x.id));
  } catch (error) {
    $("action-error").textContent = error.message || "The erasure did not work; try again.";
  }
});

/** Drops erased conversations from the lists and the view. */
function forget(ids) {
  for (const id of ids) conversations.delete(id);
  if (ids.includes(selected)) {
    selected = null;
    $("view").hidden = true;
    $("placeholder").hidden = false;
  }
  renderQueue();
}

// --- files and voice messages -----------------------------------------------------------------

/** A bubble that uploads the file (progress, retry), then sends it to the selected conversation. */
function sendFile(file, durationMs) {
  const conversationId = selected;
  if (!conversationId) return;
  const element = h(
    "li",
    { class: "message agent pending" },
    h("span", { class: "author" }, session.displayName),
    uploadPlaceholder(file.name),
    h("span", { class: "meta" }),
  );
  $("messages").append(element);
  scrollToEnd();
  uploadInto(element, file, {
    token: () => session.token,
    conversationId: () => conversationId,
    durationMs,
    sent: (attachment) => outbox.add({ type: "send", clientId: newClientId(), conversationId, attachmentId: attachment.id }, element),
  });
}

$("attach").addEventListener("click", () => $("file").click());
$("file").addEventListener("change", () => {
  for (const file of $("file").files) sendFile(file);
  $("file").value = "";
});
acceptFiles($("view"), text, (files) => files.forEach((file) => sendFile(file)));
new VoiceRecorder({
  button: $("record"),
  cancel: $("record-cancel"),
  status: $("recording"),
  recorded: (file, ms) => sendFile(file, ms),
  failed: (message) => ($("action-error").textContent = message),
});

$("composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (editor?.active) {
    const changed = await editor.save();
    if (changed) place(changed);
    return;
  }
  const value = text.value.trim();
  if (!value || !selected) return;
  const note = $("as-note").checked;
  text.value = "";
  typing.stop();
  const element = h(
    "li",
    { class: `message ${note ? "note" : "agent"} pending` },
    h("span", { class: "author" }, note ? `${session.displayName} · internal note` : session.displayName),
    h("p", { class: "text" }, renderText(value)),
    h("span", { class: "meta" }),
  );
  $("messages").append(element);
  scrollToEnd();
  outbox.add({ type: note ? "note" : "send", clientId: newClientId(), conversationId: selected, text: value }, element);
});

function acknowledged(clientId, message) {
  const element = outbox.acknowledged(clientId);
  const summary = conversations.get(message.conversationId);
  if (summary && message.seq != null) {
    summary.lastMessage = message;
    summary.updatedAt = message.createdAt;
    renderQueue();
  }
  if (!element) {
    if (message.conversationId === selected) place(message);
    return;
  }
  element.classList.remove("pending");
  element.querySelector(".attachment.uploading")?.replaceWith(attachmentNode(message, session.token));
  element.dataset.id = message.id;
  if (message.seq != null) element.dataset.seq = message.seq;
  element.dataset.position = position(message);
  element.querySelector(".meta").prepend(h("time", { datetime: message.createdAt }, clockTime(message.createdAt)));
  if (message.kind === "note") {
    element.querySelector(".state")?.remove();
    element.dataset.state = "sent";
  } else {
    showState(element, tickFor(message.seq));
  }
  offerRevision(element, message);
}

// --- canned responses: "/" and the start of a shortcut in the reply box ---------------------------

/** The canned responses whose shortcut starts as typed (the conversation's team's, if it has any). */
function cannedMatches() {
  const typed = /^\/([\p{L}\p{N}_-]*)$/u.exec(text.value);
  if (!typed) return [];
  const team = conversations.get(selected)?.team?.id;
  const pool = canned.some((r) => r.teamId === team) ? canned.filter((r) => r.teamId === team) : canned;
  const prefix = typed[1].toLowerCase();
  return pool.filter((r) => r.shortcut.toLowerCase().startsWith(prefix)).slice(0, 8);
}

function showCanned() {
  const matches = cannedMatches();
  const box = $("canned");
  box.hidden = matches.length === 0;
  text.setAttribute("aria-expanded", String(!box.hidden));
  cannedActive = Math.min(cannedActive, Math.max(0, matches.length - 1));
  box.replaceChildren(
    ...matches.map((r, i) =>
      h(
        "li",
        {
          role: "option",
          id: `canned-${i}`,
          "aria-selected": String(i === cannedActive),
          onmousedown: (event) => {
            event.preventDefault(); // keep the focus in the reply box
            insertCanned(r);
          },
        },
        h("strong", {}, `/${r.shortcut}`),
        ` ${r.text}`,
      ),
    ),
  );
  if (box.hidden) text.removeAttribute("aria-activedescendant");
  else text.setAttribute("aria-activedescendant", `canned-${cannedActive}`);
}

function insertCanned(response) {
  const c = conversations.get(selected);
  text.value = response.text.replaceAll("{visitor}", c?.visitor.name ?? "").replaceAll("{agent}", session.displayName);
  cannedActive = 0;
  showCanned();
  text.focus();
}

text.addEventListener("input", showCanned);

text.addEventListener("keydown", (event) => {
  if (!$("canned").hidden) {
    const matches = cannedMatches();
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      cannedActive = (cannedActive + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      showCanned();
      return;
    }
    if ((event.key === "Enter" || event.key === "Tab") && matches[cannedActive]) {
      event.preventDefault();
      insertCanned(matches[cannedActive]);
      return;
    }
    if (event.key === "Escape") {
      $("canned").hidden = true;
      return;
    }
  }
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $("composer").requestSubmit();
  } else if (event.key === "Escape" && editor?.active) {
    event.preventDefault();
    editor.cancel();
  } else if (event.key === "ArrowUp" && !text.value && editor && !editor.active) {
    // Up in an empty reply box edits one's last message or note here.
    const last = [...$("messages").querySelectorAll("li[data-own][data-id]:not([data-deleted])")].pop();
    if (last) {
      event.preventDefault();
      editor.start(selected, last.dataset.id, last.querySelector("p.text")?.textContent || "");
    }
  }
});

text.addEventListener("input", () => {
  if (!$("as-note").checked) typing.input(selected);
});

// --- supervisors: webhooks ----------------------------------------------------------------------

async function loadWebhooks() {
  try {
    const [hooks, failures] = await Promise.all([
      api("GET", "/api/webhooks", undefined, session.token),
      api("GET", "/api/webhooks/failures", undefined, session.token),
    ]);
    $("webhook-list").replaceChildren(
      ...hooks.map((w) =>
        h(
          "tr",
          {},
          h("td", {}, w.url),
          h("td", {}, w.events.join(", ")),
          h("td", {}, h("button", { type: "button", onclick: () => deleteWebhook(w), "aria-label": `Remove the webhook ${w.url}` }, "Remove")),
        ),
      ),
    );
    $("webhook-failures").replaceChildren(
      ...failures.map((f) =>
        h(
          "tr",
          {},
          h("td", {}, new Date(f.failedAt).toLocaleString()),
          h("td", {}, f.url),
          h("td", {}, f.event),
          h("td", {}, `${f.lastError} (${f.attempts} attempts)`),
          h("td", {}, h("button", { type: "button", onclick: () => retryWebhook(f), "aria-label": `Send the ${f.event} delivery again` }, "Send again")),
        ),
      ),
    );
  } catch (error) {
    $("webhook-error").textContent = error.message || "The webhooks could not be loaded.";
  }
}

async function deleteWebhook(webhook) {
  if (!confirm(`Remove the webhook ${webhook.url}? Its failed deliveries go too.`)) return;
  $("webhook-error").textContent = "";
  try {
    await api("DELETE", `/api/webhooks/${encodeURIComponent(webhook.id)}`, undefined, session.token);
  } catch (error) {
    $("webhook-error").textContent = error.message || "The webhook was not removed; try again.";
  }
  await loadWebhooks();
}

async function retryWebhook(failure) {
  $("webhook-error").textContent = "";
  try {
    await api("POST", `/api/webhooks/failures/${encodeURIComponent(failure.id)}/retry`, undefined, session.token);
  } catch (error) {
    $("webhook-error").textContent = error.message || "The delivery was not sent again; try again.";
  }
  await loadWebhooks();
}

$("new-webhook").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("webhook-error").textContent = "";
  const events = [...document.querySelectorAll('input[name="webhook-event"]:checked')].map((c) => c.value);
  try {
    await api("POST", "/api/webhooks", { url: $("webhook-url").value.trim(), events, secret: $("webhook-secret").value }, session.token);
    $("new-webhook").reset();
  } catch (error) {
    $("webhook-error").textContent = error.message || "The webhook was not added; try again.";
  }
  await loadWebhooks();
});

// --- supervisors: agents and the audit log -------------------------------------------------------

/** Shows a supervisors' page (admin, reports) in place of the conversation, or hides it. */
function showPage(id, open) {
  $(id).hidden = !open;
  $(`${id}-toggle`).setAttribute("aria-expanded", String(open));
  $("view").hidden = open || !selected;
  $("placeholder").hidden = open || Boolean(selected);
}

function showAdmin(open) {
  if (open) showReports(false);
  showPage("admin", open);
  if (open) {
    loadAgents();
    loadAudit(false);
    loadLabels();
    loadWebhooks();
  }
}

$("admin-toggle").addEventListener("click", () => showAdmin($("admin").hidden));
$("admin-close").addEventListener("click", () => showAdmin(false));

// --- supervisors: reports (reports.js) ----------------------------------------------------------

async function showReports(open) {
  if (open) showAdmin(false);
  showPage("reports", open);
  if (open) {
    await loadTeams();
    openReports(session.token, teams);
  }
}

$("reports-toggle").addEventListener("click", () => showReports($("reports").hidden));
$("reports-close").addEventListener("click", () => showReports(false));

async function loadAgents() {
  const [list] = await Promise.all([api("GET", "/api/agents", undefined, session.token), loadTeams(), loadCanned()]);
  renderTeams();
  renderCannedAdmin();
  $("agents").replaceChildren(
    ...list.map((a) =>
      h(
        "tr",
        { class: a.disabled ? "disabled" : null, "data-username": a.username },
        h("td", {}, a.username),
        h("td", {}, a.displayName),
        h("td", {}, a.role),
        h("td", {}, a.email || ""),
        h(
          "td",
          {},
          h("input", {
            type: "number",
            min: "0",
            max: "100",
            value: String(a.capacity),
            class: "capacity",
            "aria-label": `Capacity of ${a.displayName}`,
            onchange: (event) => event.target.value !== "" && updateAgent(a, { capacity: Number(event.target.value) }),
          }),
        ),
        h(
          "td",
          { class: "member-of" },
          ...teams.map((t) =>
            h(
              "label",
              {},
              h("input", {
                type: "checkbox",
                checked: a.teams.includes(t.id) ? "" : null,
                "data-team": t.id,
                onchange: (event) => {
                  const boxes = event.target.closest("td").querySelectorAll("input[data-team]");
                  updateAgent(a, { teams: [...boxes].filter((b) => b.checked).map((b) => b.dataset.team) });
                },
              }),
              ` ${t.name}`,
            ),
          ),
        ),
        h("td", {}, a.disabled ? "disabled" : "active"),
        h(
          "td",
          {},
          a.id === session.agentId
            ? ""
            : h("button", { type: "button", onclick: () => setDisabled(a, !a.disabled) }, a.disabled ? "Enable" : "Disable"),
        ),
      ),
    ),
  );
}

/** A supervisor's change to an agent's capacity or teams, saved at once. */
async function updateAgent(agent, change) {
  $("admin-error").textContent = "";
  try {
    await api("PUT", `/api/agents/${encodeURIComponent(agent.id)}`, change, session.token);
  } catch (error) {
    $("admin-error").textContent = error.message || "That did not work; try again.";
  }
  loadAgents();
  loadAudit(false);
}

const ROUTINGS = { off: "Claimed by hand", round_robin: "Round robin", least_busy: "Least busy" };

function renderTeams() {
  $("teams").replaceChildren(
    ...teams.map((t) =>
      h(
        "tr",
        { "data-team": t.name },
        h("td", {}, t.name, t.isDefault ? " (default)" : ""),
        h(
          "td",
          {},
          h(
            "select",
            {
              "aria-label": `Routing of ${t.name}`,
              onchange: (event) => updateTeam(t, { routing: event.target.value }),
            },
            ...Object.entries(ROUTINGS).map(([value, label]) =>
              h("option", { value, selected: value === t.routing ? "" : null }, label),
            ),
          ),
        ),
        h(
          "td",
          {},
          h("input", {
            type: "checkbox",
            "aria-label": `${t.name} is internal (not offered to visitors)`,
            checked: t.internal ? "" : null,
            disabled: t.isDefault ? "" : null,
            onchange: (event) => updateTeam(t, { internal: event.target.checked }),
          }),
        ),
        h("td", {}, t.members.map((m) => m.name).join(", ") || "nobody yet"),
        h(
          "td",
          {},
          h("span", { class: "hours-state" }, hoursSummary(t)),
          " ",
          h("button", { type: "button", onclick: () => editHours(t), "aria-label": `Opening hours of ${t.name}` }, "Edit"),
        ),
      ),
    ),
  );
}

// --- opening hours ----------------------------------------------------------------------------

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
let hoursTeam = null; // the team whose hours the form edits

function hoursSummary(team) {
  if (!team.hours) return "Around the clock";
  const state = team.open ? "open now" : "closed now";
  return `${state} · ${team.hours.timeZone}`;
}

function editHours(team) {
  hoursTeam = team;
  const form = $("hours");
  form.hidden = false;
  $("hours-title").textContent = `Opening hours of ${team.name}`;
  $("hours-error").textContent = "";
  if (!$("hours-zones").children.length && Intl.supportedValuesOf) {
    $("hours-zones").replaceChildren(...Intl.supportedValuesOf("timeZone").map((z) => h("option", { value: z })));
  }
  const hours = team.hours;
  $("hours-always").checked = !hours;
  $("hours-zone").value = hours?.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
  $("hours-days").replaceChildren(
    ...DAYS.map((day) => {
      const spans = (hours?.weekly || []).filter((o) => o.day === day).map((o) => `${o.opens}-${o.closes}`);
      const name = day[0].toUpperCase() + day.slice(1);
      return h(
        "p",
        { class: "hours-day" },
        h("label", { for: `hours-${day}` }, name),
        h("input", { id: `hours-${day}`, value: spans.join(", "), placeholder: "closed", autocomplete: "off" }),
      );
    }),
  );
  $("hours-holidays").value = (hours?.holidays || []).map((d) => `${d.date}${d.name ? ` ${d.name}` : ""}`).join("\n");
  showAlways();
  $("hours-zone").focus();
}

function showAlways() {
  const always = $("hours-always").checked;
  for (const field of $("hours").querySelectorAll("#hours-zone, #hours-days input, #hours-holidays")) field.disabled = always;
}

$("hours-always").addEventListener("change", showAlways);
$("hours-cancel").addEventListener("click", () => {
  $("hours").hidden = true;
  hoursTeam = null;
});

/** The form as the API takes it; a day written wrongly is named here, the rest the server checks. */
function hoursFromForm() {
  const weekly = [];
  for (const day of DAYS) {
    const written = $(`hours-${day}`).value.trim();
    if (!written) continue;
    for (const span of written.split(",")) {
      const match = span.trim().match(/^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/);
      if (!match) throw new Error(`${day}: write times as 09:00-17:00, several separated by commas`);
      weekly.push({ day, opens: match[1].padStart(5, "0"), closes: match[2].padStart(5, "0") });
    }
  }
  const holidays = $("hours-holidays")
    .value.split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [date, ...name] = line.split(/\s+/);
      return { date, name: name.join(" ") || undefined };
    });
  return { timeZone: $("hours-zone").value.trim(), weekly, holidays };
}

$("hours").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("hours-error").textContent = "";
  const path = `/api/teams/${encodeURIComponent(hoursTeam.id)}/hours`;
  try {
    if ($("hours-always").checked) await api("DELETE", path, undefined, session.token);
    else await api("PUT", path, hoursFromForm(), session.token);
    $("hours").hidden = true;
    hoursTeam = null;
    loadAgents();
    loadAudit(false);
  } catch (error) {
    $("hours-error").textContent = error.message || "The hours were not saved; try again.";
  }
});

function renderCannedAdmin() {
  $("canned-team").replaceChildren(...teams.map((t) => h("option", { value: t.id }, t.name)));
  $("canned-list").replaceChildren(
    ...canned.map((r) =>
      h(
        "tr",
        { "data-shortcut": r.shortcut },
        h("td", {}, r.teamName),
        h("td", {}, `/${r.shortcut}`),
        h("td", {}, r.text),
        h(
          "td",
          {},
          h("button", { type: "button", onclick: () => deleteCanned(r), "aria-label": `Delete /${r.shortcut} of ${r.teamName}` }, "Delete"),
        ),
      ),
    ),
  );
}

async function deleteCanned(response) {
  $("canned-error").textContent = "";
  try {
    await api("DELETE", `/api/canned-responses/${encodeURIComponent(response.id)}`, undefined, session.token);
  } catch (error) {
    $("canned-error").textContent = error.message || "That did not work; try again.";
  }
  await loadCanned();
  renderCannedAdmin();
}

$("new-canned").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("canned-error").textContent = "";
  try {
    await api(
      "POST",
      "/api/canned-responses",
      { teamId: $("canned-team").value, shortcut: $("canned-shortcut").value.trim().replace(/^\//, ""), text: $("canned-text").value },
      session.token,
    );
    $("new-canned").reset();
  } catch (error) {
    $("canned-error").textContent = error.message || "The response was not added; try again.";
  }
  await loadCanned();
  renderCannedAdmin();
});

async function updateTeam(team, change) {
  $("teams-error").textContent = "";
  try {
    await api("PUT", `/api/teams/${encodeURIComponent(team.id)}`, change, session.token);
  } catch (error) {
    $("teams-error").textContent = error.message || "That did not work; try again.";
  }
  loadAgents();
  loadAudit(false);
}

$("new-team").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("teams-error").textContent = "";
  try {
    await api(
      "POST",
      "/api/teams",
      { name: $("new-team-name").value.trim(), routing: $("new-team-routing").value, internal: $("new-team-internal").checked },
      session.token,
    );
    $("new-team").reset();
    loadAgents();
    loadAudit(false);
  } catch (error) {
    $("teams-error").textContent = error.message || "The team was not added; try again.";
  }
});

async function setDisabled(agent, disabled) {
  $("admin-error").textContent = "";
  if (disabled && !confirm(`Disable ${agent.displayName}? They are signed out at once, everywhere.`)) return;
  try {
    await api("POST", `/api/agents/${encodeURIComponent(agent.id)}/${disabled ? "disable" : "enable"}`, undefined, session.token);
  } catch (error) {
    $("admin-error").textContent = error.message || "That did not work; try again.";
  }
  loadAgents();
  loadAudit(false);
}

$("new-agent").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("admin-error").textContent = "";
  try {
    await api(
      "POST",
      "/api/agents",
      {
        username: $("new-username").value.trim(),
        displayName: $("new-display-name").value.trim(),
        email: $("new-email").value.trim(),
        role: $("new-role").value,
        password: $("new-password").value,
      },
      session.token,
    );
    $("new-agent").reset();
    loadAgents();
    loadAudit(false);
  } catch (error) {
    $("admin-error").textContent = error.message || "The agent was not added; try again.";
  }
});

async function loadAudit(more) {
  const last = more ? $("audit").lastElementChild?.dataset.id : null;
  const page = await api("GET", `/api/audit?limit=50${last ? `&beforeId=${last}` : ""}`, undefined, session.token);
  const items = page.map((e) =>
    h(
      "li",
      { "data-id": e.id },
      h("time", { datetime: e.at }, new Date(e.at).toLocaleString()),
      `${e.actor ? e.actor.name : "system"}: ${e.action} ${e.subject.type} ${e.subject.name ?? e.subject.id}${e.details ? ` (${e.details})` : ""}`,
    ),
  );
  if (more) $("audit").append(...items);
  else $("audit").replaceChildren(...items);
  $("audit-more").hidden = page.length < 50;
}

$("audit-more").addEventListener("click", () => loadAudit(true));

// --- keyboard -----------------------------------------------------------------------------------

document.addEventListener("keydown", (event) => {
  if (!event.altKey || $("app").hidden) return;
  const key = event.key.toLowerCase();
  if (key === "arrowdown" || key === "arrowup") {
    event.preventDefault();
    const items = inView(view);
    if (!items.length) return;
    const at = items.findIndex((c) => c.id === selected);
    const next = key === "arrowdown" ? Math.min(at + 1, items.length - 1) : Math.max(at - 1, 0);
    select(items[at === -1 ? 0 : next].id);
    text.focus();
  } else if (key === "c" && selected) {
    event.preventDefault();
    act({ type: "claim" });
  } else if (key === "n") {
    event.preventDefault();
    $("as-note").checked = !$("as-note").checked;
  }
});

$("as-note").addEventListener("change", () => $("composer").classList.toggle("as-note", $("as-note").checked));

loadCompanySignIn();
if (!(await returnFromCompany())) {
  if (session) open();
  else showLogin();
}
