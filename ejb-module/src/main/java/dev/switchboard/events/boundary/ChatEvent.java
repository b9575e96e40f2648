package dev.switchboard.events.boundary;

/**
 * What the fan-out carries: published through {@code EventPublisher} to the {@code chat.events}
 * topic, and fired as CDI events on every instance by {@link ChatEventsListener} (on the sender's
 * own instance, by the caller that delivers them there itself). Their observers are in the web
 * module, which the EJB module cannot name: {@code realtime.SessionRegistry} (every event but
 * presence) and {@code realtime.PresenceWatch} ({@link PresenceChanged}). The topic knows each by
 * its simple name ({@link TopicEvents}).
 */
public sealed interface ChatEvent
    permits MessagePosted,
        MessageChanged,
        TypingChanged,
        ProfileChanged,
        ConversationChanged,
        ReceiptChanged,
        PresenceChanged,
        TokenRevoked,
        VisitorErased,
        AgentChanged,
        WebhooksChanged {}
