/** TypeBox schemas of the assessment API: modules, questions, quizzes, attempts, projects, reviews, completions. */
import { Type } from '@sinclair/typebox';

/** An object whose extra fields are kept (nested domain shapes: sections, rubrics, questions). */
const Open = (props: Parameters<typeof Type.Object>[0], description?: string) =>
  Type.Unsafe<any>(Type.Object(props, { additionalProperties: true, ...(description ? { description } : {}) }));

export const IdParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const Section = Open({ id: Type.String(), kind: Type.String(), title: Type.String(), body: Type.Optional(Type.String()), url: Type.Optional(Type.String()) });

export const ModuleOut = Type.Object({
  id: Type.String(), organizationId: Type.String(), title: Type.String(), summary: Type.String(), sections: Type.Array(Section),
  competencyIds: Type.Array(Type.String()), achievementIds: Type.Array(Type.String()), enrolment: Type.String(), status: Type.String(),
  createdAt: Type.String(), updatedAt: Type.String(),
});

export const ModuleBody = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 200 })),
  summary: Type.Optional(Type.String({ maxLength: 4000 })),
  sections: Type.Optional(Type.Array(Open({ kind: Type.String(), title: Type.Optional(Type.String()), body: Type.Optional(Type.String()), url: Type.Optional(Type.String()) }), { maxItems: 100 })),
  competencyIds: Type.Optional(Type.Array(Type.String())),
  achievementIds: Type.Optional(Type.Array(Type.String())),
  enrolment: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('staff')])),
  status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')])),
});

export const EnrolBody = Type.Object({ email: Type.String({ maxLength: 254 }), name: Type.Optional(Type.String({ maxLength: 200 })) });
export const EnrolOut = Type.Object({ learnerId: Type.String(), created: Type.Boolean() });
export const CsvEnrolOut = Type.Object({
  enrolled: Type.Integer(), alreadyEnrolled: Type.Integer(),
  errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
});
export const ProgressOut = Type.Object({
  moduleId: Type.String(), enrolled: Type.Integer(), attempted: Type.Integer(), passed: Type.Integer(), projectsAccepted: Type.Integer(), awarded: Type.Integer(),
});

/** A question with its answers: staff only. */
export const QuestionOut = Open({ id: Type.String(), type: Type.String(), prompt: Type.String(), points: Type.Number(), competencies: Type.Array(Type.String()) });
export const QuestionBody = Open({
  type: Type.Union(['single_choice', 'multiple_choice', 'true_false', 'numeric', 'short_text'].map((t) => Type.Literal(t))),
  prompt: Type.String({ maxLength: 10_000 }),
}, 'The authoring shape: options as { text, correct }, correct for true/false, answer and tolerance for numeric, acceptedAnswers for short text.');

/** What the browser gets during an attempt: never a correct answer (the serializer drops any other field). */
export const PublicQuestionOut = Type.Object({
  id: Type.String(), type: Type.String(), prompt: Type.String(), points: Type.Number(),
  options: Type.Optional(Type.Array(Type.Object({ id: Type.String(), text: Type.String() }))),
  multiple: Type.Optional(Type.Boolean()), unit: Type.Optional(Type.String()),
}, { additionalProperties: false });

export const QuizOut = Type.Object({
  id: Type.String(), moduleId: Type.String(), title: Type.String(), instructions: Type.String(), questionIds: Type.Array(Type.String()),
  drawCount: Type.Union([Type.Integer(), Type.Null()]), shuffleQuestions: Type.Boolean(), shuffleOptions: Type.Boolean(),
  timeLimitSeconds: Type.Union([Type.Integer(), Type.Null()]), attemptLimit: Type.Union([Type.Integer(), Type.Null()]),
  passMark: Type.Number(), reviewPolicy: Type.String(),
});
export const QuizBody = Open({ title: Type.Optional(Type.String({ maxLength: 200 })) });

export const StartedAttemptOut = Type.Object({
  attemptId: Type.String(), attemptNumber: Type.Integer(), token: Type.String({ description: 'One-time token: send it with the submission.' }),
  questions: Type.Array(PublicQuestionOut), startedAt: Type.String(), deadlineAt: Type.Union([Type.String(), Type.Null()]),
});
export const SubmitBody = Type.Object({
  token: Type.String({ minLength: 20, maxLength: 200 }),
  responses: Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 2000 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }), Type.Boolean(), Type.Number(), Type.Null()])),
});
export const AttemptResultOut = Type.Object({
  attemptId: Type.String(), quizId: Type.String(), attemptNumber: Type.Integer(), attemptsUsed: Type.Integer(), attemptLimit: Type.Union([Type.Integer(), Type.Null()]),
  result: Type.Object({ score: Type.Number(), maxScore: Type.Number(), percent: Type.Number(), passed: Type.Boolean(), passMark: Type.Number(), submittedAt: Type.String() }),
  visibility: Type.Object({ showQuestionResults: Type.Boolean(), showCorrectAnswers: Type.Boolean(), showExplanations: Type.Boolean() }),
  review: Type.Array(Type.Object({
    questionId: Type.String(), prompt: Type.String(), pointsPossible: Type.Number(), outcome: Type.Optional(Type.String()),
    pointsAwarded: Type.Optional(Type.Number()), correctAnswer: Type.Optional(Type.String()), explanation: Type.Optional(Type.String()),
  })),
});

export const RubricSchema = Open({ criteria: Type.Array(Open({ id: Type.String(), name: Type.String(), requiredLevelId: Type.String(), levels: Type.Array(Open({ id: Type.String(), name: Type.String(), points: Type.Number() })) })) });
export const ProjectOut = Type.Object({ id: Type.String(), moduleId: Type.String(), title: Type.String(), brief: Type.String(), rubric: RubricSchema });
export const ProjectBody = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 200 })), brief: Type.Optional(Type.String({ maxLength: 50_000 })),
  rubric: Type.Optional(RubricSchema), rubricText: Type.Optional(Type.String({ maxLength: 20_000, description: 'One criterion per line: Criterion | Level=points | Level=points* (required)' })),
});
export const SubmissionOut = Type.Object({
  id: Type.String(), projectId: Type.String(), learnerId: Type.String(), text: Type.String(), links: Type.Array(Type.String()),
  files: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), type: Type.String(), size: Type.Integer() })),
  status: Type.String(), submittedAt: Type.String(), reviewedAt: Type.Union([Type.String(), Type.Null()]),
  rubricLevels: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()]),
  rubricScore: Type.Union([Open({ totalPoints: Type.Number(), maxPoints: Type.Number(), percent: Type.Number(), allCriteriaMet: Type.Boolean() }), Type.Null()]),
  feedback: Type.Union([Type.String(), Type.Null()]),
});
export const ReviewBody = Type.Object({
  decision: Type.Union([Type.Literal('accept'), Type.Literal('resubmit')]),
  levels: Type.Record(Type.String(), Type.String()),
  feedback: Type.Optional(Type.String({ maxLength: 20_000 })),
});
export const QueueOut = Type.Array(Type.Object({ submission: SubmissionOut, projectTitle: Type.String(), learnerEmail: Type.String(), learnerName: Type.Union([Type.String(), Type.Null()]) }));

export const AwardRuleBody = Type.Object({
  requirements: Type.Array(Open({ kind: Type.String() }), { maxItems: 50 }),
  credits: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
});
export const AwardRuleOut = Type.Object({ achievementId: Type.String(), rule: Type.Object({ requirements: Type.Array(Open({ kind: Type.String() })) }), credits: Type.Union([Type.Number(), Type.Null()]), updatedAt: Type.String() });

export const CompletionBody = Type.Object({
  externalEventId: Type.String({ maxLength: 200 }), learnerEmail: Type.String({ maxLength: 254 }), learnerName: Type.Optional(Type.String({ maxLength: 200 })),
  quizId: Type.Optional(Type.String({ maxLength: 100 })), moduleId: Type.Optional(Type.String({ maxLength: 100 })),
  score: Type.Optional(Type.Number({ description: 'Percent, 0–100.' })), passed: Type.Optional(Type.Boolean()), completedAt: Type.Optional(Type.String()),
});
export const CompletionOut = Type.Object({
  id: Type.String(), externalEventId: Type.String(), targetKind: Type.String(), targetId: Type.String(), percent: Type.Union([Type.Number(), Type.Null()]),
  passed: Type.Boolean(), completedAt: Type.String(), source: Type.String(), replayed: Type.Boolean(),
});
