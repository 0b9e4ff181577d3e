ALTER TABLE `enrolments` ADD `lessons_done` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `required_done` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `enrolments` ADD `last_active_at` integer;--> statement-breakpoint
-- What the reports count per enrolment, from what is there today (the same definitions as the
-- triggers below keep): lessons completed, of them the required ones not archived, and the last
-- completion, quiz attempt or reflection in the course.
UPDATE `enrolments` SET
  `lessons_done` = (SELECT count(*) FROM `lesson_progress` lp
    WHERE lp.`user_id` = `enrolments`.`user_id` AND lp.`course_id` = `enrolments`.`course_id`),
  `required_done` = (SELECT count(*) FROM `lesson_progress` lp JOIN `lessons` l ON l.`id` = lp.`lesson_id`
    WHERE lp.`user_id` = `enrolments`.`user_id` AND lp.`course_id` = `enrolments`.`course_id`
      AND l.`required` = 1 AND l.`archived_at` IS NULL),
  `last_active_at` = nullif(max(
    coalesce((SELECT max(lp.`completed_at`) FROM `lesson_progress` lp
      WHERE lp.`user_id` = `enrolments`.`user_id` AND lp.`course_id` = `enrolments`.`course_id`), 0),
    coalesce((SELECT max(qa.`created_at`) FROM `quiz_attempts` qa JOIN `lessons` l ON l.`id` = qa.`lesson_id`
      WHERE qa.`user_id` = `enrolments`.`user_id` AND l.`course_id` = `enrolments`.`course_id`), 0),
    coalesce((SELECT max(r.`updated_at`) FROM `reflections` r
      WHERE r.`user_id` = `enrolments`.`user_id` AND r.`course_id` = `enrolments`.`course_id`), 0)), 0);
--> statement-breakpoint
-- Triggers, not application code: every path that records progress (a page, a quiz pass, a
-- reflection, an import, a data fix) keeps the counts right in its own statement.
CREATE TRIGGER `lesson_progress_counts_insert` AFTER INSERT ON `lesson_progress`
BEGIN
  UPDATE `enrolments` SET
    `lessons_done` = `lessons_done` + 1,
    `required_done` = `required_done` + (SELECT count(*) FROM `lessons` l
      WHERE l.`id` = NEW.`lesson_id` AND l.`required` = 1 AND l.`archived_at` IS NULL),
    `last_active_at` = max(coalesce(`last_active_at`, 0), NEW.`completed_at`)
  WHERE `user_id` = NEW.`user_id` AND `course_id` = NEW.`course_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `lesson_progress_counts_delete` AFTER DELETE ON `lesson_progress`
BEGIN
  UPDATE `enrolments` SET
    `lessons_done` = `lessons_done` - 1,
    `required_done` = `required_done` - (SELECT count(*) FROM `lessons` l
      WHERE l.`id` = OLD.`lesson_id` AND l.`required` = 1 AND l.`archived_at` IS NULL)
  WHERE `user_id` = OLD.`user_id` AND `course_id` = OLD.`course_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `quiz_attempts_activity` AFTER INSERT ON `quiz_attempts`
BEGIN
  UPDATE `enrolments` SET `last_active_at` = max(coalesce(`last_active_at`, 0), NEW.`created_at`)
  WHERE `user_id` = NEW.`user_id` AND `course_id` = (SELECT `course_id` FROM `lessons` WHERE `id` = NEW.`lesson_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `reflections_activity_insert` AFTER INSERT ON `reflections`
BEGIN
  UPDATE `enrolments` SET `last_active_at` = max(coalesce(`last_active_at`, 0), NEW.`updated_at`)
  WHERE `user_id` = NEW.`user_id` AND `course_id` = NEW.`course_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `reflections_activity_update` AFTER UPDATE OF `updated_at` ON `reflections`
BEGIN
  UPDATE `enrolments` SET `last_active_at` = max(coalesce(`last_active_at`, 0), NEW.`updated_at`)
  WHERE `user_id` = NEW.`user_id` AND `course_id` = NEW.`course_id`;
END;
--> statement-breakpoint
-- A lesson made required or optional, archived or restored (a publish): its completions count
-- towards `required_done` from then on, or stop counting.
CREATE TRIGGER `lessons_required_counts` AFTER UPDATE OF `required`, `archived_at` ON `lessons`
WHEN (OLD.`required` = 1 AND OLD.`archived_at` IS NULL) <> (NEW.`required` = 1 AND NEW.`archived_at` IS NULL)
BEGIN
  UPDATE `enrolments` SET `required_done` = `required_done`
    + (CASE WHEN NEW.`required` = 1 AND NEW.`archived_at` IS NULL THEN 1 ELSE -1 END)
  WHERE `course_id` = NEW.`course_id`
    AND `user_id` IN (SELECT `user_id` FROM `lesson_progress` WHERE `lesson_id` = NEW.`id`);
END;
