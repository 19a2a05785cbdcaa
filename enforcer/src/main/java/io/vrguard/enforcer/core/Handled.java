package io.vrguard.enforcer.core;

import io.vrguard.protocol.ActionResult;

/**
 * What handling one record produced.
 *
 * @param rejection        the rejection code when the command was rejected (a metric tag), else null
 * @param alreadyPublished a redelivery whose result the broker already acknowledged: publish nothing
 */
public record Handled(ActionResult result, String rejection, boolean alreadyPublished) {
}
