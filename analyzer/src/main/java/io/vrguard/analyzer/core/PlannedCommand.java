package io.vrguard.analyzer.core;

import io.vrguard.protocol.EnforcementCommand;

/**
 * A remedy the analyzer decided on. Only {@link Mode#AUTO} plans are signed and sent to the enforcer;
 * {@link Mode#ADVISE} plans are published for people.
 *
 * @param step   {@code shares}, {@code quota}, {@code steer} or {@code revert}
 * @param victim the VR the remedy is for
 */
public record PlannedCommand(EnforcementCommand command, Mode mode, String step, String victim) {
}
