/**
 * Teams: which agents see a conversation (its team's members, its assignee, supervisors), who gets
 * it (automatic routing per team, capacity, the waiting queue) and the team's canned responses.
 */
package dev.switchboard.teams;
