package dev.switchboard.participants.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.participants.entity.Agent;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Unknown usernames cost a password hash's verification, as known ones do (counted, not timed: the
 * hash is what takes the time).
 */
class AgentPasswordsTest {

  final List<String> verified = new ArrayList<>();

  @SuppressWarnings("unchecked")
  static <T> T fake(Class<T> type, java.lang.reflect.InvocationHandler handler) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  AgentPasswords store(Agent known) {
    var store = new AgentPasswords();
    TypedQuery<Agent> query =
        fake(
            TypedQuery.class,
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "setParameter" -> proxy;
                  case "getResultStream" ->
                      known != null && known.username().equals(lastUsername[0])
                          ? Stream.of(known)
                          : Stream.empty();
                  default -> throw new UnsupportedOperationException(method.getName());
                });
    store.em =
        fake(
            EntityManager.class,
            (proxy, method, args) -> {
              if (method.getName().equals("createNamedQuery")) {
                return query;
              }
              throw new UnsupportedOperationException(method.getName());
            });
    store.passwordHash =
        fake(
            Pbkdf2PasswordHash.class,
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "initialize" -> null;
                  case "generate" -> "hash-of-" + new String((char[]) args[0]);
                  case "verify" -> {
                    verified.add((String) args[1]);
                    yield ("hash-of-" + new String((char[]) args[0])).equals(args[1]);
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
    return store;
  }

  final String[] lastUsername = new String[1];

  CredentialValidationResult validate(AgentPasswords store, String username, String password) {
    lastUsername[0] = username;
    return store.validate(new UsernamePasswordCredential(username, password));
  }

  @Test
  void anUnknownUsernameIsVerifiedAgainstAHashAsAKnownOneIs() {
    var ida = new Agent("ida", "Ida", "hash-of-ida-secret-1", "agent", null);
    var store = store(ida);

    assertEquals(
        CredentialValidationResult.Status.INVALID, validate(store, "ida", "wrong-one").getStatus());
    assertEquals(1, verified.size());
    assertEquals(
        CredentialValidationResult.Status.NOT_VALIDATED,
        validate(store, "nobody", "wrong-one").getStatus());
    assertEquals(2, verified.size(), "the unknown username cost a verification too");
    assertEquals(
        CredentialValidationResult.Status.VALID,
        validate(store, "ida", "ida-secret-1").getStatus());
  }
}
