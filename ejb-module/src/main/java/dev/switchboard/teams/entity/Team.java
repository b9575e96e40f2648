package dev.switchboard.teams.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@Entity
@Table(name = "team")
public class Team {

  /** How a team's waiting conversations find an agent. */
  public static final Set<String> ROUTINGS = Set.of("off", "round_robin", "least_busy");

  @Id private String id;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String routing;

  @Column(name = "is_default", nullable = false)
  private boolean isDefault;

  // Not offered to visitors: reached by transfer only.
  @Column(nullable = false)
  private boolean internal;

  // OpeningHours as JSON; null: open around the clock.
  @Column(name = "opening_hours")
  private String openingHours;

  @Column(name = "created_at", nullable = false)
  private OffsetDateTime createdAt;

  protected Team() {}

  public Team(String name, String routing, boolean internal) {
    this.id = UUID.randomUUID().toString();
    this.name = name;
    this.routing = routing;
    this.internal = internal;
    this.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String routing() {
    return routing;
  }

  public boolean isDefault() {
    return isDefault;
  }

  public boolean isInternal() {
    return internal;
  }

  public void setInternal(boolean internal) {
    this.internal = internal;
  }

  public boolean routesAutomatically() {
    return !"off".equals(routing);
  }

  public void rename(String name) {
    this.name = name;
  }

  /** None: open around the clock. */
  public Optional<OpeningHours> openingHours() {
    return Optional.ofNullable(openingHours).map(OpeningHours::fromJson);
  }

  public void setOpeningHours(OpeningHours hours) {
    this.openingHours = hours == null ? null : hours.json();
  }

  public void setRouting(String routing) {
    this.routing = routing;
  }
}
