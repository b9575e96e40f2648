package dev.switchboard.participants.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

@Entity
@Table(name = "visitor")
public class Visitor {

  @Id private String id;

  private String nickname;

  private String email;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  protected Visitor() {}

  public Visitor(String nickname, String email) {
    this.id = UUID.randomUUID().toString();
    this.nickname = nickname;
    this.email = email;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  /** The name agents see: the nickname, or a short stable label. */
  public static String displayName(String id, String nickname) {
    return nickname != null && !nickname.isBlank()
        ? nickname
        : "Visitor " + id.substring(0, Math.min(4, id.length()));
  }

  public void changeProfile(String nickname, String email) {
    this.nickname = nickname;
    this.email = email;
  }

  public String nickname() {
    return nickname;
  }

  public String email() {
    return email;
  }

  public Participant asParticipant() {
    return new Participant(Participant.Kind.VISITOR, id, displayName(id, nickname), "visitor");
  }

  public String id() {
    return id;
  }
}
