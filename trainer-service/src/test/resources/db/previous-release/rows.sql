-- Rows as the release before Flyway wrote them: one completed task with its request, three stored examples, their
-- accounted rows and two curve points; the id sequences stand where that release's allocations left them.
-- Plain SQL that H2 and PostgreSQL both take.
insert into trainer_task_stream (taskId, requestJson, retrieved, retrievalDetailsJson, duplicates, upstreamFailure, createdAt, lastActivityAt)
values ('prev-task', '{"taskId":"prev-task","instruction":"Classify the sentiment of a movie review sentence as positive or negative.","taskType":"classification","labels":["positive","negative"],"examples":[{"input":{"sentence":"a gripping film"},"output":"positive"}]}',
        3, null, 1, null, TIMESTAMP WITH TIME ZONE '2026-11-30 10:00:00+00:00', TIMESTAMP WITH TIME ZONE '2026-11-30 10:09:00+00:00');
insert into trainer_task_training (taskId, status, steps, examplesTrained, lastExampleId, checkpointStep, checkpointLastExampleId,
                                   checkpointExamplesTrained, bestScore, bestMetric, bestStep, lastEvalStep, lastLoss,
                                   completionReason, startedAt, completedAt)
values ('prev-task', 'COMPLETED', 2, 3, 3, 2, 3, 3, 0.75, 'accuracy', 2, 2, 0.41, 'ROW_COUNT',
        TIMESTAMP WITH TIME ZONE '2026-11-30 10:01:00+00:00', TIMESTAMP WITH TIME ZONE '2026-11-30 10:10:00+00:00');
insert into trainer_example (id, exampleId, taskId, rowId, inputJson, output, dataset, datasetConfig, rowIndex, mode, receivedAt)
values (1, 'prev-ex-1', 'prev-task', 'prev_sst/default/0', '{"sentence":"a gripping film"}', 'positive', 'prev_sst', 'default', 0, 'label',
        TIMESTAMP WITH TIME ZONE '2026-11-30 10:02:00+00:00');
insert into trainer_example (id, exampleId, taskId, rowId, inputJson, output, dataset, datasetConfig, rowIndex, mode, receivedAt)
values (2, 'prev-ex-2', 'prev-task', 'prev_sst/default/1', '{"sentence":"a dull, lifeless film"}', 'negative', 'prev_sst', 'default', 1, 'label',
        TIMESTAMP WITH TIME ZONE '2026-11-30 10:02:00+00:00');
insert into trainer_example (id, exampleId, taskId, rowId, inputJson, output, dataset, datasetConfig, rowIndex, mode, receivedAt)
values (3, 'prev-ex-3', 'prev-task', 'prev_sst/default/2', '{"sentence":"a quiet triumph"}', 'positive', 'prev_sst', 'default', 2, 'label',
        TIMESTAMP WITH TIME ZONE '2026-11-30 10:02:00+00:00');
insert into trainer_accounted_row (id, taskId, rowId, outcome) values (1, 'prev-task', 'prev_sst/default/0', 'EXAMPLE');
insert into trainer_accounted_row (id, taskId, rowId, outcome) values (2, 'prev-task', 'prev_sst/default/1', 'EXAMPLE');
insert into trainer_accounted_row (id, taskId, rowId, outcome) values (3, 'prev-task', 'prev_sst/default/2', 'EXAMPLE');
insert into trainer_curve_point (id, taskId, kind, step, point_value, metricsJson, examplesSeen, recordedAt)
values (1, 'prev-task', 'LOSS', 1, 0.69, null, 2, TIMESTAMP WITH TIME ZONE '2026-11-30 10:05:00+00:00');
insert into trainer_curve_point (id, taskId, kind, step, point_value, metricsJson, examplesSeen, recordedAt)
values (2, 'prev-task', 'EVAL', 2, 0.75, '{"accuracy":0.75}', 3, TIMESTAMP WITH TIME ZONE '2026-11-30 10:09:00+00:00');
-- where that release's pooled allocations left the sequences: the first call returned 1 and the second 51 (ids 1 to
-- 50 handed out), so the next call returns 101
alter sequence trainer_example_SEQ restart with 101;
alter sequence trainer_accounted_row_SEQ restart with 101;
alter sequence trainer_curve_point_SEQ restart with 101;
