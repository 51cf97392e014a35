package io.leadpool.testing.security;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The three security checks every service runs over its OpenAPI document (docs/security-tests.md). A
 * service's {@code @QuarkusTest} extends this and gives only its {@link #fixtures}: the objects of both
 * tenants and the entry of every operation. The matrix is made once per test class, before the first check.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class SecurityMatrixTests {

    private static final Map<Class<?>, SecurityMatrix> MATRICES = new ConcurrentHashMap<>();

    @TestHTTPResource("/")
    URL base;

    /** The service's spec: fixtures made through its API (or events), one entry per operation. */
    protected abstract ServiceSpec fixtures(RawHttp http) throws Exception;

    private SecurityMatrix matrix() throws Exception {
        synchronized (MATRICES) {
            SecurityMatrix matrix = MATRICES.get(getClass());
            if (matrix == null) {
                URI uri = base.toURI();
                matrix = new SecurityMatrix(uri, fixtures(new RawHttp(uri)));
                MATRICES.put(getClass(), matrix);
            }
            return matrix;
        }
    }

    @Test
    @Order(1)
    void path_normalisation_never_reaches_an_endpoint() throws Exception {
        matrix().pathNormalisation().assertClean();
    }

    @Test
    @Order(2)
    void server_owned_fields_are_refused_and_nothing_is_written() throws Exception {
        matrix().massAssignment().assertClean();
    }

    @Test
    @Order(3)
    void every_operation_refuses_bad_tokens_wrong_roles_and_other_tenants() throws Exception {
        matrix().matrix().assertClean();
    }
}
