/**
 * Which agents are online, away or offline, cluster-wide, and when one was last seen; a change of
 * an agent's availability is announced as a CDI event ({@code AvailabilityChanged}) that routing
 * observes.
 */
package dev.switchboard.presence;
