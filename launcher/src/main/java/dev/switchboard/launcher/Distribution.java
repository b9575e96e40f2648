package dev.switchboard.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files an instance runs: Payara Micro, the commands it reads before it boots, its logging
 * settings, the resource adapter, the application.
 */
public record Distribution(
    Path payaraMicro, Path preboot, Path logging, Path resourceAdapter, Path application) {

  public static Distribution in(Path directory) {
    var d =
        new Distribution(
            directory.resolve("payara-micro.jar"),
            directory.resolve("preboot.asadmin"),
            directory.resolve("logging.properties"),
            directory.resolve("switchboard-artemis-rar.rar"),
            directory.resolve("switchboard.war"));
    for (Path p :
        new Path[] {d.payaraMicro, d.preboot, d.logging, d.resourceAdapter, d.application}) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException(
            p + " is missing: build first with ./mvnw -DskipTests package");
      }
    }
    return d;
  }
}
