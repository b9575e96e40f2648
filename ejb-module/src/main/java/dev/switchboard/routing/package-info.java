/**
 * Routing: who gets a waiting conversation. A drain gives each automatically routed team's queue,
 * in arrival order, to its members online and below capacity, and returns to the queue what agents
 * who are gone held; the clock runs a drain after every change that may make work for it and every
 * few seconds. Conversations and agents' settings, above routing, call the clock; presence and
 * teams, which routing calls, tell it of their changes by CDI events ({@code AvailabilityChanged},
 * {@code TeamSettingsChanged}) so that no two contexts call each other ({@code ContextsTest}).
 */
package dev.switchboard.routing;
