import { describe, expect, it } from 'vitest';
import { type BundleFile, type CourseBundle, type LessonBundle, parseBundles } from '../../src/content/bundle';
import { serializeCourse } from '../../src/content/serialize';
import { contentFiles } from '../fixtures/content';
import { fixtureFiles } from '../fixtures/course';

function parseOne(files: BundleFile[]): CourseBundle {
  const result = parseBundles(files);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
  expect(result.courses).toHaveLength(1);
  return result.courses[0]!;
}

/** A course without each lesson's `file`, which names where it was read from, not what it is. */
function content(course: CourseBundle) {
  return { ...course, modules: course.modules.map((m) => ({ ...m, lessons: m.lessons.map(({ file: _, ...lesson }) => lesson) })) };
}

function expectRoundTrip(course: CourseBundle) {
  const files = serializeCourse(course);
  expect(content(parseOne(files))).toStrictEqual(content(course));
  // Writing what was read back gives the same bytes: the output is a fixed point, not just equivalent.
  expect(serializeCourse(parseOne(files))).toStrictEqual(files);
}

const page = (key: string, over: Partial<LessonBundle> = {}): LessonBundle => ({
  key,
  file: '',
  kind: 'page',
  required: true,
  passPercent: null,
  sources: [{ title: 'A source', url: 'https://example.org/a' }],
  title: { pl: `Lekcja ${key}`, en: `Lesson ${key}` },
  body: { pl: `Treść ${key}.`, en: `Text of ${key}.` },
  questions: [],
  ...over,
});

const course = (over: Partial<CourseBundle> = {}): CourseBundle => ({
  slug: 'hand-built',
  family: 'workshop',
  mainLanguage: 'pl',
  estimatedMinutes: 90,
  published: true,
  title: { pl: 'Kurs', en: 'Course' },
  summary: { pl: 'Krótko.', en: 'In short.' },
  modules: [{ key: 'only', title: { pl: 'Moduł', en: 'Module' }, lessons: [page('first')] }],
  ...over,
});

const quiz: LessonBundle = page('check', {
  kind: 'quiz',
  passPercent: 67,
  required: false,
  sources: [],
  body: {},
  questions: [
    {
      key: 'single',
      multiple: false,
      prompt: { pl: 'Które: jedno?', en: 'Which one?' },
      options: [
        { correct: true, text: { pl: 'To', en: 'This' }, explanation: { pl: 'Tak.', en: 'Yes.' } },
        { correct: false, text: { pl: 'Tamto', en: 'That' }, explanation: { pl: 'Nie.', en: 'No.' } },
      ],
    },
    {
      key: 'many',
      multiple: true,
      prompt: { pl: 'Zaznacz wszystkie\nparzyste.', en: 'Tick every\neven one.' },
      options: [
        { correct: true, text: { pl: '2', en: '2' }, explanation: { pl: 'Parzysta.', en: 'Even.' } },
        { correct: true, text: { pl: 'true', en: 'yes' }, explanation: { pl: '- też', en: '# too' } },
        { correct: false, text: { pl: '3', en: '3' }, explanation: { pl: 'Nie.', en: 'No.' } },
      ],
    },
  ],
});

describe('serializeCourse', () => {
  it('writes every shipped course back to the same files, and parseBundles reads back the same course', () => {
    const parsed = parseBundles(contentFiles);
    if (!parsed.ok) throw new Error('content/ does not parse');
    expect(parsed.courses.map((c) => c.slug)).toEqual(['mission-policy-guide', 'trainer-programme', 'upcycling-workshops']);
    for (const shipped of parsed.courses) {
      const files = serializeCourse(shipped);
      // Same layout as content/: the same paths, numbered 01, 02, … in order.
      const original = contentFiles.filter((f) => f.path.startsWith(`${shipped.slug}/`)).map((f) => f.path);
      expect(files.map((f) => f.path).sort(), shipped.slug).toEqual(original.sort());
      expectRoundTrip(shipped);
    }
  });

  it('round-trips the test fixture course (a Polish-only lesson, an optional page, a quiz, a reflection)', () => {
    expectRoundTrip(parseOne(fixtureFiles));
  });

  it('is deterministic', () => {
    const c = parseOne(fixtureFiles);
    expect(serializeCourse(structuredClone(c))).toStrictEqual(serializeCourse(c));
  });

  it('round-trips a course in one language only', () => {
    const english = course({
      mainLanguage: 'en',
      title: { en: 'English only' },
      summary: { en: 'One language.' },
      modules: [{ key: 'one', title: { en: 'One' }, lessons: [page('solo', { title: { en: 'Solo' }, body: { en: 'Only English.' } })] }],
    });
    expectRoundTrip(english);
    expect(serializeCourse(english).some((f) => f.text.includes('pl:') || f.text.includes('lang: pl'))).toBe(false);
  });

  it('round-trips quizzes with single and multiple choice, optional lessons and sources with and without a url', () => {
    const c = course({
      modules: [
        {
          key: 'mixed',
          title: { pl: 'Mieszany', en: 'Mixed' },
          lessons: [
            page('intro', { sources: [{ title: 'No link' }, { title: 'Link', url: 'https://example.org/x?y=1#z' }] }),
            quiz,
            page('think', { kind: 'reflection', required: false, sources: [] }),
          ],
        },
      ],
    });
    expectRoundTrip(c);
  });

  it('round-trips texts with YAML-special characters and multi-line texts', () => {
    const tricky = [
      'Quiz: a colon',
      '„Cytat” i "quotes" and \'apostrophes\'',
      '- starts like a list',
      '# starts like a comment',
      'a # inside',
      'yes',
      '123',
      'null',
      '@at, `tick`, %percent, &anchor, *alias, !tag, |pipe, >fold, {brace}, [bracket]',
      'first line\nsecond: line\n  indented third',
      'text\n  an indented line with trailing  \nspaces',
      'two\n\n\nblank lines',
      '---\nlooks like front matter',
    ];
    const c = course({
      title: { pl: tricky[0]!, en: tricky[1]! },
      summary: { pl: tricky[9]!, en: tricky[12]! },
      modules: [
        {
          key: 'tricky',
          title: { pl: tricky[2]!, en: tricky[3]! },
          lessons: tricky.map((text, i) =>
            page(`lesson-${i}`, { title: { pl: text, en: `${i}: ${text}` }, sources: [{ title: text, url: 'https://example.org/' }] }),
          ),
        },
      ],
    });
    expectRoundTrip(c);
  });

  it('round-trips Markdown bodies with "---" lines, HTML comments and front-matter look-alikes', () => {
    const body = [
      'Intro paragraph.',
      '',
      '---',
      '',
      '<!-- a note to authors, not a language marker -->',
      '<!-- lang: xx is not a marker either -->',
      '',
      '---',
      'key: not-front-matter',
      '---',
      '',
      '```yaml',
      'title: "code"',
      '```',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
    ].join('\n');
    expectRoundTrip(
      course({ modules: [{ key: 'md', title: { pl: 'M', en: 'M' }, lessons: [page('body', { body: { pl: body, en: body } })] }] }),
    );
  });

  it('writes the main language first, and a lesson laid out like the hand-written files', () => {
    const c = course({ mainLanguage: 'en', modules: [{ key: 'only', title: { pl: 'Moduł', en: 'Module' }, lessons: [quiz] }] });
    const files = serializeCourse(c);
    expect(files.map((f) => f.path)).toEqual([
      'hand-built/course.yaml',
      'hand-built/01-only/module.yaml',
      'hand-built/01-only/01-check.md',
    ]);
    expect(files[1]!.text).toBe('key: only\ntitle:\n  en: Module\n  pl: Moduł\n');
    expect(files[2]!.text).toBe(`---
key: check
kind: quiz
required: false
title:
  en: Lesson check
  pl: Lekcja check
passPercent: 67
questions:
  - key: single
    multiple: false
    prompt:
      en: Which one?
      pl: "Które: jedno?"
    options:
      - correct: true
        text:
          en: This
          pl: To
        explanation:
          en: Yes.
          pl: Tak.
      - correct: false
        text:
          en: That
          pl: Tamto
        explanation:
          en: No.
          pl: Nie.
  - key: many
    multiple: true
    prompt:
      en: |-
        Tick every
        even one.
      pl: |-
        Zaznacz wszystkie
        parzyste.
    options:
      - correct: true
        text:
          en: "2"
          pl: "2"
        explanation:
          en: Even.
          pl: Parzysta.
      - correct: true
        text:
          en: yes
          pl: "true"
        explanation:
          en: "# too"
          pl: "- też"
      - correct: false
        text:
          en: "3"
          pl: "3"
        explanation:
          en: No.
          pl: Nie.
---
`);
    expectRoundTrip(c);
  });

  it('keeps a body line that reads as a language marker inside its section, indented by one space', () => {
    const c = course({
      modules: [
        { key: 'm', title: { pl: 'M', en: 'M' }, lessons: [page('marker', { body: { pl: 'Przed\n<!-- lang: en -->\nPo', en: 'Text' } })] },
      ],
    });
    const lesson = parseOne(serializeCourse(c)).modules[0]!.lessons[0]!;
    expect(lesson.body).toEqual({ pl: 'Przed\n <!-- lang: en -->\nPo', en: 'Text' });
  });

  it('writes Windows line endings in a body as the parser reads them', () => {
    const c = course({
      modules: [{ key: 'm', title: { pl: 'M', en: 'M' }, lessons: [page('crlf', { body: { pl: 'a\r\nb', en: 'c' } })] }],
    });
    expect(serializeCourse(c)[2]!.text).toContain('<!-- lang: pl -->\na\nb\n');
  });

  it('refuses a module with more lessons than two-digit numbers can order', () => {
    const lessons = Array.from({ length: 100 }, (_, i) => page(`l-${i}`));
    expect(() => serializeCourse(course({ modules: [{ key: 'big', title: { pl: 'Duży' }, lessons }] }))).toThrow(/at most 99/);
  });
});
