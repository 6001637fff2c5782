-- The retrieval scores of each example's source row, shown with the sample of training examples in the task report.
alter table trainer_example add column scoresJson varchar(4000);
