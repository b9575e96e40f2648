/** The web front ends served by the WAR: the visitor widget and the operator console. */
package dev.switchboard.ui;
