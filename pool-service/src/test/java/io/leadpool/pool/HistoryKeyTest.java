package io.leadpool.pool;

import static io.leadpool.pool.PoolFixture.claim;
import static io.leadpool.pool.PoolFixture.leadFrom;
import static io.leadpool.pool.PoolFixture.regionPool;
import static io.leadpool.pool.PoolFixture.release;
import static io.leadpool.pool.PoolFixture.rep;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A lead's history is one primary key (tenant_id, lead_id, at, id), without a foreign key to the lead (V17): the read
 * of a lead's history is served in its order by that key alone, and every change still writes its row.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class HistoryKeyTest {

    private static final String T = "acme";

    @Test
    void a_leads_history_comes_in_order_from_its_primary_key_alone() throws Exception {
        String rep = rep(T, "history-key-rep");
        // a pool of its own: no other test's rules on it
        UUID lead = leadFrom(T, "History-key", regionPool(T, "History key", "History-key", 40));
        claim(rep, lead).then().statusCode(200);
        release(rep, lead, "not for me").then().statusCode(200);

        List<String> actions = given().auth().oauth2(rep).get("/api/v1/leads/{id}/history", lead)
                .then().statusCode(200).extract().jsonPath().getList("action");
        assertThat(actions).containsExactly("POOLED", "CLAIMED", "RELEASED");

        try (Connection c = TestPostgres.connect("service"); Statement st = c.createStatement()) {
            st.execute("set enable_seqscan = off"); // the test's table is small enough for a scan otherwise
            List<String> plan = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("explain select * from lead_history where tenant_id = '" + T
                    + "' and lead_id = '" + lead + "' order by at, id")) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            }
            assertThat(String.join("\n", plan)).contains("lead_history_pkey").doesNotContain("Sort");
            try (ResultSet rs = st.executeQuery("select count(*) from pg_constraint"
                    + " where conrelid = 'lead_history'::regclass and contype = 'f'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("foreign keys of lead_history").isZero();
            }
        }
    }
}
