package dev.switchboard.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for servers started later (instances, brokers, test doubles). Ports come from below
 * Linux's ephemeral range (32768+): a port the kernel handed out for {@code bind(0)} is one it may
 * give the next outgoing connection in the seconds before our server binds it. A port is handed out
 * once per JVM, alone or in a block, so two servers asked for in a row never share one.
 */
public final class Ports {
  private static final int FIRST = 20_000;
  private static final int COUNT = 12_000;
  private static final int BLOCK_STEP = 1_000;
  private static final Set<Integer> handedOut = new HashSet<>();

  private Ports() {}

  /** A port nobody listens on now and this JVM has not handed out before. */
  public static synchronized int free() {
    int start = ThreadLocalRandom.current().nextInt(COUNT);
    for (int i = 0; i < COUNT; i++) {
      int port = FIRST + (start + i) % COUNT;
      if (!handedOut.contains(port) && isFree(loopback(port))) {
        handedOut.add(port);
        return port;
      }
    }
    throw new UncheckedIOException(
        new IOException("no free port between " + FIRST + " and " + (FIRST + COUNT)));
  }

  /** {@code preferred} when it is free (and not 0), otherwise {@link #free()}. */
  public static synchronized int freeOr(int preferred) {
    if (preferred > 0 && isFree(loopback(preferred))) {
      handedOut.add(preferred);
      return preferred;
    }
    return free();
  }

  /**
   * The first of {@code size} consecutive ports, all free on every address and none handed out
   * before: a Payara Server domain's port base, to which it adds fixed offsets.
   */
  public static synchronized int freeBlock(int size) {
    for (int base = FIRST; base + size <= FIRST + COUNT; base += BLOCK_STEP) {
      if (blockIsFree(base, size)) {
        for (int port = base; port < base + size; port++) {
          handedOut.add(port);
        }
        return base;
      }
    }
    throw new UncheckedIOException(
        new IOException("no block of " + size + " free ports below " + (FIRST + COUNT)));
  }

  private static boolean blockIsFree(int base, int size) {
    for (int port = base; port < base + size; port++) {
      if (handedOut.contains(port) || !isFree(new InetSocketAddress(port))) {
        return false;
      }
    }
    return true;
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  private static boolean isFree(InetSocketAddress address) {
    try (var socket = new ServerSocket()) {
      socket.bind(address, 1);
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
