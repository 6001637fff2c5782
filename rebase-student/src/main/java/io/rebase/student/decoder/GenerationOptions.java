package io.rebase.student.decoder;

import java.util.List;
import java.util.Set;

/**
 * How to decode.
 *
 * @param maxNewTokens  new tokens at most per sequence
 * @param sample        false: greedy (argmax); true: temperature / top-p sampling
 * @param temperature   divides the logits before sampling
 * @param topP          nucleus mass: sample among the most likely tokens whose probabilities reach it
 * @param seed          seed of the sampler (same seed, same tokens)
 * @param eosTokenIds   ids that end a sequence (kept in its tokens); empty: never stop on a token
 * @param stopStrings   texts that end a sequence (the text is cut before them); needs a {@link TokenText}
 */
public record GenerationOptions(int maxNewTokens, boolean sample, double temperature, double topP, long seed,
                                Set<Integer> eosTokenIds, List<String> stopStrings) {

    public GenerationOptions {
        eosTokenIds = Set.copyOf(eosTokenIds);
        stopStrings = List.copyOf(stopStrings);
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
        }
        if (sample && (temperature <= 0 || topP <= 0 || topP > 1)) {
            throw new IllegalArgumentException("sampling needs temperature > 0 and top_p in (0, 1]");
        }
    }

    /** Greedy decoding of {@code maxNewTokens}, stopping on {@code eos}. */
    public static GenerationOptions greedy(int maxNewTokens, Set<Integer> eos) {
        return new GenerationOptions(maxNewTokens, false, 1.0, 1.0, 0L, eos, List.of());
    }

    /** The same options with sampling at {@code temperature} / {@code topP} from {@code seed}. */
    public GenerationOptions sampling(double temperature, double topP, long seed) {
        return new GenerationOptions(maxNewTokens, true, temperature, topP, seed, eosTokenIds, stopStrings);
    }

    /** The same options with stop strings. */
    public GenerationOptions withStopStrings(List<String> stops) {
        return new GenerationOptions(maxNewTokens, sample, temperature, topP, seed, eosTokenIds, stops);
    }
}
