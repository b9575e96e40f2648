/** Who talks: agents (with passwords and roles), visitors, and the tokens both hold. */
package dev.switchboard.participants;
