package dev.switchboard.realtime;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands the WebSocket container one instance of each endpoint for all its sockets. By default it
 * asks CDI for a new one per socket, and Tyrus' CDI provider builds the class's injection target
 * each time under a lock on the bean manager and keeps every instance's creational context until
 * its socket closes: in a reconnect storm the sockets opened one at a time, and most of the worker
 * threads' time went to waiting for that lock. The endpoints keep nothing per socket (the session
 * carries its {@link Connection}), so one each serves them all.
 */
public final class SharedEndpoints extends ServerEndpointConfig.Configurator {

  private final Map<Class<?>, Object> endpoints = new ConcurrentHashMap<>();

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return endpointClass.cast(endpoints.computeIfAbsent(endpointClass, SharedEndpoints::create));
  }

  private static Object create(Class<?> endpointClass) {
    Requests requests = CDI.current().select(Requests.class).get();
    if (endpointClass == VisitorSocket.class) {
      return new VisitorSocket(requests);
    }
    if (endpointClass == AgentSocket.class) {
      return new AgentSocket(requests);
    }
    throw new IllegalArgumentException("not a Switchboard endpoint: " + endpointClass);
  }
}
