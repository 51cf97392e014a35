package io.leadpool.pool.pool;

import io.leadpool.platform.problem.ProblemException;
import io.leadpool.platform.problem.ProblemException.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /pools} and {@code PUT /pools/{id}}: everything an admin decides about a pool.
 * {@code rules} may be left out (no limits) and replaced later through {@code PUT /pools/{id}/rules}.
 */
public record PoolDefinition(String name, String description, List<String> admins, PoolScope scope,
        PoolRouting routing, PoolRules rules) {

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 1000;
    static final int MAX_LIST = 200;
    static final int MAX_PRIORITY = 1000;

    /** Refuses a definition that cannot be applied, naming every bad field; {@code tiers} are the tenant's. */
    public PoolDefinition validated(java.util.Set<String> tiers) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "1 to " + MAX_NAME + " characters"));
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            errors.add(new FieldError("description", "at most " + MAX_DESCRIPTION + " characters"));
        }
        size(errors, "admins", admins);
        if (scope != null) {
            size(errors, "scope.users", scope.users());
            size(errors, "scope.teams", scope.teams());
            size(errors, "scope.roles", scope.roles());
        }
        if (routing != null) {
            if (routing.priority() != null && (routing.priority() < 0 || routing.priority() > MAX_PRIORITY)) {
                errors.add(new FieldError("routing.priority", "between 0 and " + MAX_PRIORITY));
            }
            if (routing.match() != null) {
                size(errors, "routing.match.region", routing.match().region());
                size(errors, "routing.match.industry", routing.match().industry());
                size(errors, "routing.match.product", routing.match().product());
                size(errors, "routing.match.channel", routing.match().channel());
                size(errors, "routing.match.campaign", routing.match().campaign());
            }
        }
        if (rules != null) {
            try {
                rules.validated(tiers);
            } catch (ProblemException e) {
                errors.addAll(e.prefixed("rules.").fieldErrors());
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return this;
    }

    private static void size(List<FieldError> errors, String field, List<String> values) {
        if (values != null && (values.size() > MAX_LIST || values.stream().anyMatch(v -> v == null || v.isBlank()))) {
            errors.add(new FieldError(field, "at most " + MAX_LIST + " non-empty entries"));
        }
    }

    public void applyTo(Pool pool) {
        pool.name = name.trim();
        pool.description = description;
        pool.admins = new Pool.Administrators(admins);
        pool.scope = scope == null ? PoolScope.everyone() : scope;
        pool.routing = routing == null ? PoolRouting.none() : routing;
        if (rules != null) {
            pool.rules = rules;
        }
    }
}
