// Embeds the support chat on any page with one tag:
//   <script src="https://chat.example.com/embed.js" async></script>
// An intranet page whose user is signed in may add data-identity="<signed JWT>" (see the README),
// and any page data-team="<team name or id>" to send its chats to that team.
// A launcher bubble opens the chat in a panel (an iframe of the chat server, so the chat's own
// origin, storage and Content Security Policy apply). On a phone-sized screen the panel fills it.
(function () {
  var script = document.currentScript;
  var base = new URL(".", script.src);
  var label = script.getAttribute("data-label") || "Chat with support";
  // A signed identity of the signed-in employee (see the README): it goes to the panel by
  // message, never in a URL, so it shows in no log or history.
  var identity = script.getAttribute("data-identity");

  var button = document.createElement("button");
  button.type = "button";
  button.appendChild(icon());
  button.setAttribute("aria-label", label);
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "switchboard-panel");
  style(button, {
    position: "fixed", right: "20px", bottom: "20px", width: "56px", height: "56px",
    borderRadius: "50%", border: "0", background: "#1f5fbf", color: "#fff", fontSize: "26px",
    cursor: "pointer", display: "grid", placeItems: "center", boxShadow: "0 4px 12px rgba(0,0,0,.25)", zIndex: "2147483000",
  });

  var frame = document.createElement("iframe");
  frame.id = "switchboard-panel";
  frame.title = "Support chat";
  var src = new URL("?embedded", base);
  if (identity) src.searchParams.set("identified", "");
  // The page may choose the team its chats go to (data-team="IT": a team's name or id).
  var team = script.getAttribute("data-team");
  if (team) src.searchParams.set("team", team);
  frame.src = src.href;
  frame.addEventListener("load", function () {
    if (identity) frame.contentWindow.postMessage({ switchboard: "identity", token: identity }, base.origin);
  });
  frame.allow = "microphone"; // voice messages are recorded inside the panel
  frame.hidden = true;
  style(frame, {
    position: "fixed", border: "0", background: "#fff", zIndex: "2147483001",
    boxShadow: "0 8px 28px rgba(0,0,0,.28)", borderRadius: "12px",
  });

  function place() {
    var phone = window.innerWidth <= 480;
    style(frame, phone
      ? { right: "0", bottom: "0", width: "100%", height: "100%", borderRadius: "0" }
      : { right: "20px", bottom: "88px", width: "380px", height: "min(600px, calc(100vh - 110px))", borderRadius: "12px" });
  }

  function toggle(open) {
    frame.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    frame.contentWindow.postMessage({ switchboard: open ? "open" : "closed" }, base.origin);
    if (!open) button.focus();
  }

  button.addEventListener("click", function () { toggle(frame.hidden); });
  window.addEventListener("resize", place);
  window.addEventListener("message", function (event) {
    if (event.origin === base.origin && event.data && event.data.switchboard === "close") toggle(false);
  });

  // A speech bubble, drawn rather than an emoji: not every system has an emoji font.
  function icon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "28");
    svg.setAttribute("height", "28");
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
    svg.appendChild(path);
    return svg;
  }

  function style(element, properties) {
    for (var name in properties) element.style[name] = properties[name];
  }

  place();
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
