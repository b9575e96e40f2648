package dev.switchboard.participants.boundary;

import dev.switchboard.events.boundary.ProfileChanged;
import dev.switchboard.events.control.EventPublisher;
import dev.switchboard.participants.entity.Participant;
import dev.switchboard.participants.entity.Visitor;
import dev.switchboard.platform.ChatException;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.regex.Pattern;

/** Anonymous or named visitors of the widget. */
@Stateless
public class Visitors {

  public record Registration(String visitorId, String token) {}

  static final int MAX_NICKNAME = 80;
  static final int MAX_EMAIL = 254;
  // Pragmatic: one @, no spaces, a dot in the domain. Deliverability is the mail server's call.
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  @PersistenceContext EntityManager em;

  @Inject Credentials credentials;

  @Inject EventPublisher publisher;

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
    var changed = new ProfileChanged(entity.id(), entity.nickname(), entity.email(), originSession);
    publisher.publish(changed);
    return changed;
  }

  static String validateNickname(String nickname) {
    if (nickname == null || nickname.isBlank()) {
      return null;
    }
    String trimmed = nickname.strip();
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
