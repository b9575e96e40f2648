package dev.switchboard.system;

import dev.switchboard.launcher.PayaraInstance;
import dev.switchboard.launcher.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A Payara Server (full distribution) unpacked into a fresh directory with one domain, driven
 * through asadmin as an operator would. Its processes outlive any command, so {@link #close} stops
 * them.
 */
final class PayaraServer implements AutoCloseable {

  static final String DOMAIN = "switchboard";

  final Path home;
  private final int adminPort;
  private final Path domains;
  private final Path logs;

  private PayaraServer(Path home, Path domains, int adminPort, Path logs) {
    this.home = home;
    this.domains = domains;
    this.adminPort = adminPort;
    this.logs = logs;
  }

  /** Unpacks {@code zip} under {@code work} (emptied first) and creates the domain. */
  static PayaraServer unpack(Path zip, Path work) throws Exception {
    PayaraInstance.deleteRecursively(work);
    Files.createDirectories(work);
    unzip(zip, work);
    Path home;
    try (Stream<Path> top = Files.list(work)) {
      home = top.filter(p -> Files.exists(p.resolve("bin/asadmin"))).findFirst().orElseThrow();
    }
    int portbase = freePortBlock();
    var server = new PayaraServer(home, work.resolve("domains"), portbase + 48, work);
    server.asadmin(
        "create-domain",
        "--nopassword",
        "--portbase",
        Integer.toString(portbase),
        "--domaindir",
        server.domains.toString(),
        DOMAIN);
    return server;
  }

  Path domainXml() {
    return domains.resolve(DOMAIN).resolve("config/domain.xml");
  }

  /**
   * Each SEVERE record in the instances' logs, with its message line, but one: a managed executor's
   * task that comes due while the server shuts down, after its run-level services have stopped,
   * fails in Payara's own context set-up ("… was started at level 1 but it has a run level of 10",
   * before any application code runs; the same race as payara/Payara#6879).
   */
  List<String> instanceErrors() throws IOException {
    var errors = new ArrayList<String>();
    try (Stream<Path> files = Files.walk(home.resolve("glassfish/nodes"))) {
      for (Path log : files.filter(p -> p.endsWith("logs/server.log")).toList()) {
        List<String> lines = Files.readAllLines(log);
        boolean shuttingDown = false;
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).contains("Server shutdown initiated")) {
            shuttingDown = true;
          } else if (lines.get(i).contains("JVM invocation command line")) {
            shuttingDown = false;
          }
          if (lines.get(i).contains("[SEVERE]")
              && !(shuttingDown && runLevelRace(lines.subList(i, Math.min(lines.size(), i + 4))))) {
            errors.add(log.getParent().getParent().getFileName() + ": " + lines.get(i));
            if (i + 1 < lines.size()) {
              errors.add(lines.get(i + 1));
            }
          }
        }
      }
    }
    return errors;
  }

  private static boolean runLevelRace(List<String> record) {
    return record.get(0).contains("[org.glassfish.enterprise.concurrent]")
        && record.stream().anyMatch(line -> line.contains("but it has a run level of"));
  }

  void startDomain() throws Exception {
    asadmin("start-domain", "--domaindir", domains.toString(), DOMAIN);
  }

  /** Runs asadmin against this domain; fails with its output when it fails. */
  String asadmin(String... arguments) throws Exception {
    var command = new ArrayList<String>();
    command.add(home.resolve("bin/asadmin").toString());
    command.add("--interactive=false");
    command.addAll(List.of(arguments));
    return run(command, Map.of());
  }

  /** Runs a command with this domain's asadmin settings; its output goes to a log as well. */
  String run(List<String> command, Map<String, String> environment) throws Exception {
    var builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    builder.environment().put("PAYARA_HOME", home.toString());
    builder.environment().put("AS_ADMIN_PORT", Integer.toString(adminPort));
    Process process = builder.start();
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes());
    }
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    Files.writeString(
        logs.resolve("commands.log"),
        "$ " + String.join(" ", command) + "\n" + output + "\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    if (process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }

  /** A port base whose next 300 ports (the DAS and two instances) are free. */
  static int freePortBlock() {
    return Ports.freeBlock(300);
  }

  /** Stops every instance of the domain, then the DAS. */
  @Override
  public void close() {
    try {
      for (String line : asadmin("list-instances", "--nostatus").split("\n")) {
        if (!line.isBlank() && !line.startsWith("Command ") && !line.startsWith("Nothing")) {
          asadmin("stop-instance", "--kill=true", line.trim());
        }
      }
    } catch (Exception | AssertionError e) {
      System.err.println("stopping the instances: " + e);
    }
    try {
      asadmin("stop-domain", "--kill=true", "--domaindir", domains.toString(), DOMAIN);
    } catch (Exception | AssertionError e) {
      System.err.println("stopping the domain: " + e);
    }
  }

  /** Keeps the Unix modes: asadmin and the scripts the DAS starts instances with must run. */
  private static void unzip(Path zip, Path target) throws IOException {
    try (var file = ZipFile.builder().setPath(zip).get()) {
      for (ZipArchiveEntry entry : (Iterable<ZipArchiveEntry>) file.getEntries()::asIterator) {
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = file.getInputStream(entry)) {
          Files.copy(in, out);
        }
        if ((entry.getUnixMode() & 0100) != 0) {
          Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    }
  }
}
