package io.leadpool.testing;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker (KRaft, one combined broker/controller node, in process) for the life of the
 * test JVM. Its address is kept in a system property so that every class loader finds the same one.
 */
public final class TestKafka {

    private static final String BOOTSTRAP_PROPERTY = "leadpool.test.kafka.bootstrap";
    private static KafkaClusterTestKit cluster;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        String known = System.getProperty(BOOTSTRAP_PROPERTY);
        if (known != null) {
            return known;
        }
        // The in-process broker must never end the test JVM: Kafka halts the process on some faults
        // during shutdown, which makes the test run fail after every test passed.
        org.apache.kafka.common.utils.Exit.setHaltProcedure((status, message) -> {
        });
        org.apache.kafka.common.utils.Exit.setExitProcedure((status, message) -> {
        });
        try {
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Kafka test broker", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestKafka::stop, "stop-kafka"));
        System.setProperty(BOOTSTRAP_PROPERTY, cluster.bootstrapServers());
        return cluster.bootstrapServers();
    }

    private static void stop() {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } catch (Exception ignored) {
            // the JVM is going away
        }
    }
}
