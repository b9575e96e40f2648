package dev.switchboard.system;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian packages some tests run (Chromium, nginx): installed with apt-get when missing and allowed
 * (as root), without starting their services, as {@code .ci/run} does; otherwise the test says what
 * to install.
 */
final class Debian {

  private Debian() {}

  static synchronized void ensure(List<Path> executables, String... packages) {
    if (executables.stream().allMatch(Files::isExecutable)) {
      return;
    }
    String names = String.join(" ", packages);
    Path log = Path.of("target", "apt-" + packages[0] + ".log");
    try {
      var install =
          new ProcessBuilder(
                  "sh",
                  "-c",
                  "apt-get install -y "
                      + names
                      + " || (apt-get update && apt-get install -y "
                      + names
                      + ")")
              .redirectErrorStream(true)
              .redirectOutput(new File(log.toString()));
      install.environment().put("RUNLEVEL", "1"); // invoke-rc.d: start no service
      install.start().waitFor();
    } catch (IOException | InterruptedException e) {
      // reported below
    }
    if (!executables.stream().allMatch(Files::isExecutable)) {
      throw new IllegalStateException(
          "this test needs Debian's "
              + names
              + ": apt-get install "
              + names
              + " (see "
              + log
              + ")");
    }
  }
}
