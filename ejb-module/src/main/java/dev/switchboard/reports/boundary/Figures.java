package dev.switchboard.reports.boundary;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A report's figures for a group of conversations, times in seconds (null when nothing was
 * measured). {@code started}: conversations started in the period; {@code waiting}: those of them
 * still unassigned and unresolved now; {@code resolved}: conversations whose latest resolution
 * falls in the period; first response: from the start to an agent's first message the visitor saw,
 * for conversations started in the period; resolution: from the start to the latest resolution, for
 * those resolved in it; {@code ratings} and their average score (1–5): ratings given in it.
 */
@Schema(name = "ReportFigures")
public record Figures(
    long started,
    long resolved,
    long waiting,
    Double firstResponseMedian,
    Double firstResponseP90,
    Double resolutionMedian,
    Double resolutionP90,
    long ratings,
    Double averageRating) {

  static final Figures NONE = new Figures(0, 0, 0, null, null, null, null, 0, null);
}
