package io.rebase.student.decoder;

/**
 * A model or adapter folder this decoder cannot load exactly: an unsupported field, a missing or mis-shaped tensor,
 * an unknown dtype. The message names the file, field or tensor.
 */
public class DecoderLoadException extends RuntimeException {

    public DecoderLoadException(String message) {
        super(message);
    }

    public DecoderLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
