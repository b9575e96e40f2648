package dev.switchboard.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for servers started later (instances, brokers, test doubles). Ports come from below
 * Linux's ephemeral range (32768+): a port the kernel handed out for {@code bind(0)} is one it may
 * give the next outgoing connection in the seconds before our server binds it. A port is handed out
 * once per JVM, so two servers asked for in a row never get the same one.
 */
public final class Ports {
  private static final int FIRST = 20_000;
  private static final int COUNT = 12_000;
  private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

  private Ports() {}

  /** A port nobody listens on now and this JVM has not handed out before. */
  public static int free() {
    int start = ThreadLocalRandom.current().nextInt(COUNT);
    for (int i = 0; i < COUNT; i++) {
      int port = FIRST + (start + i) % COUNT;
      if (isFree(port) && handedOut.add(port)) {
        return port;
      }
    }
    throw new UncheckedIOException(
        new IOException("no free port between " + FIRST + " and " + (FIRST + COUNT)));
  }

  /** {@code preferred} when it is free (and not 0), otherwise {@link #free()}. */
  public static int freeOr(int preferred) {
    if (preferred > 0 && isFree(preferred)) {
      handedOut.add(preferred);
      return preferred;
    }
    return free();
  }

  /** Whether nothing listens on {@code port} on the loopback address. */
  public static boolean isFree(int port) {
    try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
