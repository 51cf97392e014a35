package io.leadpool.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** How the relay hands a batch to its producer and what it sets on it; the pipeline itself is proven end to end. */
class OutboxRelayTest {

    private final List<String> handed = new ArrayList<>();
    private final Map<String, CompletableFuture<Void>> acks = new LinkedHashMap<>();

    private CompletableFuture<Void> send(String item) {
        handed.add(item);
        CompletableFuture<Void> ack = new CompletableFuture<>();
        acks.put(item, ack);
        return ack;
    }

    @Test
    void a_batch_is_handed_over_in_order_and_done_when_the_last_acknowledgement_arrives() {
        CompletableFuture<Void> batch = OutboxRelay.inOrder(List.of("a", "b", "c"), this::send);
        assertThat(handed).containsExactly("a", "b", "c");
        acks.get("c").complete(null);
        acks.get("a").complete(null);
        assertThat(batch).isNotDone();
        acks.get("b").complete(null);
        assertThat(batch).isCompleted();
    }

    @Test
    void a_record_the_broker_refuses_later_fails_the_batch() {
        CompletableFuture<Void> batch = OutboxRelay.inOrder(List.of("a", "b"), this::send);
        acks.get("a").complete(null);
        acks.get("b").completeExceptionally(new TimeoutException("no acknowledgement"));
        assertThatThrownBy(batch::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void after_a_record_that_fails_at_once_the_rest_are_not_handed_over() {
        CompletableFuture<Void> failedAtOnce = OutboxRelay.inOrder(List.of("a", "b", "c"),
                item -> item.equals("b") ? CompletableFuture.failedFuture(new TimeoutException("no metadata"))
                        : send(item));
        assertThat(handed).containsExactly("a");
        acks.get("a").complete(null);
        assertThat(failedAtOnce).isCompletedExceptionally();

        handed.clear();
        CompletableFuture<Void> thrown = OutboxRelay.inOrder(List.of("x", "y"), item -> {
            throw new IllegalStateException("producer closed");
        });
        assertThat(thrown).isCompletedExceptionally();
        assertThat(handed).isEmpty();
    }

    @Test
    void the_relay_s_guarantees_win_over_the_application_s_kafka_settings() {
        Map<String, Object> config = OutboxRelay.producerConfig(Map.of("bootstrap.servers", "broker:9092",
                "acks", "1", "enable.idempotence", "false"), "outbox-pool-service", Duration.ofSeconds(10));
        assertThat(config).containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000L)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "outbox-pool-service");
    }
}
