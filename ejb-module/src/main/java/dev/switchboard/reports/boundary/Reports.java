package dev.switchboard.reports.boundary;

import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Supervisors' reports over a period, optionally of one team. One statement each, on the
 * conversations' rows (the first response is stamped on the row by the send statement, so no
 * message is read) and the ratings, through the indexes on when things happened ({@code
 * conversation_created}, {@code conversation_resolved}, {@code rating_rated}) for short periods.
 * The query plans and timings on a year of 100,000 conversations: bench scenario 7 and {@code
 * bench/results/README.md}.
 */
@Stateless
public class Reports {

  /**
   * What both reports count, from the events' columns: {@code started}, {@code resolved}, {@code
   * waiting} (unassigned and unresolved now), the first response and resolution times in seconds, a
   * rating's {@code score}. Ordered-set aggregates with the same order share their sort.
   */
  private static final String FIGURES =
      "count(*) filter (where started), count(*) filter (where resolved),"
          + " count(*) filter (where started and waiting),"
          + " percentile_cont(0.5) within group (order by first_response) filter (where started),"
          + " percentile_cont(0.9) within group (order by first_response) filter (where started),"
          + " percentile_cont(0.5) within group (order by resolution) filter (where resolved),"
          + " percentile_cont(0.9) within group (order by resolution) filter (where resolved),"
          + " count(score), avg(score)::float8";

  /**
   * The summary reads each conversation once (started in the period, resolved in it, or both: one
   * row), then the ratings given in it; aggregated in all, per team and per agent by grouping sets.
   * ?1, ?2: the period's first instant and the first after it; %1$s: the team's condition, when
   * asked for (it binds the statement's last parameter).
   */
  static final String SUMMARY =
      "with events as (select c.team_id, c.assignee_id,"
          + " c.created_at >= ?1 and c.created_at < ?2 as started,"
          + " c.status = 'resolved' and c.resolved_at >= ?1 and c.resolved_at < ?2 as resolved,"
          + " c.queued_at is not null and c.status <> 'resolved' as waiting,"
          + " extract(epoch from c.first_response_at - c.created_at)::float8 as first_response,"
          + " extract(epoch from c.resolved_at - c.created_at)::float8 as resolution,"
          + " null::int as score from conversation c"
          + " where (c.created_at >= ?1 and c.created_at < ?2"
          + " or c.status = 'resolved' and c.resolved_at >= ?1 and c.resolved_at < ?2) %1$s"
          + " union all select c.team_id, c.assignee_id, false, false, false, null, null, r.score"
          + " from rating r join conversation c on c.id = r.conversation_id"
          + " where r.rated_at >= ?1 and r.rated_at < ?2 %1$s),"
          + " figures as (select grouping(team_id) as by_team, grouping(assignee_id) as by_agent,"
          + " team_id, assignee_id, "
          + FIGURES
          + " from events group by grouping sets ((), (team_id), (assignee_id)))"
          + " select f.*, coalesce(t.name, a.display_name) from figures f"
          + " left join team t on f.by_agent = 1 and t.id = f.team_id"
          + " left join agent a on f.by_team = 1 and a.id = f.assignee_id"
          + " order by 14 nulls first";

  /**
   * The daily report counts a conversation on the day it started and again on the day it was
   * resolved: one row per event, with its time, grouped by its day in the zone ?3.
   */
  static final String DAILY =
      "with events as (select c.created_at as at, true as started, false as resolved,"
          + " c.queued_at is not null and c.status <> 'resolved' as waiting,"
          + " extract(epoch from c.first_response_at - c.created_at)::float8 as first_response,"
          + " null::float8 as resolution, null::int as score from conversation c"
          + " where c.created_at >= ?1 and c.created_at < ?2 %1$s"
          + " union all select c.resolved_at, false, true, false, null,"
          + " extract(epoch from c.resolved_at - c.created_at)::float8, null from conversation c"
          + " where c.status = 'resolved' and c.resolved_at >= ?1 and c.resolved_at < ?2 %1$s"
          + " union all select r.rated_at, false, false, false, null, null, r.score"
          + " from rating r join conversation c on c.id = r.conversation_id"
          + " where r.rated_at >= ?1 and r.rated_at < ?2 %1$s)"
          + " select (at at time zone cast(?3 as text))::date as day, "
          + FIGURES
          + " from events group by 1";

  @PersistenceContext EntityManager em;

  private final Clock clock = Clock.systemUTC();

  public Report.Summary summary(
      Participant reader, String from, String to, String timeZone, String teamId) {
    Period period = read(reader, from, to, timeZone, teamId);
    Figures total = Figures.NONE;
    List<Report.Group> teams = new ArrayList<>();
    List<Report.Group> agents = new ArrayList<>();
    for (Object[] row : rows(SUMMARY, period, teamId, false)) {
      boolean byTeam = ((Number) row[0]).intValue() == 1; // grouping(): 1 where not grouped by it
      boolean byAgent = ((Number) row[1]).intValue() == 1;
      Figures figures = figures(row, 4);
      if (byTeam && byAgent) {
        total = figures;
      } else if (byAgent) {
        teams.add(new Report.Group((String) row[2], (String) row[13], figures));
      } else if (row[3] != null) {
        agents.add(new Report.Group((String) row[3], (String) row[13], figures));
      }
    }
    return new Report.Summary(Report.Covered.of(period, teamId), total, teams, agents);
  }

  public Report.Daily daily(
      Participant reader, String from, String to, String timeZone, String teamId) {
    Period period = read(reader, from, to, timeZone, teamId);
    Map<LocalDate, Figures> found = new HashMap<>();
    for (Object[] row : rows(DAILY, period, teamId, true)) {
      found.put(((Date) row[0]).toLocalDate(), figures(row, 1));
    }
    List<Report.Day> days = new ArrayList<>(period.days());
    for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
      days.add(new Report.Day(day.toString(), found.getOrDefault(day, Figures.NONE)));
    }
    return new Report.Daily(Report.Covered.of(period, teamId), days);
  }

  private Period read(Participant reader, String from, String to, String timeZone, String teamId) {
    reader.requireSupervisor("read reports");
    Period period = Period.parse(from, to, timeZone, clock);
    if (teamId != null
        && (teamId.length() > 36 // longer than any id: no need to ask
            || em.createNativeQuery("select 1 from team where id = ?1")
                .setParameter(1, teamId)
                .getResultList()
                .isEmpty())) {
      throw ChatException.notFound("no such team");
    }
    return period;
  }

  @SuppressWarnings("unchecked")
  private List<Object[]> rows(String sql, Period period, String teamId, boolean daily) {
    // A plan for these dates: a generic plan (the driver prepares a statement it has run five
    // times) made for a month would be kept for a year's report.
    em.createNativeQuery("set local plan_cache_mode = force_custom_plan").executeUpdate();
    int team = daily ? 4 : 3;
    var query =
        em.createNativeQuery(String.format(sql, teamId == null ? "" : "and c.team_id = ?" + team))
            .setParameter(1, period.start())
            .setParameter(2, period.end());
    if (daily) {
      query.setParameter(3, period.zone().getId());
    }
    if (teamId != null) {
      query.setParameter(team, teamId);
    }
    return query.getResultList();
  }

  private static Figures figures(Object[] row, int first) {
    return new Figures(
        count(row[first]),
        count(row[first + 1]),
        count(row[first + 2]),
        seconds(row[first + 3]),
        seconds(row[first + 4]),
        seconds(row[first + 5]),
        seconds(row[first + 6]),
        count(row[first + 7]),
        row[first + 8] == null
            ? null
            : Math.round(((Number) row[first + 8]).doubleValue() * 100) / 100.0);
  }

  private static long count(Object value) {
    return ((Number) value).longValue();
  }

  private static Double seconds(Object value) {
    return value == null ? null : Math.round(((Number) value).doubleValue() * 10) / 10.0;
  }
}
