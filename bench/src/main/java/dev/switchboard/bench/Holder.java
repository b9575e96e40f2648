package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Idle visitor sockets: opening them, and a helper process that holds a batch of them for the idle
 * scenario's "as many as fit" part, since one process may hold only so many open files (the load
 * generator would run out before two server instances do).
 *
 * <p>As a process: {@code Holder <count> <base URI>...} opens the sockets, round robin over the
 * bases, prints {@code opened <n>} (and {@code failed <reason>} when one could not be opened), then
 * answers {@code alive} on its input with how many are still open, and exits when its input ends.
 */
final class Holder implements AutoCloseable {

  /** Handshakes in flight at a time. */
  private static final int IN_FLIGHT = 50;

  private final Process process;
  private final BufferedReader out;
  private final PrintWriter in;
  final int opened;
  final String failure;

  private Holder(Process process) throws IOException {
    this.process = process;
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    String line = out.readLine();
    if (line == null || !line.startsWith("opened ")) {
      process.destroyForcibly();
      throw new IllegalStateException("the holder process answered " + line);
    }
    String[] parts = line.split(" ", 4);
    this.opened = Integer.parseInt(parts[1]);
    this.failure = parts.length > 3 ? parts[3] : null;
  }

  /** Starts a process that opens {@code count} visitor sockets; returns once it has tried all. */
  static Holder start(int count, List<URI> bases) throws IOException {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Holder.class.getName());
    command.add(Integer.toString(count));
    bases.forEach(b -> command.add(b.toString()));
    return new Holder(
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  /** How many of this process's sockets are still open. */
  int alive() throws IOException {
    in.println("alive");
    String line = out.readLine();
    if (line == null || !line.startsWith("alive ")) {
      throw new IllegalStateException("the holder process answered " + line);
    }
    return Integer.parseInt(line.substring(6));
  }

  @Override
  public void close() throws InterruptedException {
    in.close();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /**
   * Opens {@code count} authenticated visitor sockets, each as a new visitor, round robin over
   * {@code bases}, into {@code opened}; every attempt is waited for, then the first failure, if
   * any, is thrown (those that opened stay in {@code opened}).
   */
  static void openVisitors(List<URI> bases, int count, List<WsClient> opened, Executor pool)
      throws Exception {
    var inFlight = new Semaphore(IN_FLIGHT);
    var sockets = new ArrayList<CompletableFuture<WsClient>>(count);
    for (int i = 0; i < count; i++) {
      URI base = bases.get(i % bases.size());
      inFlight.acquire();
      sockets.add(
          CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return Target.visitorToken(base);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  },
                  pool)
              .thenCompose(token -> WsClient.open(Target.HTTP, base, "/ws/visitor", token, x -> {}))
              .whenComplete((c, e) -> inFlight.release()));
    }
    Exception first = null;
    for (var socket : sockets) {
      try {
        opened.add(socket.get(120, TimeUnit.SECONDS));
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    List<URI> bases = Arrays.stream(args).skip(1).map(URI::create).toList();
    var opened = new ArrayList<WsClient>(count);
    var pool = Executors.newFixedThreadPool(16);
    try {
      openVisitors(bases, count, opened, pool);
      System.out.println("opened " + opened.size());
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      System.out.println(
          "opened " + opened.size() + " failed " + cause.toString().replace('\n', ' '));
    }
    System.out.flush();
    var input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = input.readLine(); line != null; line = input.readLine()) {
      if (line.equals("alive")) {
        System.out.println("alive " + opened.stream().filter(WsClient::isOpen).count());
        System.out.flush();
      }
    }
    System.exit(0); // the JDK client's selector threads would keep the JVM up
  }
}
