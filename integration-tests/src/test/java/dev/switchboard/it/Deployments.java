package dev.switchboard.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR an Arquillian test deploys: the application's modules as libraries, and its classes. */
final class Deployments {

  private Deployments() {}

  static WebArchive war(String name, Class<?>... classes) {
    File[] libraries =
        new File(System.getProperty("switchboard.deployment.libs", "target/deployment-libs"))
            .listFiles((dir, file) -> file.endsWith(".jar"));
    return ShrinkWrap.create(WebArchive.class, name + ".war")
        .addAsLibraries(libraries)
        .addClasses(classes);
  }
}
