package io.leadpool.testing.security;

import static io.leadpool.testing.security.Cast.FOREIGN;
import static io.leadpool.testing.security.Cast.OWN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadpool.testing.TestTokens;
import io.leadpool.testing.security.ServiceSpec.OpSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The security tests of one running service, generated from its OpenAPI document and its
 * {@link ServiceSpec}:
 * <ul>
 * <li>{@link #matrix()}: every protected operation refuses missing and bad tokens (401), the roles it
 * does not name (403), the other tenant's objects (404, as if they did not exist) and, where reps own
 * objects, another rep's (404 or what the spec says), never showing the foreign object's data; each
 * operation's control shows the same request passes with the caller's own object;</li>
 * <li>{@link #massAssignment()}: every JSON body with a server-owned field added (one at a time, each
 * field the body's schema does not declare) is refused with 400 {@code UNKNOWN_FIELD} and writes
 * nothing;</li>
 * <li>{@link #pathNormalisation()}: spellings of every protected path ({@code //}, {@code ;x},
 * {@code %2F}, {@code /../}, case…) without a token or with a role that must not pass never answer 2xx
 * and never show data.</li>
 * </ul>
 */
public final class SecurityMatrix {

    /** Fields a server sets, never a client; each must be refused where the request's schema lacks it. */
    public static final Map<String, Object> SERVER_OWNED = serverOwned();

    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceSpec spec;
    private final RawHttp http;
    private final OpenApi api;
    private final List<ApiOperation> operations;
    private final Set<String> universe;

    public SecurityMatrix(URI base, ServiceSpec spec) {
        this.spec = spec;
        this.http = new RawHttp(base);
        this.api = OpenApi.fetch(base);
        this.operations = ordered(api.operations(), spec);
        this.universe = new LinkedHashSet<>(Cast.ROLES);
        operations.stream().filter(ApiOperation::secured).forEach(op -> universe.addAll(op.roles()));
    }

    public RawHttp http() {
        return http;
    }

    public List<ApiOperation> operations() {
        return operations;
    }

    // ---------------------------------------------------------------- the matrix

    public Report matrix() {
        Report r = new Report("SECURITY MATRIX", spec.service, "leaks");
        coverage(r);
        int secured = 0;
        for (ApiOperation op : operations) {
            OpSpec os = spec.ops.get(op.key());
            if (!op.secured() || os == null || !complete(op, os)) {
                continue;
            }
            secured++;
            unauthenticated(r, op, os);
            wrongRoles(r, op, os);
            foreignTenant(r, op, os);
            otherRep(r, op, os);
            reads(r, op, os);
        }
        for (String path : List.of("/q/health/ready", "/q/openapi", "/q/metrics")) {
            Answer a = http.send("GET", path, null, null);
            check(r, "public", "GET " + path + " without a token", a, Expect.status(200), allMarkers(), path);
        }
        for (ServiceSpec.ExtraCase e : spec.extras) {
            Answer a = e.call().get();
            check(r, e.kind(), e.label(), a, e.expect(), e.markers(), e.sent());
        }
        for (ApiOperation op : operations) {
            OpSpec os = spec.ops.get(op.key());
            if (op.secured() && os != null && os.control != null && complete(op, os)) {
                Answer a = call(op, os, own(os), Cast.token(OWN, os.controlRole));
                check(r, "control", op + " as " + os.controlRole + " with the own objects", a, os.control,
                        spec.foreignMarkers, "");
            }
        }
        r.detail(secured + " protected operations, " + spec.publicOps.size() + " public: " + spec.publicOps);
        r.detail("roles: " + universe + " + a token without suite roles");
        spec.notes.forEach(n -> r.detail("note: " + n));
        return r;
    }

    /** Every operation of the document has an entry, every entry an operation, every parameter a fixture. */
    private void coverage(Report r) {
        Set<String> keys = new LinkedHashSet<>();
        for (ApiOperation op : operations) {
            keys.add(op.key());
            OpSpec os = spec.ops.get(op.key());
            if (!op.secured()) {
                if (!spec.publicOps.containsKey(op.key())) {
                    r.fail(op + " has no security requirement and is not declared public: a forgotten @RolesAllowed?");
                }
                continue;
            }
            if (spec.publicOps.containsKey(op.key())) {
                r.fail(op + " is declared public but requires " + op.roles());
            }
            if (os == null) {
                r.fail(op + " has no entry in the matrix of " + spec.service + " (roles " + op.roles()
                        + "): add one with its fixtures and control");
                continue;
            }
            if (!os.documentedRoles.equals(op.roles())) {
                r.fail(op + " allows " + op.roles() + " but its entry documents " + os.documentedRoles);
            }
            if (os.control == null && os.noControl == null) {
                r.fail(op + " has no control (the call that must pass with the own objects)");
            }
            if (!op.bodyTypes().isEmpty() && os.body == null) {
                r.fail(op + " takes " + op.bodyTypes() + " but its entry has no sample body");
            }
            for (String p : op.pathParams()) {
                Ref ref = spec.ref(os, p);
                if (ref == null || ref.own() == null) {
                    r.fail(op + ": no fixture for path parameter {" + p + "}");
                } else if (ref.foreign() == null) {
                    r.fail(op + ": no other-tenant fixture for path parameter {" + p + "}");
                }
            }
            if (os.noOtherRep != null) {
                r.detail("no other-rep case for " + op + ": " + os.noOtherRep);
            }
            if (os.noControl != null) {
                r.detail("no control for " + op + ": " + os.noControl);
            }
        }
        for (String key : spec.ops.keySet()) {
            if (!keys.contains(key)) {
                r.fail("the entry " + key + " names no operation of the OpenAPI document");
            }
        }
        for (String key : spec.publicOps.keySet()) {
            if (!keys.contains(key)) {
                r.fail("the public operation " + key + " is not in the OpenAPI document");
            }
        }
    }

    private boolean complete(ApiOperation op, OpSpec os) {
        for (String p : op.pathParams()) {
            Ref ref = spec.ref(os, p);
            if (ref == null || ref.own() == null || ref.foreign() == null) {
                return false;
            }
        }
        return op.bodyTypes().isEmpty() || os.body != null;
    }

    private void unauthenticated(Report r, ApiOperation op, OpSpec os) {
        String role = actorRole(op, os);
        String user = Cast.user(role);
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        tokens.put("expired", TestTokens.expired(OWN, user, role));
        tokens.put("acme issuer signed with globex's key", TestTokens.forged(OWN, FOREIGN, user, role));
        tokens.put("globex issuer signed with acme's key", TestTokens.forged(FOREIGN, OWN, user, role));
        tokens.put("wrong audience", TestTokens.wrongAudience(OWN, user, role));
        tokens.put("unknown issuer (realm initech)", TestTokens.unknownIssuer("initech", user, role));
        tokens.put("acme realm on another identity provider", TestTokens.foreignHost(OWN, user, role));
        tokens.put("alg none", TestTokens.unsigned(OWN, user, role));
        tokens.put("not a JWT", "not-a-jwt");
        Refs own = own(os);
        tokens.forEach((label, token) -> check(r, "401", op + " [" + label + "]", call(op, os, own, token),
                Expect.status(401), allMarkers(), sent(op, os, own)));
    }

    private void wrongRoles(Report r, ApiOperation op, OpSpec os) {
        Refs own = own(os);
        if (!op.roles().isEmpty()) {
            check(r, "403", op + " [valid token, no suite role]", call(op, os, own, Cast.noRole()),
                    Expect.status(403), allMarkers(), sent(op, os, own));
        }
        for (String role : universe) {
            if (!op.allows(role)) {
                check(r, "403", op + " [" + role + "]", call(op, os, own, Cast.token(OWN, role)),
                        Expect.status(403), allMarkers(), sent(op, os, own));
            }
        }
    }

    private void foreignTenant(Report r, ApiOperation op, OpSpec os) {
        for (String p : op.pathParams()) {
            Refs refs = with(os, p, spec.ref(os, p).foreign());
            Expect expect = os.foreignExpect.getOrDefault(p, Expect.status(404));
            for (String role : universe) {
                if (op.allows(role)) {
                    check(r, "other-tenant", op + " [{" + p + "} of " + FOREIGN + ", caller " + role + " of " + OWN + "]",
                            call(op, os, refs, Cast.token(OWN, role)), expect, spec.foreignMarkers, sent(op, os, refs));
                }
            }
        }
        for (String b : bodyRefs(op, os)) {
            Ref ref = spec.ref(os, b);
            if (ref.foreign() == null) {
                continue;
            }
            Refs refs = with(os, b, ref.foreign());
            Expect expect = os.foreignExpect.getOrDefault(b, Expect.status(400, 404));
            String role = actorRole(op, os);
            check(r, "other-tenant", op + " [body " + b + " of " + FOREIGN + ", caller " + role + " of " + OWN + "]",
                    call(op, os, refs, Cast.token(OWN, role)), expect, spec.foreignMarkers, sent(op, os, refs));
        }
    }

    private void otherRep(Report r, ApiOperation op, OpSpec os) {
        if (!op.allows(Cast.REP) || op.roles().isEmpty() || os.noOtherRep != null) {
            return;
        }
        Map<String, String> theirs = new HashMap<>();
        List<String> used = new ArrayList<>(op.pathParams());
        used.addAll(bodyRefs(op, os));
        for (String name : used) {
            Ref ref = spec.ref(os, name);
            if (ref != null && ref.otherRep() != null) {
                theirs.put(name, ref.otherRep());
            }
        }
        if (theirs.isEmpty()) {
            if (!op.pathParams().isEmpty()) {
                r.fail(op + " is open to reps and names an object, but has no other-rep fixture or reason");
            }
            return;
        }
        Refs refs = name -> theirs.containsKey(name) ? theirs.get(name) : ownValue(os, name);
        check(r, "other-rep", op + " [" + theirs.keySet() + " of another rep, caller " + Cast.OTHER_REP + "]",
                call(op, os, refs, Cast.otherRepToken()), os.otherRep == null ? Expect.status(404) : os.otherRep,
                spec.otherRepMarkers, sent(op, os, refs));
    }

    /** What a read shows never includes the other tenant's data, nor (to the second rep) the first rep's. */
    private void reads(Report r, ApiOperation op, OpSpec os) {
        if (!op.method().equals("GET")) {
            return;
        }
        Refs own = own(os);
        Expect notBroken = new Expect("not 5xx", a -> a.status() < 500);
        for (String role : universe) {
            if (op.allows(role)) {
                check(r, "read", op + " [as " + role + " of " + OWN + "]", call(op, os, own, Cast.token(OWN, role)),
                        notBroken, spec.foreignMarkers, sent(op, os, own));
            }
        }
        if (op.allows(Cast.REP)) {
            check(r, "read", op + " [as " + Cast.OTHER_REP + "]", call(op, os, own, Cast.otherRepToken()), notBroken,
                    union(spec.foreignMarkers, spec.otherRepMarkers), sent(op, os, own));
        }
    }

    // ---------------------------------------------------------------- mass assignment

    public Report massAssignment() {
        Report r = new Report("MASS ASSIGNMENT", spec.service, "writes");
        Writes writes = new Writes(spec.database);
        List<String> accepted = new ArrayList<>();
        for (ApiOperation op : operations) {
            OpSpec os = spec.ops.get(op.key());
            if (!op.hasJsonBody()) {
                continue;
            }
            if (os == null || os.body == null) {
                r.fail(op + " takes JSON but has no sample body");
                continue;
            }
            Refs own = own(os);
            Body sample = os.body.apply(own);
            if (!sample.isJson()) {
                r.fail(op + ": the sample body is " + sample.contentType() + ", not JSON");
                continue;
            }
            ObjectNode body;
            try {
                body = (ObjectNode) JSON.readTree(sample.bytes());
            } catch (Exception e) {
                r.fail(op + ": the sample body is not a JSON object");
                continue;
            }
            String token = op.secured() ? Cast.token(OWN, actorRole(op, os)) : null;
            String target = fill(op.path(), own);
            Set<String> declared = api.properties(op.jsonSchema());
            for (Map.Entry<String, Object> field : SERVER_OWNED.entrySet()) {
                if (declared.contains(field.getKey())) {
                    accepted.add(op + " " + field.getKey());
                    continue;
                }
                ObjectNode smuggled = body.deepCopy();
                smuggled.set(field.getKey(), JSON.valueToTree(field.getValue()));
                refused(r, writes, op, os, target, token, smuggled, field.getKey());
            }
            for (Map.Entry<String, JsonNode> nested : iterable(body)) {
                JsonNode schema = api.property(op.jsonSchema(), nested.getKey());
                Set<String> inner = schema == null ? Set.of() : api.properties(schema);
                if (!nested.getValue().isObject() || inner.isEmpty() || inner.contains("tenantId")) {
                    continue; // maps (free-form attributes) take any key by design
                }
                ObjectNode smuggled = body.deepCopy();
                ((ObjectNode) smuggled.get(nested.getKey())).put("tenantId", FOREIGN);
                refused(r, writes, op, os, target, token, smuggled, nested.getKey() + ".tenantId");
            }
        }
        r.detail("server-owned fields tried: " + SERVER_OWNED.keySet());
        r.detail("declared by a request schema (not tried there): " + (accepted.isEmpty() ? "none" : accepted));
        r.detail("nothing written = PostgreSQL's next transaction id unchanged across the request");
        spec.notes.forEach(n -> r.detail("note: " + n));
        return r;
    }

    private void refused(Report r, Writes writes, ApiOperation op, OpSpec os, String target, String token,
            ObjectNode smuggled, String field) {
        Body body = Body.json(smuggled.toString());
        Answer[] last = new Answer[1];
        Answer a = writes.nothingWritten(() -> last[0] = http.send(op.method(), target, token, body, os.headers), 6);
        r.count("mass-assignment", last[0]);
        String label = op + " + " + field;
        if (a == null) {
            r.problem("WRITE: " + label + " answered " + last[0].summary() + " and a transaction wrote during each of 6 tries");
            return;
        }
        boolean ok = a.status() == 400 && a.contentType().startsWith("application/problem+json")
                && "UNKNOWN_FIELD".equals(a.code()) && field.equals(a.json().at("/errors/0/field").asText());
        if (!ok) {
            r.fail(label + ": expected 400 UNKNOWN_FIELD naming " + field + ", got " + a.summary());
        }
    }

    // ---------------------------------------------------------------- path normalisation

    public Report pathNormalisation() {
        Report r = new Report("PATH NORMALISATION", spec.service, "bypasses");
        int routes = 0;
        for (ApiOperation op : operations) {
            OpSpec os = spec.ops.get(op.key());
            if (!op.secured() || os == null || !complete(op, os)) {
                continue;
            }
            routes++;
            Refs own = own(os);
            String path = fill(op.path(), own);
            Body body = os.body == null ? null : os.body.apply(own);
            String lacking = universe.stream().filter(role -> !op.allows(role)).findFirst()
                    .map(role -> Cast.token(OWN, role)).orElse(Cast.noRole());
            Map<String, String> tokens = new LinkedHashMap<>();
            tokens.put("no token", null);
            tokens.put("role that must not pass", lacking);
            for (Map.Entry<String, String> variant : variants(path).entrySet()) {
                for (Map.Entry<String, String> token : tokens.entrySet()) {
                    Answer a = http.send(op.method(), variant.getValue(), token.getValue(), body, os.headers);
                    r.count(variant.getKey(), a);
                    String label = op.method() + " " + variant.getValue() + " [" + token.getKey() + "]";
                    if (a.status() >= 200 && a.status() < 300) {
                        r.problem("BYPASS: " + label + " answered " + a.summary());
                        continue;
                    }
                    if (a.status() >= 500) {
                        r.fail(label + " broke the server: " + a.summary());
                    }
                    List<String> leaked = leaked(a, allMarkers(), variant.getValue() + (body == null ? "" : body.text()));
                    if (!leaked.isEmpty()) {
                        r.problem("BYPASS (data in a refusal): " + label + " showed " + leaked + ": " + a.summary());
                    }
                }
            }
        }
        r.detail(routes + " protected operations × " + variants("/api/v1/x").size()
                + " spellings × (no token, a role that must not pass)");
        return r;
    }

    /** Spellings of one path that a lenient router, proxy or filter might take for it. */
    public static Map<String, String> variants(String path) {
        int second = path.indexOf('/', path.indexOf('/', 1) + 1);
        int cut = second < 0 ? path.length() : second;
        String head = path.substring(0, cut);
        String tail = path.substring(cut);
        String rest = tail.isEmpty() ? "" : tail.substring(1);
        int last = path.lastIndexOf('/');
        String lastSegment = path.substring(last + 1);
        Map<String, String> v = new LinkedHashMap<>();
        v.put("//-prefix", "/" + path);
        v.put("//-inner", head + "/" + tail);
        v.put(";x-last", path + ";x");
        v.put(";x-inner", head + ";x" + tail);
        v.put("%2F", head + "%2F" + rest);
        v.put("%252F", head + "%252F" + rest);
        v.put("%3B", path + "%3Bx");
        v.put("%5C", head + "%5C" + rest);
        v.put("/./", head + "/." + tail);
        v.put("/../", head + "/x/.." + tail);
        v.put("%2e", head + "/%2e" + tail);
        v.put("%2e%2e", head + "/x/%2e%2e" + tail);
        v.put("trailing-slash", path + "/");
        v.put("upper-case", path.toUpperCase(Locale.ROOT));
        v.put("case-prefix", "/API" + path.substring(Math.min(4, path.length())));
        v.put("case-last-segment", path.substring(0, last + 1) + swapCase(lastSegment));
        return v;
    }

    // ---------------------------------------------------------------- helpers

    private void check(Report r, String kind, String label, Answer a, Expect expect, Set<String> markers, String sent) {
        r.count(kind, a);
        if (!expect.matches(a)) {
            r.fail(kind + " " + label + ": expected " + expect + ", got " + a.summary());
        }
        List<String> leaked = leaked(a, markers, sent);
        if (!leaked.isEmpty()) {
            r.problem("LEAK " + kind + " " + label + ": the answer shows " + leaked + ": " + a.summary());
        }
    }

    /** Markers in the answer (body or Location) that the request did not carry itself. */
    static List<String> leaked(Answer a, Set<String> markers, String sent) {
        String shown = a.body() + " " + a.headers().getOrDefault("location", "");
        String shownLower = shown.toLowerCase(Locale.ROOT);
        String sentLower = sent.toLowerCase(Locale.ROOT);
        List<String> found = new ArrayList<>();
        for (String m : markers) {
            String lower = m.toLowerCase(Locale.ROOT);
            if (shownLower.contains(lower) && !sentLower.contains(lower)) {
                found.add(m);
            }
        }
        return found;
    }

    private Answer call(ApiOperation op, OpSpec os, Refs refs, String token) {
        Body body = os.body == null ? null : os.body.apply(refs);
        return http.send(op.method(), fill(op.path(), refs), token, body, os.headers);
    }

    private String sent(ApiOperation op, OpSpec os, Refs refs) {
        Body body = os.body == null ? null : os.body.apply(refs);
        return fill(op.path(), refs) + " " + (body == null ? "" : body.text());
    }

    private Refs own(OpSpec os) {
        return name -> ownValue(os, name);
    }

    private String ownValue(OpSpec os, String name) {
        Ref ref = spec.ref(os, name);
        if (ref == null || ref.own() == null) {
            throw new IllegalStateException(os.key + " reads '" + name + "', which has no fixture");
        }
        return ref.own();
    }

    private Refs with(OpSpec os, String name, String value) {
        return n -> n.equals(name) ? value : ownValue(os, n);
    }

    /** The refs a body reads, found by writing it once. */
    private List<String> bodyRefs(ApiOperation op, OpSpec os) {
        if (os.body == null) {
            return List.of();
        }
        Set<String> read = new LinkedHashSet<>();
        os.body.apply(name -> {
            read.add(name);
            return ownValue(os, name);
        });
        read.removeAll(op.pathParams());
        return new ArrayList<>(read);
    }

    private String actorRole(ApiOperation op, OpSpec os) {
        if (os.controlRole != null) {
            return os.controlRole;
        }
        return universe.stream().filter(op::allows).findFirst().orElse(Cast.ADMIN);
    }

    private Set<String> allMarkers() {
        return union(union(spec.ownMarkers, spec.foreignMarkers), spec.otherRepMarkers);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    static String fill(String path, Refs refs) {
        Matcher m = PARAM.matcher(path);
        StringBuilder s = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(s, Matcher.quoteReplacement(refs.get(m.group(1))));
        }
        m.appendTail(s);
        return s.toString();
    }

    private static List<ApiOperation> ordered(List<ApiOperation> all, ServiceSpec spec) {
        List<String> order = new ArrayList<>(spec.ops.keySet());
        List<ApiOperation> sorted = new ArrayList<>(all);
        sorted.sort((a, b) -> {
            int ia = order.indexOf(a.key());
            int ib = order.indexOf(b.key());
            return Integer.compare(ia < 0 ? Integer.MAX_VALUE : ia, ib < 0 ? Integer.MAX_VALUE : ib);
        });
        return sorted;
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(ObjectNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        node.fields().forEachRemaining(fields::add);
        return fields;
    }

    private static String swapCase(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return b.toString();
    }

    private static Map<String, Object> serverOwned() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("tenantId", FOREIGN);
        f.put("tenant", FOREIGN);
        f.put("id", UUID.nameUUIDFromBytes("matrix-id".getBytes()).toString());
        f.put("ownerId", TestTokens.subject(FOREIGN, "matrix-mallory"));
        f.put("ownerName", "matrix-mallory");
        f.put("state", "OWNED");
        f.put("status", "COMPLETED");
        f.put("version", 99);
        f.put("createdAt", "2020-01-01T00:00:00Z");
        f.put("updatedAt", "2020-01-01T00:00:00Z");
        f.put("claimedAt", "2020-01-01T00:00:00Z");
        f.put("createdBy", TestTokens.subject(FOREIGN, "matrix-mallory"));
        f.put("isDefault", true);
        f.put("key", "wf_smuggled");
        f.put("roles", List.of(Cast.ADMIN));
        return java.util.Collections.unmodifiableMap(f);
    }
}
