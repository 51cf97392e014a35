package io.leadpool.testing.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the security tests need to know about one service beyond its OpenAPI document: for each
 * operation the roles as documented (checked against the document), the fixtures that fill its path
 * parameters and body, and the answer a permitted caller gets (the control that proves the refusals are
 * refusals of the object, not of a broken request). The operations themselves come from the document:
 * an operation without an entry here fails the matrix, and so does an entry without an operation.
 */
public final class ServiceSpec {

    final String service;
    final String database;
    final Map<String, Ref> refs = new LinkedHashMap<>();
    final Map<String, OpSpec> ops = new LinkedHashMap<>();
    final Map<String, String> publicOps = new LinkedHashMap<>();
    final List<ExtraCase> extras = new ArrayList<>();
    final Set<String> ownMarkers = new LinkedHashSet<>();
    final Set<String> foreignMarkers = new LinkedHashSet<>();
    final Set<String> otherRepMarkers = new LinkedHashSet<>();
    final List<String> notes = new ArrayList<>();

    private ServiceSpec(String service, String database) {
        this.service = service;
        this.database = database;
    }

    /** {@code database} is the one the service's tests write to (for the proof that nothing was written). */
    public static ServiceSpec of(String service, String database) {
        return new ServiceSpec(service, database);
    }

    /** A value every operation with a path parameter or body field of that name uses unless it names its own. */
    public ServiceSpec ref(String name, String own, String foreign) {
        return ref(name, own, foreign, null);
    }

    public ServiceSpec ref(String name, String own, String foreign, String otherRep) {
        refs.put(name, new Ref(own, foreign, otherRep));
        return this;
    }

    /** Text of the caller's tenant that no anonymous or refused caller may read (names, contacts). */
    public ServiceSpec ownMarkers(String... markers) {
        add(ownMarkers, markers);
        return this;
    }

    /** Text of the other tenant that no caller of the own tenant may ever read (ids, names, contacts). */
    public ServiceSpec foreignMarkers(String... markers) {
        add(foreignMarkers, markers);
        return this;
    }

    /** Text of another rep's objects that the second rep may never read. */
    public ServiceSpec otherRepMarkers(String... markers) {
        add(otherRepMarkers, markers);
        return this;
    }

    /** An operation without a security requirement, on purpose; its own checks come as {@link #extra}s. */
    public ServiceSpec publicOperation(String key, String reason) {
        publicOps.put(key, reason);
        return this;
    }

    /** A line for the report (a rule the matrix relies on, a field accepted on purpose…). */
    public ServiceSpec note(String note) {
        notes.add(note);
        return this;
    }

    /** The entry of one operation ({@code "POST /api/v1/pools/{poolId}"}) with its roles as documented. */
    public OpSpec op(String key, String... documentedRoles) {
        OpSpec op = new OpSpec(this, key, new TreeSet<>(Arrays.asList(documentedRoles)));
        if (ops.put(key, op) != null) {
            throw new IllegalArgumentException("two entries for " + key);
        }
        return op;
    }

    /**
     * A case of its own (a public endpoint, a check across tenants that is no request of the document):
     * {@code call} makes the request; the answer must meet {@code expect} and contain none of
     * {@code leakMarkers} (unless the request itself carried them, given as {@code sent}).
     */
    public ServiceSpec extra(String kind, String label, Supplier<Answer> call, Expect expect, Set<String> leakMarkers,
            String sent) {
        extras.add(new ExtraCase(kind, label, call, expect, leakMarkers, sent == null ? "" : sent));
        return this;
    }

    public Set<String> ownMarkers() {
        return ownMarkers;
    }

    public Set<String> foreignMarkers() {
        return foreignMarkers;
    }

    public Set<String> otherRepMarkers() {
        return otherRepMarkers;
    }

    public String service() {
        return service;
    }

    Ref ref(OpSpec op, String name) {
        Ref global = refs.get(name);
        Ref local = op.refs.get(name);
        if (local == null) {
            return global;
        }
        if (global == null) {
            return local;
        }
        return new Ref(local.own(), local.foreign() != null ? local.foreign() : global.foreign(),
                local.otherRep() != null ? local.otherRep() : global.otherRep());
    }

    private static void add(Set<String> to, String... markers) {
        for (String m : markers) {
            if (m != null && m.length() >= 6) {
                to.add(m);
            } else if (m != null) {
                throw new IllegalArgumentException("marker '" + m + "' is too short to be told from other text");
            }
        }
    }

    record ExtraCase(String kind, String label, Supplier<Answer> call, Expect expect, Set<String> markers,
            String sent) {
    }

    /** The entry of one operation. */
    public static final class OpSpec {

        private final ServiceSpec parent;
        final String key;
        final Set<String> documentedRoles;
        final Map<String, Ref> refs = new LinkedHashMap<>();
        final Map<String, Expect> foreignExpect = new LinkedHashMap<>();
        Function<Refs, Body> body;
        String controlRole;
        Expect control;
        String noControl;
        Expect otherRep;
        String noOtherRep;
        Map<String, String> headers = Map.of();

        OpSpec(ServiceSpec parent, String key, Set<String> documentedRoles) {
            this.parent = parent;
            this.key = key;
            this.documentedRoles = documentedRoles;
        }

        /** This operation's own object for a parameter (the global ref's foreign and other-rep values stay). */
        public OpSpec own(String name, String value) {
            refs.put(name, new Ref(value, null, null));
            return this;
        }

        public OpSpec ref(String name, String own, String foreign, String otherRep) {
            refs.put(name, new Ref(own, foreign, otherRep));
            return this;
        }

        /** A JSON body written from the case's values. */
        public OpSpec json(Function<Refs, String> json) {
            this.body = r -> Body.json(json.apply(r));
            return this;
        }

        public OpSpec body(Function<Refs, Body> body) {
            this.body = body;
            return this;
        }

        public OpSpec headers(Map<String, String> headers) {
            this.headers = Map.copyOf(headers);
            return this;
        }

        /** What {@code role}'s user of the own tenant gets with the own objects; runs after every refusal. */
        public OpSpec control(String role, Expect expect) {
            this.controlRole = role;
            this.control = expect;
            return this;
        }

        public OpSpec noControl(String reason) {
            this.noControl = reason;
            return this;
        }

        /**
         * The answer when the value {@code name} is the other tenant's (default: 404 for a path parameter;
         * 400 or 404 for a body field).
         */
        public OpSpec foreign(String name, Expect expect) {
            foreignExpect.put(name, expect);
            return this;
        }

        /** The answer to the second rep acting on the first rep's object (default 404). */
        public OpSpec otherRep(Expect expect) {
            this.otherRep = expect;
            return this;
        }

        /** Why a rep-callable operation has no other-rep case. */
        public OpSpec noOtherRep(String reason) {
            this.noOtherRep = reason;
            return this;
        }

        /** The next operation's entry. */
        public OpSpec op(String key, String... documentedRoles) {
            return parent.op(key, documentedRoles);
        }

        /** Back to the service's spec. */
        public ServiceSpec spec() {
            return parent;
        }
    }
}
