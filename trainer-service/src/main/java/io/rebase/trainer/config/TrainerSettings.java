package io.rebase.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Settings of the trainer service ({@code rebase.trainer.*}). */
@ConfigMapping(prefix = "rebase.trainer")
public interface TrainerSettings {

    /** Folder holding one sub-folder per task: checkpoints, reports. */
    @WithDefault("data/trainer")
    String dataDir();

    /**
     * The folder student model folders ({@code training.studentModel}, {@code defaults.student-model}: Hugging Face
     * encoder or causal-LM folders) must lie in, every symbolic link followed; relative names resolve against it.
     * Unset: only the bundled encoders (all-minilm-l6-v2, bge-small-en-v15) may be named.
     */
    Optional<String> modelsRoot();

    /** Pretrained encoders (bundled or folders) kept in memory for reuse across tasks, least recently used dropped first. */
    @WithDefault("4")
    int encoderCacheSize();

    /** Evaluation set paths in task requests resolve against this folder and must stay inside it. */
    @WithDefault(".")
    String evalRoot();

    /** A task's stream counts as complete after this long without an example or event (once it has an example). */
    @WithDefault("120s")
    Duration idleTimeout();

    /** Training threads; tasks take turns on them, one task never runs on two at once. */
    @WithDefault("1")
    int workers();

    /**
     * Tasks whose student is held in memory at once (model, optimiser state, evaluation set: a few hundred MB each);
     * further tasks queue, their examples waiting in the database. This bounds the trainer's memory.
     */
    @WithDefault("4")
    int maxOpenSessions();

    /** A session that has not trained for this long may be parked in its checkpoint to let a queued task in. */
    @WithDefault("30s")
    Duration parkIdleAfter();

    /** How long a training thread waits before looking again when no task has work. */
    @WithDefault("1s")
    Duration tickInterval();

    /**
     * Padded tokens in one training batch at most: a task's batch size is cut to {@code max-batch-tokens /
     * max sequence length} (at least 1) where {@code batchSize x maxSeqLength} is larger. The memory of a training step
     * grows with it. The same figure as the admission cap {@code rebase.limits.max-batch-tokens}; this one also holds
     * for tasks admitted under a larger cap.
     */
    @WithDefault("16384")
    int maxBatchTokens();

    /**
     * Per-task state in memory (meters tagged with the task, back-off counts, the loaded served model) is dropped this
     * long after the task completed or failed. The database, files and reports stay.
     */
    @WithDefault("15m")
    Duration stateExpiry();

    /**
     * A task whose spec (the retriever's REQUESTED event) has not arrived this long after its first record (an example or
     * an event) is failed without an event: its id was never accepted, and the trainer stops looking at it.
     */
    @WithDefault("1h")
    Duration specTimeout();

    /** Served models held in memory for predictions. */
    Serving serving();

    /** The served models kept loaded, least recently used dropped first; they count towards the trainer's memory. */
    interface Serving {
        /** Loaded served models at most. */
        @WithDefault("4")
        int maxModels();

        /**
         * Estimated bytes of the loaded served models at most (their weight files' size; a decoder's base model
         * included). One model is kept even when it alone is larger.
         */
        @WithDefault("1G")
        io.quarkus.runtime.configuration.MemorySize maxBytes();
    }

    /** New examples per incremental update (each mixed with a replay sample of earlier ones). */
    @WithDefault("64")
    int updateSize();

    /** Replayed earlier examples per new example. */
    @WithDefault("1.0")
    double replayRatio();

    /**
     * Classification and multiple choice: weight the cross-entropy by the inverse label frequency of the examples
     * received so far (ReBase examples inherit the label skew of the retrieved datasets; a plain loss collapses
     * to the majority label).
     */
    @WithDefault("true")
    boolean classBalance();

    /** Evaluate when at least this many steps passed since the last evaluation (and at the end). */
    @WithDefault("100")
    int evalEvery();

    /** Checkpoint when at least this many steps passed since the last checkpoint (and at the end). */
    @WithDefault("100")
    int checkpointEvery();

    /** Sequences per forward pass when evaluating or serving. */
    @WithDefault("32")
    int evalBatchSize();

    /** Seed for shuffling, replay sampling, dropout and head initialisation. */
    @WithDefault("42")
    long seed();

    /**
     * The task's own examples' share of every training batch, incremental units and final passes alike, in [0, 0.5]
     * (0: they are trained once, like any other example). They are the only data known to be right; among thousands of
     * retrieved rows, seen once, they barely move the student. 0.2 lies inside the 10-25 % the datastore-fit
     * issue asked for; benchmarks/example-share measures it (benchmarks/RESULTS.md).
     */
    @WithDefault("0.2")
    double exampleShare();

    /** How the served model is chosen and checked. */
    Choice choice();

    /** When the datastore is judged not to fit a task. */
    Fit fit();

    /** The choice of the served model among the ReBase and few-shot students. */
    interface Choice {
        /**
         * How much higher than the few-shot student a ReBase student must score on the evaluation data to be served;
         * ties go to the few-shot student (the promise: never worse than the examples alone).
         */
        @WithDefault("0")
        double minGain();

        /** The served model is flagged as collapsed when it predicts one class for more than this share of the items. */
        @WithDefault("0.9")
        double collapseShare();
    }

    /** The datastore-fit warnings. */
    interface Fit {
        /**
         * Usable (transformed) rows below which the stream is not trained on: the task's student is trained on its
         * examples alone, is not called ReBase, and a warning says why.
         */
        @WithDefault("50")
        int minUsableRows();

        /**
         * The low-relevance warning is raised when the selected rows' median input signal is below this share of the
         * examples' similarity to each other; calibrated with the retriever on the datastore (benchmarks/RESULTS.md).
         */
        @WithDefault("0.5")
        double minRelevance();
    }

    /** Values used where a task request leaves a setting out. */
    Defaults defaults();

    /** Per-task defaults. */
    interface Defaults {
        /**
         * {@code bge-small-en-v15} (default), {@code all-minilm-l6-v2} (faster, less accurate; see
         * benchmarks/RESULTS.md) or a local Hugging Face folder.
         */
        @WithDefault("bge-small-en-v15")
        String studentModel();

        /** Passes over the stream: the incremental pass plus epochs - 1 final passes. */
        @WithDefault("1")
        int epochs();

        @WithDefault("16")
        int batchSize();

        @WithDefault("128")
        int maxSeqLength();

        @WithDefault("5e-5")
        double learningRate();

        /** Upper bound on optimiser steps; 0 means none. */
        @WithDefault("0")
        int maxSteps();

        @WithDefault("0.1")
        double heldOutFraction();

        @WithDefault("500")
        int maxEvalExamples();

        @WithDefault("true")
        boolean fewShotBaseline();
    }

    /** Decoder students: a task whose {@code training.studentModel} is a causal-LM folder (every generation task). */
    DecoderDefaults decoder();

    /** How decoder students are trained and decode. */
    interface DecoderDefaults {
        /** Learn the answer alone even where examples have rationales (measures what the rationales add). */
        @WithDefault("false")
        boolean answerOnly();

        /** New tokens per generation at most (evaluation, baselines, predictions). */
        @WithDefault("64")
        int maxNewTokens();

        /** The longest training sequence and prompt + new tokens, unless the request's maxSeqLength is given. */
        @WithDefault("512")
        int maxLength();

        /** The adapter's AdamW rate, unless the request's learningRate is given. */
        @WithDefault("2e-4")
        double learningRate();

        @WithDefault("8")
        int loraRank();

        @WithDefault("16")
        double loraAlpha();

        @WithDefault("0.05")
        double loraDropout();

        /** Adapters on every linear layer rather than on q, k, v and o. */
        @WithDefault("false")
        boolean loraAllLinear();
    }
}
