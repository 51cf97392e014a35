package io.leadpool.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource: a real PostgreSQL and a real Kafka broker, and token verification against
 * {@link TestTokens}' keys. Use with {@code @WithTestResource(RealServers.class)} on a {@code @QuarkusTest}.
 */
public class RealServers implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String database = TestPostgres.database("service");
        Map<String, String> config = new HashMap<>(TestTokens.serviceConfig());
        config.putAll(TestPostgres.serviceConfig(database));
        config.put("kafka.bootstrap.servers", TestKafka.bootstrapServers());
        return config;
    }

    @Override
    public void stop() {
        // The servers live as long as the JVM: several test classes share them.
    }
}
