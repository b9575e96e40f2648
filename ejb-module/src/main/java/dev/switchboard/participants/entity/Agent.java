package dev.switchboard.participants.entity;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;

@Entity
@Table(name = "agent")
@NamedQuery(name = Agent.BY_USERNAME, query = "select a from Agent a where a.username = :username")
@NamedQuery(
    name = Agent.BY_USERNAME_ANY_CASE,
    query = "select a from Agent a where lower(a.username) = lower(:username)")
@NamedQuery(
    name = Agent.BY_DIRECTORY_DN,
    query = "select a from Agent a where a.directoryDn = :directoryDn")
@NamedQuery(
    name = Agent.BY_OIDC_SUBJECT,
    query = "select a from Agent a where a.openIdSubject = :subject")
public class Agent {
  public static final String BY_USERNAME = "Agent.byUsername";
  public static final String BY_USERNAME_ANY_CASE = "Agent.byUsernameAnyCase";
  public static final String BY_DIRECTORY_DN = "Agent.byDirectoryDn";
  public static final String BY_OIDC_SUBJECT = "Agent.byOpenIdSubject";

  /**
   * The password hash of an agent the company vouches for (its directory or its OpenID Connect
   * provider): no password verifies against it.
   */
  public static final String DIRECTORY_PASSWORD = "!directory";

  @Id private String id;

  @Column(nullable = false, unique = true)
  private String username;

  @Column(name = "display_name", nullable = false)
  private String displayName;

  // A directory agent's entry (its DN in lower case); null for agents with a password of ours.
  @Column(name = "directory_dn")
  private String directoryDn;

  // An agent of the company's OpenID Connect provider: its issuer and subject there.
  @Column(name = "oidc_subject")
  private String openIdSubject;

  @Column(name = "password_hash", nullable = false)
  private String passwordHash;

  @Column(name = "password_changed_at")
  private OffsetDateTime passwordChangedAt;

  @Column(nullable = false)
  private String role;

  private String email;

  /** A disabled agent keeps their history and assignments' record but cannot sign in. */
  @Column(nullable = false)
  private boolean disabled;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  /** How many open conversations automatic routing gives them at most. */
  @Column(nullable = false)
  private int capacity = DEFAULT_CAPACITY;

  @ElementCollection
  @CollectionTable(name = "team_member", joinColumns = @JoinColumn(name = "agent_id"))
  @Column(name = "team_id")
  private Set<String> teams = new HashSet<>();

  public static final int DEFAULT_CAPACITY = 5;
  public static final int MAX_CAPACITY = 100;

  protected Agent() {}

  public Agent(
      String username, String displayName, String passwordHash, String role, String email) {
    this.id = java.util.UUID.randomUUID().toString();
    this.username = username;
    this.displayName = displayName;
    this.passwordHash = passwordHash;
    this.role = role;
    this.email = email;
    this.createdAt = OffsetDateTime.now(java.time.ZoneOffset.UTC);
  }

  /** An agent the directory vouched for: its entry is who it is, whatever name was typed. */
  public static Agent fromDirectory(String username, String directoryDn, String role) {
    var agent = new Agent(username, username, DIRECTORY_PASSWORD, role, null);
    agent.directoryDn = directoryDn;
    return agent;
  }

  /** An agent the OpenID Connect provider vouched for: its subject is who it is. */
  public static Agent fromOpenId(
      String username, String displayName, String email, String subject, String role) {
    var agent = new Agent(username, displayName, DIRECTORY_PASSWORD, role, email);
    agent.openIdSubject = subject;
    return agent;
  }

  public String openIdSubject() {
    return openIdSubject;
  }

  public String directoryDn() {
    return directoryDn;
  }

  /** A directory agent from before entries were recorded gets its entry at its next sign-in. */
  public void recordDirectoryEntry(String directoryDn) {
    this.directoryDn = directoryDn;
  }

  public Participant asParticipant() {
    return new Participant(Participant.Kind.AGENT, id, displayName, role, teams);
  }

  public Set<String> teams() {
    return Set.copyOf(teams);
  }

  public void setTeams(Set<String> teamIds) {
    teams.clear();
    teams.addAll(teamIds);
  }

  public int capacity() {
    return capacity;
  }

  public void setCapacity(int capacity) {
    this.capacity = capacity;
  }

  public String id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  public String username() {
    return username;
  }

  public String email() {
    return email;
  }

  public boolean disabled() {
    return disabled;
  }

  public void setDisabled(boolean disabled) {
    this.disabled = disabled;
  }

  public boolean hasLocalPassword() {
    return !DIRECTORY_PASSWORD.equals(passwordHash);
  }

  /** The directory decides a directory agent's role at each sign-in. */
  public void changeRole(String role) {
    this.role = role;
  }

  public String passwordHash() {
    return passwordHash;
  }

  /** Changed by the agent: the bootstrap configuration leaves it alone from now on. */
  public void changePassword(String newHash) {
    this.passwordHash = newHash;
    this.passwordChangedAt = OffsetDateTime.now(java.time.ZoneOffset.UTC);
  }

  public String role() {
    return role;
  }
}
