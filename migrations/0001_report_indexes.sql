DROP INDEX `enrolments_course_idx`;--> statement-breakpoint
CREATE INDEX `enrolments_course_completed_idx` ON `enrolments` (`course_id`,`completed_at`);--> statement-breakpoint
CREATE INDEX `users_role_idx` ON `users` (`role`);