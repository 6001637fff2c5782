-- Trainer schema, version 1: exactly what Hibernate generated for the entities of the last release before Flyway
-- (commit cceba42; Quarkus 3.34.1, H2 dialect). A database that release created with "update" already has these
-- tables and sequences and is baselined at version 1, so this script runs only on an empty database.
-- Never edit an applied migration: every entity change comes with a new V<n>__<what>.sql, in both folders.
create sequence trainer_accounted_row_SEQ start with 1 increment by 50;
create sequence trainer_curve_point_SEQ start with 1 increment by 50;
create sequence trainer_example_SEQ start with 1 increment by 50;
create table trainer_accounted_row (id bigint not null,
    taskId varchar(128) not null,
    rowId varchar(512) not null,
    outcome enum ('DEAD_LETTERED','EXAMPLE','REJECTED') not null,
    primary key (id),
    constraint uk_trainer_accounted unique (taskId,
    rowId,
    outcome));
create table trainer_curve_point (point_value float(53),
    step integer not null,
    examplesSeen bigint not null,
    id bigint not null,
    recordedAt timestamp(6) with time zone,
    taskId varchar(128) not null,
    metricsJson varchar(4000),
    kind enum ('EVAL','LOSS') not null,
    primary key (id));
create table trainer_example (id bigint not null,
    receivedAt timestamp(6) with time zone,
    rowIndex bigint,
    mode varchar(32),
    exampleId varchar(64) not null,
    taskId varchar(128) not null,
    dataset varchar(256),
    datasetConfig varchar(256),
    rowId varchar(512),
    output varchar(100000),
    rationale varchar(100000),
    inputJson varchar(1000000) not null,
    primary key (id),
    constraint uk_trainer_example_id unique (exampleId));
create table trainer_task_stream (createdAt timestamp(6) with time zone,
    duplicates bigint not null,
    lastActivityAt timestamp(6) with time zone,
    retrieved bigint,
    taskId varchar(128) not null,
    upstreamFailure varchar(4000),
    retrievalDetailsJson varchar(100000),
    requestJson varchar(1000000),
    primary key (taskId));
create table trainer_task_training (bestScore float(53),
    bestStep integer,
    checkpointStep integer not null,
    examplesPerSecond float(53),
    lastEvalStep integer not null,
    lastLoss float(53),
    resumedFromStep integer,
    steps integer not null,
    checkpointExamplesTrained bigint not null,
    checkpointLastExampleId bigint not null,
    completedAt timestamp(6) with time zone,
    examplesTrained bigint not null,
    lastExampleId bigint not null,
    startedAt timestamp(6) with time zone,
    bestMetric varchar(32),
    completionReason varchar(64),
    taskId varchar(128) not null,
    bestPath varchar(2000),
    checkpointPath varchar(2000),
    modelPath varchar(2000),
    reportPath varchar(2000),
    failureReason varchar(4000),
    baselineJson varchar(10000),
    metricsJson varchar(10000),
    status enum ('COMPLETED','FAILED','FINALISING','QUEUED','TRAINING','WAITING_FOR_EXAMPLES','WAITING_FOR_SPEC') not null,
    primary key (taskId));
create index ix_trainer_accounted_task on trainer_accounted_row (taskId);
create index ix_trainer_curve_task on trainer_curve_point (taskId,
    kind,
    step);
create index ix_trainer_example_task on trainer_example (taskId,
    id);
