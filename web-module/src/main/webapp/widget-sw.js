// The widget's service worker: shows the pushes of replies the visitor's chat did not receive (the
// server sends only those), and opens the chat on a click.
self.addEventListener("push", (event) => {
  const push = event.data?.json();
  if (!push) return;
  event.waitUntil(
    self.registration.showNotification(push.title, { body: push.body, tag: push.conversationId, data: { url: push.url } }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openChat(event.notification.data?.url));
});

/** Focuses a page of the chat that is open, or opens the conversation. */
async function openChat(url) {
  const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = pages.find((page) => page.url.startsWith(self.registration.scope) && !page.url.includes("/console/"));
  if (open) return open.focus();
  if (url) return self.clients.openWindow(url);
}
