// npm run test:e2e — browser journeys against the app as `npm start` runs it (or E2E_BASE_URL).
// Each journey is one test: it fails on its first broken step, and also at its end when any page
// it visited had axe-core violations, console errors or CSP violations. Exit code 1 on any failure.
import { AssertionError, Findings, type JourneyContext, launchBrowser, Tab } from './harness';
import { accessJourney } from './journeys/access';
import { indicatorsJourney } from './journeys/indicators';
import { invitationJourney } from './journeys/invitations';
import { languageJourney } from './journeys/language';
import { myDataJourney } from './journeys/my-data';
import { noJavaScriptJourney } from './journeys/no-javascript';
import { passwordResetJourney } from './journeys/password-reset';
import { peopleJourney } from './journeys/people';
import { reportsJourney } from './journeys/reports';
import { SCREENSHOT_DIR, screenshotJourney } from './journeys/screenshots';
import { settingsJourney } from './journeys/settings';
import { studioJourney } from './journeys/studio';
import { studioScriptJourney } from './journeys/studio-script';
import { trainerJourney } from './journeys/trainer';
import { waitlistJourney } from './journeys/waitlist';
import { type App, startApp } from './server';

const journeys: [string, (ctx: JourneyContext) => Promise<unknown>][] = [
  ['trainer: sign in, enrol, learn, quiz, reflect, finish, certificate, sign out', trainerJourney],
  ['without JavaScript: enrol, mark complete, quiz, reflection by plain form posts', noJavaScriptJourney],
  ['language switch mid-course keeps progress', languageJourney],
  ['access: sign-in redirects, 403 on /admin, 404 for a certificate not held', accessJourney],
  ['studio: drag and drop in the outline, autosave, leave warning and conflict in the lesson editor', studioScriptJourney],
  ['my data: export and delete the account', myDataJourney],
  ['screenshots at 360 px and 1280 px', screenshotJourney],
  ['studio: write, publish, rename, publish, roll back; the trainer keeps progress', studioJourney({ javaScript: true })],
  ['studio without JavaScript: the same by plain form posts', studioJourney({ javaScript: false })],
  [
    'invitation: an admin invites a new address into a cohort; the invitee accepts through the outbox and lands in the course',
    invitationJourney,
  ],
  ['people: an admin finds a trainer, sees their progress, deactivates and reactivates them', peopleJourney],
  ["cohort: a second trainer joins a full cohort's waitlist and is enrolled when the first withdraws", waitlistJourney],
  ['password reset through the outbox; profile changes', passwordResetJourney],
  ['settings: an admin renames the region, turns the EU emblem on and writes a privacy notice; a visitor sees them', settingsJourney],
  ['reports: an admin opens a course report, its chart and its CSV', reportsJourney],
  [
    'indicators: a trainer enrols in a region asking for the participant profile and answers; an admin downloads the funder indicators',
    indicatorsJourney,
  ],
];

const only = process.env.E2E_ONLY; // a substring of a journey's name, to run one while working on it

async function main(): Promise<number> {
  let app: App | undefined;
  const stopApp = () => app?.stop();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void Promise.resolve(stopApp()).finally(() => process.exit(130)));
  }
  const results: { name: string; error?: string; findings: Findings; ms: number }[] = [];
  try {
    app = await startApp();
    const browser = await launchBrowser();
    try {
      for (const [name, journey] of journeys) {
        if (only && !name.includes(only)) continue;
        console.log(`\n▶ ${name}`);
        const findings = new Findings();
        const started = Date.now();
        const ctx: JourneyContext = {
          browser,
          baseUrl: app.baseUrl,
          findings,
          open: (options) => Tab.open(browser, app!.baseUrl, findings, options),
        };
        let error: string | undefined;
        try {
          await journey(ctx);
        } catch (e) {
          error = e instanceof AssertionError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e);
        }
        const result = { name, error, findings, ms: Date.now() - started };
        results.push(result);
        const failed = error || findings.problems.length > 0;
        console.log(`${failed ? '✗ FAIL' : '✓ pass'} ${name} (${(result.ms / 1000).toFixed(1)} s)`);
        if (error) console.log(`    stopped at: ${error.replace(/\n/g, '\n    ')}`);
        if (findings.problems.length) console.log(`    ${findings.problems.length} page problem(s) listed above`);
      }
    } finally {
      await browser.close();
    }
  } catch (e) {
    console.error(`\nCould not run the journeys: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    await stopApp();
  }

  const failed = results.filter((r) => r.error || r.findings.problems.length > 0);
  console.log('\n──────── summary');
  for (const r of results) console.log(`${failed.includes(r) ? '✗' : '✓'} ${r.name}`);
  console.log(`Screenshots: ${SCREENSHOT_DIR}`);
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length > 0 || results.length === 0 ? 1 : 0;
}

process.exitCode = await main();
