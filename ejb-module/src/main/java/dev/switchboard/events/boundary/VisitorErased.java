package dev.switchboard.events.boundary;

import java.util.List;

/** A visitor's data was erased: every instance drops their conversations from its agents' view. */
public record VisitorErased(String visitorId, List<String> conversationIds) implements ChatEvent {}
