-- Cancel: a task a user cancelled (CANCELLED on task-events) is marked on its stream when the event is read, and its
-- training record ends in the new status CANCELLED once the trainer closed its session.
alter table trainer_task_stream add column cancelledAt timestamp(6) with time zone;
alter table trainer_task_training drop constraint if exists trainer_task_training_status_check;
alter table trainer_task_training add constraint trainer_task_training_status_check check ((status in
    ('WAITING_FOR_SPEC','WAITING_FOR_EXAMPLES','QUEUED','TRAINING','FINALISING','COMPLETED','FAILED','CANCELLED')));
