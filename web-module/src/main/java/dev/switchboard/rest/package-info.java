/** The HTTP edge: credentials and conversation reads, translated to and from the boundaries. */
package dev.switchboard.rest;
