package dev.switchboard.system;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;

/**
 * The company directory of the tests: UnboundID's in-memory LDAP server with people and the two
 * support groups, as an intranet's directory would have them.
 */
final class Ldap {

  static final String BASE = "dc=corp,dc=example";
  static final String BIND_DN = "cn=switchboard,ou=services," + BASE;
  static final String BIND_PASSWORD = "directory-reader";
  static final String PASSWORD = "directory-pw-1";

  /** In the supervisors' group. */
  static final String LENA = "lena";

  /** The team {@link #LARS}'s directory group names. */
  static final String LARS_TEAM = "Field Service";

  /** In the agents' group. */
  static final String LARS = "lars";

  /** In neither group. */
  static final String OTTO = "otto";

  private final InMemoryDirectoryServer server;

  Ldap(int port) {
    try {
      var config = new InMemoryDirectoryServerConfig(BASE);
      config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
      config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", port));
      config.setSchema(null); // accept the entries as given
      server = new InMemoryDirectoryServer(config);
      server.add("dn: " + BASE, "objectClass: domain", "dc: corp");
      server.add("dn: ou=people," + BASE, "objectClass: organizationalUnit", "ou: people");
      server.add("dn: ou=groups," + BASE, "objectClass: organizationalUnit", "ou: groups");
      for (String uid : new String[] {LENA, LARS, OTTO}) {
        server.add(
            "dn: uid=" + uid + ",ou=people," + BASE,
            "objectClass: person",
            "objectClass: inetOrgPerson",
            "uid: " + uid,
            "cn: " + uid,
            "sn: " + uid,
            "mail: " + uid + "@corp.example",
            "userPassword: " + PASSWORD);
      }
      group("support-supervisors", LENA);
      group("support-agents", LARS);
      group("support-team-" + LARS_TEAM, LARS);
    } catch (LDAPException | LDIFException e) {
      throw new IllegalStateException(e);
    }
  }

  private void group(String name, String member) throws LDAPException, LDIFException {
    server.add(
        "dn: cn=" + name + ",ou=groups," + BASE,
        "objectClass: groupOfNames",
        "cn: " + name,
        "member: uid=" + member + ",ou=people," + BASE);
  }

  void start() {
    try {
      server.startListening();
    } catch (LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  String url() {
    return "ldap://127.0.0.1:" + server.getListenPort();
  }
}
