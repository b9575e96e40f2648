/**
 * Teams and routing: which agents see a conversation (its team's members, its assignee,
 * supervisors) and who gets it (automatic assignment per team, capacity, the waiting queue).
 */
package dev.switchboard.routing;
