package dev.switchboard.realtime;

import dev.switchboard.participants.entity.Participant;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

/** The operator console's socket. Frames over 64 KiB close it with 1009. */
@ServerEndpoint(configurator = SharedEndpoints.class, value = "/ws/agent")
public class AgentSocket {

  private final Requests requests;

  AgentSocket(Requests requests) {
    this.requests = requests;
  }

  @OnOpen
  public void open(Session session) {
    requests.opened(session, Participant.Kind.AGENT);
  }

  @OnMessage(maxMessageSize = Sockets.MAX_FRAME)
  public void message(Session session, String text) {
    requests.received(session, text);
  }

  @OnClose
  public void close(Session session) {
    requests.closed(session);
  }

  @OnError
  public void error(Session session, Throwable failure) {
    Sockets.log(session, failure);
  }
}
