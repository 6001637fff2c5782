package io.rebase.trainer.decoder;

import io.rebase.contracts.TrainingSettings;
import io.rebase.student.decoder.LoraConfig;
import io.rebase.student.decoder.LoraTrainingConfig;
import io.rebase.trainer.config.TrainerSettings;
import io.rebase.trainer.plan.TaskPlan;

/** The {@link DecoderTask} of a plan: the request's settings where it gives them, else {@code rebase.trainer.decoder.*}. */
public final class DecoderTasks {

    private DecoderTasks() {}

    public static DecoderTask of(TaskPlan plan, TrainerSettings.DecoderDefaults d, long seed) {
        TrainingSettings t = plan.request().training();
        double rate = t == null || t.learningRate() == null ? d.learningRate() : t.learningRate();
        int maxLength = t == null || t.maxSeqLength() == null ? d.maxLength() : t.maxSeqLength();
        LoraConfig lora = d.loraAllLinear() ? LoraConfig.allLinear(d.loraRank(), d.loraAlpha(), d.loraDropout())
                : LoraConfig.attention(d.loraRank(), d.loraAlpha(), d.loraDropout());
        DecoderOptions options = new DecoderOptions(lora, new LoraTrainingConfig(rate, 0.0, 1.0), d.answerOnly(),
                d.maxNewTokens(), maxLength, seed);
        return new DecoderTask(plan.studentModel().trim(), plan.request().instruction(), plan.request().inputFields(),
                plan.request().taskType(), plan.request().labels(), options);
    }
}
