// The console's service worker: shows pushes (new and waiting conversations, visitors' messages)
// unless a console is in front of the agent already, and opens the conversation on a click.
self.addEventListener("push", (event) => {
  const push = event.data?.json();
  if (!push) return;
  event.waitUntil(
    (async () => {
      const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      // The server pushes while no console reported being in view; one may have come back since.
      if (pages.some((page) => page.visibilityState === "visible" && page.focused)) return;
      await self.registration.showNotification(push.title, { body: push.body, tag: push.conversationId, data: { url: push.url } });
    })(),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(
    (async () => {
      const url = event.notification.data?.url;
      const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = pages.find((page) => page.url.startsWith(self.registration.scope));
      if (open) {
        if (url) open.postMessage({ switchboard: "open", url });
        return open.focus();
      }
      if (url) return self.clients.openWindow(url);
    })(),
  );
});
