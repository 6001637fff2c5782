package io.rebase.transformer.llm;

/**
 * A per-minute budget (requests or tokens) refilled continuously; {@link #acquire} blocks until the
 * amount is available. A budget of 0 or less means unlimited.
 */
public final class TokenBucket {

    private final double perMinute;
    private double available;
    private long last = System.nanoTime();

    public TokenBucket(int perMinute) {
        this.perMinute = perMinute;
        this.available = perMinute;
    }

    /** Takes {@code amount} (capped at the budget), waiting as long as needed. */
    public void acquire(long amount) throws InterruptedException {
        if (perMinute <= 0) {
            return;
        }
        double want = Math.min(amount, perMinute);
        while (true) {
            long waitNanos;
            synchronized (this) {
                refill();
                if (available >= want) {
                    available -= want;
                    return;
                }
                waitNanos = (long) ((want - available) / perMinute * 60e9);
            }
            Thread.sleep(Math.max(1, waitNanos / 1_000_000), 0);
        }
    }

    /** Corrects a reservation by what was really used (may leave the bucket in debt). */
    public synchronized void adjust(long delta) {
        if (perMinute > 0) {
            refill();
            available -= delta;
        }
    }

    /** What is available now (negative when in debt); for tests and diagnostics. */
    public synchronized double available() {
        refill();
        return available;
    }

    private void refill() {
        long now = System.nanoTime();
        available = Math.min(perMinute, available + (now - last) / 60e9 * perMinute);
        last = now;
    }
}
