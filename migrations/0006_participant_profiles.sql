CREATE TABLE `participant_profiles` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`gender` text,
	`birth_year` integer,
	`labour_status` text,
	`education` text,
	`disability` text,
	`consent_at` integer,
	`disability_consent_at` integer,
	`declined_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `settings` ADD `ask_profile` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `profile_consent` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `settings` ADD `disability_consent` text DEFAULT '{}' NOT NULL;