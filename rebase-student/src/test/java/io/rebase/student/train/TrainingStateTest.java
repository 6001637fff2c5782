package io.rebase.student.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingStateTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsAndReadsACheckpointWrittenBeforeClassBalancing() throws IOException {
        Path file = dir.resolve(StudentTrainer.STATE_FILE);
        new TrainingState(12, 40, 96, 5e-5f, 16, 7, new long[] {3, 9}).write(file);
        TrainingState back = TrainingState.read(file);
        assertEquals(12, back.step());
        assertEquals(40, back.plannedTotalSteps());
        assertEquals(96, back.replaySeen());
        assertEquals(7, back.seed());
        assertArrayEquals(new long[] {3, 9}, back.labelCounts());

        Files.writeString(file, "{\"step\": 4, \"planned_total_steps\": 10, \"replay_seen\": 8}");
        TrainingState old = TrainingState.read(file);
        assertEquals(4, old.step());
        assertNull(old.labelCounts());
    }
}
