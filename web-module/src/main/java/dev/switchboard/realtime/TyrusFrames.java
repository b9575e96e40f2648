package dev.switchboard.realtime;

import jakarta.websocket.Session;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Text frames built once, however many sockets they go to, and written to Tyrus' socket as they
 * are. Through the standard API each socket's send encodes the text to UTF-8 again (Tyrus does it a
 * character at a time: 22 % of the sending instance's CPU in a profile at 1,000 msg/s) and frames
 * it again. Tyrus broadcasts the same way ({@code TyrusWebSocket.sendRawFrame}, public, behind the
 * session's remote endpoint); it is reached by reflection, and where it cannot be (not Tyrus, or a
 * negotiated extension that must transform each frame) a socket is sent its text as usual.
 *
 * <p>Also by reflection: the TCP connection under a socket, to end it at once ({@link
 * #connectionOf}, {@link #terminate}).
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

  /**
   * Writes a frame made by {@link #textFrame} to a socket found by {@link #socketOf}; done once
   * Tyrus has handed it on to the connection.
   */
  static Future<?> send(Object socket, byte[] frame) {
    try {
      return (Future<?>) access.sendRawFrame().invoke(socket, ByteBuffer.wrap(frame));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The TCP connection under a Tyrus socket, to {@link #terminate} it, or null where it cannot be
   * reached (another container: said once). Closing a socket is graceful: the container keeps the
   * connection, and every frame queued for it, until they are written, which a client that does not
   * read never lets happen. The way down is Tyrus' servlet writer, its upgrade handler's {@code
   * WebConnection}, Catalina's request and Grizzly's connection; look it up before the socket is
   * closed, which recycles the request.
   */
  static Object connectionOf(Object socket) {
    if (socket == null || connectionsUnavailable) {
      return null;
    }
    try {
      Object protocol = field(socket, "protocolHandler");
      Object writer = field(protocol, "writer");
      Object upgrade = field(writer, "tyrusHttpUpgradeHandler");
      Object webConnection = call(upgrade, "getWebConnection");
      Object catalina = field(webConnection, "request");
      Object grizzly = catalina.getClass().getMethod("getCoyoteRequest").invoke(catalina);
      return grizzly.getClass().getMethod("getConnection").invoke(grizzly);
    } catch (ReflectiveOperationException | RuntimeException e) {
      connectionsUnavailable = true;
      LOG.log(
          Level.WARNING,
          "sockets closed for reading too slowly keep their connection until the client goes: {0}",
          e.toString());
      return null;
    }
  }

  /** Ends a connection found by {@link #connectionOf} at once, dropping what is queued for it. */
  static void terminate(Object connection) {
    if (connection == null) {
      return;
    }
    try {
      // Through the public interface: the implementation class is not public.
      Class.forName(
              "org.glassfish.grizzly.Connection", false, connection.getClass().getClassLoader())
          .getMethod("terminateSilently")
          .invoke(connection);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.WARNING, "a connection could not be ended: {0}", e.toString());
    }
  }

  private static volatile boolean connectionsUnavailable;

  /** What a method without parameters (package-private ones too) answers; never null. */
  private static Object call(Object owner, String name) throws ReflectiveOperationException {
    for (Class<?> c = owner.getClass(); c != null; c = c.getSuperclass()) {
      try {
        var method = c.getDeclaredMethod(name);
        method.setAccessible(true);
        Object value = method.invoke(owner);
        if (value == null) {
          throw new NoSuchFieldException(owner.getClass().getName() + "." + name + "() is null");
        }
        return value;
      } catch (NoSuchMethodException e) {
        // further up
      }
    }
    throw new NoSuchMethodException(owner.getClass().getName() + "." + name + "()");
  }

  /** A field's value (private ones too), looked for up the class hierarchy; never null. */
  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field field = null;
    for (Class<?> c = owner.getClass(); c != null && field == null; c = c.getSuperclass()) {
      try {
        field = c.getDeclaredField(name);
      } catch (NoSuchFieldException e) {
        // further up
      }
    }
    if (field == null) {
      throw new NoSuchFieldException(owner.getClass().getName() + "." + name);
    }
    field.setAccessible(true);
    Object value = field.get(owner);
    if (value == null) {
      throw new NoSuchFieldException(owner.getClass().getName() + "." + name + " is null");
    }
    return value;
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
