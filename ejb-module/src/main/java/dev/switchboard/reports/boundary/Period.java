package dev.switchboard.reports.boundary;

import dev.switchboard.platform.ChatException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * The days a report covers, {@code from} and {@code to} both included, as days of {@code zone}.
 * Without dates: the last 30 days up to today.
 */
public record Period(LocalDate from, LocalDate to, ZoneId zone) {

  public static final int MAX_DAYS = 366;
  static final int DEFAULT_DAYS = 30;

  /** From the request's text, each part optional; a clear {@code bad_request} for what is wrong. */
  public static Period parse(String from, String to, String timeZone, Clock clock) {
    ZoneId zone = zone(timeZone);
    LocalDate end =
        to == null || to.isBlank() ? LocalDate.now(clock.withZone(zone)) : date(to, "to");
    LocalDate start =
        from == null || from.isBlank() ? end.minusDays(DEFAULT_DAYS - 1) : date(from, "from");
    if (end.isBefore(start)) {
      throw ChatException.badRequest(
          "the period ends (" + end + ") before it starts (" + start + ")");
    }
    if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
      throw ChatException.badRequest("a report covers at most " + MAX_DAYS + " days");
    }
    return new Period(start, end, zone);
  }

  /** The first instant of the period. */
  public OffsetDateTime start() {
    return from.atStartOfDay(zone).toOffsetDateTime();
  }

  /** The first instant after it. */
  public OffsetDateTime end() {
    return to.plusDays(1).atStartOfDay(zone).toOffsetDateTime();
  }

  public int days() {
    return (int) ChronoUnit.DAYS.between(from, to) + 1;
  }

  private static LocalDate date(String text, String name) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw ChatException.badRequest(name + " must be a date such as 2026-11-30");
    }
  }

  /**
   * A region of the time zone database (as PostgreSQL knows it too): offsets such as {@code +02:00}
   * are refused, PostgreSQL would read their sign the other way round.
   */
  private static ZoneId zone(String name) {
    if (name == null || name.isBlank()) {
      return ZoneId.of("UTC");
    }
    if (name.length() > 64 || !ZoneId.getAvailableZoneIds().contains(name)) {
      throw ChatException.badRequest("timeZone must be a time zone such as Europe/Berlin or UTC");
    }
    return ZoneId.of(name);
  }
}
