package io.leadpool.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpool.platform.tx.TenantTransactions;
import io.leadpool.testing.RealServers;
import io.leadpool.testing.TestPostgres;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A batch whose checkpoint fails leaves nothing behind, although its rows were written before the checkpoint. */
@QuarkusTest
@WithTestResource(RealServers.class)
class ImportWorkerTest {

    @Inject
    ImportWorker worker;

    @Inject
    ImportRepository imports;

    @Inject
    TenantTransactions tx;

    @Test
    void a_batch_of_an_import_no_longer_held_at_its_position_is_rolled_back() throws Throwable {
        byte[] file = TestFiles.csv(StandardCharsets.UTF_8, "name,phone", "Li Lei,13800138500");
        UUID id = UUID.fromString(ImportTest.upload(ImportTest.ADMIN, "w.csv", file, null).statusCode(202).extract()
                .path("importId"));
        ImportJob job = VertxContextSupport.subscribeAndAwait(() -> tx.inTenant("acme",
                () -> imports.findInTenant("acme", id)));

        // Position -1 is never the import's: the checkpoint, the batch's last statement, finds nothing to move.
        boolean held = VertxContextSupport.subscribeAndAwait(() -> worker.commitBatch(job, -1, 1, 1,
                List.of(new ImportRepository.StoredRejection(999_999, "phone", "written before the checkpoint", null)),
                List.of(), false));

        assertThat(held).isFalse();
        try (Connection c = TestPostgres.connect("service"); ResultSet rs = c.createStatement().executeQuery(
                "select count(*) from import_rejection where import_id = '" + id + "' and row_no = 999999")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
