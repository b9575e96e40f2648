package dev.switchboard.teams.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.ChatException;
import dev.switchboard.teams.entity.OpeningHours.Holiday;
import dev.switchboard.teams.entity.OpeningHours.Hours;
import dev.switchboard.teams.entity.OpeningHours.Opening;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpeningHoursTest {

  /** Berlin, weekdays 09:00-12:00 and 13:00-17:00, Fridays a night shift into Saturday. */
  static final OpeningHours BERLIN =
      OpeningHours.of(
          new Hours(
              "Europe/Berlin",
              List.of(
                  new Opening("monday", "13:00", "17:00"),
                  new Opening("Monday", "09:00", "12:00"),
                  new Opening("tuesday", "09:00", "17:00"),
                  new Opening("wednesday", "09:00", "17:00"),
                  new Opening("thursday", "09:00", "17:00"),
                  new Opening("friday", "09:00", "17:00"),
                  new Opening("friday", "22:00", "24:00"),
                  new Opening("saturday", "00:00", "06:00")),
              List.of(
                  new Holiday("2026-12-24", "Christmas Eve"), new Holiday("2026-12-25", null))));

  @Test
  void openWithinTheTeamsOwnHoursInItsZone() {
    // Monday 2026-12-07: Berlin is UTC+1 in winter.
    assertFalse(BERLIN.isOpen(Instant.parse("2026-12-07T07:59:00Z")));
    assertTrue(BERLIN.isOpen(Instant.parse("2026-12-07T08:00:00Z")));
    assertFalse(BERLIN.isOpen(Instant.parse("2026-12-07T11:00:00Z")), "lunch");
    assertTrue(BERLIN.isOpen(Instant.parse("2026-12-07T15:59:59Z")));
    assertFalse(BERLIN.isOpen(Instant.parse("2026-12-07T16:00:00Z")));
    // Summer time: 09:00 in Berlin is 07:00 UTC.
    assertTrue(BERLIN.isOpen(Instant.parse("2026-07-06T07:00:00Z")));
    // The night shift, either side of midnight.
    assertTrue(BERLIN.isOpen(Instant.parse("2026-12-11T22:59:00Z")));
    assertTrue(BERLIN.isOpen(Instant.parse("2026-12-11T23:30:00Z")));
    assertTrue(BERLIN.isOpen(Instant.parse("2026-12-12T04:59:00Z")));
    assertFalse(BERLIN.isOpen(Instant.parse("2026-12-12T05:00:00Z")));
  }

  @Test
  void holidaysAreClosedInTheTeamsZone() {
    // Thursday the 24th, 10:00 in Berlin.
    assertFalse(BERLIN.isOpen(Instant.parse("2026-12-24T09:00:00Z")));
    assertTrue(BERLIN.isOpen(Instant.parse("2026-12-23T09:00:00Z")));
  }

  @Test
  void theNextOpeningSkipsLunchNightsHolidaysAndAShiftThatRunsOn() {
    assertEquals(
        Optional.of(Instant.parse("2026-12-07T12:00:00Z")),
        BERLIN.nextOpening(Instant.parse("2026-12-07T11:00:00Z")));
    assertEquals(
        Optional.of(Instant.parse("2026-12-08T08:00:00Z")),
        BERLIN.nextOpening(Instant.parse("2026-12-07T16:00:00Z")));
    // Wednesday evening before Christmas: Thursday and Friday are holidays; Friday's night shift
    // too (the 25th), so Saturday's part of it opens at midnight, then Monday.
    assertEquals(
        Optional.of(Instant.parse("2026-12-25T23:00:00Z")),
        BERLIN.nextOpening(Instant.parse("2026-12-23T17:00:00Z")));
    // Saturday morning after a normal Friday night: what opens at midnight ran on, no opening.
    assertEquals(
        Optional.of(Instant.parse("2026-12-14T08:00:00Z")),
        BERLIN.nextOpening(Instant.parse("2026-12-12T06:00:00Z")));
  }

  @Test
  void aTimeTheClocksSkipOpensWhenTheyLand() {
    var early =
        OpeningHours.of(
            new Hours(
                "Europe/Berlin", List.of(new Opening("sunday", "02:30", "04:00")), List.of()));
    // 2027-03-28 Berlin springs from 02:00 to 03:00 (01:00 UTC).
    assertEquals(
        Optional.of(Instant.parse("2027-03-28T01:00:00Z")),
        early.nextOpening(Instant.parse("2027-03-27T12:00:00Z")));
  }

  @Test
  void noOpeningsMeansClosedWithNoNextOpening() {
    var closed = OpeningHours.of(new Hours("UTC", List.of(), null));
    assertFalse(closed.isOpen(Instant.parse("2026-12-07T12:00:00Z")));
    assertEquals(Optional.empty(), closed.nextOpening(Instant.parse("2026-12-07T12:00:00Z")));
  }

  @Test
  void storedAndReadBackTheSameInOrder() {
    var again = OpeningHours.fromJson(BERLIN.json());
    assertEquals(BERLIN.hours(), again.hours());
    assertEquals(
        new Opening("monday", "09:00", "12:00"), again.hours().weekly().get(0), "sorted by time");
    assertEquals(new Holiday("2026-12-25", ""), again.hours().holidays().get(1));
  }

  @Test
  void badHoursAreRefusedSayingWhy() {
    refused("IANA", new Hours("Mars/Olympus", List.of(), null));
    refused("IANA", new Hours("+02:00", List.of(), null));
    refused("IANA", new Hours(null, List.of(), null));
    refused("weekly is required", new Hours("UTC", null, null));
    refused("monday … sunday", hours(new Opening("someday", "09:00", "10:00")));
    refused("HH:mm", hours(new Opening("monday", "9:00", "10:00")));
    refused("HH:mm", hours(new Opening("monday", "09:00", "24:01")));
    refused("HH:mm", hours(new Opening("monday", "09:60", "10:00")));
    refused("opens before it closes", hours(new Opening("monday", "10:00", "10:00")));
    refused("opens before it closes", hours(new Opening("monday", "22:00", "06:00")));
    refused(
        "hours that overlap on monday: 09:00-12:00 and 11:00-13:00",
        hours(new Opening("monday", "11:00", "13:00"), new Opening("monday", "09:00", "12:00")));
    var many = new ArrayList<Opening>();
    for (int i = 0; i <= OpeningHours.MAX_PER_DAY; i++) {
      many.add(new Opening("friday", String.format("%02d:00", i), String.format("%02d:30", i)));
    }
    refused("at most", new Hours("UTC", many, null));
    refused(
        "given twice",
        new Hours(
            "UTC",
            List.of(),
            List.of(new Holiday("2026-12-25", "a"), new Holiday("2026-12-25", "b"))));
    refused("yyyy-MM-dd", new Hours("UTC", List.of(), List.of(new Holiday("25.12.2026", "x"))));
    refused(
        "at most 100 characters",
        new Hours("UTC", List.of(), List.of(new Holiday("2026-12-25", "x".repeat(101)))));
    var year = new ArrayList<Holiday>();
    for (int i = 0; i <= OpeningHours.MAX_HOLIDAYS; i++) {
      year.add(new Holiday(java.time.LocalDate.of(2027, 1, 1).plusDays(i).toString(), null));
    }
    refused("at most " + OpeningHours.MAX_HOLIDAYS, new Hours("UTC", List.of(), year));
    // Touching is not overlapping.
    OpeningHours.of(
        hours(new Opening("monday", "09:00", "12:00"), new Opening("monday", "12:00", "13:00")));
  }

  private static Hours hours(Opening... openings) {
    return new Hours("UTC", List.of(openings), List.of());
  }

  private static void refused(String why, Hours hours) {
    var e = assertThrows(ChatException.class, () -> OpeningHours.of(hours));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }
}
