package dev.nanite.internal.security;

import com.google.protobuf.InvalidProtocolBufferException;
import com.rabbitmq.client.AMQP;
import dev.nanite.AccountPolicy;
import dev.nanite.Signing;
import dev.nanite.TrustedKeys;
import dev.nanite.internal.amqp.Packets.BadPacketException;
import dev.nanite.internal.amqp.Packets;
import dev.nanite.internal.amqp.RateLimitedLog;
import dev.nanite.internal.protocol.Packet;
import dev.nanite.internal.protocol.Request;
import dev.nanite.internal.protocol.Signed;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every packet a process consumes comes in: parsed, its signature checked and unwrapped,
 * its claimed identity held against the account that published it, and a signed request held
 * against the ones already taken. Open mode (no policy, no signing) only parses. What it
 * refuses it counts and logs, once per interval per sender and kind. A sender (an account)
 * whose packets failed their signature check, or were copies of requests taken, more than
 * {@link Floods#LIMIT} times in a second is dropped unread for the rest of it: those are the
 * refusals that cost a signature check. The others cost a parse and a look-up, and silencing
 * for them would let a forger silence every process that shares its account.
 * Thread-safe.
 */
public final class Gate {
  private static final Logger log = LoggerFactory.getLogger(Gate.class);
  /** The longest a signed request stays fresh, whatever its deadline. */
  private static final long MAX_REQUEST_AGE_MILLIS = Duration.ofHours(1).toMillis();
  /** The policy of signing without secure mode: keys bind identities, accounts do not. */
  private static final AccountPolicy ANY_ACCOUNT = (account, identity) -> true;

  private final String owner;
  private final String self;
  private final AccountPolicy policy;
  private final Signing signing;
  private final int maxPacketBytes;
  private final SecurityStats stats;
  private final Floods floods = new Floods();
  private final ReplayCache replays = new ReplayCache();
  private final RateLimitedLog warnings = new RateLimitedLog(log, Duration.ofSeconds(10));

  /** A packet let in, with the broker account it was published as (empty if it said none). */
  public record Admitted(Packet packet, String account) {}

  /**
   * @param owner names the process in logs ("Agent billing-1")
   * @param policy the account policy of secure mode, or null for open mode
   * @param signing how signatures are checked, or null not to check them
   */
  public Gate(String owner, AccountPolicy policy, Signing signing, int maxPacketBytes,
      SecurityStats stats) {
    this(owner, "", policy, signing, maxPacketBytes, stats);
  }

  /**
   * @param self the identity of this process when it is an agent, whose signed requests must be
   *     for it (or for several); empty to take requests for any agent
   */
  public Gate(String owner, String self, AccountPolicy policy, Signing signing,
      int maxPacketBytes, SecurityStats stats) {
    this.self = self;
    this.owner = owner;
    this.policy = policy;
    this.signing = signing;
    this.maxPacketBytes = maxPacketBytes;
    this.stats = stats;
  }

  /**
   * Whether this process knows who sent each packet it takes: by its account (secure mode), or
   * by its signature, which binds the identity it claims to a key. A mapper then takes a result
   * only from the agent its call was sent to: with signing alone, a trusted agent that learned
   * a call's token could otherwise answer a call sent to another.
   */
  public boolean secure() {
    return policy != null || signing != null;
  }

  /** The largest packet taken, in bytes. */
  public int maxPacketBytes() {
    return maxPacketBytes;
  }

  /**
   * The account policy of secure mode; with signing alone (identities bound by keys, not by
   * accounts), one that lets every account claim every identity and serve every path.
   */
  public AccountPolicy policy() {
    return policy != null ? policy : ANY_ACCOUNT;
  }

  /**
   * Lets a message in, or says why not.
   *
   * @throws BadPacketException if it is not a packet this runtime takes (not counted here)
   * @throws RefusedException if it is refused for security (counted and logged here)
   */
  public Admitted admit(AMQP.BasicProperties properties, byte[] body)
      throws BadPacketException, RefusedException {
    return admit(properties, body, false);
  }

  /**
   * Like {@link #admit(AMQP.BasicProperties, byte[])}, for a delivery the broker may have made
   * before: a signed request it redelivers (after a connection loss) is let in again, for the
   * agent to run it again or answer {@code nanite.Redelivered}. Only the broker sets the flag.
   */
  public Admitted admit(AMQP.BasicProperties properties, byte[] body, boolean redelivered)
      throws BadPacketException, RefusedException {
    String account = properties == null || properties.getUserId() == null ? ""
        : properties.getUserId();
    long now = System.currentTimeMillis();
    boolean checking = policy != null || signing != null;
    if (checking) {
      Refusal silenced = floods.silenced(account, now);
      if (silenced != null) {
        stats.of(silenced).incrementAndGet();
        throw new RefusedException(silenced, "account '" + account + "' was refused more than "
            + Floods.LIMIT + " times this second: its packets are dropped unread", null);
      }
    }
    Packet packet = Packets.parse(body, maxPacketBytes);
    Signed signed = packet.hasSigned() ? packet.getSigned() : null;
    if (signed != null) {
      packet = open(signed, account, now);
      if (signing != null && packet.hasRequest() && !self.isEmpty()
          && !packet.getRequest().getAgent().isEmpty()
          && !packet.getRequest().getAgent().equals(self)) {
        throw refuseVerified(Refusal.REPLAYED, account, packet, aDescribed(packet)
            + ", signed for agent '" + packet.getRequest().getAgent() + "', sent to this one");
      }
      if (signing != null && packet.hasRequest() && !redelivered
          && replays.seen(replayKey(packet), now)) {
        throw copy(packet, account);
      }
    } else if (signing != null && signing.requireSigned()) {
      throw refuse(Refusal.BAD_SIGNATURE, account, packet, "an unsigned "
          + describe(packet) + ": this fabric takes signed packets only");
    }
    if (policy != null) {
      String identity = claimed(packet);
      if (account.isBlank()) { // Qpid passes a blank user-id on unchecked
        throw refuse(Refusal.FORBIDDEN, account, packet, aDescribed(packet)
            + " without a user-id: secure mode takes only packets that name their broker"
            + " account");
      }
      if (!policy.mayClaim(account, identity)) {
        throw refuse(Refusal.FORBIDDEN, account, packet, aDescribed(packet)
            + ": account '" + account + "' may not act as '" + identity + "'");
      }
    }
    if (signed != null && signing != null && packet.hasRequest() && !redelivered) {
      // Remembered last, once everything else holds: a copy refused for its account must not
      // take the place of the real request, which would then be refused as the copy.
      firstSight(packet, signed.getSignedAtUnixMillis(), account, now);
    }
    return new Admitted(packet, account);
  }

  /** Checks a signed packet and returns the packet inside. */
  private Packet open(Signed signed, String account, long now)
      throws BadPacketException, RefusedException {
    Packet inner;
    try {
      inner = Packet.parseFrom(signed.getPacket());
    } catch (InvalidProtocolBufferException e) {
      throw new BadPacketException("a signed packet holding no packet: " + e.getMessage());
    }
    if (inner.getVersion() != Packets.VERSION || inner.getBodyCase() == Packet.BodyCase.BODY_NOT_SET
        || inner.hasSigned()) {
      throw new BadPacketException("a signed packet holding a packet of version "
          + inner.getVersion() + " and kind " + inner.getBodyCase());
    }
    if (signing == null) {
      return inner; // a process that does not sign takes signed packets as they are
    }
    String identity = claimed(inner);
    Optional<TrustedKeys.Key> key = signing.trusted().get(signed.getKeyId());
    if (key.isEmpty()) {
      throw refuse(Refusal.BAD_SIGNATURE, account, inner, aDescribed(inner)
          + " signed with key '" + signed.getKeyId() + "', which is not trusted here");
    }
    if (!key.get().signsFor(identity)) {
      throw refuse(Refusal.BAD_SIGNATURE, account, inner, aDescribed(inner)
          + " signed with key '" + signed.getKeyId() + "', which signs for '"
          + key.get().identities() + "' only");
    }
    long signedAt = signed.getSignedAtUnixMillis();
    long window = signing.window().toMillis();
    long freshUntil = Math.max(signedAt + window, requestDeadline(inner, signedAt));
    if (signedAt > now + window || now > freshUntil) {
      throw refuse(Refusal.REPLAYED, account, inner, aDescribed(inner) + " signed "
          + Math.abs(now - signedAt) / 1000 + " s " + (signedAt > now ? "ahead" : "ago")
          + ", outside the window of " + signing.window().toSeconds() + " s (a replay, or"
          + " clocks apart)");
    }
    if (!Seals.verify(signed, key.get().publicKey())) {
      throw refuseVerified(Refusal.BAD_SIGNATURE, account, inner, aDescribed(inner)
          + " whose signature by key '" + signed.getKeyId() + "' does not hold: it was"
          + " changed on the way, or not signed by that key");
    }
    return inner;
  }

  /** Remembers a signed request taken, or refuses it as a copy of one taken already. */
  private void firstSight(Packet inner, long signedAt, String account, long now)
      throws RefusedException {
    long freshUntil = Math.max(signedAt + signing.window().toMillis(),
        requestDeadline(inner, signedAt));
    long deadline = inner.getRequest().getDeadlineUnixMillis();
    long remember = deadline > 0 ? Math.min(deadline, freshUntil) : freshUntil;
    if (!replays.firstSight(replayKey(inner), remember, now)) {
      throw copy(inner, account);
    }
  }

  /** What tells a signed request from every other: where it is answered, and its token. */
  private static String replayKey(Packet inner) {
    Request request = inner.getRequest();
    return (request.getReplyTo().isEmpty() ? "push " + request.getMapper()
        : request.getReplyTo()) + "\n" + request.getToken();
  }

  /**
   * Refuses a copy of a request taken already, without the packet, so that it is not answered:
   * the answer would go to the caller of the request it copies, under that request's token and
   * signed by this agent, and fail the call if it is still waiting for the real one.
   */
  private RefusedException copy(Packet inner, String account) {
    return refuseVerified(Refusal.REPLAYED, account, null, "a copy of " + describe(inner)
        + ", which was taken already");
  }

  /** A signed request stays fresh until its deadline, if later than the window (at most 1 h). */
  private static long requestDeadline(Packet packet, long signedAt) {
    long deadline = packet.hasRequest() ? packet.getRequest().getDeadlineUnixMillis()
        : packet.hasPark() ? packet.getPark().getRequest().getDeadlineUnixMillis() : 0;
    return Math.min(deadline, signedAt + MAX_REQUEST_AGE_MILLIS);
  }

  /**
   * A refusal decided with a parse and a look-up, about what taking the packet would have cost:
   * it does not count toward silencing the account. Processes may share an account (the
   * embedded broker has only one), and a forger would silence them all with cheap forgeries.
   */
  private RefusedException refuse(Refusal refusal, String account, Packet packet,
      String message) {
    return refused(refusal, account, packet, message);
  }

  /** A refusal that cost a signature check: it counts toward silencing the account. */
  private RefusedException refuseVerified(Refusal refusal, String account, Packet packet,
      String message) {
    floods.refused(account, refusal, System.currentTimeMillis());
    return refused(refusal, account, packet, message);
  }

  private RefusedException refused(Refusal refusal, String account, Packet packet,
      String message) {
    stats.of(refusal).incrementAndGet();
    warnings.warn(refusal + " " + account, "{} refused {} (published as account '{}')", owner,
        message, account);
    return new RefusedException(refusal, message, packet);
  }

  /** The identity a packet speaks for: the agent or the mapper that sent it. */
  public static String claimed(Packet packet) {
    return switch (packet.getBodyCase()) {
      case REGISTER -> packet.getRegister().getIdentity();
      case UNREGISTER -> packet.getUnregister().getIdentity();
      case PING -> packet.getPing().getIdentity();
      case RESULT -> packet.getResult().getAgent();
      case REQUEST -> packet.getRequest().getMapper();
      case ADVERTISE -> packet.getAdvertise().getMapper();
      case PROBE -> packet.getProbe().getMapper();
      case PARK -> packet.getPark().getRequest().getMapper();
      case CANCEL -> packet.getCancel().getMapper();
      default -> "";
    };
  }

  /** The packet described with its article: "a ping from 'x'", "an advertise from 'y'". */
  private static String aDescribed(Packet packet) {
    String described = describe(packet);
    return ("aeiou".indexOf(described.charAt(0)) >= 0 ? "an " : "a ") + described;
  }

  private static String describe(Packet packet) {
    String identity = claimed(packet);
    String kind = packet.getBodyCase().name().toLowerCase(java.util.Locale.ROOT);
    String what = packet.hasRequest() ? kind + " for " + packet.getRequest().getPath() : kind;
    return what + " from '" + identity + "'";
  }

  /**
   * Logs and counts a refusal decided elsewhere (an agent's caller policy, a result's sender).
   * It cost little to decide, so it does not count toward silencing the sender.
   */
  public RefusedException refuse(Refusal refusal, String account, String message) {
    return refused(refusal, account, null, message);
  }
}
