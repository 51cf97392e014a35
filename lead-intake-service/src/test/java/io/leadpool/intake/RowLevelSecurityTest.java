package io.leadpool.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadpool.testing.RealServers;
import io.leadpool.testing.RowLevelSecurity;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every table of the service behind forced row-level security (pool-service's test shows the rows' side). */
@QuarkusTest
@WithTestResource(RealServers.class)
class RowLevelSecurityTest {

    private static final List<String> TABLES = List.of("intake", "import_job", "import_file", "import_rejection", "channel");

    @Test
    void every_table_is_tenant_scoped_with_forced_row_level_security() throws Exception {
        List<String> tables = RowLevelSecurity.assertEveryTableIsolated("service");
        assertTrue(tables.containsAll(TABLES), tables::toString);
        for (String table : TABLES) {
            assertEquals(Map.of(), RowLevelSecurity.visibleRows("service", table, null), table + " with no tenant bound");
        }
    }
}
