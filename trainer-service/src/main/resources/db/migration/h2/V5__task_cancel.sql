-- Cancel: a task a user cancelled (CANCELLED on task-events) is marked on its stream when the event is read, and its
-- training record ends in the new status CANCELLED once the trainer closed its session.
alter table trainer_task_stream add column cancelledAt timestamp(6) with time zone;
alter table trainer_task_training alter column status set data type
    enum ('CANCELLED','COMPLETED','FAILED','FINALISING','QUEUED','TRAINING','WAITING_FOR_EXAMPLES','WAITING_FOR_SPEC');
