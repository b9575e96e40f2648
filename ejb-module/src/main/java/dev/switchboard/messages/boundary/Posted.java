package dev.switchboard.messages.boundary;

/** The outcome of a send: the stored message, and whether it was stored before (a resend). */
public record Posted(MessageView message, String visitorId, boolean duplicate) {}
