package dev.switchboard.reports.boundary;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the report endpoints answer: the period as understood, and the figures. */
public final class Report {

  private Report() {}

  /** The period as the report read it: dates included, in {@code timeZone}. */
  @Schema(name = "ReportPeriod")
  public record Covered(String from, String to, String timeZone, String teamId) {

    static Covered of(Period period, String teamId) {
      return new Covered(
          period.from().toString(), period.to().toString(), period.zone().getId(), teamId);
    }
  }

  /** A team's or an agent's figures, under its name now. */
  @Schema(name = "ReportGroup")
  public record Group(String id, String name, Figures figures) {}

  /**
   * The whole period: every conversation, then per team (the conversation's team now) and per agent
   * (the agent it is assigned to now; unassigned conversations count in no agent's row).
   */
  @Schema(name = "ReportSummary")
  public record Summary(Covered period, Figures total, List<Group> teams, List<Group> agents) {}

  /** One day of the period. */
  @Schema(name = "ReportDay")
  public record Day(String date, Figures figures) {}

  /** Every day of the period, the ones without anything included. */
  @Schema(name = "ReportDaily")
  public record Daily(Covered period, List<Day> days) {}
}
