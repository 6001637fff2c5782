package io.rebase.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the in-process broker as a standalone process for the local stack.
 *
 * <p>Usage: {@code EmbeddedKafkaMain [port] [logDir]}; prints {@code KAFKA_READY host:port} once it accepts
 * clients (the local launcher waits for that line) and stops cleanly on SIGTERM / Ctrl-C.
 */
public final class EmbeddedKafkaMain {

    private EmbeddedKafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9092;
        Path dir = args.length > 1 ? Path.of(args[1]) : null;
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.create(port, dir, 4).start();
        broker.createTopics(SystemTopics.PARTITIONS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "embedded-kafka-shutdown"));
        System.out.println("KAFKA_READY " + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
