-- The trainer's outbox: COMPLETED, FAILED and the WARNINGs before COMPLETED are stored in the transaction that
-- changes the task's state and published from here until the broker acknowledged them (OutboxRelay), so a broker
-- outage or a crash between the two loses none. The event JSON is sized by the table of limits (a clob on H2,
-- whose varchar stops at 1,000,000).
create sequence trainer_outbox_event_SEQ start with 1 increment by 50;
create table trainer_outbox_event (id bigint not null,
    taskId varchar(128) not null,
    type varchar(32) not null,
    eventJson clob not null,
    createdAt timestamp(6) with time zone not null,
    publishedAt timestamp(6) with time zone,
    primary key (id));
create index ix_trainer_outbox_pending on trainer_outbox_event (publishedAt, id);
