package io.rebase.trainer.training;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tasks whose student is in memory, at most {@code rebase.trainer.max-open-sessions} of them: each open session
 * holds a model, its optimiser state and its evaluation set (hundreds of MB), so memory is bounded by this number
 * and not by how many tasks run at once. A task without a session waits (its examples wait in the database) until a
 * session closes or one goes idle and is parked in its checkpoint.
 *
 * <p>Idle means waiting on upstream data: everything the session was sent is trained and its stream is not complete.
 * A session with examples still to train is never parked, however long it waits for a training thread: parking it
 * would only cost a checkpoint round trip. Also keeps which tasks are inside a unit of work, so that a session is
 * never parked while it trains.
 *
 * @param <S> the session type; only since when it has been idle matters here
 */
public final class SessionSlots<S extends SessionSlots.Idle> {

    /** What the slots need to know of a session: since when it has been waiting on upstream data, if it is. */
    public interface Idle {
        /** {@link #waitingSinceNanos()} of a session that has work (or has not looked for any yet). */
        long NOT_WAITING = Long.MIN_VALUE;

        /** When the session found nothing left to train, in {@link System#nanoTime()} terms; or {@link #NOT_WAITING}. */
        long waitingSinceNanos();
    }

    /** What opening one more session needs: nothing, parking {@code victim} first, or waiting. */
    public record Room(boolean free, String victim) {
        static final Room FREE = new Room(true, null);
        static final Room FULL = new Room(false, null);

        static Room byParking(String victim) {
            return new Room(true, victim);
        }
    }

    private final int max;
    private final long parkIdleAfterNanos;
    private final Map<String, S> sessions = new LinkedHashMap<>();
    private final Set<String> busy = new HashSet<>();

    public SessionSlots(int max, long parkIdleAfterNanos) {
        this.max = Math.max(1, max);
        this.parkIdleAfterNanos = Math.max(0, parkIdleAfterNanos);
    }

    /** Marks a task as inside a unit of work; false when it already is (a unit, or being parked). */
    public synchronized boolean enter(String taskId) {
        return busy.add(taskId);
    }

    public synchronized void leave(String taskId) {
        busy.remove(taskId);
    }

    public synchronized S get(String taskId) {
        return sessions.get(taskId);
    }

    public synchronized void put(String taskId, S session) {
        sessions.put(taskId, session);
    }

    public synchronized S remove(String taskId) {
        return sessions.remove(taskId);
    }

    public synchronized int size() {
        return sessions.size();
    }

    public synchronized List<String> taskIds() {
        return new ArrayList<>(sessions.keySet());
    }

    /**
     * Whether {@code taskId} may open a session now. When all slots are taken, the session that has waited longest on
     * upstream data, for at least the park-idle-after period, and is not inside a unit is chosen to be parked; it is
     * marked busy until {@link #leave} so that no unit of its task starts meanwhile.
     */
    public synchronized Room room(String taskId, long nowNanos) {
        if (sessions.size() < max) {
            return Room.FREE;
        }
        String victim = null;
        long oldest = 0;
        for (Map.Entry<String, S> e : sessions.entrySet()) {
            long since = e.getValue().waitingSinceNanos();
            if (since != Idle.NOT_WAITING && !e.getKey().equals(taskId) && !busy.contains(e.getKey())
                    && nowNanos - since >= parkIdleAfterNanos && (victim == null || since - oldest < 0)) {
                victim = e.getKey();
                oldest = since;
            }
        }
        if (victim == null) {
            return Room.FULL;
        }
        busy.add(victim);
        return Room.byParking(victim);
    }
}
