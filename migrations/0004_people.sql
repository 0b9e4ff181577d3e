CREATE TABLE `account_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`new_email` text,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `account_tokens_user_idx` ON `account_tokens` (`user_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `cohorts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`course_id` integer NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`starts_at` integer,
	`ends_at` integer,
	`capacity` integer,
	`facilitator_id` integer,
	`enrolment_open` integer DEFAULT true NOT NULL,
	`enrolment_key` text,
	`completions_after_end` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`course_id`) REFERENCES `courses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`facilitator_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `cohorts_course_idx` ON `cohorts` (`course_id`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`language` text NOT NULL,
	`token_hash` text NOT NULL,
	`cohort_id` integer,
	`invited_by` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`accepted_by` integer,
	`revoked_at` integer,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`accepted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_hash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_email_idx` ON `invitations` (`email`);--> statement-breakpoint
CREATE INDEX `invitations_created_idx` ON `invitations` (`created_at`);--> statement-breakpoint
CREATE TABLE `waitlist` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cohort_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`cohort_id`) REFERENCES `cohorts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `waitlist_cohort_user_idx` ON `waitlist` (`cohort_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `waitlist_user_idx` ON `waitlist` (`user_id`);--> statement-breakpoint
ALTER TABLE `enrolments` ADD `cohort_id` integer REFERENCES cohorts(id);--> statement-breakpoint
ALTER TABLE `enrolments` ADD `withdrawn_at` integer;--> statement-breakpoint
CREATE INDEX `enrolments_cohort_idx` ON `enrolments` (`cohort_id`,`withdrawn_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `deactivated_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `deleted_at` integer;--> statement-breakpoint
-- Every course gets its default cohort, and every enrolment made before cohorts existed moves into
-- its course's default cohort: open, no capacity, no dates, so nothing a trainer had changes.
INSERT INTO `cohorts` (`course_id`, `name`, `is_default`) SELECT `id`, '', 1 FROM `courses`;--> statement-breakpoint
UPDATE `enrolments` SET `cohort_id` = (SELECT c.`id` FROM `cohorts` c WHERE c.`course_id` = `enrolments`.`course_id` AND c.`is_default` = 1);
--> statement-breakpoint
-- A new course (command-line import, Studio, .zip import) gets its default cohort in the same
-- statement, whichever code path inserted it.
CREATE TRIGGER `courses_default_cohort` AFTER INSERT ON `courses`
BEGIN
  INSERT INTO `cohorts` (`course_id`, `name`, `is_default`) VALUES (NEW.`id`, '', 1);
END;
