package io.vrguard.collector.app;

import io.vrguard.protocol.HostSample;

/** Where finished samples go (the spool in service mode). */
@FunctionalInterface
public interface SampleSink {
    void accept(HostSample sample) throws Exception;
}
