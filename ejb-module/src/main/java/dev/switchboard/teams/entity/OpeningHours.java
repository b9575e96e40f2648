package dev.switchboard.teams.entity;

import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Json;
import dev.switchboard.platform.Names;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * When a team answers: weekly hours in its time zone, less its holidays. Each opening lies within
 * one day ({@code 24:00} closes at midnight), so a night shift is two, one each side of midnight.
 * Validated when made, so a stored one is always good.
 */
public final class OpeningHours {

  /** Of one day, at most this many openings; of a year, at most this many holidays. */
  public static final int MAX_PER_DAY = 6;

  public static final int MAX_HOLIDAYS = 100;

  static final int MAX_HOLIDAY_NAME = 100;

  /** How far ahead the next opening is looked for: a team closed for longer has none. */
  static final int LOOK_AHEAD_DAYS = 400;

  private static final int DAY_MINUTES = 24 * 60;

  /** The wire and stored form: {@code {"timeZone","weekly":[…],"holidays":[…]}}. */
  public record Hours(String timeZone, List<Opening> weekly, List<Holiday> holidays) {}

  /** {@code {"day":"monday","opens":"09:00","closes":"17:30"}}. */
  public record Opening(String day, String opens, String closes) {}

  /** {@code {"date":"2026-12-25","name":"Christmas"}}; the name is optional. */
  public record Holiday(String date, String name) {}

  private record Span(DayOfWeek day, int opens, int closes) {}

  private final ZoneId zone;
  private final Map<DayOfWeek, List<Span>> weekly;
  private final Map<LocalDate, String> holidays;

  private OpeningHours(
      ZoneId zone, Map<DayOfWeek, List<Span>> weekly, Map<LocalDate, String> holidays) {
    this.zone = zone;
    this.weekly = weekly;
    this.holidays = holidays;
  }

  /** The hours given, or {@code bad_request} saying what is wrong with them. */
  public static OpeningHours of(Hours hours) {
    if (hours == null) {
      throw ChatException.badRequest("give timeZone, weekly and holidays");
    }
    ZoneId zone = zone(hours.timeZone());
    if (hours.weekly() == null) {
      throw ChatException.badRequest("weekly is required: a list of openings (empty: closed)");
    }
    var byDay = new TreeMap<DayOfWeek, List<Span>>();
    for (Opening opening : hours.weekly()) {
      Span span = span(opening);
      byDay.computeIfAbsent(span.day(), d -> new ArrayList<>()).add(span);
    }
    byDay.forEach(OpeningHours::requireApart);
    var holidays = new TreeMap<LocalDate, String>();
    List<Holiday> given = hours.holidays() == null ? List.of() : hours.holidays();
    if (given.size() > MAX_HOLIDAYS) {
      throw ChatException.badRequest("at most " + MAX_HOLIDAYS + " holidays");
    }
    for (Holiday holiday : given) {
      if (holiday == null) {
        throw ChatException.badRequest("a holiday is {\"date\",\"name\"?}");
      }
      LocalDate date = date(holiday.date());
      String name = holiday.name() == null ? "" : Names.clean(holiday.name());
      if (name.codePointCount(0, name.length()) > MAX_HOLIDAY_NAME) {
        throw ChatException.badRequest(
            "a holiday's name is at most " + MAX_HOLIDAY_NAME + " characters");
      }
      if (holidays.put(date, name) != null) {
        throw ChatException.badRequest("the holiday " + date + " is given twice");
      }
    }
    return new OpeningHours(zone, byDay, holidays);
  }

  /** Stored hours (written by {@link #json}). */
  public static OpeningHours fromJson(String json) {
    return of(Json.read(json, Hours.class));
  }

  public String json() {
    return Json.write(hours());
  }

  /** As given, in order: by day, then by time. */
  public Hours hours() {
    var openings = new ArrayList<Opening>();
    weekly.forEach(
        (day, spans) ->
            spans.forEach(
                s ->
                    openings.add(
                        new Opening(
                            day.name().toLowerCase(Locale.ROOT),
                            clock(s.opens()),
                            clock(s.closes())))));
    var days = new ArrayList<Holiday>();
    holidays.forEach((date, name) -> days.add(new Holiday(date.toString(), name)));
    return new Hours(zone.getId(), openings, days);
  }

  public boolean isOpen(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    if (holidays.containsKey(local.toLocalDate())) {
      return false;
    }
    int minute = local.getHour() * 60 + local.getMinute();
    return weekly.getOrDefault(local.getDayOfWeek(), List.of()).stream()
        .anyMatch(s -> s.opens() <= minute && minute < s.closes());
  }

  /**
   * When it opens next after {@code after} (an opening that runs on from the day before is no
   * opening: the team was open already); none when it stays closed for more than a year.
   */
  public Optional<Instant> nextOpening(Instant after) {
    LocalDate day = after.atZone(zone).toLocalDate();
    for (int i = 0; i <= LOOK_AHEAD_DAYS; i++, day = day.plusDays(1)) {
      if (holidays.containsKey(day)) {
        continue;
      }
      for (Span span : weekly.getOrDefault(day.getDayOfWeek(), List.of())) {
        Instant opens = instant(day.atTime(LocalTime.ofSecondOfDay(span.opens() * 60L)));
        if (opens.isAfter(after) && !isOpen(opens.minusSeconds(60))) {
          return Optional.of(opens);
        }
      }
    }
    return Optional.empty();
  }

  /** A time the clocks skip (spring forward) is when they land. */
  private Instant instant(LocalDateTime local) {
    ZoneRules rules = zone.getRules();
    if (rules.getValidOffsets(local).isEmpty()) {
      return rules.getTransition(local).getInstant();
    }
    return local.atZone(zone).toInstant();
  }

  private static ZoneId zone(String name) {
    // Region names only: an offset would not follow the team's summer time.
    if (name == null || !ZoneId.getAvailableZoneIds().contains(name)) {
      throw ChatException.badRequest("timeZone is an IANA time zone name such as Europe/Berlin");
    }
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw ChatException.badRequest("timeZone is an IANA time zone name such as Europe/Berlin");
    }
  }

  private static final Map<String, DayOfWeek> DAYS =
      Arrays.stream(DayOfWeek.values())
          .collect(Collectors.toMap(d -> d.name().toLowerCase(Locale.ROOT), Function.identity()));

  private static Span span(Opening opening) {
    if (opening == null || opening.day() == null) {
      throw ChatException.badRequest("an opening is {\"day\",\"opens\",\"closes\"}");
    }
    DayOfWeek day = DAYS.get(opening.day().toLowerCase(Locale.ROOT));
    if (day == null) {
      throw ChatException.badRequest("day is monday … sunday, not " + opening.day());
    }
    int opens = minutes(opening.opens(), "opens");
    int closes = minutes(opening.closes(), "closes");
    if (opens >= closes) {
      throw ChatException.badRequest(
          opening.day()
              + ": opens before it closes (past midnight: two openings, 24:00 and 00:00)");
    }
    return new Span(day, opens, closes);
  }

  private static void requireApart(DayOfWeek day, List<Span> spans) {
    if (spans.size() > MAX_PER_DAY) {
      throw ChatException.badRequest("at most " + MAX_PER_DAY + " openings a day");
    }
    spans.sort(Comparator.comparingInt(Span::opens));
    for (int i = 1; i < spans.size(); i++) {
      Span before = spans.get(i - 1);
      Span next = spans.get(i);
      if (next.opens() < before.closes()) {
        throw ChatException.badRequest(
            "hours that overlap on "
                + day.name().toLowerCase(Locale.ROOT)
                + ": "
                + clock(before.opens())
                + "-"
                + clock(before.closes())
                + " and "
                + clock(next.opens())
                + "-"
                + clock(next.closes()));
      }
    }
  }

  /** Minutes after midnight of {@code HH:mm} (00:00 to 24:00). */
  private static int minutes(String clock, String field) {
    if (clock == null || !clock.matches("\\d\\d:\\d\\d")) {
      throw ChatException.badRequest(field + " is a time of day, HH:mm (00:00 to 24:00)");
    }
    int hours = Integer.parseInt(clock.substring(0, 2));
    int minutes = Integer.parseInt(clock.substring(3));
    int total = hours * 60 + minutes;
    if (minutes > 59 || total > DAY_MINUTES) {
      throw ChatException.badRequest(field + " is a time of day, HH:mm (00:00 to 24:00)");
    }
    return total;
  }

  private static String clock(int minutes) {
    return String.format(Locale.ROOT, "%02d:%02d", minutes / 60, minutes % 60);
  }

  private static LocalDate date(String date) {
    try {
      return LocalDate.parse(date == null ? "" : date);
    } catch (DateTimeParseException e) {
      throw ChatException.badRequest("a holiday's date is a date, yyyy-MM-dd");
    }
  }
}
