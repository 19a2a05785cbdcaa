package io.vrguard.enforcer.core;

import io.vrguard.protocol.CommandRejected;
import io.vrguard.protocol.CommandSigning;
import io.vrguard.protocol.CommandType;
import io.vrguard.protocol.EnforcementCommand;
import io.vrguard.protocol.HmacKeyRing;
import io.vrguard.protocol.SignedCommand;
import io.vrguard.protocol.WireFormatException;
import io.vrguard.protocol.WireJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Authenticity, in the order: the record decodes, its HMAC verifies under a configured key id and it is
 * addressed to this host, or to the whole fleet ({@value #FLEET}) when it is a stop or a resume
 * ({@link #authenticate}); then it is within its validity ({@link #checkValidity}).
 * {@link CommandHandler} looks the id up in the ledger between the two: a command already handled keeps its
 * recorded result even when it comes back after its expiry.
 */
public final class CommandAdmission {
    /** A signed command with a few changes is a few KiB; anything this large is not one of ours. */
    public static final int MAX_RECORD_BYTES = 64 * 1024;
    /**
     * The host (and record key) of a command for every enforcer: only {@link CommandType#STOP} and
     * {@link CommandType#RESUME} may be addressed so. docs/wire-schema.md, {@code SignedCommand}.
     */
    public static final String FLEET = "*";

    private final HmacKeyRing keys;
    private final String hostId;
    private final Clock clock;
    private final Duration clockSkew;

    public CommandAdmission(HmacKeyRing keys, String hostId, Clock clock, Duration clockSkew) {
        if (FLEET.equals(hostId)) {
            throw new IllegalArgumentException("host id '" + FLEET + "' addresses the whole fleet; it cannot be a"
                    + " host's own");
        }
        this.keys = keys;
        this.hostId = hostId;
        this.clock = clock;
        this.clockSkew = clockSkew;
    }

    /**
     * The record is a command signed under a configured key, for this host or a stop/resume for the whole fleet;
     * says nothing about its time.
     */
    public EnforcementCommand authenticate(byte[] record) {
        if (record == null || record.length == 0) {
            throw new RejectedException(Rejection.MALFORMED, "empty record");
        }
        if (record.length > MAX_RECORD_BYTES) {
            throw new RejectedException(Rejection.OVERSIZED, "record of " + record.length + " bytes, limit "
                    + MAX_RECORD_BYTES);
        }
        SignedCommand signed;
        try {
            signed = WireJson.decode(record, SignedCommand.class);
        } catch (WireFormatException e) {
            throw new RejectedException(Rejection.MALFORMED, e.getMessage());
        }
        EnforcementCommand command;
        try {
            command = CommandSigning.verify(signed, keys);
        } catch (CommandRejected e) {
            throw new RejectedException(e.code(), e.getMessage());
        }
        if (command.id() == null || command.id().isBlank() || command.type() == null
                || command.expiresAt() == null) {
            throw new RejectedException(Rejection.MALFORMED, "command lacks id, type or expiresAt");
        }
        if (FLEET.equals(command.host())) {
            if (command.type() != CommandType.STOP && command.type() != CommandType.RESUME) {
                throw new RejectedException(Rejection.FLEET_COMMAND_TYPE, "command " + command.id() + " of type "
                        + command.type().wireName() + " is addressed to the whole fleet ('" + FLEET
                        + "'); only stop and resume may be");
            }
        } else if (!hostId.equals(command.host())) {
            throw new RejectedException(Rejection.WRONG_HOST, "command " + command.id() + " is addressed to '"
                    + command.host() + "', this host is '" + hostId + "'");
        }
        return command;
    }

    /**
     * The command is within its validity now: not expired, not issued in the future beyond the clock skew. A
     * signed {@code stop} is honoured even late: stopping is the safe direction, and an enforcer that was down or
     * behind when the fleet was stopped must stop when it reads it (a later {@code resume} on the same partition
     * lifts it in order); a late {@code resume} or change is refused as any expired command.
     */
    public void checkValidity(EnforcementCommand command) {
        Instant now = clock.instant();
        if (!now.isBefore(command.expiresAt()) && command.type() != CommandType.STOP) {
            throw new RejectedException(Rejection.EXPIRED, "command " + command.id() + " expired at "
                    + command.expiresAt() + " (now " + now + ")");
        }
        if (command.issuedAt() != null && command.issuedAt().isAfter(now.plus(clockSkew))) {
            throw new RejectedException(Rejection.NOT_YET_VALID, "command " + command.id() + " is issued at "
                    + command.issuedAt() + ", in the future (now " + now + ")");
        }
    }
}
