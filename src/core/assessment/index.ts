/** Assessment core: questions, grading, selection, mastery, rubrics, award rules and their OB 3.0 results. */
export * from './normalize.ts';
export * from './questions.ts';
export * from './grade-question.ts';
export * from './selection.ts';
export * from './attempt.ts';
export * from './mastery.ts';
export * from './rubric.ts';
export * from './award-rule.ts';
export * from './ob-results.ts';
