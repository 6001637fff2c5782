-- How each task ended, as far as the retriever knows: CANCELLED when a user cancelled it here (DELETE /tasks/{id}),
-- COMPLETED or FAILED as read from task-events. The first end recorded wins; a cancelled task's request is not
-- retrieved, and cancelling an ended task is answered without effect. announcedAt: when the CANCELLED event was
-- acknowledged by the broker (null until then, so that a repeated cancel publishes it again), or when the
-- COMPLETED / FAILED event was read.
create table rb_task_end (taskId varchar(200) not null,
    outcome varchar(16) not null,
    endedAt timestamp(6) with time zone not null,
    announcedAt timestamp(6) with time zone,
    primary key (taskId));
