package dev.switchboard.teams.boundary;

import dev.switchboard.messages.boundary.SendCommand;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.teams.entity.CannedResponse;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The teams' canned responses: agents read those of their teams (supervisors all), supervisors
 * write them. {@code {visitor}} and {@code {agent}} in a text are filled in by the console.
 */
@Stateless
public class CannedResponses {

  static final Pattern SHORTCUT = Pattern.compile("[\\p{L}\\p{N}_-]{1,40}");

  @Schema(name = "CannedResponse")
  public record View(String id, String teamId, String teamName, String shortcut, String text) {}

  /** What a supervisor gives; {@code teamId} only when creating. */
  @Schema(name = "CannedResponseRequest")
  public record Request(String teamId, String shortcut, String text) {}

  @PersistenceContext EntityManager em;

  @EJB Teams teams;

  public List<View> list(Participant reader) {
    if (!reader.isAgent()) {
      throw ChatException.forbidden("canned responses are for agents");
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select r.id, r.team_id, t.name, r.shortcut, r.text from canned_response r"
                    + " join team t on t.id = r.team_id order by lower(r.shortcut), lower(t.name)")
            .getResultList();
    return rows.stream()
        .filter(r -> reader.isSupervisor() || reader.teams().contains((String) r[1]))
        .map(
            r ->
                new View((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4]))
        .toList();
  }

  public View create(Participant supervisor, Request request) {
    supervisor.requireSupervisor("manage canned responses");
    if (request == null || request.teamId() == null) {
      throw ChatException.badRequest("teamId is required");
    }
    String shortcut = validShortcut(request.shortcut());
    String text = validText(request.text());
    TeamRef team = teams.require(request.teamId());
    requireFree(team.id(), shortcut, null);
    var response = new CannedResponse(team.id(), shortcut, text);
    em.persist(response);
    em.flush();
    return view(response, team);
  }

  public View update(Participant supervisor, String id, Request request) {
    supervisor.requireSupervisor("manage canned responses");
    CannedResponse response = require(id);
    if (request == null) {
      throw ChatException.badRequest("give a shortcut and a text");
    }
    String shortcut = validShortcut(request.shortcut());
    String text = validText(request.text());
    requireFree(response.teamId(), shortcut, response.id());
    response.change(shortcut, text);
    return view(response, teams.require(response.teamId()));
  }

  public void delete(Participant supervisor, String id) {
    supervisor.requireSupervisor("manage canned responses");
    em.remove(require(id));
  }

  private CannedResponse require(String id) {
    CannedResponse response =
        id == null || id.length() > 36 ? null : em.find(CannedResponse.class, id);
    if (response == null) {
      throw ChatException.notFound("no canned response " + id);
    }
    return response;
  }

  private void requireFree(String teamId, String shortcut, String exceptId) {
    boolean taken =
        em.createQuery(
                "select r from CannedResponse r where r.teamId = :team"
                    + " and lower(r.shortcut) = lower(:shortcut)",
                CannedResponse.class)
            .setParameter("team", teamId)
            .setParameter("shortcut", shortcut)
            .getResultStream()
            .anyMatch(r -> !r.id().equals(exceptId));
    if (taken) {
      throw ChatException.conflict("the team has a response /" + shortcut);
    }
  }

  private static View view(CannedResponse r, TeamRef team) {
    return new View(r.id(), team.id(), team.name(), r.shortcut(), r.text());
  }

  private static String validShortcut(String shortcut) {
    if (shortcut == null || !SHORTCUT.matcher(shortcut).matches()) {
      throw ChatException.badRequest("shortcut: 1 to 40 letters, digits, _ and -");
    }
    return shortcut;
  }

  private static String validText(String text) {
    if (text == null || text.isBlank()) {
      throw ChatException.badRequest("text is required");
    }
    if (text.codePointCount(0, text.length()) > SendCommand.MAX_TEXT) {
      throw ChatException.badRequest("text is longer than " + SendCommand.MAX_TEXT + " characters");
    }
    return text.strip();
  }
}
