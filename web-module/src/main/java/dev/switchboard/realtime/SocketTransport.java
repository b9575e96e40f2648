package dev.switchboard.realtime;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A WebSocket: frames go straight to its TCP connection where it can be reached ({@link Wire}). */
final class SocketTransport implements Transport {

  private static final Logger LOG = Logger.getLogger(SocketTransport.class.getName());

  final Session session;

  // Found at the first write; only the thread that is writing touches it.
  private Wire wire;

  SocketTransport(Session session) {
    this.session = session;
  }

  @Override
  public String id() {
    return session.getId();
  }

  @Override
  public boolean isOpen() {
    return session.isOpen();
  }

  @Override
  public void write(Connection.Outgoing out) {
    wire().write(out);
  }

  @Override
  public long unwritten() {
    return wire().unwritten();
  }

  @Override
  public void close(int code, String reason) {
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    } catch (IOException e) {
      LOG.log(Level.FINE, "close of {0} failed: {1}", new Object[] {id(), e});
    }
  }

  @Override
  public void terminate() {
    if (wire != null) {
      wire.terminate();
    }
  }

  void ping() throws IOException {
    if (session.isOpen()) {
      session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
    }
  }

  private Wire wire() {
    if (wire == null) {
      wire = Wire.of(session);
    }
    return wire;
  }
}
