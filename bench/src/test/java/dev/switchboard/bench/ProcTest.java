package dev.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The heap in use as the JDKs the benchmark runs on report it. */
class ProcTest {

  @Test
  void heapInUseFromJdk17AndJdk25() {
    assertEquals(
        123L * 1024,
        Proc.heapUsed(
            List.of(
                " garbage-first heap   total 1048576K, used 123K [0x00000000c0000000, 0x0000000100000000)",
                "  region size 1024K, 1 young (1024K), 0 survivors (0K)",
                " Metaspace       used 150000K, committed 151000K, reserved 1179648K",
                "  class space    used 20000K, committed 20500K, reserved 1048576K")));
    assertEquals(
        456L * 1024,
        Proc.heapUsed(
            List.of(
                " garbage-first heap   total reserved 1048576K, committed 1048576K, used 456K"
                    + " [0x00000000c0000000, 0x0000000100000000)",
                "  region size 1024K, 1 young (1024K), 0 survivors (0K)",
                " Metaspace       used 150000K, committed 151000K, reserved 1179648K",
                "  class space    used 20000K, committed 20500K, reserved 1048576K")));
  }
}
