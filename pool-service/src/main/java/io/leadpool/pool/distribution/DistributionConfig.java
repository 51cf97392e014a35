package io.leadpool.pool.distribution;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Automatic distribution's service-wide settings (a pool's own are in its rules). */
@ConfigMapping(prefix = "leadpool.distribution")
public interface DistributionConfig {

    /**
     * How often each replica looks for pools whose backlog run is due ({@code distributionOptions.backlogEvery});
     * {@code off} disables the scheduled runs. A run is claimed per pool, so replicas never run one twice.
     */
    @WithDefault("1m")
    String backlogCheckEvery();

    /** At most this many leads of a pool's backlog per run (and per admin-started run). */
    @WithDefault("500")
    int backlogBatch();

    /**
     * WEIGHTED: the prior, in leads, that pulls a rep's conversion rate towards everyone's (a rep with little
     * history counts as average).
     */
    @WithDefault("10")
    double performancePrior();
}
