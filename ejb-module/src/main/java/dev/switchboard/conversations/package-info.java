/** A visitor's conversation with the support desk: who may see it, its status and summary. */
package dev.switchboard.conversations;
