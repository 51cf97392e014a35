package io.leadpool.dedup.identity;

/**
 * What a tenant does when a new lead's company resembles an existing lead's: {@code BLOCK} (a duplicate,
 * like a person match), {@code FLAG} (accepted, and a conflict opened for arbitration) or {@code ALLOW}
 * (no company check). {@code threshold} is the pg_trgm similarity from which names match.
 */
public record Policy(CompanyMatch companyMatch, double threshold) {

    public enum CompanyMatch {
        BLOCK, FLAG, ALLOW
    }
}
