/** Who changed what: agents, roles and assignments, written in the transaction of the change. */
package dev.switchboard.audit;
