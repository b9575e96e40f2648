package dev.switchboard.realtime;

/**
 * Where a connection's frames go: a WebSocket ({@link SocketTransport}) or, where a proxy refuses
 * the upgrade, a Server-Sent Events stream ({@link SseTransport}). Only the thread writing to the
 * connection writes (see {@link Connection}).
 */
interface Transport {

  String id();

  boolean isOpen();

  /** Writes the frame, or queues it behind what the client has not taken yet. */
  void write(Connection.Outgoing out);

  /** Bytes written that the client has not taken yet. */
  long unwritten();

  /** Ends it gracefully, saying why (WebSocket close codes, on SSE in a last event). */
  void close(int code, String reason);

  /** Ends it at once, dropping what is queued: a client that does not read keeps nothing. */
  void terminate();
}
