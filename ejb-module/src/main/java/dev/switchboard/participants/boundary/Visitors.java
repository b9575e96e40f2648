package dev.switchboard.participants.boundary;

import dev.switchboard.audit.boundary.AuditLog;
import dev.switchboard.conversations.entity.Audience;
import dev.switchboard.events.boundary.ProfileChanged;
import dev.switchboard.events.boundary.VisitorErased;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.participants.control.SignedIdentities;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.participants.entity.Visitor;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.Config;
import dev.switchboard.platform.Names;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Anonymous or named visitors of the widget. */
@Stateless
public class Visitors {

  private static final Logger LOG = Logger.getLogger(Visitors.class.getName());

  public record Registration(String visitorId, String token) {}

  static final int MAX_NICKNAME = 80;
  static final int MAX_EMAIL = 254;
  // Pragmatic: one @, no spaces, a dot in the domain. Deliverability is the mail server's call.
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  @PersistenceContext EntityManager em;

  @Inject Credentials credentials;

  @Inject EventPublisher publisher;

  @EJB AuditLog audit;

  @Inject
  @ConfigProperty(name = Config.IDENTITY_SECRET)
  Optional<String> identitySecret;

  @Inject
  @ConfigProperty(name = Config.IDENTITY_ISSUER)
  Optional<String> identityIssuer;

  @Inject
  @ConfigProperty(name = Config.IDENTITY_AUDIENCE)
  Optional<String> identityAudience;

  @Inject
  @ConfigProperty(name = Config.IDENTITY_MAX_MINUTES, defaultValue = "60")
  long identityMaxMinutes;

  private SignedIdentities identities;

  @PostConstruct
  void init() {
    identities =
        new SignedIdentities(
            identitySecret.orElse(""),
            new SignedIdentities.Expected(
                identityIssuer.filter(s -> !s.isBlank()).orElse(null),
                identityAudience.filter(s -> !s.isBlank()).orElse(null),
                Duration.ofMinutes(identityMaxMinutes)),
            Clock.systemUTC());
  }

  /**
   * A visitor the embedding intranet page vouches for with a signed identity: found again by its
   * subject (the same employee on another device has the same conversations), with the name and
   * email it carries; agents see the new profile.
   */
  public Registration registerSigned(String signedIdentity) {
    SignedIdentities.Identity identity = identities.verify(signedIdentity);
    String nickname = fit(identity.name(), MAX_NICKNAME);
    String email;
    try {
      email = validateEmail(identity.email());
    } catch (ChatException e) {
      email = null; // an intranet's odd address is no reason to refuse the employee
    }
    String id =
        (String)
            em.createNativeQuery(
                    "insert into visitor (id, nickname, email, external_id, created_at)"
                        + " values (?1, ?2, ?3, ?4, now()) on conflict (external_id)"
                        + " where external_id is not null do update set"
                        + " nickname = excluded.nickname, email = excluded.email returning id")
                .setParameter(1, UUID.randomUUID().toString())
                .setParameter(2, nickname)
                .setParameter(3, email)
                .setParameter(4, identity.subject())
                .getSingleResult();
    publisher.publish(new ProfileChanged(id, nickname, email, null, audiencesOf(id)));
    return new Registration(id, credentials.issueSignedVisitor(id));
  }

  private static String fit(String value, int maxCodePoints) {
    String trimmed = Names.clean(value);
    if (trimmed == null || trimmed.isEmpty()) {
      return null;
    }
    return trimmed.codePointCount(0, trimmed.length()) <= maxCodePoints
        ? trimmed
        : trimmed.substring(0, trimmed.offsetByCodePoints(0, maxCodePoints));
  }

  public Registration register(String nickname, String email) {
    String cleanNickname = validateNickname(nickname);
    String cleanEmail = validateEmail(email);
    var visitor = new Visitor(cleanNickname, cleanEmail);
    em.persist(visitor);
    return new Registration(
        visitor.id(), credentials.issue(Participant.Kind.VISITOR, visitor.id()));
  }

  /**
   * Changes what is given ({@code null}: unchanged, blank: cleared) and tells the visitor's other
   * sockets and the agents, on every instance.
   */
  public ProfileChanged changeProfile(
      Participant visitor, String nickname, String email, String originSession) {
    if (!visitor.isVisitor()) {
      throw ChatException.badRequest("only visitors have a profile");
    }
    Visitor entity = em.find(Visitor.class, visitor.id());
    if (entity == null) {
      throw ChatException.notFound("no visitor " + visitor.id());
    }
    entity.changeProfile(
        nickname == null ? entity.nickname() : validateNickname(nickname),
        email == null ? entity.email() : validateEmail(email));
    var changed =
        new ProfileChanged(
            entity.id(),
            entity.nickname(),
            entity.email(),
            originSession,
            audiencesOf(entity.id()));
    publisher.publish(changed);
    return changed;
  }

  /** Who sees the visitor: the audiences of their conversations (an agent sees no one else's). */
  private List<Audience> audiencesOf(String visitorId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "select distinct team_id, assignee_id, colleagues from conversation"
                    + " where visitor_id = ?1")
            .setParameter(1, visitorId)
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new Audience(
                    visitorId, (String) r[0], (String) r[1], Audience.colleagues((String) r[2])))
        .toList();
  }

  /**
   * A GDPR erasure, by a supervisor: the visitor, their conversations with every message, receipt,
   * mail record and file, and their tokens. Their sockets close on every instance and the agents'
   * consoles drop the conversations.
   */
  public void erase(Participant supervisor, String visitorId) {
    supervisor.requireSupervisor("erase a visitor's data");
    if (visitorId == null || visitorId.length() > 36 || em.find(Visitor.class, visitorId) == null) {
      throw ChatException.notFound("no visitor " + visitorId);
    }
    @SuppressWarnings("unchecked")
    List<String> conversations =
        em.createNativeQuery("select id from conversation where visitor_id = ?1")
            .setParameter(1, visitorId)
            .getResultList();
    String theirs = " where conversation_id in (select id from conversation where visitor_id = ?1)";
    // Messages before attachments (a message points at its file); chunks go with their file.
    for (String table : List.of("message", "attachment", "receipt", "mail_notice", "rating")) {
      em.createNativeQuery("delete from " + table + theirs)
          .setParameter(1, visitorId)
          .executeUpdate();
    }
    em.createNativeQuery("delete from attachment where uploader_id = ?1") // not sent yet
        .setParameter(1, visitorId)
        .executeUpdate();
    em.createNativeQuery("delete from conversation where visitor_id = ?1")
        .setParameter(1, visitorId)
        .executeUpdate();
    credentials.revokeAll(Participant.Kind.VISITOR, visitorId);
    em.createNativeQuery("delete from push_subscription where participant_id = ?1")
        .setParameter(1, visitorId)
        .executeUpdate();
    em.createNativeQuery("delete from visitor where id = ?1")
        .setParameter(1, visitorId)
        .executeUpdate();
    audit.record(
        supervisor,
        "visitor.erased",
        "visitor",
        visitorId,
        conversations.size() + " conversation(s)");
    publisher.publish(new VisitorErased(visitorId, conversations));
    LOG.log(
        Level.INFO,
        "supervisor {0} erased visitor {1} ({2} conversation(s))",
        new Object[] {supervisor.id(), visitorId, conversations.size()});
  }

  static String validateNickname(String nickname) {
    String trimmed = Names.clean(nickname);
    if (trimmed == null || trimmed.isEmpty()) {
      return null;
    }
    if (trimmed.codePointCount(0, trimmed.length()) > MAX_NICKNAME) {
      throw ChatException.badRequest("nickname is longer than " + MAX_NICKNAME + " characters");
    }
    return trimmed;
  }

  static String validateEmail(String email) {
    if (email == null || email.isBlank()) {
      return null;
    }
    String trimmed = email.strip();
    if (trimmed.length() > MAX_EMAIL || !EMAIL.matcher(trimmed).matches()) {
      throw ChatException.badRequest("email is not a valid address");
    }
    return trimmed;
  }
}
