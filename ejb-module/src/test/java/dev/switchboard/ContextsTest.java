package dev.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * How the domain's contexts ({@code dev.switchboard.<context>}) call each other: through the beans
 * they inject. A context calls the ones below it and never back (one that must tell a context above
 * it of a change fires a CDI event, as presence and teams do for routing), and a control calls no
 * boundary.
 */
class ContextsTest {

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.switchboard");

  /** The context a class belongs to: the package under dev.switchboard. */
  static String context(JavaClass type) {
    String[] parts = type.getPackageName().split("\\.");
    return parts.length > 2 && parts[0].equals("dev") && parts[1].equals("switchboard")
        ? parts[2]
        : null;
  }

  static boolean injected(JavaField field) {
    return field.isAnnotatedWith("jakarta.ejb.EJB")
        || field.isAnnotatedWith("jakarta.inject.Inject");
  }

  /** The injected fields of each class, as "Class.field → Type". */
  static List<JavaField> injections() {
    var out = new ArrayList<JavaField>();
    for (JavaClass type : CLASSES) {
      for (JavaField field : type.getFields()) {
        if (injected(field) && context(field.getRawType()) != null) {
          out.add(field);
        }
      }
    }
    return out;
  }

  /** Context → the contexts it calls, with one injection that makes each call. */
  static Map<String, Map<String, String>> calls() {
    var calls = new TreeMap<String, Map<String, String>>();
    for (JavaField field : injections()) {
      String from = context(field.getOwner());
      String to = context(field.getRawType());
      if (from != null && !from.equals(to)) {
        calls
            .computeIfAbsent(from, k -> new TreeMap<>())
            .putIfAbsent(
                to,
                field.getOwner().getSimpleName()
                    + "."
                    + field.getName()
                    + " → "
                    + field.getRawType().getSimpleName());
      }
    }
    return calls;
  }

  /** A cycle among the calls, as the injections that make it; empty if there is none. */
  static List<String> cycle(Map<String, Map<String, String>> calls) {
    var done = new TreeSet<String>();
    for (String start : calls.keySet()) {
      var path = new ArrayList<String>();
      if (cycleFrom(start, calls, path, new ArrayList<>(), done)) {
        return path;
      }
    }
    return List.of();
  }

  private static boolean cycleFrom(
      String context,
      Map<String, Map<String, String>> calls,
      List<String> path,
      List<String> onPath,
      TreeSet<String> done) {
    if (onPath.contains(context)) {
      // Keep only the loop itself.
      path.subList(0, onPath.indexOf(context)).clear();
      return true;
    }
    if (done.contains(context)) {
      return false;
    }
    onPath.add(context);
    for (var call : calls.getOrDefault(context, Map.of()).entrySet()) {
      path.add(context + " → " + call.getKey() + " (" + call.getValue() + ")");
      if (cycleFrom(call.getKey(), calls, path, onPath, done)) {
        return true;
      }
      path.remove(path.size() - 1);
    }
    onPath.remove(onPath.size() - 1);
    done.add(context);
    return false;
  }

  @Test
  void contextsCallEachOtherWithoutCycles() {
    Map<String, Map<String, String>> calls = calls();
    assertTrue(calls.size() > 10, "the classes were read: " + calls.keySet());
    List<String> cycle = cycle(calls);
    assertEquals(List.of(), cycle, "a cycle of calls between contexts");
  }

  @Test
  void aCycleIsFoundAndNamed() {
    var calls = new TreeMap<String, Map<String, String>>();
    calls.put("a", Map.of("b", "A.b → B"));
    calls.put("b", Map.of("c", "B.c → C"));
    calls.put("c", Map.of("b", "C.b → B"));
    assertEquals(List.of("b → c (B.c → C)", "c → b (C.b → B)"), cycle(calls));
    calls.put("c", Map.of());
    assertEquals(List.of(), cycle(calls));
  }

  @Test
  void controlsCallNoBoundary() {
    var offending = new TreeSet<String>();
    for (JavaField field : injections()) {
      if (field.getOwner().getPackageName().endsWith(".control")
          && field.getRawType().getPackageName().endsWith(".boundary")) {
        offending.add(field.getFullName());
      }
    }
    assertEquals(new TreeSet<String>(), offending, "controls injecting a boundary");
  }
}
