package io.leadpool.pool.scoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Lead scoring: when a tenant's model is retrained, and how much history it needs. */
@ConfigMapping(prefix = "leadpool.scoring")
public interface ScoringConfig {

    /**
     * How often each replica looks for tenants whose model is due ({@code off}: never; an admin's retraining still
     * works).
     */
    @WithDefault("10m")
    String checkEvery();

    /** A tenant's model is retrained when it is this old. */
    @WithDefault("P1D")
    Duration retrainEvery();

    /**
     * A lead is an example once it entered this long ago: converted or not by then, its outcome counts (younger
     * leads are left out, or the young unconverted ones would count as failures).
     */
    @WithDefault("P30D")
    Duration labelAfter();

    /** Fewer examples than this: no model, no scores. */
    @WithDefault("200")
    int minExamples();

    /** Fewer converted (or fewer unconverted) examples than this: no model, no scores. */
    @WithDefault("20")
    int minConversions();

    /** At most this many examples, the most recent (the training reads them into memory). */
    @WithDefault("200000")
    int maxExamples();

    /** At most this many values per feature; rarer ones are pooled as one. */
    @WithDefault("200")
    int maxValuesPerFeature();

    /** Leads rescored per transaction after a retraining. */
    @WithDefault("1000")
    int rescoreBatch();
}
