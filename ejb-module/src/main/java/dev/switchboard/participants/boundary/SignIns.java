package dev.switchboard.participants.boundary;

import dev.switchboard.participants.entity.Participant;
import dev.switchboard.platform.ChatException;
import dev.switchboard.platform.ErrorCode;
import dev.switchboard.platform.RateLimit;
import dev.switchboard.platform.RateLimits;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Password checks with their limits, counted by the whole cluster: every attempt takes a place
 * among its account's and its address's failures before a password is looked at (a burst of guesses
 * gets no more than the limit), and gives it back when it was no failure. Outside any transaction:
 * the counts and the sign-in each have their own, one connection at a time.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SignIns {

  @EJB Agents agents;

  @EJB RateLimits limits;

  /** {@link Agents#login}, from {@code address} (null: exempt from the limit per address). */
  public Agents.Login signIn(String username, String password, String address) {
    String account = username == null ? null : username.toLowerCase(Locale.ROOT);
    return limited(
        account, address, ErrorCode.UNAUTHORIZED, () -> agents.login(username, password));
  }

  /** {@link Agents#changePassword}: wrong current passwords count as failed sign-ins. */
  public void changePassword(
      Participant me, String token, String currentPassword, String newPassword, String address) {
    limited(
        "id:" + me.id(),
        address,
        ErrorCode.FORBIDDEN,
        () -> {
          agents.changePassword(me, token, currentPassword, newPassword);
          return null;
        });
  }

  /** Runs the check; a refusal with {@code failure}'s code counts, anything else is given back. */
  private <T> T limited(String account, String address, ErrorCode failure, Supplier<T> check) {
    limits.take(RateLimit.SIGN_IN_FAILURES_PER_ADDRESS, address);
    try {
      limits.take(RateLimit.SIGN_IN_FAILURES_PER_USER, account);
    } catch (ChatException e) {
      limits.giveBack(RateLimit.SIGN_IN_FAILURES_PER_ADDRESS, address);
      throw e;
    }
    boolean failed = false;
    try {
      return check.get();
    } catch (ChatException e) {
      failed = e.code() == failure;
      throw e;
    } finally {
      if (!failed) {
        limits.giveBack(RateLimit.SIGN_IN_FAILURES_PER_USER, account);
        limits.giveBack(RateLimit.SIGN_IN_FAILURES_PER_ADDRESS, address);
      }
    }
  }
}
