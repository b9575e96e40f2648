/**
 * Search: agents find messages (PostgreSQL full-text search in a configurable language) and
 * visitors (by name and address) in the conversations they may see.
 */
package dev.switchboard.search;
