/** Labels: the names and colours supervisors keep, which agents put on conversations. */
package dev.switchboard.labels;
