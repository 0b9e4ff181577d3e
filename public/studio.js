// The Studio where JavaScript runs: drag and drop in the course editor's outline, and autosave with
// a warning before leaving unsaved changes in the lesson editor (views/admin/courses.tsx and
// lessons.tsx). A file, not inline script: the Content-Security-Policy allows scripts from our own
// origin only. Without it every page works by plain forms: the move up/down buttons (also the
// keyboard's way to reorder) and the Save button stay either way.
(() => {
  /**
   * POSTs a form body in the background. `HX-Request` asks for the htmx answer: a fragment, or the
   * editor page, instead of a 303 (src/routes/admin/outline.tsx, src/routes/admin/lessons.tsx).
   * An expired session answers with HX-Redirect: treated as not saved, so nothing typed is lost
   * by leaving the page on its own.
   */
  async function post(url, body) {
    const response = await fetch(url, { method: 'POST', body, headers: { 'HX-Request': 'true' }, credentials: 'same-origin' });
    const html = await response.text();
    return { ok: response.ok && !response.headers.has('HX-Redirect'), status: response.status, html };
  }

  /** The text of an answer's fragment (the reason a save was refused), if it is one. */
  function fragmentText(html) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return doc.querySelector('main') ? '' : (doc.body.textContent ?? '').trim();
  }

  /** A role="status" line: its data-saving / data-failed texts come from the page, in its language. */
  function statusLine(element) {
    return (text, failed = false) => {
      element.textContent = text;
      element.classList.toggle('failed', failed);
    };
  }

  // ── Drag and drop in the outline (SortableJS, served from /assets) ──────────────────────────────

  const outline = document.querySelector('[data-outline]');
  const outlineStatus = document.querySelector('[data-outline-status]');
  if (outline && outlineStatus && typeof Sortable === 'function') {
    const say = statusLine(outlineStatus);
    let sortables = [];

    /** A handle per module and per lesson: mouse and touch only, so hidden from assistive technology. */
    function addHandle(row, kind) {
      if (row.querySelector(':scope > .drag-handle')) return;
      const handle = document.createElement('span');
      handle.className = `drag-handle ${kind}-handle`;
      handle.setAttribute('aria-hidden', 'true');
      handle.title = outline.dataset.handleLabel ?? '';
      handle.textContent = '⠿';
      row.prepend(handle);
    }

    function wire() {
      for (const sortable of sortables) sortable.destroy();
      for (const module of outline.querySelectorAll('.studio-module[data-place]')) addHandle(module.querySelector('h3'), 'module');
      for (const lesson of outline.querySelectorAll('li[data-place]')) addHandle(lesson, 'lesson');
      const options = { animation: 150, onEnd: drop, ghostClass: 'drag-ghost', chosenClass: 'drag-chosen' };
      sortables = [
        Sortable.create(outline, { ...options, handle: '.module-handle', draggable: '.studio-module' }),
        // One group: a lesson can be dropped into any module, also an empty one.
        ...[...outline.querySelectorAll('ol[data-module-id]')].map((list) =>
          Sortable.create(list, { ...options, group: 'lessons', handle: '.lesson-handle', draggable: 'li', emptyInsertThreshold: 24 }),
        ),
      ];
    }

    /** Puts a dropped item back where it was, when the server did not take the new place. */
    function undo(event) {
      event.item.remove();
      event.from.insertBefore(event.item, event.from.children[event.oldIndex] ?? null);
    }

    async function drop(event) {
      if (event.from === event.to && event.oldIndex === event.newIndex) return;
      const body = new URLSearchParams({ position: String(event.newDraggableIndex) });
      if (event.to.dataset.moduleId) body.set('moduleId', event.to.dataset.moduleId);
      // One move at a time: the next one must start from the order this one saves.
      for (const sortable of sortables) sortable.option('disabled', true);
      say(outlineStatus.dataset.saving ?? '');
      try {
        const answer = await post(event.item.dataset.place, body);
        const fresh = answer.ok && new DOMParser().parseFromString(answer.html, 'text/html').querySelector('[data-outline]');
        if (!fresh) {
          undo(event);
          say(fragmentText(answer.html) || (outlineStatus.dataset.failed ?? ''), true);
          return;
        }
        // The outline as the server now has it: the move buttons match the new order. Open
        // "Rename" panels stay open.
        const open = [...outline.querySelectorAll('details[open]')].map((d) => d.closest('[data-place]')?.dataset.place);
        outline.replaceChildren(...fresh.childNodes);
        for (const d of outline.querySelectorAll('details')) if (open.includes(d.closest('[data-place]')?.dataset.place)) d.open = true;
        say(outlineStatus.dataset.saved ?? '');
      } catch {
        undo(event);
        say(outlineStatus.dataset.failed ?? '', true);
      } finally {
        wire();
      }
    }

    wire();
  }

  // ── Autosave in the lesson editor ───────────────────────────────────────────────────────────────

  const form = document.querySelector('form[data-autosave]');
  const formStatus = form?.querySelector('[data-autosave-status]');
  if (form && formStatus) {
    const say = statusLine(formStatus);
    const DELAY_MS = 2000; // after typing stops
    let edits = 0; // changes typed since the page loaded
    let savedEdits = 0; // how many of them the server has
    let timer;
    let running = false;
    let again = false; // typing went on during a save: save once more after it
    let submitAfter = false; // Save was pressed during a save: post the form after it
    let leaving = false;

    const submitNatively = () => {
      leaving = true;
      HTMLFormElement.prototype.submit.call(form);
    };

    async function save() {
      clearTimeout(timer);
      if (running) {
        again = true;
        return;
      }
      running = true;
      const sent = edits;
      say(formStatus.dataset.saving ?? '');
      try {
        const answer = await post(form.action, new URLSearchParams(new FormData(form)));
        if (answer.status === 409) {
          // Someone else saved: show the conflict as the page does without JavaScript, by posting
          // the form as it is now (the same stale revision, so it writes nothing): both texts
          // side by side and everything typed in the form.
          submitNatively();
          return;
        }
        const state = new DOMParser().parseFromString(answer.html, 'text/html').querySelector('[data-revision]');
        if (answer.ok && state) {
          form.elements.namedItem('revision').value = state.dataset.revision;
          savedEdits = sent;
          say(state.textContent.trim());
        } else {
          say(fragmentText(answer.html) || (formStatus.dataset.failed ?? ''), true);
        }
      } catch {
        say(formStatus.dataset.failed ?? '', true);
      } finally {
        running = false;
      }
      const more = again;
      again = false;
      if (submitAfter) submitNatively();
      else if (more && edits !== savedEdits) save();
    }

    form.addEventListener('input', () => {
      edits++;
      if (form.dataset.autosave !== 'true') return; // paused while a conflict is shown
      clearTimeout(timer);
      timer = setTimeout(save, DELAY_MS);
    });

    // Save pressed while a background save is on its way: wait for its new revision, or the
    // form would post the old one and conflict with itself.
    form.addEventListener('submit', (event) => {
      clearTimeout(timer);
      if (running) {
        event.preventDefault();
        submitAfter = true;
        return;
      }
      leaving = true;
    });

    window.addEventListener('beforeunload', (event) => {
      if (leaving || edits === savedEdits) return;
      event.preventDefault();
      event.returnValue = ''; // older browsers ask only when this is set
    });
  }
})();
