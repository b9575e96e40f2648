/**
 * Starts Switchboard locally: an embedded PostgreSQL and Artemis broker unless real ones are
 * configured, and Payara Micro instances in their own processes. The tests use it for clusters.
 */
package dev.switchboard.launcher;
