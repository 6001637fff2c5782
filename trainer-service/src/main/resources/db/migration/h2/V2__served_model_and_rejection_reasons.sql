-- The served-model choice (which student is served, why, each candidate's score, warnings) and the transformer's
-- reason for each rejected row (for the datastore-fit warning); the stored request grows to the limits table's
-- MAX_STORED_REQUEST_BYTES (4 MiB) so every valid request fits (a clob on H2, whose varchar stops at 1,000,000).
alter table trainer_accounted_row add column reason varchar(64);
alter table trainer_task_training add column servedJson varchar(20000);
alter table trainer_task_stream alter column requestJson set data type clob;
