package io.leadpool.pool.lead;

import io.leadpool.platform.tenancy.Actor;
import io.leadpool.pool.pool.PoolRules;

/**
 * Who may see what of a lead. Admins and managers see every lead of their tenant; reps see the pool
 * and their own book. Contacts of a lead in a masking pool are hidden from everyone but admins.
 */
public final class LeadAccess {

    private LeadAccess() {
    }

    public static boolean canSee(Actor actor, Lead lead) {
        return actor.seesAllLeads() || lead.state == LeadState.IN_POOL || lead.isOwnedBy(actor.userId());
    }

    public static boolean showsContacts(Actor actor, Lead lead, PoolRules rules) {
        return lead.state != LeadState.IN_POOL || !rules.masks() || actor.has(Actor.LEAD_ADMIN);
    }
}
