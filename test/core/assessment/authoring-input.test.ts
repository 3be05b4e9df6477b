import { describe, expect, it } from 'vitest';
import { isHttpUrl, validateModuleFields, validateQuizFields } from '../../../src/core/assessment/module-input.ts';
import { questionFromInput } from '../../../src/core/assessment/question-input.ts';
import { toPublicQuestion } from '../../../src/core/assessment/questions.ts';
import { AppError } from '../../../src/core/errors.ts';

let n = 0;
const newId = () => `id${++n}`;

function fields(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    return (e as AppError).issues.map((i) => i.field);
  }
  throw new Error('did not throw');
}

describe('module fields', () => {
  it('accepts markdown, link and media sections', () => {
    const m = validateModuleFields({
      title: ' Maps ', sections: [
        { kind: 'markdown', body: '# Intro' },
        { kind: 'link', title: 'Atlas', url: 'https://example.org/atlas' },
        { kind: 'media', title: 'Video', url: 'https://video.example.org/v.mp4' },
      ],
    }, newId);
    expect(m).toMatchObject({ title: 'Maps', enrolment: 'open', status: 'draft' });
    expect(m.sections.map((s) => s.kind)).toEqual(['markdown', 'link', 'media']);
  });

  it.each([
    [{ title: '' }, 'title'],
    [{ title: 'x', enrolment: 'invite' }, 'enrolment'],
    [{ title: 'x', sections: [{ kind: 'link', title: 'bad', url: 'javascript:alert(1)' }] }, 'sections.0.url'],
    [{ title: 'x', sections: [{ kind: 'media', title: 'data', url: 'data:text/html,<script>' }] }, 'sections.0.url'],
    [{ title: 'x', sections: [{ kind: 'markdown' }] }, 'sections.0.body'],
    [{ title: 'x', sections: [{ kind: 'iframe', url: 'https://x.org' }] }, 'sections.0.kind'],
    [{ title: 'x', competencyIds: [1, 2] }, 'competencyIds'],
  ])('%j → %s', (raw, field) => {
    expect(fields(() => validateModuleFields(raw, newId))).toContain(field);
  });

  it('only absolute http(s) URLs are links', () => {
    expect(isHttpUrl('https://a.org/x?y=1')).toBe(true);
    expect(isHttpUrl('//a.org')).toBe(false);
    expect(isHttpUrl('/relative')).toBe(false);
    expect(isHttpUrl('https://a.org/ x')).toBe(false);
  });
});

describe('quiz fields', () => {
  it('defaults and converts minutes', () => {
    expect(validateQuizFields({ title: 'Q', timeLimitMinutes: '15', attemptLimit: '3' })).toMatchObject({
      passMark: 70, timeLimitSeconds: 900, attemptLimit: 3, reviewPolicy: 'after_submission', shuffleQuestions: true, drawCount: null,
    });
  });
  it.each([
    [{ title: 'Q', passMark: 101 }, 'passMark'],
    [{ title: 'Q', attemptLimit: 0 }, 'attemptLimit'],
    [{ title: 'Q', reviewPolicy: 'always' }, 'reviewPolicy'],
    [{ title: 'Q', drawCount: '2.5' }, 'drawCount'],
  ])('%j → %s', (raw, field) => expect(fields(() => validateQuizFields(raw))).toContain(field));
});

describe('questionFromInput', () => {
  it('generates opaque option ids and marks the correct ones', () => {
    const q = questionFromInput({ type: 'multiple_choice', prompt: 'Primes?', options: [{ text: '2', correct: true }, { text: '4' }, { text: '5', correct: 'on' as unknown as boolean }] }, 'q1', newId);
    expect(q.type === 'multiple_choice' && q.correctOptionIds.length).toBe(2);
    expect(JSON.stringify(toPublicQuestion(q))).not.toContain('correct');
  });
  it('parses numbers and accepted answers from form text', () => {
    expect(questionFromInput({ type: 'numeric', prompt: 'pi', answer: '3.14', tolerance: '0.01', points: '2' }, 'q2', newId)).toMatchObject({ answer: 3.14, tolerance: 0.01, points: 2 });
    expect(questionFromInput({ type: 'short_text', prompt: 'City', acceptedAnswers: 'Paris\n\nLutèce\n' }, 'q3', newId)).toMatchObject({ acceptedAnswers: ['Paris', 'Lutèce'] });
  });
  it.each([
    [{ type: 'single_choice', prompt: 'x', options: [{ text: 'a', correct: true }, { text: 'b', correct: true }] }, 'options'],
    [{ type: 'true_false', prompt: 'x' }, 'correct'],
    [{ type: 'numeric', prompt: 'x', answer: 'abc' }, 'answer'],
    [{ type: 'essay', prompt: 'x' }, 'type'],
  ])('%j → %s', (raw, field) => expect(fields(() => questionFromInput(raw as never, 'q', newId))).toContain(field));
});

describe('sections text', () => {
  it('parses markers and round-trips through validation', async () => {
    const { parseSectionsText, sectionsToText } = await import('../../../src/core/assessment/module-input.ts');
    const raw = parseSectionsText('Intro text\n=== markdown: Reading\n# Heading\nBody\n=== link: Atlas | https://example.org/atlas\n=== media: Clip | https://cdn.example.org/a.mp4\nWatch this.');
    expect(raw.map((r) => r.kind)).toEqual(['markdown', 'markdown', 'link', 'media']);
    expect(raw[1]).toEqual({ kind: 'markdown', title: 'Reading', body: '# Heading\nBody' });
    const m = validateModuleFields({ title: 'x', sections: raw }, newId);
    expect(parseSectionsText(sectionsToText(m.sections)).map((r) => r.url ?? r.body)).toEqual(raw.map((r) => r.url ?? r.body));
    expect(fields(() => validateModuleFields({ title: 'x', sections: parseSectionsText('=== iframe: X | https://x.org') }, newId))).toContain('sections.0.kind');
  });
});
