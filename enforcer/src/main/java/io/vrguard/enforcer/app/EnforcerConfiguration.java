package io.vrguard.enforcer.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vrguard.discovery.HostRoots;
import io.vrguard.discovery.MergedDiscovery;
import io.vrguard.discovery.VrDiscovery;
import io.vrguard.enforcer.core.CommandHandler;
import io.vrguard.enforcer.core.EnforcerCore;
import io.vrguard.enforcer.core.Limits;
import io.vrguard.enforcer.fs.HostKnobs;
import io.vrguard.enforcer.fs.OnlineCpus;
import io.vrguard.enforcer.fs.ProcessRunner;
import io.vrguard.enforcer.kafka.EnforcerMetrics;
import io.vrguard.enforcer.store.FileCommandLedger;
import io.vrguard.enforcer.store.FileLimitHistory;
import io.vrguard.enforcer.store.FileOriginalValues;
import io.vrguard.enforcer.store.FileStopState;
import io.vrguard.protocol.HmacKeyRing;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the pure core to its adapters. */
@Configuration(proxyBeanMethods = false)
public class EnforcerConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(EnforcerConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    HostRoots hostRoots(EnforcerProperties p) {
        return new HostRoots(p.roots().proc(), p.roots().sys(), p.roots().cgroup(), p.roots().run());
    }

    /** The collector's discovery: the inventory (when given) over libvirt over LXC, under the same roots. */
    @Bean
    @ConditionalOnMissingBean
    VrDiscovery vrDiscovery(EnforcerProperties p, HostRoots roots) {
        return MergedDiscovery.forHost(roots, p.inventory(), p.cgroupBase());
    }

    @Bean
    FileStopState stopState(EnforcerProperties p) {
        return new FileStopState(p.stateDir(), p.stopFlag());
    }

    @Bean
    CommandHandler commandHandler(EnforcerProperties p, Clock clock, VrDiscovery discovery, HostRoots roots,
            FileStopState stop, MeterRegistry registry) {
        Limits limits = new Limits(p.maxFactor(), p.cooldown(), p.rateLimit(), p.rateWindow(), p.clockSkew(),
                p.minQuotaPercent());
        FileOriginalValues originals = new FileOriginalValues(p.stateDir());
        HmacKeyRing keys = KeyLoader.load(p.keys(), p.keyDir(), System::getenv);
        LOG.info("HMAC key ids {}{}", keys.ids(), p.keyDir() == null ? "" : " (re-read on change from " + p.keyDir()
                + ")"); // ids only: a secret never reaches a log
        EnforcerCore core = new EnforcerCore(p.hostId(), p.mode(), keys, limits,
                clock, discovery, new HostKnobs(roots, new ProcessRunner(p.helperTimeout())),
                new OnlineCpus(roots.sys()), new FileCommandLedger(p.stateDir(), clock), originals, stop,
                new FileLimitHistory(p.stateDir()));
        Gauge.builder("enforcer.stopped", stop, s -> s.stopped() ? 1 : 0)
                .description("1 while a fleet stop (command or flag file) halts writes").register(registry);
        Gauge.builder("enforcer.originals", originals, o -> o.all().size())
                .description("knobs changed and not yet reverted").register(registry);
        return new CommandHandler(core);
    }

    @Bean
    EnforcerMetrics enforcerMetrics(MeterRegistry registry) {
        return new EnforcerMetrics(registry);
    }
}
