package io.rebase.student.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Registry of a block's parameters under their Hugging Face names. Weight files are mapped onto
 * these {@link Parameter} objects directly, so DJL's own generated parameter ids never matter.
 */
final class NamedParameters {

    private static final Initializer BERT_WEIGHT_INIT = new NormalInitializer(0.02f);

    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private final Consumer<Parameter> register;

    NamedParameters(Consumer<Parameter> register) {
        this.register = register;
    }

    Parameter weight(String name, long... shape) {
        return add(name, Parameter.Type.WEIGHT, BERT_WEIGHT_INIT, shape);
    }

    Parameter bias(String name, long... shape) {
        return add(name, Parameter.Type.BIAS, Initializer.ZEROS, shape);
    }

    Parameter gamma(String name, long... shape) {
        return add(name, Parameter.Type.GAMMA, Initializer.ONES, shape);
    }

    Parameter beta(String name, long... shape) {
        return add(name, Parameter.Type.BETA, Initializer.ZEROS, shape);
    }

    private Parameter add(String name, Parameter.Type type, Initializer init, long... shape) {
        Parameter p = Parameter.builder()
                .setName(name)
                .setType(type)
                .optInitializer(init)
                .optShape(new Shape(shape))
                .build();
        byName.put(name, p);
        register.accept(p);
        return p;
    }

    Map<String, Parameter> asMap() {
        return Collections.unmodifiableMap(byName);
    }
}
