package dev.switchboard.conversations.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

@Entity
@Table(name = "conversation")
public class Conversation {

  public static final String OPEN = "open";
  public static final String RESOLVED = "resolved";

  @Id private String id;

  @Column(name = "visitor_id", nullable = false)
  private String visitorId;

  @Column(nullable = false)
  private String status;

  @Column(name = "assignee_id")
  private String assigneeId;

  @Column(name = "team_id", nullable = false)
  private String teamId;

  /** Since when it waits for an agent: unassigned and unresolved; null otherwise. */
  @Column(name = "queued_at")
  private OffsetDateTime queuedAt;

  @Column(name = "last_seq", nullable = false)
  private long lastSeq;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  private OffsetDateTime updatedAt;

  @Column(name = "resolved_at")
  private OffsetDateTime resolvedAt;

  @Column(name = "transcript_requested", nullable = false)
  private boolean transcriptRequested;

  /** The agents invited into it, space-separated (see {@link Audience#colleagues(String)}). */
  @Column(name = "colleagues")
  private String colleagues;

  protected Conversation() {}

  /** Takes the next gapless sequence number; the caller holds the row lock. */
  public long nextSeq() {
    lastSeq++;
    touch();
    return lastSeq;
  }

  public Audience audience() {
    return new Audience(visitorId, teamId, assigneeId, colleagues());
  }

  public boolean isVisibleTo(dev.switchboard.participants.entity.Participant participant) {
    return audience().admits(participant);
  }

  public boolean isResolved() {
    return RESOLVED.equals(status);
  }

  /** The agents invited into it, in the order they joined. */
  public List<String> colleagues() {
    return Audience.colleagues(colleagues);
  }

  /** An agent joins; the caller checked they are not present yet. */
  public void invite(String agentId) {
    var joined = new ArrayList<>(colleagues());
    joined.add(agentId);
    colleagues = String.join(" ", joined);
    touch();
  }

  /** An invited agent leaves (or becomes the assignee); false if they were not invited. */
  public boolean release(String agentId) {
    var left = new ArrayList<>(colleagues());
    if (!left.remove(agentId)) {
      return false;
    }
    colleagues = left.isEmpty() ? null : String.join(" ", left);
    touch();
    return true;
  }

  public void assignTo(String agentId) {
    release(agentId); // an invited colleague who takes it over is its assignee, once
    assigneeId = agentId;
    queuedAt = null;
    touch();
  }

  /** Back to waiting in its team's queue, in the place its first arrival gives it. */
  public void requeue() {
    assigneeId = null;
    queuedAt = createdAt;
    touch();
  }

  /** To another team's queue, as a newcomer there. */
  public void moveToTeam(String teamId) {
    this.teamId = teamId;
    assigneeId = null;
    queuedAt = OffsetDateTime.now(ZoneOffset.UTC);
    touch();
  }

  public void resolve() {
    status = RESOLVED;
    resolvedAt = OffsetDateTime.now(ZoneOffset.UTC);
    queuedAt = null;
    touch();
  }

  /** Open again; unassigned (or {@code backToQueue}) it waits in its team's queue from now. */
  public void reopen(boolean backToQueue) {
    status = OPEN;
    resolvedAt = null;
    if (backToQueue) {
      assigneeId = null;
    }
    if (assigneeId == null) {
      queuedAt = OffsetDateTime.now(ZoneOffset.UTC);
    }
    touch();
  }

  /** When it was last resolved; null while open. */
  public OffsetDateTime resolvedAt() {
    return resolvedAt;
  }

  public boolean isQueued() {
    return queuedAt != null;
  }

  public boolean transcriptRequested() {
    return transcriptRequested;
  }

  public void requestTranscript(boolean wanted) {
    transcriptRequested = wanted;
    touch();
  }

  private void touch() {
    updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  public String assigneeId() {
    return assigneeId;
  }

  public String id() {
    return id;
  }

  public String visitorId() {
    return visitorId;
  }

  public String teamId() {
    return teamId;
  }

  public String status() {
    return status;
  }

  public long lastSeq() {
    return lastSeq;
  }
}
