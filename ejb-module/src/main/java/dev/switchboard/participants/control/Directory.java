package dev.switchboard.participants.control;

import dev.switchboard.platform.Config;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.identitystore.IdentityStore.ValidationType;
import jakarta.security.enterprise.identitystore.LdapIdentityStoreDefinition;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The company directory as a second identity store, after the database's: agents sign in with their
 * directory password, membership of the agent or supervisor group gives their role, and groups
 * named with the team prefix their teams. Off (the store validates nothing) while {@code
 * SWITCHBOARD_LDAP_URL} is unset. The definition's attributes are deferred expressions read from
 * this bean, so the directory is configured like everything else.
 */
@LdapIdentityStoreDefinition(
    url = "#{switchboardDirectory.url}",
    bindDn = "#{switchboardDirectory.bindDn}",
    bindDnPassword = "#{switchboardDirectory.bindPassword}",
    callerSearchBase = "#{switchboardDirectory.userBase}",
    callerSearchFilter = "#{switchboardDirectory.userFilter}",
    groupSearchBase = "#{switchboardDirectory.groupBase}",
    groupSearchFilter = "#{switchboardDirectory.groupFilter}",
    groupNameAttribute = "cn",
    priority = 20,
    useForExpression = "#{switchboardDirectory.useFor}")
@Named("switchboardDirectory")
@ApplicationScoped
public class Directory {

  @Inject
  @ConfigProperty(name = Config.LDAP_URL)
  Optional<String> url;

  @Inject
  @ConfigProperty(name = Config.LDAP_BIND_DN)
  Optional<String> bindDn;

  @Inject
  @ConfigProperty(name = Config.LDAP_BIND_PASSWORD)
  Optional<String> bindPassword;

  @Inject
  @ConfigProperty(name = Config.LDAP_USER_BASE)
  Optional<String> userBase;

  @Inject
  @ConfigProperty(name = Config.LDAP_USER_FILTER, defaultValue = "(&(uid=%s)(objectClass=person))")
  String userFilter;

  @Inject
  @ConfigProperty(name = Config.LDAP_GROUP_BASE)
  Optional<String> groupBase;

  @Inject
  @ConfigProperty(
      name = Config.LDAP_GROUP_FILTER,
      defaultValue = "(&(member=%s)(objectClass=groupOfNames))")
  String groupFilter;

  @Inject
  @ConfigProperty(name = Config.LDAP_AGENT_GROUP, defaultValue = "support-agents")
  String agentGroup;

  @Inject
  @ConfigProperty(name = Config.LDAP_SUPERVISOR_GROUP, defaultValue = "support-supervisors")
  String supervisorGroup;

  @Inject
  @ConfigProperty(name = Config.LDAP_TEAM_GROUP_PREFIX, defaultValue = "support-team-")
  String teamGroupPrefix;

  public boolean isConfigured() {
    return url.filter(u -> !u.isBlank()).isPresent();
  }

  public String getUrl() {
    return url.orElse("");
  }

  public String getBindDn() {
    return bindDn.orElse("");
  }

  public String getBindPassword() {
    return bindPassword.orElse("");
  }

  public String getUserBase() {
    return userBase.orElse("");
  }

  public String getUserFilter() {
    return userFilter;
  }

  public String getGroupBase() {
    return groupBase.orElse("");
  }

  public String getGroupFilter() {
    return groupFilter;
  }

  /** Both uses when configured, none otherwise (Soteria wants an array here). */
  public ValidationType[] getUseFor() {
    return isConfigured()
        ? new ValidationType[] {ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS}
        : new ValidationType[0];
  }

  /**
   * RFC 4515: a value as it may stand in a search filter, its {@code *}, parentheses, backslash and
   * NUL escaped (the identity store puts the typed name into the filter as it is). Agents' names
   * admit none of them today; the filter stays a filter if they ever do.
   */
  public static String filterValue(String value) {
    var out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      switch (c) {
        case '*' -> out.append("\\2a");
        case '(' -> out.append("\\28");
        case ')' -> out.append("\\29");
        case '\\' -> out.append("\\5c");
        case '\0' -> out.append("\\00");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private GroupMapping groups;

  @PostConstruct
  void init() {
    groups = new GroupMapping(agentGroup, supervisorGroup, teamGroupPrefix);
  }

  /** How the directory's groups (their {@code cn}) make support staff. */
  public GroupMapping groups() {
    return groups;
  }
}
