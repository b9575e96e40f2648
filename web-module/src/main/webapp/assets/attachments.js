// Files, images and voice messages, for the widget and the console alike: uploading with progress
// (and a retry when the network failed), paste and drag-and-drop, recording, and showing them.
import { appUrl, h, showState } from "./chat-client.js";

/** Uploads a file; resolves with the attachment, rejects with {status, code, message}. */
export function upload(file, { token, conversationId, durationMs, onProgress }) {
  return new Promise((resolve, reject) => {
    const url = appUrl("/api/attachments");
    if (conversationId) url.searchParams.set("conversationId", conversationId);
    const form = new FormData();
    if (durationMs != null) form.append("durationMs", String(Math.round(durationMs)));
    form.append("file", file, file.name);
    // XMLHttpRequest, not fetch: only it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    });
    xhr.addEventListener("load", () => {
      let body = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: described by the status below
      }
      if (xhr.status === 201) resolve(body);
      else reject({ status: xhr.status, code: body.code, message: body.message || `upload failed (HTTP ${xhr.status})` });
    });
    xhr.addEventListener("error", () => reject({ status: 0, code: "unavailable", message: "the upload was interrupted" }));
    xhr.send(form);
  });
}

/** What goes in a message bubble while its file uploads. */
export function uploadPlaceholder(name) {
  return h(
    "div",
    { class: "attachment uploading" },
    h("span", { class: "file-name" }, name),
    h("progress", { max: "1", value: "0", "aria-label": `Uploading ${name}` }),
    h("span", { class: "upload-error", role: "alert" }),
  );
}

/**
 * Uploads {@code file} for the bubble {@code element} (made with an {@link uploadPlaceholder}),
 * then calls {@code sent(attachment)}. A failure shows in the bubble; when trying again can help
 * (the network, the server), it offers a retry.
 */
export function uploadInto(element, file, { token, conversationId, durationMs, sent }) {
  const progress = element.querySelector(".uploading progress");
  const error = element.querySelector(".upload-error");
  const attempt = () => {
    error.textContent = "";
    progress.value = 0;
    showState(element, "sending");
    upload(file, { token: token(), conversationId: conversationId(), durationMs, onProgress: (f) => (progress.value = f) })
      .then((attachment) => {
        progress.value = 1;
        sent(attachment);
      })
      .catch((failure) => {
        error.textContent = failure.message;
        const retryable = failure.status === 0 || failure.status >= 500 || failure.status === 429;
        showState(element, "failed", { reason: failure.message, onRetry: retryable ? attempt : undefined });
      });
  };
  attempt();
}

/** Files pasted into {@code input} or dropped on {@code zone} go to {@code take(files)}. */
export function acceptFiles(zone, input, take) {
  input.addEventListener("paste", (event) => {
    const files = [...(event.clipboardData?.files || [])];
    if (files.length === 0) return;
    event.preventDefault();
    take(files);
  });
  const carriesFiles = (event) => [...(event.dataTransfer?.types || [])].includes("Files");
  zone.addEventListener("dragover", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    zone.classList.add("dropping");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dropping"));
  zone.addEventListener("drop", (event) => {
    zone.classList.remove("dropping");
    const files = [...(event.dataTransfer?.files || [])];
    if (files.length === 0) return;
    event.preventDefault();
    take(files);
  });
}

const blobs = new Map(); // path -> Promise of an object URL

/** A file of the API as an object URL: images and players cannot send the bearer token. */
function objectUrl(path, token) {
  if (!blobs.has(path)) {
    const loading = fetch(appUrl(path), { headers: { Authorization: `Bearer ${token}` } })
      .then((response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.blob();
      })
      .then((blob) => URL.createObjectURL(blob));
    loading.catch(() => blobs.delete(path)); // a later attempt may succeed
    blobs.set(path, loading);
  }
  return blobs.get(path);
}

export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** m:ss, counting whole seconds like a clock. */
export function formatDuration(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** A stored message's file: a preview that opens the image, a player, or a download. */
export function attachmentNode(message, token) {
  const a = message.attachment;
  if (!a) return null;
  if (message.kind === "image") {
    const image = h("img", { class: "preview", alt: a.name });
    objectUrl(a.previewUrl || a.url, token)
      .then((url) => (image.src = url))
      .catch(() => (image.alt = `${a.name} (could not be loaded)`));
    return h("button", { type: "button", class: "attachment image", title: `Open ${a.name}`, onclick: () => openImage(a, token) }, image);
  }
  if (message.kind === "audio") {
    const player = h("audio", { controls: true, preload: "metadata", "aria-label": "Voice message" });
    objectUrl(a.url, token).then((url) => (player.src = url));
    return h(
      "div",
      { class: "attachment audio" },
      player,
      a.durationMs != null ? h("span", { class: "duration", title: "Length" }, formatDuration(a.durationMs)) : null,
    );
  }
  return h(
    "button",
    { type: "button", class: "attachment file", title: `Download ${a.name}`, onclick: () => download(a, token) },
    h("img", { class: "file-icon", src: new URL("icons/file.svg", import.meta.url), alt: "", width: "20", height: "20" }),
    h("span", { class: "file-name" }, a.name),
    h("span", { class: "file-size" }, formatSize(a.size)),
  );
}

async function download(a, token) {
  const link = h("a", { href: await objectUrl(a.url, token), download: a.name });
  document.body.append(link);
  link.click();
  link.remove();
}

/** The full image over the page; Escape, the button or a click beside it closes it. */
function openImage(a, token) {
  const image = h("img", { alt: a.name });
  const dialog = h(
    "dialog",
    { class: "lightbox", "aria-label": a.name },
    h("button", { type: "button", class: "lightbox-close", "aria-label": "Close", onclick: () => dialog.close() }, "✕"),
    image,
    h("p", { class: "lightbox-caption" }, a.name, " · ", h("button", { type: "button", class: "link", onclick: () => download(a, token) }, "Download")),
  );
  dialog.addEventListener("close", () => dialog.remove());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  document.body.append(dialog);
  dialog.showModal();
  objectUrl(a.url, token).then((url) => (image.src = url));
}

const RECORDING_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];

/**
 * A voice message with the MediaRecorder API: {@code button} starts and stops it, {@code status}
 * shows the time while it records, {@code cancel} throws it away; {@code recorded(file, ms)} gets
 * the result.
 */
export class VoiceRecorder {
  constructor({ button, cancel, status, recorded, failed }) {
    this.button = button;
    this.cancelButton = cancel;
    this.status = status;
    this.recorded = recorded;
    this.failed = failed;
    this.recorder = null;
    this.icon = button.querySelector("img");
    button.hidden = !("MediaRecorder" in window && navigator.mediaDevices?.getUserMedia);
    button.addEventListener("click", () => (this.recorder ? this.stop(true) : this.start()));
    cancel.addEventListener("click", () => this.stop(false));
  }

  async start() {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      this.failed?.("The microphone is not available to this page.");
      return;
    }
    const mimeType = RECORDING_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    const chunks = [];
    recorder.addEventListener("dataavailable", (event) => event.data.size && chunks.push(event.data));
    recorder.addEventListener("stop", () => {
      stream.getTracks().forEach((track) => track.stop());
      const elapsed = Date.now() - this.started;
      if (!this.keep || chunks.length === 0) return;
      const type = (recorder.mimeType || mimeType || "audio/webm").split(";")[0];
      // No extension: the server names the type from the content.
      this.recorded(new File(chunks, "voice-message", { type }), elapsed);
    });
    this.recorder = recorder;
    this.started = Date.now();
    recorder.start(250);
    this.show(true);
    this.ticker = setInterval(() => this.show(true), 250);
  }

  stop(keep) {
    if (!this.recorder) return;
    this.keep = keep;
    clearInterval(this.ticker);
    this.recorder.stop();
    this.recorder = null;
    this.show(false);
  }

  show(recording) {
    this.button.classList.toggle("recording", recording);
    this.button.setAttribute("aria-label", recording ? "Stop and send the voice message" : "Record a voice message");
    this.icon.src = new URL(recording ? "icons/stop.svg" : "icons/mic.svg", import.meta.url);
    this.cancelButton.hidden = !recording;
    this.status.hidden = !recording;
    this.status.textContent = recording ? `● Recording ${formatDuration(Date.now() - this.started)}` : "";
  }
}
