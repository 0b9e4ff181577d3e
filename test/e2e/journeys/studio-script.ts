// Journey 6: the Studio where JavaScript runs. An admin reorders the course outline by drag and
// drop (a lesson within its module, a lesson into another module, a module), sees "saved" without
// a page load, and finds the order kept after a reload; then writes a lesson that saves itself
// after typing stops, is warned before leaving unsaved text, and meets a second admin's save as a
// conflict that keeps both texts. axe-core runs on each page (Tab.check).
import type { Locator } from 'playwright-core';
import { dictionaries } from '../../../src/i18n';
import { equal, includes, type JourneyContext, ok, type Tab } from '../harness';

const ADMIN = { email: 'admin@example.org', password: 'warsztat-demo' };

async function signInAsAdmin(tab: Tab) {
  await tab.visit('/sign-in', 'sign-in');
  await tab.page.fill('#email', ADMIN.email);
  await tab.page.fill('#password', ADMIN.password);
  await Promise.all([tab.page.waitForURL('**/admin'), tab.page.click('main button[type=submit]')]);
}

/** Form posts through the signed-in context (the setup, not what is being checked). */
async function post(tab: Tab, path: string, form: Record<string, string>) {
  const response = await tab.context.request.post(path, { form, headers: { Origin: tab.baseUrl }, maxRedirects: 0 });
  equal(response.status(), 303, `POST ${path}`);
  return response.headers().location ?? '';
}

/** A fresh draft course: module A with lessons a1, a2, a3 and module B with b1. */
async function makeCourse(tab: Tab) {
  const slug = `dnd-${Date.now().toString(36)}`;
  const courseUrl = await post(tab, '/admin/courses', {
    title: 'Drag and drop',
    slug,
    family: 'workshop',
    mainLanguage: 'en',
    estimatedMinutes: '30',
  });
  for (const title of ['Module A', 'Module B']) await post(tab, `${courseUrl}/modules`, { title });
  await tab.visit(courseUrl, 'course editor');
  const moduleIds = await tab.page
    .locator('ol[data-module-id]')
    .evaluateAll((lists) => lists.map((l) => l.getAttribute('data-module-id')!));
  const lessons: Record<string, string> = {};
  for (const [moduleId, titles] of [
    [moduleIds[0]!, ['a1', 'a2', 'a3']],
    [moduleIds[1]!, ['b1']],
  ] as const) {
    for (const title of titles) lessons[title] = await post(tab, `${courseUrl}/lessons`, { moduleId, kind: 'page', title });
  }
  await tab.visit(courseUrl, 'course editor with lessons');
  return { courseUrl, lessons };
}

/** The outline as the page shows it: module headings and their lesson titles, in order. */
function outlineOf(tab: Tab) {
  return tab.page.evaluate(`[...document.querySelectorAll('[data-outline] > .studio-module')].map((m) =>
    m.getAttribute('aria-label') + ': ' + [...m.querySelectorAll('li > a')].map((a) => a.textContent).join(' '))`) as Promise<string[]>;
}

/** Drags `handle` onto `target` with the mouse, in small steps with pauses as a hand would (Sortable animates each step). */
async function drag(tab: Tab, handle: Locator, target: Locator, where: 'above' | 'below') {
  const from = (await handle.boundingBox())!;
  const to = (await target.boundingBox())!;
  await tab.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await tab.page.mouse.down();
  // Over the target's middle first, then on to the edge it should land on.
  const steps = 15;
  for (let i = 1; i <= steps; i++) {
    const y = from.y + from.height / 2 + ((to.y + to.height / 2 - from.y - from.height / 2) * i) / steps;
    await tab.page.mouse.move(to.x + to.width / 2, y);
    await tab.page.waitForTimeout(40);
  }
  await tab.page.mouse.move(to.x + to.width / 2, where === 'above' ? to.y + 2 : to.y + to.height - 2, { steps: 5 });
  await tab.page.waitForTimeout(40);
  await tab.page.mouse.up();
}

export async function studioScriptJourney({ open }: JourneyContext) {
  const t = dictionaries.en.studio;
  // Tall enough to show the whole outline: the mouse reaches only what is in the viewport.
  const tab = await open({ viewport: { width: 1280, height: 2400 } });
  try {
    await signInAsAdmin(tab);
    const { courseUrl, lessons } = await makeCourse(tab);
    equal(await tab.page.locator('.lesson-handle').count(), 4, 'a drag handle per lesson');
    equal(await tab.page.locator('.module-handle').count(), 2, 'a drag handle per module');
    equal((await outlineOf(tab)).join(' | '), 'Module A: a1 a2 a3 | Module B: b1', 'the outline at first');
    const status = tab.page.locator('[data-outline-status]');
    const lessonRow = (title: string) => tab.page.locator(`li[data-place]:has(> a:text-is("${title}"))`);
    const handleOf = (title: string) => lessonRow(title).locator('.lesson-handle');

    const noPageLoad = await tab.markPage();
    await drag(tab, handleOf('a3'), lessonRow('a1'), 'above');
    await status.filter({ hasText: t.orderSaved }).waitFor();
    equal((await outlineOf(tab)).join(' | '), 'Module A: a3 a1 a2 | Module B: b1', 'a3 dragged to the top of its module');
    await noPageLoad('drop within a module');
    // The swapped-in outline has the move buttons of the new order: a3 is first, so no "Move up".
    equal(await lessonRow('a3').locator(`button:text-is("${t.moveUp}")`).count(), 0, 'the first lesson has no Move up');
    equal(await handleOf('a1').count(), 1, 'the swapped-in outline has its handles again');

    await status.evaluate((e) => {
      e.textContent = '';
    });
    await drag(tab, handleOf('a1'), lessonRow('b1'), 'below');
    await status.filter({ hasText: t.orderSaved }).waitFor();
    equal((await outlineOf(tab)).join(' | '), 'Module A: a3 a2 | Module B: b1 a1', 'a1 dragged into module B, after b1');

    await status.evaluate((e) => {
      e.textContent = '';
    });
    const moduleB = tab.page.locator('.studio-module').nth(1);
    await drag(tab, moduleB.locator('.module-handle'), tab.page.locator('.studio-module').first().locator('h3'), 'above');
    await status.filter({ hasText: t.orderSaved }).waitFor();
    equal((await outlineOf(tab)).join(' | '), 'Module B: b1 a1 | Module A: a3 a2', 'module B dragged above module A');
    await noPageLoad('three drops');
    await tab.check('course editor after drag and drop');

    // A drop the server refuses (as it does when the page is out of date) is put back, and the status says why.
    tab.expectStatus((await lessonRow('a2').getAttribute('data-place'))!, 422);
    const refusal = `<p class="form-error" role="alert">${t.placeRefused}</p>`;
    await tab.page.route('**/place', (route) => route.fulfill({ status: 422, contentType: 'text/html', body: refusal }));
    await drag(tab, handleOf('a2'), lessonRow('a3'), 'above');
    await tab.page.locator('[data-outline-status].failed').filter({ hasText: t.placeRefused }).waitFor();
    equal((await outlineOf(tab)).join(' | '), 'Module B: b1 a1 | Module A: a3 a2', 'a refused drop is put back');
    await tab.page.unroute('**/place');

    await tab.visit(courseUrl, 'course editor, reloaded');
    equal((await outlineOf(tab)).join(' | '), 'Module B: b1 a1 | Module A: a3 a2', 'the order is kept after a reload');

    // ── Autosave ──
    await tab.visit(lessons.a2!, 'lesson editor');
    const body = tab.page.locator('#f-body-en');
    const saved = tab.page.locator('[data-autosave-status]');
    const revision = () => tab.page.locator('input[name=revision]').inputValue();
    const before = Number(await revision());
    const noReload = await tab.markPage();
    await body.fill('');
    await body.pressSequentially('Typed, then saved by itself.', { delay: 10 });
    await saved.filter({ hasText: /Draft saved at \d\d:\d\d/ }).waitFor({ timeout: 10_000 });
    equal(Number(await revision()), before + 1, 'the form carries the new revision');
    await noReload('autosave');
    await tab.check('lesson editor after autosave');

    // Typing again: leaving before the autosave warns (beforeunload), and staying keeps the text.
    let warned = false;
    tab.page.once('dialog', (dialog) => {
      warned = dialog.type() === 'beforeunload';
      void dialog.dismiss();
    });
    await body.pressSequentially(' More.', { delay: 10 });
    await tab.page.click(`main a[href="${courseUrl}"]`, { noWaitAfter: true });
    await tab.page.waitForTimeout(500);
    ok(warned, 'leaving with unsaved changes asks first');
    equal(tab.page.url(), tab.url(lessons.a2!), 'dismissing the warning stays on the lesson');
    await tab.page.locator(`input[name=revision][value="${before + 2}"]`).waitFor({ state: 'attached', timeout: 10_000 });

    // A second admin saves the same lesson; the first keeps typing: a conflict, both texts kept.
    const other = await tab.context.newPage();
    await other.goto(lessons.a2!);
    await other.fill('#f-body-en', 'The other admin’s text.');
    await Promise.all([other.waitForURL('**?done=saved'), other.click('.lesson-editor button[type=submit]')]);
    await other.close();
    tab.expectStatus(lessons.a2!, 409);
    await body.pressSequentially(' Mine too.', { delay: 10 });
    await tab.page.locator('.conflict').waitFor({ timeout: 10_000 });
    includes(await tab.text('.conflict'), 'The other admin’s text.', 'the conflict shows their text');
    includes(await body.inputValue(), 'Typed, then saved by itself. More. Mine too.', 'everything typed is still in the form');
    equal(await tab.attribute('form.lesson-editor', 'data-autosave'), 'false', 'autosave pauses while the conflict is shown');
    await tab.check('lesson editor with a conflict');
  } finally {
    await tab.close();
  }
}
