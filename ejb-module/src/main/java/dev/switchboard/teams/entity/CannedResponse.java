package dev.switchboard.teams.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** A team's prepared answer, inserted in the console's composer by typing {@code /shortcut}. */
@Entity
@Table(name = "canned_response")
public class CannedResponse {

  @Id private String id;

  @Column(name = "team_id", nullable = false)
  private String teamId;

  @Column(nullable = false)
  private String shortcut;

  @Column(nullable = false)
  private String text;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  protected CannedResponse() {}

  public CannedResponse(String teamId, String shortcut, String text) {
    this.id = UUID.randomUUID().toString();
    this.teamId = teamId;
    this.shortcut = shortcut;
    this.text = text;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  public String id() {
    return id;
  }

  public String teamId() {
    return teamId;
  }

  public String shortcut() {
    return shortcut;
  }

  public String text() {
    return text;
  }

  public void change(String shortcut, String text) {
    this.shortcut = shortcut;
    this.text = text;
  }
}
