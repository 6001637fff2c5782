package io.rebase.trainer.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The deterministic held-out split of a task's stream: an example is held out for evaluation when the hash of
 * its id falls below the fraction, so the split survives restarts and redeliveries.
 */
public final class HeldOut {

    private HeldOut() {
    }

    /** Whether {@code exampleId} belongs to the held-out slice of size {@code fraction} (0 disables). */
    public static boolean isHeldOut(String exampleId, double fraction) {
        if (fraction <= 0) {
            return false;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("held-out\n" + exampleId).getBytes(StandardCharsets.UTF_8));
            long v = ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
            return v / (double) (1L << 32) < fraction;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
