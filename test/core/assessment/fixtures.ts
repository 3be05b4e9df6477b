import type { Question } from '../../../src/core/assessment/questions.ts';
import type { Rubric } from '../../../src/core/assessment/rubric.ts';

/** Deterministic byte source (xorshift32) so selection tests are reproducible. */
export function seededRandom(seed: number): (n: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}

export const single: Question = {
  id: 'q-single',
  type: 'single_choice',
  prompt: 'Capital of France?',
  points: 2,
  competencies: ['geo'],
  options: [
    { id: 'o1', text: 'Lyon' },
    { id: 'o2', text: 'Paris' },
    { id: 'o3', text: 'Nice' },
  ],
  correctOptionId: 'o2',
  explanation: 'Paris has been the capital since 987.',
};

export const multiPartial: Question = {
  id: 'q-multi-partial',
  type: 'multiple_choice',
  prompt: 'Which are prime?',
  points: 4,
  competencies: ['math'],
  options: [
    { id: 'a', text: '2' },
    { id: 'b', text: '3' },
    { id: 'c', text: '4' },
    { id: 'd', text: '5' },
    { id: 'e', text: '9' },
  ],
  correctOptionIds: ['a', 'b', 'd'],
  scoring: 'partial',
};

export const multiStrict: Question = { ...multiPartial, id: 'q-multi-strict', scoring: 'all_or_nothing' } as Question;

export const trueFalse: Question = {
  id: 'q-tf',
  type: 'true_false',
  prompt: 'The earth is flat.',
  points: 1,
  competencies: ['geo', 'science'],
  correct: false,
};

export const numeric: Question = {
  id: 'q-num',
  type: 'numeric',
  prompt: 'Value of pi to two decimals?',
  points: 3,
  competencies: ['math'],
  answer: 3.14,
  tolerance: 0.01,
  unit: 'rad',
};

export const shortText: Question = {
  id: 'q-text',
  type: 'short_text',
  prompt: 'Name the city on the Seine.',
  points: 1,
  competencies: ['geo'],
  acceptedAnswers: ['Paris', 'Lutèce'],
  foldDiacritics: true,
};

export const bank: Question[] = [single, multiPartial, multiStrict, trueFalse, numeric, shortText];

export const rubric: Rubric = {
  criteria: [
    {
      id: 'clarity',
      name: 'Clarity',
      levels: [
        { id: 'poor', name: 'Poor', points: 0, description: 'Hard to follow' },
        { id: 'fair', name: 'Fair', points: 1 },
        { id: 'good', name: 'Good', points: 2 },
        { id: 'excellent', name: 'Excellent', points: 3 },
      ],
      requiredLevelId: 'fair',
    },
    {
      id: 'accuracy',
      name: 'Accuracy',
      levels: [
        { id: 'low', name: 'Low', points: 0 },
        { id: 'mid', name: 'Medium', points: 2 },
        { id: 'high', name: 'High', points: 4 },
      ],
      requiredLevelId: 'mid',
    },
  ],
};
