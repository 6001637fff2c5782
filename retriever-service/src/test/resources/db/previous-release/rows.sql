-- Rows as the release before Flyway wrote them: one ingested dataset with its config, two rows and the
-- selection of a task. Plain SQL that H2 and PostgreSQL both take.
insert into rb_dataset (name, description, taskType, path, cardInferred, status, rows, cells, skippedRows, lastError, updatedAt)
values ('prev_sst', 'Movie reviews labelled by sentiment', 'sentiment classification', 'prev_sst', false, 'DONE', 2, 4, 0, null,
        TIMESTAMP WITH TIME ZONE '2026-11-30 10:00:00+00:00');
insert into rb_config (id, dataset, name, file, description, labels, columns, fileHash, maxRows, nextRecord, rows, cells,
                       skippedRows, complete, endOfFile, status, errors, descriptionVector, embeddingModel, updatedAt)
values ('prev_sst/default', 'prev_sst', 'default', 'train.csv', 'Movie reviews', 'negative
positive', 'text
label', 'sha256:0f', 0, 2, 2, 4, 0, true, true, 'DONE', null, null, 'all-minilm-l6-v2',
        TIMESTAMP WITH TIME ZONE '2026-11-30 10:00:00+00:00');
insert into rb_row (rowId, dataset, config, rowIndex, cells)
values ('prev_sst/default/0', 'prev_sst', 'default', 0, '{"text":"a gripping film","label":"positive"}');
insert into rb_row (rowId, dataset, config, rowIndex, cells)
values ('prev_sst/default/1', 'prev_sst', 'default', 1, '{"text":"a dull, lifeless film","label":"negative"}');
insert into rb_selection (taskId, createdAt, rowCount, publishedAt, json)
values ('prev-task', TIMESTAMP WITH TIME ZONE '2026-11-30 10:05:00+00:00', 2, TIMESTAMP WITH TIME ZONE '2026-11-30 10:05:01+00:00',
        '["prev_sst/default/0","prev_sst/default/1"]');
