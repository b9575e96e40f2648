package dev.switchboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** What Linux and the JDK tell about a server process: resident memory, CPU time, Java heap. */
final class Proc {

  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private static final Pattern MAX_HEAP = Pattern.compile("MaxHeapSize=(\\d+)");
  // JDK 17: "garbage-first heap   total 1048576K, used 123K"; JDK 25: "… total reserved
  // 1048576K, committed 1048576K, used 123K".
  private static final Pattern USED = Pattern.compile("(?:total|committed) \\d+K, used (\\d+)K");

  private Proc() {}

  static long rssBytes(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  /** User plus system CPU time of the process, in nanoseconds. */
  static long cpuNanos(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks * (1_000_000_000L / TICKS_PER_SECOND);
  }

  /**
   * CPU time of each of the PostgreSQL server's processes on this machine (every process named
   * {@code postgres}: the postmaster and its backends), in nanoseconds, by pid.
   */
  static Map<Long, Long> postgresCpuNanos() throws Exception {
    var cpu = new HashMap<Long, Long>();
    try (var processes = Files.list(Path.of("/proc"))) {
      for (Path dir : processes.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
        try {
          if (Files.readString(dir.resolve("comm")).strip().equals("postgres")) {
            long pid = Long.parseLong(dir.getFileName().toString());
            cpu.put(pid, cpuNanos(pid));
          }
        } catch (java.io.IOException gone) {
          // ended between the listing and the reading
        }
      }
    }
    return cpu;
  }

  /**
   * PostgreSQL's CPU time since {@code before}: of the processes there now, what they used since
   * (all of it for one started meanwhile). Both servers keep pooled connections open through a run,
   * so their backends' time is counted; a process that ended meanwhile takes its time with it.
   */
  static long postgresCpuNanosSince(Map<Long, Long> before) throws Exception {
    long sum = 0;
    for (var now : postgresCpuNanos().entrySet()) {
      sum += now.getValue() - before.getOrDefault(now.getKey(), 0L);
    }
    return sum;
  }

  static boolean isJava(long pid) throws Exception {
    return Files.readString(Path.of("/proc/" + pid + "/cmdline")).contains("java");
  }

  /** Files (sockets included) the process has open. */
  static long openFiles(long pid) throws Exception {
    try (var files = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      return files.count();
    }
  }

  /** The process's (soft) limit of open files. */
  static long maxOpenFiles(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
      if (line.startsWith("Max open files")) {
        return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException("no open-file limit for " + pid);
  }

  /** Time the JVM's JIT compilers have spent compiling so far, in nanoseconds (jcmd). */
  static long compileNanos(long pid) throws Exception {
    long ticks = -1;
    long frequency = -1;
    for (String line : jcmd(pid, "PerfCounter.print")) {
      if (line.startsWith("java.ci.totalTime=")) {
        ticks = Long.parseLong(line.substring("java.ci.totalTime=".length()));
      } else if (line.startsWith("sun.os.hrt.frequency=")) {
        frequency = Long.parseLong(line.substring("sun.os.hrt.frequency=".length()));
      }
    }
    if (ticks < 0 || frequency <= 0) {
      throw new IllegalStateException("no JIT compile time for " + pid);
    }
    return (long) (ticks * (1e9 / frequency));
  }

  /** The JVM's maximum heap (jcmd). */
  static long maxHeap(long pid) throws Exception {
    for (String line : jcmd(pid, "VM.flags")) {
      var m = MAX_HEAP.matcher(line);
      if (m.find()) {
        return Long.parseLong(m.group(1));
      }
    }
    throw new IllegalStateException("no MaxHeapSize for " + pid);
  }

  /** Runs a full GC in a JVM and returns its heap in use afterwards (jcmd). */
  static long heapAfterFullGc(long pid) throws Exception {
    jcmd(pid, "GC.run");
    return heapUsed(jcmd(pid, "GC.heap_info"));
  }

  /** The heap in use that {@code GC.heap_info} reports, in bytes (metaspace left out). */
  static long heapUsed(List<String> heapInfo) {
    long used = 0;
    for (String line : heapInfo) {
      if (line.contains("Metaspace") || line.contains("class space")) {
        continue;
      }
      var m = USED.matcher(line);
      if (m.find()) {
        used += Long.parseLong(m.group(1)) * 1024;
      }
    }
    return used;
  }

  static List<String> threadDump(long pid) throws Exception {
    return jcmd(pid, "Thread.print");
  }

  private static List<String> jcmd(long pid, String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + lines);
    }
    return lines;
  }
}
