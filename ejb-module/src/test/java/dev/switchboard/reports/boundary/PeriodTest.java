package dev.switchboard.reports.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PeriodTest {

  /** 23:30 UTC on 30 November: already 1 December in Berlin. */
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-11-30T23:30:00Z"), ZoneOffset.UTC);

  @Test
  void withoutDatesTheLastThirtyDaysOfTheZone() {
    Period utc = Period.parse(null, null, null, NOW);
    assertEquals(LocalDate.parse("2026-11-01"), utc.from());
    assertEquals(LocalDate.parse("2026-11-30"), utc.to());
    assertEquals(30, utc.days());
    Period berlin = Period.parse("", "", "Europe/Berlin", NOW);
    assertEquals(LocalDate.parse("2026-12-01"), berlin.to());
  }

  @Test
  void theDaysAreTheZonesDays() {
    Period period = Period.parse("2026-11-01", "2026-11-01", "Europe/Berlin", NOW);
    assertEquals(Instant.parse("2026-10-31T23:00:00Z"), period.start().toInstant());
    assertEquals(Instant.parse("2026-11-01T23:00:00Z"), period.end().toInstant());
    assertEquals(1, period.days());
  }

  @Test
  void aPeriodThatEndsBeforeItStartsIsRefused() {
    var refused =
        assertThrows(
            ChatException.class, () -> Period.parse("2026-11-02", "2026-11-01", null, NOW));
    assertEquals(ErrorCode.BAD_REQUEST, refused.code());
    assertEquals(
        "the period ends (2026-11-01) before it starts (2026-11-02)", refused.getMessage());
  }

  @Test
  void badInputIsRefusedClearly() {
    assertRefused("2026-13-01", null, null, "from must be a date such as 2026-11-30");
    assertRefused(null, "yesterday", null, "to must be a date such as 2026-11-30");
    assertRefused(
        null, null, "+02:00", "timeZone must be a time zone such as Europe/Berlin or UTC");
    assertRefused(
        null, null, "Mars/Olympus", "timeZone must be a time zone such as Europe/Berlin or UTC");
    assertRefused("2025-01-01", "2026-01-02", null, "a report covers at most 366 days");
    assertEquals(366, Period.parse("2025-01-01", "2026-01-01", null, NOW).days());
  }

  private static void assertRefused(String from, String to, String zone, String message) {
    var refused = assertThrows(ChatException.class, () -> Period.parse(from, to, zone, NOW));
    assertEquals(ErrorCode.BAD_REQUEST, refused.code());
    assertEquals(message, refused.getMessage());
  }
}
