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
 * Supervisors' reports over a period, optionally of one team. One statement each: the period's
 * events (conversations started, resolved, rated) read from one row per conversation through the
 * indexes on when they happened ({@code conversation_created}, {@code conversation_resolved},
 * {@code rating_rated}; the first response is stamped on the row by the send statement), then
 * aggregated by grouping sets (summary) or by day in the period's time zone (daily).
 */
@Stateless
public class Reports {

  /**
   * One row per event: started (with its first response time and whether it still waits), resolved
   * (with its resolution time) or rated (with the score). ?1, ?2: the period's first instant and
   * the first after it; %1$s: the team's condition, when asked for (it binds the statement's last
   * parameter).
   */
  private static final String EVENTS =
      "with events as ("
          + "select 'started' as kind, c.created_at as at, c.team_id, c.assignee_id,"
          + " extract(epoch from c.first_response_at - c.created_at)::float8 as first_response,"
          + " null::float8 as resolution,"
          + " (c.queued_at is not null and c.status <> 'resolved') as waiting, null::int as score"
          + " from conversation c where c.created_at >= ?1 and c.created_at < ?2 %1$s"
          + " union all select 'resolved', c.resolved_at, c.team_id, c.assignee_id, null,"
          + " extract(epoch from c.resolved_at - c.created_at)::float8, false, null"
          + " from conversation c where c.status = 'resolved'"
          + " and c.resolved_at >= ?1 and c.resolved_at < ?2 %1$s"
          + " union all select 'rated', r.rated_at, c.team_id, c.assignee_id, null, null, false,"
          + " r.score from rating r join conversation c on c.id = r.conversation_id"
          + " where r.rated_at >= ?1 and r.rated_at < ?2 %1$s)";

  private static final String FIGURES =
      "count(*) filter (where kind = 'started'), count(*) filter (where kind = 'resolved'),"
          + " count(*) filter (where waiting),"
          + " percentile_cont(0.5) within group (order by first_response),"
          + " percentile_cont(0.9) within group (order by first_response),"
          + " percentile_cont(0.5) within group (order by resolution),"
          + " percentile_cont(0.9) within group (order by resolution),"
          + " count(score), avg(score)::float8";

  static final String SUMMARY =
      EVENTS
          + ", figures as (select grouping(team_id) as by_team, grouping(assignee_id) as by_agent,"
          + " team_id, assignee_id, "
          + FIGURES
          + " from events group by grouping sets ((), (team_id), (assignee_id)))"
          + " select f.*, coalesce(t.name, a.display_name) from figures f"
          + " left join team t on f.by_agent = 1 and t.id = f.team_id"
          + " left join agent a on f.by_team = 1 and a.id = f.assignee_id"
          + " order by 14 nulls first";

  static final String DAILY =
      EVENTS
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
