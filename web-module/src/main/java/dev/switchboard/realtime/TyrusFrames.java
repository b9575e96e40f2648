package dev.switchboard.realtime;

import jakarta.websocket.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Text frames built once, however many sockets they go to, and written to Tyrus' socket as they
 * are. Through the standard API each socket's send encodes the text to UTF-8 again (Tyrus does it a
 * character at a time: 22 % of the sending instance's CPU in a profile at 1,000 msg/s) and frames
 * it again. Tyrus broadcasts the same way ({@code TyrusWebSocket.sendRawFrame}, public, behind the
 * session's remote endpoint); it is reached by reflection, and where it cannot be (not Tyrus, or a
 * negotiated extension that must transform each frame) a socket is sent its text as usual.
 */
final class TyrusFrames {

  private static final Logger LOG = Logger.getLogger(TyrusFrames.class.getName());

  /** Logged once, when the first socket is written to this way. */
  static final String RAW_FRAMES = "frames go to sockets encoded once, as Tyrus' raw frames";

  /** How to reach a session's Tyrus socket and write a raw frame to it; found once. */
  private record Access(MethodHandle socketOfRemote, MethodHandle sendRawFrame) {}

  private static volatile Access access;
  private static volatile boolean unavailable;

  private TyrusFrames() {}

  /** RFC 6455, 5.2: one final text frame, unmasked (a server never masks). */
  static byte[] textFrame(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    int length = payload.length;
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    byte[] frame = new byte[header + length];
    frame[0] = (byte) 0x81; // FIN, text
    if (length < 126) {
      frame[1] = (byte) length;
    } else if (length <= 0xFFFF) {
      frame[1] = 126;
      frame[2] = (byte) (length >>> 8);
      frame[3] = (byte) length;
    } else {
      frame[1] = 127;
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
      }
    }
    System.arraycopy(payload, 0, frame, header, length);
    return frame;
  }

  /** The session's Tyrus socket to write raw frames to, or null: send it text. */
  static Object socketOf(Session session) {
    if (unavailable || !session.getNegotiatedExtensions().isEmpty()) {
      return null;
    }
    Object remote = session.getAsyncRemote();
    try {
      Access found = access;
      if (found == null) {
        found = find(remote.getClass());
        access = found;
        LOG.info(RAW_FRAMES);
      }
      return found.socketOfRemote().invoke(remote);
    } catch (Throwable e) {
      unavailable = true;
      LOG.log(
          Level.WARNING,
          "frames are encoded once per socket: Tyrus' raw-frame writer is not reachable",
          e);
      return null;
    }
  }

  /** Writes a frame made by {@link #textFrame} to a socket found by {@link #socketOf}. */
  static void send(Object socket, byte[] frame) {
    try {
      access.sendRawFrame().invoke(socket, ByteBuffer.wrap(frame));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private static Access find(Class<?> remoteClass) throws ReflectiveOperationException {
    for (Class<?> c = remoteClass; c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField("webSocket");
        field.setAccessible(true);
        MethodHandle socketOfRemote = MethodHandles.lookup().unreflectGetter(field);
        MethodHandle sendRawFrame =
            MethodHandles.publicLookup()
                .unreflect(field.getType().getMethod("sendRawFrame", ByteBuffer.class));
        return new Access(socketOfRemote, sendRawFrame);
      } catch (NoSuchFieldException e) {
        // further up
      }
    }
    throw new NoSuchFieldException(remoteClass.getName() + " has no webSocket field");
  }
}
