/** Which agents are online, away or offline, cluster-wide, and when one was last seen. */
package dev.switchboard.presence;
