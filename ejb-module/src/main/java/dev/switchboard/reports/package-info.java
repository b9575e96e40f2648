/**
 * Reports: what supervisors read about their support over a period, per day, team and agent
 * (conversations started, resolved and waiting, first response and resolution times, ratings).
 */
package dev.switchboard.reports;
