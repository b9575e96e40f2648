package dev.switchboard.labels.boundary;

import dev.switchboard.audit.boundary.AuditLog;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import dev.switchboard.platform.Names;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The labels agents put on conversations: supervisors create, change and remove them (audited);
 * every agent lists them. Names are unique whatever their case.
 */
@Stateless
public class Labels {

  public static final int MAX_NAME = 50;

  /** Labels one conversation carries at most. */
  public static final int MAX_PER_CONVERSATION = 20;

  static final String DEFAULT_COLOUR = "#59636e";
  private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

  /** A label as clients see it. */
  public record LabelView(String id, String name, String colour) {}

  /** What a supervisor gives to create or change a label; a null field stays as it is. */
  public record LabelRequest(String name, String colour) {}

  @PersistenceContext EntityManager em;

  @EJB AuditLog audit;

  public List<LabelView> list(Participant reader) {
    requireAgent(reader);
    return views("select id, name, colour from label order by lower(name)", List.of());
  }

  public LabelView create(Participant supervisor, LabelRequest request) {
    supervisor.requireSupervisor("manage labels");
    if (request == null) {
      throw ChatException.badRequest("name is required");
    }
    String name = validName(request.name());
    String colour = request.colour() == null ? DEFAULT_COLOUR : validColour(request.colour());
    requireFreeName(name, null);
    String id = UUID.randomUUID().toString();
    em.createNativeQuery(
            "insert into label (id, name, colour, created_at) values (?1, ?2, ?3, now())")
        .setParameter(1, id)
        .setParameter(2, name)
        .setParameter(3, colour)
        .executeUpdate();
    audit.record(supervisor, "label.created", "label", id, name + ", " + colour);
    return new LabelView(id, name, colour);
  }

  public LabelView update(Participant supervisor, String id, LabelRequest request) {
    supervisor.requireSupervisor("manage labels");
    LabelView label = require(id);
    if (request == null || request.name() == null && request.colour() == null) {
      throw ChatException.badRequest("give a name or a colour");
    }
    String name = request.name() == null ? label.name() : validName(request.name());
    String colour = request.colour() == null ? label.colour() : validColour(request.colour());
    requireFreeName(name, id);
    em.createNativeQuery("update label set name = ?2, colour = ?3 where id = ?1")
        .setParameter(1, id)
        .setParameter(2, name)
        .setParameter(3, colour)
        .executeUpdate();
    audit.record(
        supervisor, "label.changed", "label", id, label.name() + " → " + name + ", " + colour);
    return new LabelView(id, name, colour);
  }

  /** Removes a label, and with it from every conversation that carried it. */
  public void delete(Participant supervisor, String id) {
    supervisor.requireSupervisor("manage labels");
    LabelView label = require(id);
    em.createNativeQuery("delete from label where id = ?1").setParameter(1, id).executeUpdate();
    audit.record(supervisor, "label.deleted", "label", id, label.name());
  }

  /**
   * SQL for "conversation {@code c} carries this label" (an id or a name; {@code not_found} for
   * neither), its {@code ?} placeholder's value added to {@code parameters}.
   */
  public String carriedBy(Participant reader, String label, String c, List<Object> parameters) {
    requireAgent(reader);
    parameters.add(resolve(List.of(label)).get(0).id());
    return "exists (select 1 from conversation_label l where l.conversation_id = "
        + c
        + ".id and l.label_id = ?)";
  }

  /**
   * The labels named (by id or name, whatever the case), in the order given, once each: for a
   * conversation. {@code not_found} for one that does not exist.
   */
  public List<LabelView> resolve(List<String> idsOrNames) {
    if (idsOrNames == null) {
      throw ChatException.badRequest("labels is a list of label ids or names");
    }
    var wanted = new LinkedHashSet<String>();
    for (String s : idsOrNames) {
      if (s == null || s.isBlank() || s.length() > Math.max(MAX_NAME, 36)) {
        throw ChatException.badRequest("labels is a list of label ids or names");
      }
      wanted.add(s);
    }
    if (wanted.size() > MAX_PER_CONVERSATION) {
      throw new ChatException(
          ErrorCode.TOO_LARGE, "at most " + MAX_PER_CONVERSATION + " labels on a conversation");
    }
    var all = views("select id, name, colour from label", List.of());
    var found = new ArrayList<LabelView>();
    for (String s : wanted) {
      LabelView match =
          all.stream()
              .filter(l -> l.id().equals(s) || l.name().equalsIgnoreCase(Names.clean(s)))
              .findFirst()
              .orElseThrow(() -> ChatException.notFound("no label " + s));
      if (!found.contains(match)) {
        found.add(match);
      }
    }
    return found;
  }

  private LabelView require(String id) {
    if (id == null || id.length() > 36) {
      throw ChatException.notFound("no label " + id);
    }
    return views("select id, name, colour from label where id = ?1", List.of(id)).stream()
        .findFirst()
        .orElseThrow(() -> ChatException.notFound("no label " + id));
  }

  private void requireFreeName(String name, String exceptId) {
    boolean taken =
        !em.createNativeQuery("select 1 from label where lower(name) = ?1 and id <> ?2")
            .setParameter(1, name.toLowerCase(Locale.ROOT))
            .setParameter(2, exceptId == null ? "" : exceptId)
            .getResultList()
            .isEmpty();
    if (taken) {
      throw ChatException.conflict("a label is named " + name + " already");
    }
  }

  private static String validName(String raw) {
    String name = Names.clean(raw);
    if (name == null || name.isEmpty()) {
      throw ChatException.badRequest("name is required");
    }
    if (name.codePointCount(0, name.length()) > MAX_NAME) {
      throw ChatException.badRequest("name is longer than " + MAX_NAME + " characters");
    }
    return name;
  }

  private static String validColour(String colour) {
    if (!COLOUR.matcher(colour).matches()) {
      throw ChatException.badRequest("colour is #rrggbb");
    }
    return colour.toLowerCase(Locale.ROOT);
  }

  private static void requireAgent(Participant participant) {
    if (!participant.isAgent()) {
      throw ChatException.forbidden("labels are for agents");
    }
  }

  private List<LabelView> views(String sql, List<Object> parameters) {
    var query = em.createNativeQuery(sql);
    for (int i = 0; i < parameters.size(); i++) {
      query.setParameter(i + 1, parameters.get(i));
    }
    var out = new ArrayList<LabelView>();
    for (Object row : query.getResultList()) {
      Object[] r = (Object[]) row;
      out.add(new LabelView((String) r[0], (String) r[1], (String) r[2]));
    }
    return out;
  }
}
