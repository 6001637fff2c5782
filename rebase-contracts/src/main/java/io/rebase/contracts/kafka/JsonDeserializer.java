package io.rebase.contracts.kafka;

import io.rebase.contracts.Json;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.charset.StandardCharsets;

/**
 * Kafka deserializer reading JSON into one event type. Subclasses fix the type so Kafka can
 * instantiate them by class name.
 */
public abstract class JsonDeserializer<T> implements Deserializer<T> {

    private final Class<T> type;

    protected JsonDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(data, type);
        } catch (Exception e) {
            String head = new String(data, 0, Math.min(data.length, 80), StandardCharsets.UTF_8);
            throw new SerializationException("cannot read " + type.getSimpleName() + " from " + topic
                    + " (" + data.length + " bytes, starting '" + head + "'): " + e.getMessage(), e);
        }
    }
}
