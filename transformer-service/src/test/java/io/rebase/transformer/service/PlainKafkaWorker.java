package io.rebase.transformer.service;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transformer replica without Quarkus, for tests and the benchmark: a plain KafkaConsumer in a consumer
 * group feeding {@link CandidateRowProcessor} on {@code concurrency} threads. It commits a poll batch's
 * offsets only after every row of the batch has published its outcome (at-least-once, like the service's
 * throttled commits, but batch-wise). {@link #crash()} stops it abruptly: in-flight rows are interrupted,
 * nothing more is committed, and the consumer leaves the group so that the others take over its partitions.
 */
public final class PlainKafkaWorker implements AutoCloseable {

    private final CandidateRowProcessor processor;
    private final Properties props = new Properties();
    private final String topic;
    private final ExecutorService pool;
    private final Thread loop;
    private final AtomicInteger processed = new AtomicInteger();
    private volatile boolean running = true;
    private volatile boolean crashed;
    private volatile int assigned;

    public PlainKafkaWorker(String name, String bootstrapServers, String groupId, String topic, int concurrency,
                            CandidateRowProcessor processor) {
        this.processor = processor;
        this.topic = topic;
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, concurrency);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        this.pool = Executors.newFixedThreadPool(concurrency, r -> new Thread(r, name + "-row"));
        this.loop = new Thread(this::run, name + "-poll");
        this.loop.start();
    }

    /** Partitions assigned at the last poll. */
    public int assigned() {
        return assigned;
    }

    /** Rows whose outcome this worker published. */
    public int processed() {
        return processed.get();
    }

    private void run() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                assigned = consumer.assignment().size();
                if (records.isEmpty()) {
                    continue;
                }
                List<Future<?>> inFlight = new ArrayList<>();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<String, String> r : records) {
                    inFlight.add(pool.submit(() -> {
                        processor.process(r.key(), r.value());
                        processed.incrementAndGet();
                    }));
                    offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                            (a, b) -> a.offset() >= b.offset() ? a : b);
                }
                boolean complete = true;
                for (Future<?> f : inFlight) {
                    complete &= awaitRow(f);
                }
                if (complete && !crashed) {
                    consumer.commitSync(offsets);
                }
            }
        }
    }

    /** Waits for one row; false when it failed or the worker crashed (queued rows of a crashed pool never finish). */
    private boolean awaitRow(Future<?> f) {
        while (!crashed) {
            try {
                f.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.TimeoutException e) {
                // check for a crash, then wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                return false; // a publish failure: the batch is not committed, its rows come again
            }
        }
        return false;
    }

    /** Stops abruptly mid-stream (see the class comment). */
    public void crash() throws InterruptedException {
        crashed = true;
        running = false;
        pool.shutdownNow();
        loop.join(30_000);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        loop.join(30_000);
        pool.shutdown();
    }
}
