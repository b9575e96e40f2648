/**
 * Teams: which agents see a conversation (its team's members, its assignee, supervisors), each
 * team's routing settings, capacity and hours (routing itself is {@code dev.switchboard.routing}),
 * the queue's figures and the team's canned responses.
 */
package dev.switchboard.teams;
